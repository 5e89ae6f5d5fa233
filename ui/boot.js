// The lock screen, and nothing else: this page starts with the gate's modules only, and the
// rest of the app's markup waits in a <template>, so the lock screen is light (BENCHMARKS.md:
// PSS against the floor). The rest of the app (its markup, app.js and its views) comes when she
// unlocks; asking for it starts at the submit, while the backend derives the key.

import { apply, errorText, load } from './lib/i18n.js';
import * as gate from './views/gate.js';
import * as commands from './lib/commands.js';
import { byId } from './lib/dom.js';

const root = document.documentElement;
const systemDark = window.matchMedia('(prefers-color-scheme: dark)');
let app = null;

/// The app's markup goes into the page first (its modules look their elements up when they
/// load), with the strings already chosen; then the app's modules.
function loadApp() {
  if (!app) {
    const markup = byId('app-markup', HTMLTemplateElement);
    const content = markup.content;
    apply(content);
    markup.replaceWith(content);
    app = import('./app.js');
  }
  return app;
}

function look() {
  root.dataset.theme = systemDark.matches ? 'dark' : 'light';
}

function showError(err) {
  const toast = document.getElementById('toast');
  toast.textContent = errorText(err);
  toast.hidden = false;
}

async function boot() {
  look();
  systemDark.addEventListener('change', look);
  // Before the app is loaded there is nothing typed to save: closing quits at once. app.js
  // replaces both.
  window.grotBeforeQuit = () => commands.appQuit();
  // Before unlocking, the backend says "locked" only when a first run's recovery code waited
  // on screen too long: the page starts again, without it.
  window.grotLocked = () => window.location.reload();
  window.grotAway = () => {};
  document.addEventListener('submit', () => { loadApp(); }, { capture: true, once: true });
  // Dutch first; the stored choice applies once the vault is open. (Both at once.)
  const [status] = await Promise.all([commands.sessionStatus(), load('nl').then(() => apply())]);
  root.dataset.ready = 'true';
  if (status === 'handover') {
    // Someone else is reading: draw that letter and nothing else.
    return (await loadApp()).handover();
  }
  await gate.open(status);
  await (await loadApp()).start();
}

boot().catch(showError);
