// The only door to the backend. Every call goes through Tauri's IPC; the backend answers
// errors as { code, message }, which callers translate by code. Arguments that do not parse are
// refused by Tauri itself, before any command runs, as a text ("invalid args …", or serde's
// words for a request that is not JSON): that is bad input too (tests/integration/bad_input.rs
// sends every command such arguments; e2e `lone_surrogates_…` sends text JSON cannot carry).

export class AppError extends Error {
  /**
   * @param {import('./contract.js').ErrorCode | 'invalid_input' | 'unknown'} code
   * @param {string} message
   * @param {{ retry_ms?: number, until_ms?: number }} [extra] what some errors carry: the wait
   *   after wrong tries (`too_soon`), the end of a seal (`sealed`)
   */
  constructor(code, message, extra = {}) {
    super(message);
    this.code = code;
    this.retry_ms = extra.retry_ms;
    this.until_ms = extra.until_ms;
  }
}

/**
 * Calls `command`; the typed functions of commands.js say what it answers.
 * @param {string} command
 * @param {Record<string, unknown>} [args]
 * @returns {Promise<any>}
 */
export async function call(command, args = {}) {
  try {
    return await window.__TAURI__.core.invoke(command, wellFormed(args));
  } catch (err) {
    if (err && typeof err === 'object' && typeof err.code === 'string') {
      throw new AppError(err.code, err.message ?? '', err);
    }
    // Tauri's own refusals (arguments or a request that do not parse) are texts, not codes.
    if (typeof err === 'string') {
      throw new AppError('invalid_input', err);
    }
    throw new AppError('unknown', String(err));
  }
}

/// Text in the page may be ill-formed UTF-16 (a lone surrogate half from a broken paste), which
/// the JSON the backend reads cannot carry: the whole save would be refused. The lone half goes
/// as U+FFFD instead, and every other character as typed.
function wellFormed(value) {
  if (typeof value === 'string') return value.toWellFormed();
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, wellFormed(v)]));
  }
  return value;
}
