// Sealing a letter until a moment ("Verzegeld tot …"), and opening a sealed letter early with
// the passphrase. The backend refuses a sealed letter's text; these dialogs only ask.

import { errorText, formatWhen, t } from '../lib/i18n.js';
import * as commands from '../lib/commands.js';
import { quickChoice } from '../lib/when.js';
import { all, byId, find } from '../lib/dom.js';

const sealDialog = byId('seal-dialog', HTMLDialogElement);
const sealForm = byId('seal-form', HTMLFormElement);
const sealAt = byId('seal-at', HTMLInputElement);
const sealedDialog = byId('sealed-dialog', HTMLDialogElement);
const openForm = byId('open-early-form', HTMLFormElement);
let sealing = null;   // { id, done }
let opening = null;   // { id, done }

/// `datetime-local` wants local time without a zone.
function localValue(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function askSeal(id, done) {
  sealing = { id, done };
  sealAt.type = 'datetime-local'; // not in the markup: see index.html
  sealAt.value = localValue(quickChoice('morning'));
  sealForm.querySelector('.gate-error').textContent = '';
  sealDialog.showModal();
}

/**
 * @param {import('../lib/contract.js').Summary} letter
 * @param {() => Promise<void> | void} done
 */
export function askOpen(letter, done) {
  opening = { id: letter.id, done };
  document.getElementById('sealed-until').textContent = t('sealed.until', { when: formatWhen(letter.sealed_until_ms) });
  openForm.querySelector('.gate-error').textContent = '';
  sealedDialog.showModal();
}

export function wire() {
  for (const dialog of [sealDialog, sealedDialog]) {
    dialog.querySelector('[data-close]').addEventListener('click', () => dialog.close());
  }
  for (const button of all('[data-seal]', sealDialog)) {
    button.addEventListener('click', () => { sealAt.value = localValue(quickChoice(button.dataset.seal)); });
  }
  sealForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const until = new Date(sealAt.value).getTime();
    const error = sealForm.querySelector('.gate-error');
    if (!Number.isFinite(until) || until <= Date.now()) {
      error.textContent = t('seal.future');
      return;
    }
    try {
      await sealing.done(async () => commands.letterSeal({ id: sealing.id, untilMs: until }));
      sealDialog.close();
    } catch (err) {
      error.textContent = errorText(err);
    }
  });
  openForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = byId('open-early-pass', HTMLInputElement);
    const button = find(openForm, 'button[type=submit]', HTMLButtonElement);
    // One check at a time: the button waits while the passphrase is checked.
    button.disabled = true;
    try {
      const letter = await commands.letterOpenEarly({ id: opening.id, passphrase: input.value });
      sealedDialog.close();
      await opening.done(letter);
    } catch (err) {
      openForm.querySelector('.gate-error').textContent = errorText(err);
    } finally {
      input.value = '';
      button.disabled = false;
    }
  });
}
