// The settings dialog: language, theme, auto-lock minutes (and the hand-over's own limit),
// locking when she walks away (and whether this desktop can tell), glance-proof,
// changing the passphrase and making a new recovery code (both give the store a new key: no
// old copy of the key file opens anything current), and backups.

import { errorText, formatWhen, t } from '../lib/i18n.js';
import { state } from '../lib/state.js';
import * as commands from '../lib/commands.js';
import { whileBusy } from '../lib/busy.js';
import { byId } from '../lib/dom.js';

const dialog = byId('settings', HTMLDialogElement);
const lang = byId('set-lang', HTMLSelectElement);
const theme = byId('set-theme', HTMLSelectElement);
const autolock = byId('set-autolock', HTMLSelectElement);
const handoverLock = byId('set-handover-lock', HTMLSelectElement);
const discreet = byId('set-discreet', HTMLInputElement);
/// Her on/off preferences: each box and the field of `state` it sets.
/** @type {Array<[string, 'lock_when_away' | 'lock_when_minimised' | 'spell_check' | 'glance_proof' | 'wait_before_handover']>} */
const SWITCHES = [['set-lock-away', 'lock_when_away'], ['set-lock-minimised', 'lock_when_minimised'], ['set-spell', 'spell_check'],
  ['set-wait', 'wait_before_handover'], ['set-glance', 'glance_proof']];
let spelling = async () => null;
const form = byId('passphrase-form', HTMLFormElement);

export function open() {
  lang.value = document.documentElement.lang;
  theme.value = state.settings.theme;
  autolock.value = String(state.settings.autolock_minutes);
  handoverLock.value = String(state.settings.handover_lock_minutes);
  resetNewRecovery();
  discreet.checked = state.settings.discreet;
  for (const [id, name] of SWITCHES) byId(id, HTMLInputElement).checked = state.settings[name];
  form.querySelector('.gate-error').textContent = '';
  document.getElementById('pp-done').textContent = '';
  dialog.showModal();
  showBackupStatus();
  showAwaySupport();
  showSpelling();
}

/// Says how letters are spell-checked here, and which dictionary to install if one is missing.
async function showSpelling() {
  const hint = document.getElementById('spell-hint');
  try {
    const plan = await spelling();
    const packages = plan.missing.join(' ');
    hint.textContent = plan.missing.length && state.settings.spell_check ? t('settings.spell_missing', { packages })
      : plan.enabled ? t('settings.spell_ok') : t('settings.spell_off');
    hint.dataset.missing = packages;
  } catch (err) {
    hint.textContent = errorText(err);
  }
}

/// Says whether this desktop lets Grot see sleep and a locked screen; the setting cannot
/// promise what the desktop does not tell.
async function showAwaySupport() {
  const hint = document.getElementById('lock-away-hint');
  try {
    const support = await commands.awaySupport();
    // One verdict for the words and for the attribute, so the two never disagree.
    const level = support.sleep && support.screen_lock ? 'full' : support.screen_lock ? 'part' : 'none';
    hint.textContent = t({ full: 'settings.lockAway_hint', part: 'settings.lockAway_part', none: 'settings.lockAway_none' }[level]);
    hint.dataset.support = level;
  } catch (err) {
    hint.textContent = errorText(err);
  }
}

/// Tells the truth about backups: when the last one was made, or that it failed.
async function showBackupStatus() {
  const line = document.getElementById('backup-latest');
  try {
    const status = await commands.backupStatus();
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

/// Runs `action` with the form's button busy; the check behind it can take a moment.
function busy(form, action) {
  return whileBusy(form, action, (err) => {
    form.querySelector('.gate-error').textContent = errorText(err);
  });
}

const recoveryForm = byId('new-recovery-form', HTMLFormElement);
const recoveryAsk = document.getElementById('new-recovery-ask');
const recoveryShow = document.getElementById('new-recovery-show');

function resetNewRecovery() {
  recoveryAsk.hidden = false;
  recoveryShow.hidden = true;
  document.getElementById('nr-code').textContent = '';
  byId('nr-submit', HTMLButtonElement).textContent = t('newRecovery.make');
  recoveryForm.querySelector('.gate-error').textContent = '';
}

/// A new recovery code: her passphrase, the code shown once, the code typed back.
function wireNewRecovery() {
  recoveryForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const done = document.getElementById('nr-done');
    recoveryForm.querySelector('.gate-error').textContent = '';
    done.textContent = '';
    busy(recoveryForm, async () => {
      if (recoveryShow.hidden) {
        const pass = byId('nr-pass', HTMLInputElement);
        try {
          document.getElementById('nr-code').textContent = await commands.vaultNewRecoveryBegin({ passphrase: pass.value });
        } finally {
          pass.value = '';
        }
        recoveryAsk.hidden = true;
        recoveryShow.hidden = false;
        byId('nr-submit', HTMLButtonElement).textContent = t('recovery.confirm');
        byId('nr-typed', HTMLInputElement).focus();
        return;
      }
      const typed = byId('nr-typed', HTMLInputElement);
      await commands.vaultNewRecoveryConfirm({ code: typed.value });
      typed.value = '';
      resetNewRecovery();
      done.textContent = t('newRecovery.done');
    });
  });
}

export function wire({ setLang, setTheme, setAutolock, setHandoverLock, setDiscreet, setPreference, spelling: spellingFor, onError }) {
  wireNewRecovery();
  spelling = spellingFor;
  for (const [id, name] of SWITCHES) {
    const box = byId(id, HTMLInputElement);
    box.addEventListener('change', async () => {
      await setPreference(name, box.checked).catch(onError);
      if (name === 'spell_check') showSpelling();
    });
  }
  handoverLock.addEventListener('change', () => setHandoverLock(Number(handoverLock.value)));
  discreet.addEventListener('change', () => setDiscreet(discreet.checked));
  byId('backup-export', HTMLButtonElement).addEventListener('click', async () => {
    const status = document.getElementById('backup-status');
    status.textContent = '';
    try {
      const name = await commands.backupExport();
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
    const [old, next, again] = ['pp-old', 'pp-new', 'pp-new2'].map((id) => byId(id, HTMLInputElement));
    const error = form.querySelector('.gate-error');
    const done = document.getElementById('pp-done');
    error.textContent = '';
    done.textContent = '';
    if (next.value !== again.value) {
      error.textContent = t('setup.mismatch');
      return;
    }
    await busy(form, async () => {
      try {
        await commands.vaultChangePassphrase({ old: old.value, new: next.value });
      } finally {
        for (const input of [old, next, again]) input.value = '';
      }
      done.textContent = t('settings.changed');
    });
  });
}
