// The only door to the backend. Every call goes through Tauri's IPC; the backend answers
// errors as { code, message }, which callers translate by code. Arguments that do not parse are
// refused by Tauri itself, before any command runs, as a text "invalid args …": that is bad
// input too (tests/integration/bad_input.rs sends every command such arguments).

export class AppError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export async function call(command, args = {}) {
  try {
    return await window.__TAURI__.core.invoke(command, args);
  } catch (err) {
    if (err && typeof err === 'object' && typeof err.code === 'string') {
      throw new AppError(err.code, err.message ?? '');
    }
    if (typeof err === 'string' && err.startsWith('invalid args')) {
      throw new AppError('invalid_input', err);
    }
    throw new AppError('unknown', String(err));
  }
}
