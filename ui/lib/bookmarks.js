// Bookmarked sections and tips, kept in the encrypted store. A small in-memory copy answers
// "is this kept?" while drawing; every change goes to the backend first.

import { t } from './i18n.js';
import { el } from './render.js';
import * as commands from './commands.js';

const kept = new Set();
const key = (kind, target) => `${kind}:${target}`;

export async function load() {
  kept.clear();
  for (const b of await commands.bookmarkList()) kept.add(key(b.kind, b.target));
}

export function has(kind, target) {
  return kept.has(key(kind, target));
}

export function targets(kind) {
  return [...kept].filter((k) => k.startsWith(`${kind}:`)).map((k) => k.slice(kind.length + 1));
}

export function clear() {
  kept.clear();
}

/// A toggle button for one bookmark; `onChange` runs after the store has it.
/** @param {(on: boolean) => void} [onChange] */
export function toggle(kind, target, onChange = () => {}) {
  const button = el('button', { type: 'button', class: 'bookmark', 'data-bookmark': key(kind, target) });
  const draw = () => {
    const on = has(kind, target);
    button.setAttribute('aria-pressed', String(on));
    button.setAttribute('aria-label', on ? t('bookmark.remove') : t('bookmark.add'));
    button.title = button.getAttribute('aria-label');
    button.textContent = on ? '★' : '☆';
  };
  button.addEventListener('click', async () => {
    const on = !has(kind, target);
    await commands.bookmarkSet({ kind, target, on });
    if (on) kept.add(key(kind, target));
    else kept.delete(key(kind, target));
    draw();
    onChange(on);
  });
  draw();
  return button;
}
