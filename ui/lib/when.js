// Moments a letter can be sealed until, in local time.

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
