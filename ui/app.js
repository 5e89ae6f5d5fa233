// The app after the gate (boot.js imports this once she has unlocked): the settings from the
// store, views, shortcuts, the lock (button, Ctrl+L, idle, panic) and saving before the window
// closes.

import { errorText, apply, load, t, LANGS } from './lib/i18n.js';
import { actionFor } from './lib/keys.js';
import { state, TEXT_STEPS, THEMES } from './lib/state.js';
import * as reader from './views/reader.js';
import * as search from './views/search.js';
import * as tips from './views/tips.js';
import * as phrases from './views/phrases.js';
import * as letters from './views/letters.js';
import * as composer from './views/composer.js';
import * as help from './views/help.js';
import * as settingsDialog from './views/settings.js';
import * as bookmarks from './lib/bookmarks.js';
import * as seal from './views/seal.js';
import * as handoverView from './views/handover.js';
import * as thread from './views/thread.js';
import * as writing from './views/writing.js';
import * as glance from './views/glance.js';
import * as tomorrow from './views/tomorrow.js';
import * as focus from './views/focus.js';
import { painted } from './lib/painted.js';
import * as commands from './lib/commands.js';

const root = document.documentElement;
const appShell = document.getElementById('app');
const blank = document.getElementById('blank');
const searchInput = document.getElementById('search-input');
const toast = document.getElementById('toast');
const systemDark = window.matchMedia('(prefers-color-scheme: dark)');
const PANIC_WINDOW_MS = 400;
const TOUCH_EVERY_MS = 20_000;

function showError(err) {
  // A damaged store locked the backend: the lock screen offers her backups at the next unlock.
  if (err?.code === 'locked' || err?.code === 'store_damaged') return lock();
  toast.textContent = errorText(err);
  toast.hidden = false;
  clearTimeout(showError.timer);
  showError.timer = setTimeout(() => { toast.hidden = true; }, 6000);
}

/// A short, calm message (not an error).
function notice(text) {
  toast.textContent = text;
  toast.hidden = false;
  clearTimeout(showError.timer);
  showError.timer = setTimeout(() => { toast.hidden = true; }, 4000);
}

async function setView(view, options = {}) {
  if (view !== 'composer') focus.leave();
  if (view !== 'composer' && composer.isOpen()) await composer.close();
  if (view !== 'composer') thread.clear();
  state.view = view;
  appShell.dataset.view = view;
  for (const section of document.querySelectorAll('main > .view')) {
    section.hidden = section.dataset.view !== view;
  }
  for (const tab of document.querySelectorAll('.view-tab')) {
    const current = tab.dataset.view === view || (['composer', 'conversation'].includes(view) && tab.dataset.view === 'letters');
    tab.setAttribute('aria-pressed', String(current));
  }
  if (view === 'reader') {
    await reader.show(options.section ?? state.section, options);
    remember();
  }
  if (view === 'tips') await tips.show();
  if (view === 'phrases') await phrases.show();
  if (view === 'letters') {
    await letters.show();
    remember();
  }
  if (view === 'search') await search.run(state.query);
  if (view === 'conversation') await thread.showConversation(options.recipient);
  if (!['reader', 'composer'].includes(view) && options.focus) document.getElementById(`${view}-title`)?.focus();
}

function applyLook() {
  root.dataset.theme = state.theme === 'system' ? (systemDark.matches ? 'dark' : 'light') : state.theme;
  root.style.setProperty('--text-scale', String(TEXT_STEPS[state.textStep]));
  const themeButton = document.getElementById('theme-toggle');
  themeButton.setAttribute('aria-label', t('theme.label', { mode: t(`theme.${state.theme}`) }));
  themeButton.title = themeButton.getAttribute('aria-label');
  for (const button of document.querySelectorAll('[data-mode]')) {
    button.setAttribute('aria-pressed', String(button.dataset.mode === state.mode));
  }
  document.getElementById('text-smaller').disabled = state.textStep === 0;
  document.getElementById('text-larger').disabled = state.textStep === TEXT_STEPS.length - 1;
}

