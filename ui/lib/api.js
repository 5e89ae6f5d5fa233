// The only door to the backend. Every call goes through Tauri's IPC; the backend answers
// errors as { code, message }, which callers translate by code.

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
    throw new AppError('unknown', String(err));
  }
}
