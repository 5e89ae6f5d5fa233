// What the reader is doing, for this run of the app only. Nothing here is written to disk:
// the webview's own storage APIs are never used, because anything they hold
// lands unencrypted on the laptop.

export const state = {
  view: 'reader',
  guide: 'grot',
  section: null,
  mode: 'sections',
  theme: 'system',
  textStep: 2,
  query: '',
  autolockMinutes: 5,
  handoverLockMinutes: 30,
  discreet: false,
  lockWhenAway: true,
  lockWhenMinimised: false,
  glanceProof: false,
  spellCheck: true,
};

export const TEXT_STEPS = [0.85, 0.93, 1, 1.1, 1.2, 1.35, 1.5, 1.7];
export const THEMES = ['system', 'light', 'dark'];