/// Stores the preferences and the place in the guide, encrypted, a moment after they change.
function remember() {
  clearTimeout(remember.timer);
  remember.timer = setTimeout(() => rememberNow().catch(showError), 500);
}

/// Stores the preferences at once (a switch whose effect the backend reads right after).
function rememberNow() {
  clearTimeout(remember.timer);
  const settings = {
    lang: root.lang,
    theme: state.theme,
    text_step: state.textStep,
    autolock_minutes: state.autolockMinutes,
    reading_mode: state.mode,
    last_section: state.section ? `${state.guide}/${state.section}` : null,
    last_view: ['letters', 'composer'].includes(state.view) ? 'letters' : 'reader',
    discreet: state.discreet,
    handover_lock_minutes: state.handoverLockMinutes,
    lock_when_away: state.lockWhenAway,
    lock_when_minimised: state.lockWhenMinimised,
    glance_proof: state.glanceProof,
    spell_check: state.spellCheck,
  };
  return commands.settingsSet({ settings });
}

async function setLang(lang, { view = true } = {}) {
  await load(lang);
  apply();
  const toggle = document.getElementById('lang-toggle');
  toggle.textContent = t('lang.other');
  toggle.setAttribute('aria-label', t('lang.switch'));
  toggle.lang = LANGS.find((l) => l !== lang);
  help.render();
  applyLook();
  if (view) {
    // Her letters are drawn while the guide's contents load; the guide's views need them first.
    const contents = reader.loadToc(lang);
    if (!['letters', 'composer'].includes(state.view)) await contents;
    await Promise.all([contents, setView(state.view === 'composer' ? 'letters' : state.view)]);
    remember();
  }
}

function look(change) {
  change();
  applyLook();
  remember();
}

let lastEscape = 0;
const actions = {
  next: () => state.view === 'reader' && state.mode === 'sections' && reader.step(1).then(remember),
  prev: () => state.view === 'reader' && state.mode === 'sections' && reader.step(-1).then(remember),
  search: () => { searchInput.focus(); searchInput.select(); },
  toc: () => document.querySelector('#toc-list a[aria-current]')?.focus() ?? document.querySelector('#toc-list a')?.focus(),
  reader: () => setView('reader', { focus: true }),
  tips: () => setView('tips', { focus: true }),
  phrases: () => setView('phrases', { focus: true }),
  letters: () => setView('letters', { focus: true }),
  mode: () => setMode(state.mode === 'sections' ? 'continuous' : 'sections'),
  theme: () => look(() => { state.theme = THEMES[(THEMES.indexOf(state.theme) + 1) % THEMES.length]; }),
  larger: () => look(() => { state.textStep = Math.min(state.textStep + 1, TEXT_STEPS.length - 1); }),
  smaller: () => look(() => { state.textStep = Math.max(state.textStep - 1, 0); }),
  resetSize: () => look(() => { state.textStep = TEXT_STEPS.indexOf(1); }),
  lang: () => setLang(LANGS.find((l) => l !== root.lang)),
  help: () => help.toggle(),
  settings: () => settingsDialog.open(),
  lock: () => lock(),
  focus: () => state.view === 'composer' && focus.toggle(),
  glance: () => {
    state.glanceProof = !state.glanceProof;
    remember();
    notice(t(state.glanceProof ? 'glance.on' : 'glance.off'));
  },
  panic: () => lock({ panic: true }),
  escape: () => {
    const now = performance.now();
    if (now - lastEscape < PANIC_WINDOW_MS) return lock({ panic: true });
    lastEscape = now;
    if (focus.isOn()) return focus.leave();
    if (help.isOpen()) return help.toggle();
    if (settingsDialog.isOpen()) return settingsDialog.close();
    if (document.activeElement === searchInput) searchInput.blur();
    if (state.view === 'composer') return setView('letters', { focus: true });
    if (state.view !== 'reader') return setView('reader', { focus: true });
  },
};

