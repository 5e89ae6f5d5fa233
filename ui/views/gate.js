// The gate in front of everything: first run (passphrase, then the recovery code shown once and
// typed back), and unlocking with the passphrase or the recovery code. Nothing behind it is
// loaded until the backend says the vault is open.

import { AppError } from '../lib/api.js';
import { whileBusy } from '../lib/busy.js';
import { errorText, formatWhen, t } from '../lib/i18n.js';
import { el } from '../lib/render.js';
import { painted } from '../lib/painted.js';
import * as commands from '../lib/commands.js';
import { byId, one } from '../lib/dom.js';

const gate = document.getElementById('gate');
const forms = [...gate.querySelectorAll('form[data-screen]')].filter((f) => f instanceof HTMLFormElement);
let opened = null; // resolves when the vault is open

function show(screen) {
  gate.hidden = false;
  for (const form of forms) form.hidden = form.dataset.screen !== screen;
  const form = forms.find((f) => f.dataset.screen === screen);
  form.querySelector('.gate-error').textContent = '';
  form.querySelector('input')?.focus();
  painted('gate');
}

/// What was wrong with her files says which screen helps: a damaged key file or store, or a
/// missing store, is mended by putting a backup back.
const MENDED_BY_A_BACKUP = ['key_damaged', 'key_tampered', 'store_damaged'];

function fail(form, err) {
  form.querySelector('.gate-error').textContent = errorText(err);
  if (MENDED_BY_A_BACKUP.includes(err?.code)) {
    showRestore(errorText(err));
    return;
  }
  // Her store is missing but its key is here: offer the newest backup's copy.
  if (form.id === 'unlock-form') byId('restore-store', HTMLButtonElement).hidden = err?.code !== commands.ERROR.storeMissing;
  if (err?.code === commands.ERROR.keyMissing) show('key-missing');
  if (err?.code === commands.ERROR.cannotWrite && form.dataset.screen !== 'cannot-write') show('cannot-write');
}

/// Runs `action` with the form's button busy; a failure is said on the form.
function submit(form, action) {
  return whileBusy(form, action, (err) => {
    fail(form, err);
    form.querySelector('input')?.select();
  });
}

export function strength(passphrase) {
  const length = [...passphrase].length;
  if (length < 8) return 'weak';
  const words = passphrase.trim().split(/\s+/).length;
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9\s]/].filter((re) => re.test(passphrase)).length;
  return length >= 16 || (words >= 3 && length >= 12) || (kinds >= 3 && length >= 12) ? 'strong' : 'fair';
}

function wire() {
  const setup = byId('setup-form', HTMLFormElement);
  const pass = byId('setup-pass', HTMLInputElement);
  const pass2 = byId('setup-pass2', HTMLInputElement);
  const hint = document.getElementById('setup-strength');
  pass.addEventListener('input', () => {
    const level = strength(pass.value);
    hint.textContent = pass.value ? t(`setup.${level}`) : '';
    hint.dataset.level = level;
  });
  setup.addEventListener('submit', (event) => {
    event.preventDefault();
    if (pass.value !== pass2.value) {
      setup.querySelector('.gate-error').textContent = t('setup.mismatch');
      return;
    }
    submit(setup, async () => {
      const code = await commands.vaultBeginSetup({ passphrase: pass.value });
      pass.value = '';
      pass2.value = '';
      document.getElementById('recovery-code').textContent = code;
      show('recovery');
    });
  });

  const recovery = byId('recovery-form', HTMLFormElement);
  recovery.addEventListener('submit', (event) => {
    event.preventDefault();
    const typed = byId('recovery-typed', HTMLInputElement);
    submit(recovery, async () => {
      await commands.vaultConfirmSetup({ code: typed.value });
      typed.value = '';
      document.getElementById('recovery-code').textContent = '';
      done();
    });
  });

  unlockWith('unlock-form', 'unlock-pass', (passphrase) => commands.vaultUnlock({ passphrase }));
  unlockWith('unlock-recovery-form', 'unlock-code', (code) => commands.vaultUnlockRecovery({ code }));
  byId('use-recovery', HTMLButtonElement).addEventListener('click', () => show('unlock-recovery'));
  // Into an empty folder a backup comes in at once; over her vault only with her secret.
  let importFrom = 'unlock';
  for (const button of gate.querySelectorAll('[data-import]')) {
    const form = button.closest('form');
    button.addEventListener('click', () => {
      if (form.dataset.screen === 'setup') return importBackup(form);
      importFrom = form.dataset.screen;
      show('import');
    });
  }
  withSecret('import-form', 'import-secret', (secret, form) => importBackup(form, secret));
  byId('import-back', HTMLButtonElement).addEventListener('click', () => show(importFrom));
  byId('use-passphrase', HTMLButtonElement).addEventListener('click', () => show('unlock'));

  // Another copy of the app holds the folder, or the folder cannot be written: once that is
  // put right, go on from here.
  /** @type {Array<[string, import('../lib/contract.js').Status & import('../lib/contract.js').ErrorCode]>} */
  const blocking = [['in-use-form', 'in_use'], ['cannot-write-form', 'cannot_write']];
  for (const [id, blocked] of blocking) {
    const form = document.getElementById(id);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submit(form, async () => {
        const status = await commands.sessionStatus();
        if (status === blocked) throw new AppError(blocked, '');
        show(SCREENS[status] ?? 'unlock');
      });
    });
  }

  // Putting a backup back: her backups listed with their dates; the one she picks is opened
  // with her passphrase and checked before anything of hers is moved aside.
  for (const link of gate.querySelectorAll('[data-restore]')) {
    link.addEventListener('click', () => showRestore('').catch((err) => fail(byId('unlock-form', HTMLFormElement), err)));
  }
  byId('restore-back', HTMLButtonElement).addEventListener('click', () => show('unlock'));
  withSecret('restore-form', 'restore-pass', async (passphrase, form) => {
    const chosen = form.querySelector('input[name=restore-backup]:checked');
    if (!chosen) throw new AppError('not_found', '');
    await commands.backupRestore({ id: chosen.value, passphrase });
    done();
  });

  // The key file is gone: put back the copy every backup holds, then unlock as always.
  const keyMissing = byId('key-missing-form', HTMLFormElement);
  keyMissing.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(keyMissing, async () => {
      await commands.vaultRestoreKeyFile();
      show('unlock');
      one('#unlock-form .gate-error').textContent = t('keyMissing.restored');
    });
  });
  const restoreStore = byId('restore-store', HTMLButtonElement);
  restoreStore.addEventListener('click', async () => {
    const form = byId('unlock-form', HTMLFormElement);
    restoreStore.disabled = true;
    try {
      await commands.vaultRestoreStore();
      restoreStore.hidden = true;
      form.querySelector('.gate-error').textContent = t('storeMissing.restored');
      byId('unlock-pass', HTMLInputElement).focus();
    } catch (err) {
      fail(form, err);
    } finally {
      restoreStore.disabled = false;
    }
  });
}

