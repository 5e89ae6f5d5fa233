// The app after the gate (boot.js imports this once she has unlocked): the settings from the
// store, views, shortcuts, the lock (button, Ctrl+L, idle, panic) and saving before the window
// closes.

import { errorText, apply, lang as currentLang, load, t } from './lib/i18n.js';
import { actionFor } from './lib/keys.js';
import { state, TEXT_STEPS } from './lib/state.js';
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
import * as practice from './views/practice.js';
import * as forms from './views/forms.js';
import * as feelings from './views/feelings.js';
import * as takeout from './views/takeout.js';
import * as focus from './views/focus.js';
import { painted } from './lib/painted.js';
import * as commands from './lib/commands.js';
import { all, byId, one } from './lib/dom.js';

const root = document.documentElement;
const appShell = document.getElementById('app');
const blank = document.getElementById('blank');
const searchInput = byId('search-input', HTMLInputElement);
const toast = document.getElementById('toast');
const systemDark = window.matchMedia('(prefers-color-scheme: dark)');
const PANIC_WINDOW_MS = 400;
const TOUCH_EVERY_MS = 20_000;

/** The toast's own timer: a new message keeps it up its full time. */
let toastTimer = null;
/** The moment her preferences are stored, after a change. */
let rememberTimer = null;

function showError(err) {
  // A damaged store locked the backend: the lock screen offers her backups at the next unlock.
  if (err?.code === commands.ERROR.locked || err?.code === commands.ERROR.storeDamaged) return lock();
  toast.textContent = errorText(err);
  toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { toast.hidden = true; }, 6000);
}

/// A short, calm message (not an error).
function notice(text) {
  toast.textContent = text;
  toast.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { toast.hidden = true; }, 4000);
}