async function setMode(mode) {
  state.mode = mode;
  applyLook();
  remember();
  if (state.view === 'reader') await reader.show(state.section, { focus: true });
}

async function openLetter(id) {
  const found = id ? await commands.letterGet({ id }) : null;
  await setView('composer');
  composer.open(found);
  await thread.show(found);
}

let locking = false;
/// Saves what is typed, locks the backend (which drops the key), and reloads the page so no
/// letter text survives in the DOM or in memory. A panic blanks the window first, at once.
async function lock({ panic = false } = {}) {
  if (panic) {
    blank.hidden = false;
    appShell.hidden = true;
  }
  if (locking) return;
  locking = true;
  await composer.flush();
  const id = composer.currentId();
  if (id) await commands.letterSnapshot({ id, reason: 'lock' }).catch(() => {});
  composer.wipe();
  await commands.sessionLock().catch(() => {});
  window.location.reload();
}

function guard(fn) {
  return (...args) => Promise.resolve().then(() => fn(...args)).catch(showError);
}

function wire() {
  reader.wire();
  search.wire();
  tips.wire();
  phrases.wire();
  letters.wire({
    onOpen: openLetter,
    onSealed: (letter) => seal.askOpen(letter, async (opened) => {
      await setView('composer');
      composer.open(opened);
      await thread.show(opened);
    }),
    onError: showError,
  });
  writing.wire();
  glance.wire();
  tomorrow.wire();
  focus.wire();
  composer.wire({
    askSeal: seal.askSeal,
    askTomorrow: tomorrow.offer,
    startHandover: handoverView.start,
    pickPhrase: writing.pickPhrase,
    onNotice: notice,
    onBack: () => setView('letters', { focus: true }),
    onDeleted: () => setView('letters', { focus: true }),
    onSealed: () => setView('letters', { focus: true }),
    onError: showError,
  });
  seal.wire();
  thread.wire({
    // The letter may be open already (back from its hand-over): then only its thread is shown.
    onOpen: (id) => (composer.currentId() === id ? Promise.resolve() : openLetter(id)),
    onConversation: (recipient) => setView('conversation', { recipient, focus: true }),
    onBack: () => setView('letters', { focus: true }),
    onError: showError,
  });
  document.getElementById('letter-new').addEventListener('click', guard(() => openLetter(null)));
  document.getElementById('letter-template').addEventListener('click', guard(() => writing.pickTemplate(async (template) => {
    await setView('composer');
    composer.startFrom(template);
  })));
  document.addEventListener('grot:open', guard((e) => setView('reader', { section: e.detail.section, block: e.detail.block ?? null, focus: true })));
  for (const tab of document.querySelectorAll('.view-tab')) {
    tab.addEventListener('click', guard(() => setView(tab.dataset.view)));
  }
  for (const button of document.querySelectorAll('[data-mode]')) {
    button.addEventListener('click', guard(() => setMode(button.dataset.mode)));
  }
  document.getElementById('lang-toggle').addEventListener('click', guard(actions.lang));
  document.getElementById('theme-toggle').addEventListener('click', guard(actions.theme));
  document.getElementById('text-smaller').addEventListener('click', guard(actions.smaller));
  document.getElementById('text-larger').addEventListener('click', guard(actions.larger));
  document.getElementById('help-button').addEventListener('click', guard(actions.help));
  document.getElementById('lock-button').addEventListener('click', guard(actions.lock));
  document.getElementById('settings-button').addEventListener('click', guard(actions.settings));
  settingsDialog.wire({
    setLang: (lang) => setLang(lang),
    setTheme: (theme) => look(() => { state.theme = theme; }),
    setAutolock: (minutes) => { state.autolockMinutes = minutes; remember(); },
    setHandoverLock: (minutes) => { state.handoverLockMinutes = minutes; remember(); },
    setDiscreet: (on) => { state.discreet = on; remember(); },
    setPreference: (name, on) => { state[name] = on; return rememberNow(); },
    spelling: () => composer.applySpelling(),
    onError: showError,
  });
  document.getElementById('search-form').addEventListener('submit', guard(async (event) => {
    event.preventDefault();
    await setView('search');
    search.focusFirstResult();
  }));
  let typing;
  searchInput.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(guard(async () => {
      state.query = searchInput.value;
      if (searchInput.value.trim()) await setView('search');
    }), 180);
  });
  document.addEventListener('keydown', (event) => {
    if (appShell.hidden) return; // the gate's forms handle their own keys
    const action = actionFor(event);
    if (!action) return;
    event.preventDefault();
    guard(actions[action])();
  });
  // Activity keeps the idle lock away; the backend decides, the page only reports.
  let lastTouch = 0;
  for (const type of ['keydown', 'pointerdown', 'wheel']) {
    document.addEventListener(type, () => {
      const now = Date.now();
      if (!appShell.hidden && now - lastTouch > TOUCH_EVERY_MS) {
        lastTouch = now;
        commands.sessionTouch().catch(showError);
      }
    }, { passive: true, capture: true });
  }
  systemDark.addEventListener('change', applyLook);
  // Called by the backend: the idle lock fired, she walked away (sleep, screen lock, user
  // switch, minimised: save and lock now), or the window is closing.
  window.grotLocked = () => lock();
  window.grotAway = () => lock();
  window.grotBeforeQuit = async () => {
    await composer.flush();
    const id = composer.currentId();
    if (id) await commands.letterSnapshot({ id, reason: 'closed' }).catch(() => {});
    await commands.appQuit();
  };
}

