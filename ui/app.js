// Start-up and wiring: loads the strings, draws the reader, and routes views and shortcuts.

import { errorText, apply, load, t, LANGS } from './i18n.js';
import { actionFor } from './keys.js';
import { state, TEXT_STEPS, THEMES } from './state.js';
import * as reader from './views/reader.js';
import * as search from './views/search.js';
import * as tips from './views/tips.js';
import * as phrases from './views/phrases.js';
import * as help from './views/help.js';

const root = document.documentElement;
const searchInput = document.getElementById('search-input');
const toast = document.getElementById('toast');

function showError(err) {
  toast.textContent = errorText(err);
  toast.hidden = false;
  clearTimeout(showError.timer);
  showError.timer = setTimeout(() => { toast.hidden = true; }, 6000);
}

async function setView(view, options = {}) {
  state.view = view;
  for (const section of document.querySelectorAll('main > .view')) {
    section.hidden = section.dataset.view !== view;
  }
  for (const tab of document.querySelectorAll('.view-tab')) {
    tab.setAttribute('aria-pressed', String(tab.dataset.view === view));
  }
  if (view === 'reader') await reader.show(options.section ?? state.section, options);
  if (view === 'tips') await tips.show();
  if (view === 'phrases') await phrases.show();
  if (view === 'search') await search.run(state.query);
  if (view !== 'reader' && options.focus) document.getElementById(`${view}-title`)?.focus();
}

const systemDark = window.matchMedia('(prefers-color-scheme: dark)');

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

async function setLang(lang) {
  await load(lang);
  apply();
  const toggle = document.getElementById('lang-toggle');
  toggle.textContent = t('lang.other');
  toggle.setAttribute('aria-label', t('lang.switch'));
  toggle.lang = LANGS.find((l) => l !== lang);
  help.render();
  applyLook();
  await reader.loadToc(lang);
  await setView(state.view);
}

const actions = {
  next: () => state.view === 'reader' && state.mode === 'sections' && reader.step(1),
  prev: () => state.view === 'reader' && state.mode === 'sections' && reader.step(-1),
  search: () => { searchInput.focus(); searchInput.select(); },
  toc: () => document.querySelector('#toc-list a[aria-current]')?.focus() ?? document.querySelector('#toc-list a')?.focus(),
  reader: () => setView('reader', { focus: true }),
  tips: () => setView('tips', { focus: true }),
  phrases: () => setView('phrases', { focus: true }),
  mode: () => setMode(state.mode === 'sections' ? 'continuous' : 'sections'),
  theme: () => { state.theme = THEMES[(THEMES.indexOf(state.theme) + 1) % THEMES.length]; applyLook(); },
  larger: () => { state.textStep = Math.min(state.textStep + 1, TEXT_STEPS.length - 1); applyLook(); },
  smaller: () => { state.textStep = Math.max(state.textStep - 1, 0); applyLook(); },
  resetSize: () => { state.textStep = TEXT_STEPS.indexOf(1); applyLook(); },
  lang: () => setLang(LANGS.find((l) => l !== document.documentElement.lang)),
  help: () => help.toggle(),
  escape: () => {
    if (help.isOpen()) return help.toggle();
    if (document.activeElement === searchInput) searchInput.blur();
    if (state.view !== 'reader') return setView('reader', { focus: true });
  },
};

async function setMode(mode) {
  state.mode = mode;
  applyLook();
  if (state.view === 'reader') await reader.show(state.section, { focus: true });
}

function guard(fn) {
  return (...args) => Promise.resolve().then(() => fn(...args)).catch(showError);
}

function wire() {
  reader.wire();
  search.wire();
  tips.wire();
  phrases.wire();
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
    const action = actionFor(event);
    if (!action) return;
    event.preventDefault();
    guard(actions[action])();
  });
}

async function start() {
  wire();
  systemDark.addEventListener('change', applyLook);
  // Dutch first, whatever the system says; the choice is remembered once settings are stored.
  await setLang('nl');
  root.dataset.ready = 'true';
}

start().catch(showError);
