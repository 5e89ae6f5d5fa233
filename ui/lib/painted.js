// Tells the backend that a screen has been painted: two animation frames after it was drawn,
// the first frame that shows it has gone to the screen. The start-up and unlock benchmarks
// time the app by this (BENCHMARKS.md); the page also hears it as a `grot-painted` event.

import * as commands from './commands.js';

export function painted(screen) {
  requestAnimationFrame(() => requestAnimationFrame(() => {
    document.dispatchEvent(new CustomEvent('grot-painted', { detail: screen }));
    commands.appPainted({ screen, pageMs: Math.round(performance.now()) }).catch(() => {});
  }));
}
