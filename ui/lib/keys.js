// Keyboard shortcuts: one table that both the handler and the help overlay read, so the help
// can never list a key that does nothing.

export const SHORTCUTS = [
  { keys: ['→', 'n'], match: ['ArrowRight', 'n', 'j'], action: 'next', label: 'keys.next' },
  { keys: ['←', 'p'], match: ['ArrowLeft', 'p', 'k'], action: 'prev', label: 'keys.prev' },
  { keys: ['/', 'Ctrl F'], match: ['/', 'ctrl+f', 'ctrl+k'], action: 'search', label: 'keys.search' },
  { keys: ['c'], match: ['c'], action: 'toc', label: 'keys.toc' },
  { keys: ['1'], match: ['1'], action: 'reader', label: 'keys.reader' },
  { keys: ['2'], match: ['2'], action: 'tips', label: 'keys.tips' },
  { keys: ['3'], match: ['3'], action: 'phrases', label: 'keys.phrases' },
  { keys: ['4'], match: ['4'], action: 'letters', label: 'keys.letters' },
  { keys: ['m'], match: ['m'], action: 'mode', label: 'keys.mode' },
  { keys: ['d'], match: ['d'], action: 'theme', label: 'keys.theme' },
  { keys: ['+'], match: ['+', '='], action: 'larger', label: 'keys.larger' },
  { keys: ['−'], match: ['-'], action: 'smaller', label: 'keys.smaller' },
  { keys: ['0'], match: ['0'], action: 'resetSize', label: 'keys.resetSize' },
  { keys: ['l'], match: ['l'], action: 'lang', label: 'keys.lang' },
  { keys: ['?'], match: ['?'], action: 'help', label: 'keys.help' },
  { keys: [','], match: [','], action: 'settings', label: 'keys.settings' },
  { keys: ['Esc'], match: ['Escape'], action: 'escape', label: 'keys.escape' },
  { keys: ['Ctrl L'], match: ['ctrl+l'], action: 'lock', label: 'keys.lock' },
  { keys: ['g'], match: ['g'], action: 'glance', label: 'keys.glance' },
  { keys: ['Ctrl E'], match: ['ctrl+e'], action: 'focus', label: 'keys.focus' },
  { keys: ['Esc', 'Esc'], match: [], action: 'panic', label: 'keys.panic' },
];

/// The shortcut a key event asks for, or null. Typing in a text field is never a shortcut,
/// except Escape and the Ctrl combinations. (Panic is Escape twice, timed in app.js.)
export function actionFor(event) {
  if (event.altKey || event.metaKey) return null;
  const name = event.ctrlKey ? `ctrl+${event.key.toLowerCase()}` : event.key;
  if (event.ctrlKey && !name.startsWith('ctrl+')) return null;
  const typing = event.target instanceof HTMLElement
    && (event.target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(event.target.tagName));
  if (typing && name !== 'Escape' && !event.ctrlKey) return null;
  // Arrow keys keep scrolling and moving inside controls; they turn pages only from the page itself.
  if ((name === 'ArrowLeft' || name === 'ArrowRight') && event.target !== document.body
      && !(event.target instanceof HTMLElement && event.target.closest('#article, #main'))) return null;
  return SHORTCUTS.find((s) => s.match.includes(name))?.action ?? null;
}