async function setView(view, options = {}) {
  if (view !== 'composer') focus.leave();
  if (view !== 'composer' && composer.isOpen()) await composer.close();
  // Away from the letter, what went with it (his answers, her first version, feelings) goes too.
  if (view !== 'composer') for (const part of [thread, practice, feelings]) part.clear();
  if (view !== 'moods') feelings.clearMoods();
  state.view = view;
  appShell.dataset.view = view;
  for (const section of all('main > .view')) {
    section.hidden = section.dataset.view !== view;
  }
  for (const tab of all('.view-tab')) {
    const current = tab.dataset.view === view || (['composer', 'conversation', 'moods'].includes(view) && tab.dataset.view === 'letters');
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
  if (view === 'moods') await feelings.showMoods();
  if (!['reader', 'composer'].includes(view) && options.focus) document.getElementById(`${view}-title`)?.focus();
}

function applyLook() {
  root.dataset.theme = state.settings.theme === 'system' ? (systemDark.matches ? 'dark' : 'light') : state.settings.theme;
  root.style.setProperty('--text-scale', String(TEXT_STEPS[state.settings.text_step]));
  const themeButton = byId('theme-toggle', HTMLButtonElement);
  themeButton.setAttribute('aria-label', t('theme.label', { mode: t(`theme.${state.settings.theme}`) }));
  themeButton.title = themeButton.getAttribute('aria-label');
  for (const button of all('[data-mode]')) {
    button.setAttribute('aria-pressed', String(button.dataset.mode === state.settings.reading_mode));
  }
  byId('text-smaller', HTMLButtonElement).disabled = state.settings.text_step === 0;
  byId('text-larger', HTMLButtonElement).disabled = state.settings.text_step === TEXT_STEPS.length - 1;
}

/// Stores the preferences and the place in the guide, encrypted, a moment after they change.
function remember() {
  clearTimeout(rememberTimer);
  rememberTimer = setTimeout(() => rememberNow().catch(showError), 500);
}

/// Stores the preferences at once (a switch whose effect the backend reads right after).
function rememberNow() {
  clearTimeout(rememberTimer);
  const settings = {
    ...state.settings,
    last_section: state.section ? `${state.guide}/${state.section}` : null,
    last_view: /** @type {import('./lib/contract.js').LastView} */ (['letters', 'composer'].includes(state.view) ? 'letters' : 'reader'),
  };
  return commands.settingsSet({ settings });
}

/** @param {import('./lib/contract.js').Lang} lang */
function otherLang(lang) {
  return commands.LANGS.find((l) => l !== lang);
}

/**
 * @param {import('./lib/contract.js').Lang} lang
 * @param {{ view?: boolean }} [options]
 */
async function setLang(lang, { view = true } = {}) {
  state.settings.lang = lang;
  await load(lang);
  apply();
  const toggle = byId('lang-toggle', HTMLButtonElement);
  toggle.textContent = t('lang.other');
  toggle.setAttribute('aria-label', t('lang.switch'));
  toggle.lang = otherLang(lang);
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
  next: () => state.view === 'reader' && state.settings.reading_mode === 'sections' && reader.step(1).then(remember),
  prev: () => state.view === 'reader' && state.settings.reading_mode === 'sections' && reader.step(-1).then(remember),
  search: () => { searchInput.focus(); searchInput.select(); },
  toc: () => one('#toc-list a[aria-current]')?.focus() ?? one('#toc-list a')?.focus(),
  reader: () => setView('reader', { focus: true }),
  tips: () => setView('tips', { focus: true }),
  phrases: () => setView('phrases', { focus: true }),
  letters: () => setView('letters', { focus: true }),
  mode: () => setMode(state.settings.reading_mode === 'sections' ? 'continuous' : 'sections'),
  theme: () => look(() => { state.settings.theme = commands.THEMES[(commands.THEMES.indexOf(state.settings.theme) + 1) % commands.THEMES.length]; }),
  larger: () => look(() => { state.settings.text_step = Math.min(state.settings.text_step + 1, TEXT_STEPS.length - 1); }),
  smaller: () => look(() => { state.settings.text_step = Math.max(state.settings.text_step - 1, 0); }),
  resetSize: () => look(() => { state.settings.text_step = TEXT_STEPS.indexOf(1); }),
  lang: () => setLang(otherLang(currentLang())),
  help: () => help.toggle(),
  settings: () => settingsDialog.open(),
  lock: () => lock(),
  focus: () => state.view === 'composer' && focus.toggle(),
  glance: () => {
    state.settings.glance_proof = !state.settings.glance_proof;
    remember();
    notice(t(state.settings.glance_proof ? 'glance.on' : 'glance.off'));
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
  state.settings.reading_mode = mode;
  applyLook();
  remember();
  if (state.view === 'reader') await reader.show(state.section, { focus: true });
}

async function openLetter(id) {
  const found = id ? await commands.letterGet({ id }) : null;
  await setView('composer');
  await showLetter(found);
}

/// The composer on `letter`, with what goes with it: his answers, its marks, its feelings.
async function showLetter(letter) {
  composer.open(letter);
  feelings.opened(letter);
  await Promise.all([thread.show(letter), practice.opened(letter)]);
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
      await showLetter(opened);
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
    // The private text beside his version leaves the page before the hand-over's dialog fades.
    startHandover: (id) => { practice.clear(); return handoverView.start(id); },
    privateLetter: practice.isPrivate,
    pickPhrase: writing.pickPhrase,
    onNotice: notice,
    onBack: () => setView('letters', { focus: true }),
    onDeleted: () => setView('letters', { focus: true }),
    onSealed: () => setView('letters', { focus: true }),
    onError: showError,
  });
  seal.wire();
  forms.wire({ onError: showError });
  takeout.wire();
  feelings.wire({ savedId: composer.saved, onError: showError, onBack: () => setView('letters', { focus: true }), onOpen: () => setView('moods', { focus: true }) });
  practice.wire({ savedId: composer.saved, openLetter, onNotice: notice, onError: showError });
  thread.wire({
    // The letter may be open already (back from its hand-over): then only its thread is shown.
    onOpen: (id) => (composer.currentId() === id ? Promise.resolve() : openLetter(id)),
    onConversation: (recipient) => setView('conversation', { recipient, focus: true }),
    onBack: () => setView('letters', { focus: true }),
    onError: showError,
  });
  byId('letter-new', HTMLButtonElement).addEventListener('click', guard(() => openLetter(null)));
  const startFrom = async (letter) => {
    await setView('composer');
    composer.startFrom(letter);
    feelings.opened(null);
  };
  byId('letter-template', HTMLButtonElement).addEventListener('click', guard(() => writing.pickTemplate(startFrom)));
  byId('letter-form', HTMLButtonElement).addEventListener('click', guard(() => forms.pick(startFrom)));
  document.addEventListener('grot:open', guard((e) => setView('reader', { section: e.detail.section, block: e.detail.block ?? null, focus: true })));
  for (const tab of all('.view-tab')) {
    tab.addEventListener('click', guard(() => setView(tab.dataset.view)));
  }
  for (const button of all('[data-mode]')) {
    button.addEventListener('click', guard(() => setMode(button.dataset.mode)));
  }
  byId('lang-toggle', HTMLButtonElement).addEventListener('click', guard(actions.lang));
  byId('theme-toggle', HTMLButtonElement).addEventListener('click', guard(actions.theme));
  byId('text-smaller', HTMLButtonElement).addEventListener('click', guard(actions.smaller));
  byId('text-larger', HTMLButtonElement).addEventListener('click', guard(actions.larger));
  byId('help-button', HTMLButtonElement).addEventListener('click', guard(actions.help));
  byId('lock-button', HTMLButtonElement).addEventListener('click', guard(actions.lock));
  byId('settings-button', HTMLButtonElement).addEventListener('click', guard(actions.settings));
  settingsDialog.wire({
    setLang: (lang) => setLang(lang),
    setTheme: (theme) => look(() => { state.settings.theme = theme; }),
    setAutolock: (minutes) => { state.settings.autolock_minutes = minutes; remember(); },
    setHandoverLock: (minutes) => { state.settings.handover_lock_minutes = minutes; remember(); },
    setDiscreet: (on) => { state.settings.discreet = on; remember(); },
    setPreference: (name, on) => { state.settings[name] = on; return rememberNow(); },
    spelling: () => composer.applySpelling(),
    onError: showError,
  });
  byId('search-form', HTMLFormElement).addEventListener('submit', guard(async (event) => {
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
  state.settings = settings;
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
  await practice.notify().catch(showError);
  // Back from a hand-over: the same letter again.
  const back = /^#open=([0-9a-f-]{36})$/.exec(window.location.hash);
  if (back) {
    history.replaceState(null, '', window.location.pathname);
    await openLetter(back[1]);
  }
}
