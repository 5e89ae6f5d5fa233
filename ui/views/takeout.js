// "Take all letters": every letter as a Markdown file in a new folder she picks, after her
// passphrase and a plain warning that the files are not encrypted; and such a folder brought
// back. The folder dialogs are the backend's; the page asks and says what happened.

import { errorText, t } from '../lib/i18n.js';
import * as commands from '../lib/commands.js';
import { byId, find } from '../lib/dom.js';

const form = byId('takeout-form', HTMLFormElement);
const pass = byId('takeout-pass', HTMLInputElement);
const status = document.getElementById('takeout-status');

function labels() {
  return { index: t('takeout.index'), answer: t('takeout.answer'), untitled: t('letters.untitled'), folder: t('takeout.folder'), dialog: t('takeout.dialogOut') };
}

async function takeOut(event) {
  event.preventDefault();
  const button = find(form, 'button[type=submit]', HTMLButtonElement);
  const error = form.querySelector('.gate-error');
  error.textContent = '';
  status.textContent = '';
  button.disabled = true;
  try {
    const taken = await commands.lettersTakeOut({ passphrase: pass.value, labels: labels() });
    if (taken) {
      const words = { count: taken.letters, folder: taken.folder, sealed: taken.sealed_left };
      status.textContent = t(taken.sealed_left ? 'takeout.doneSealed' : 'takeout.done', words);
    }
  } catch (err) {
    error.textContent = errorText(err);
  } finally {
    pass.value = '';
    button.disabled = false;
  }
}

/// Bringing back asks for the same passphrase: what comes in carries answers and marks.
async function bringBack() {
  status.textContent = '';
  const error = form.querySelector('.gate-error');
  error.textContent = '';
  try {
    const brought = await commands.lettersBringBack({ passphrase: pass.value, dialog: t('takeout.dialogBack') });
    if (brought) status.textContent = t('takeout.broughtBack', { added: brought.added, skipped: brought.skipped });
  } catch (err) {
    error.textContent = errorText(err);
  } finally {
    pass.value = '';
  }
}

export function wire() {
  form.addEventListener('submit', (event) => { takeOut(event).catch(() => {}); });
  byId('takeout-back', HTMLButtonElement).addEventListener('click', () => { bringBack().catch(() => {}); });
}
