// Moments: those a letter can be sealed until, in local time, and how a reading is told.

import { formatWhen, t } from './i18n.js';

/// Tomorrow at eight in the morning (`morning`), or three days from now.
export function quickChoice(kind, now = new Date()) {
  const at = new Date(now);
  if (kind === 'morning') {
    at.setDate(at.getDate() + 1);
    at.setHours(8, 0, 0, 0);
  } else {
    at.setDate(at.getDate() + 3);
  }
  return at;
}

/// "Gelezen op 3 dec 2026 21:14, 12 minuten": one hand-over, from the read log.
export function readText(startedMs, endedMs) {
  const minutes = Math.max(1, Math.round((endedMs - startedMs) / 60_000));
  return t(minutes === 1 ? 'thread.readOne' : 'thread.read', { when: formatWhen(startedMs), minutes });
}