/// Someone else is reading: draw that letter and nothing else (boot.js found the session in a
/// hand-over).
export async function handover() {
  // The hand-over's idle limit locks everything: the letter leaves the page with a reload.
  window.grotLocked = () => window.location.reload();
  // She walks away (sleep, screen lock): his answer is saved, then everything locks.
  window.grotAway = async () => {
    await handoverView.flush();
    await commands.sessionLock().catch(() => {});
    window.location.reload();
  };
  // The window is closing: his last keystrokes are saved before the app quits.
  window.grotBeforeQuit = async () => {
    await handoverView.flush().catch(() => {});
    await commands.appQuit();
  };
  await handoverView.show();
  root.dataset.handover = 'true';
}

/// The app after the gate (boot.js): wiring, her settings, the view she was in.
export async function start() {
  wire();
  const [settings] = await Promise.all([commands.settingsGet(), bookmarks.load()]);
  state.theme = settings.theme;
  state.textStep = settings.text_step;
  state.mode = settings.reading_mode;
  state.autolockMinutes = settings.autolock_minutes;
  state.discreet = settings.discreet;
  state.handoverLockMinutes = settings.handover_lock_minutes;
  state.lockWhenAway = settings.lock_when_away;
  state.lockWhenMinimised = settings.lock_when_minimised;
  state.glanceProof = settings.glance_proof;
  state.spellCheck = settings.spell_check;
  // She comes back where she was: her letters, or the guidance.
  state.view = settings.last_view;
  const [guide, section] = (settings.last_section ?? '').split('/');
  if (guide && section) Object.assign(state, { guide, section });
  appShell.hidden = false;
  await setLang(settings.lang);
  root.dataset.unlocked = 'true';
  if (state.view === 'reader') painted('reader');
  // His answers since she last looked: said once, quietly (before any letter is opened, which
  // marks its answers seen).
  await thread.notify().catch(showError);
  // Back from a hand-over: the same letter again.
  const back = /^#open=([0-9a-f-]{36})$/.exec(window.location.hash);
  if (back) {
    history.replaceState(null, '', window.location.pathname);
    await openLetter(back[1]);
  }
}
