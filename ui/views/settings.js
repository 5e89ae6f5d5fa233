// The settings dialog: language, theme, auto-lock minutes, and changing the passphrase (which
// rewraps the key only; the recovery code keeps working).

import { call } from '../api.js';
import { errorText, formatWhen, t } from '../i18n.js';
import { state } from '../state.js';

const dialog = document.getElementById('settings');
const lang = document.getElementById('set-lang');
const theme = document.getElementById('set-theme');
const autolock = document.getElementById('set-autolock');
const discreet = document.getElementById('set-discreet');
const form = document.getElementById('passphrase-form');

export function open() {
  lang.value = document.documentElement.lang;
  theme.value = state.theme;
  autolock.value = String(state.autolockMinutes);
  discreet.checked = state.discreet;
  form.querySelector('.gate-error').textContent = '';
  document.getElementById('pp-done').textContent = '';
  dialog.showModal();
  showBackupStatus();
}

/// Tells the truth about backups: when the last one was made, or that it failed.
async function showBackupStatus() {
  const line = document.getElementById('backup-latest');
  try {
    const status = await call('backup_status');
    line.textContent = status.error ? t('backup.failed', { reason: errorText({ code: status.error }) })
      : status.latest_ms ? t('backup.latest', { when: formatWhen(status.latest_ms) }) : t('backup.none');
    line.classList.toggle('gate-error', Boolean(status.error));
  } catch (err) {
    line.textContent = errorText(err);
  }
}

export function isOpen() {
  return dialog.open;
}

export function close() {
  dialog.close();
}

export function wire({ setLang, setTheme, setAutolock, setDiscreet, onError }) {
  discreet.addEventListener('change', () => setDiscreet(discreet.checked));
  document.getElementById('backup-export').addEventListener('click', async () => {
    const status = document.getElementById('backup-status');
    status.textContent = '';
    try {
      const name = await call('backup_export');
      if (name) status.textContent = t('backup.done', { name });
    } catch (err) {
      status.textContent = errorText(err);
    }
  });
  lang.addEventListener('change', () => setLang(lang.value).catch(onError));
  theme.addEventListener('change', () => setTheme(theme.value));
  autolock.addEventListener('change', () => setAutolock(Number(autolock.value)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const [old, next, again] = ['pp-old', 'pp-new', 'pp-new2'].map((id) => document.getElementById(id));
    const error = form.querySelector('.gate-error');
    const done = document.getElementById('pp-done');
    error.textContent = '';
    done.textContent = '';
    if (next.value !== again.value) {
      error.textContent = t('setup.mismatch');
      return;
    }
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await call('vault_change_passphrase', { old: old.value, new: next.value });
      done.textContent = t('settings.changed');
    } catch (err) {
      error.textContent = errorText(err);
    } finally {
      for (const input of [old, next, again]) input.value = '';
      button.disabled = false;
    }
  });
}