/// Unlocking by passphrase or by recovery code: the same form, another command.
function unlockWith(formId, inputId, unlock) {
  withSecret(formId, inputId, async (secret) => {
    await unlock(secret);
    done();
  });
}

/// A form that takes her secret and hands it to `use(secret, form)`: the secret leaves the
/// field whatever the answer, and a failure is said on the form.
function withSecret(formId, inputId, use) {
  const form = document.getElementById(formId);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = byId(inputId, HTMLInputElement);
    submit(form, async () => {
      try {
        await use(input.value, form);
      } finally {
        input.value = '';
      }
    });
  });
}

/// Moving from another laptop: the backend asks for the file. A vault already here is
/// replaced only with its own passphrase or recovery code (`secret`), and kept aside.
async function importBackup(form, secret) {
  const brought = secret === undefined
    ? await commands.backupImport({}).catch((err) => fail(form, err))
    : await commands.backupImport({ secret });
  if (brought) {
    show('unlock');
    one('#unlock-form .gate-error').textContent = t('backup.imported');
  }
}

function done() {
  gate.hidden = true;
  opened?.();
}

/// Shows the restore screen with her backups, newest first and chosen; `why` says what is wrong.
async function showRestore(why) {
  const backups = await commands.backupList();
  const list = document.getElementById('restore-list');
  list.replaceChildren(...backups.map((b, i) => {
    const input = el('input', { type: 'radio', name: 'restore-backup', value: b.id, id: `restore-${b.id}` });
    input.checked = i === 0;
    const when = formatWhen(b.made_ms);
    // A vault kept aside says why it was kept; a backup says only when it was made.
    const text = b.kind !== 'backup' ? t(`restore.${b.kind}`, { when }) : i === 0 ? t('restore.newest', { when }) : when;
    return el('div', { class: 'restore-item' }, input, el('label', { for: `restore-${b.id}`, text }));
  }));
  if (!backups.length) list.append(el('p', { text: t('restore.none') }));
  show('restore');
  one('#restore-form .gate-error').textContent = why;
  byId('restore-pass', HTMLInputElement).focus();
}

/// The screen for each state of the vault that is not `locked`.
const SCREENS = { new: 'setup', key_missing: 'key-missing', in_use: 'in-use', cannot_write: 'cannot-write' };

/// Shows the right screen for the vault's state and resolves once it is open.
export function open(status) {
  wire();
  return new Promise((resolve) => {
    opened = resolve;
    if (status === 'unlocked') done();
    else show(SCREENS[status] ?? 'unlock');
  });
}
