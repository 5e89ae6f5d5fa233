// What the reader is doing, for this run of the app only. Nothing here is written to disk:
// the webview's own storage APIs are never used, because anything they hold
// lands unencrypted on the laptop. Her preferences are the backend's `Settings`, as it keeps
// them in the encrypted store (their defaults and names come from the generated contract).

import { DEFAULT_SETTINGS } from './commands.js';

/** @typedef {import('./contract.js').Settings} Settings */

export const state = {
  /** @type {string} */
  view: 'reader',
  guide: 'grot',
  /** @type {string | null} */
  section: null,
  query: '',
  /** @type {Settings} */
  settings: { ...DEFAULT_SETTINGS },
};

/// The text sizes, as factors of the reading size: one for each of `LIMITS.textSteps`.
export const TEXT_STEPS = [0.85, 0.93, 1, 1.1, 1.2, 1.35, 1.5, 1.7];
