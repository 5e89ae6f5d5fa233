// Glance-proof: when the window loses focus, a calm cover hides the letters and the guidance
// (everything, dialogs too) until she is back and clicks or presses a key, so a window left on
// screen shows nothing to whoever walks past. Off by default; `g` or the settings turn it on.

import { state } from '../lib/state.js';

const root = document.documentElement;
const cover = document.getElementById('glance-cover');

function show() {
  if (!state.settings.glance_proof || root.dataset.unlocked !== 'true' || root.dataset.handover) return;
  root.dataset.covered = 'true';
  cover.hidden = false;
}

function hide(event) {
  if (cover.hidden) return;
  // The key or click that uncovers does nothing else (no shortcut, no typing).
  event.preventDefault();
  event.stopPropagation();
  cover.hidden = true;
  delete root.dataset.covered;
}

export function isCovered() {
  return !cover.hidden;
}

export function wire() {
  window.addEventListener('blur', show);
  for (const type of ['keydown', 'pointerdown']) {
    document.addEventListener(type, hide, { capture: true });
  }
}
