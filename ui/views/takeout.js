// "Take all letters": every letter as a Markdown file, in a new folder or one .zip she picks,
// after her passphrase and a plain warning that the files are not encrypted; and bringing
// letters in, from such a take-out or another app's export: what it holds is shown first, and
// only her yes brings it in. The dialogs are the backend's; the page asks and says what happened.

import { errorText, lang, t } from '../lib/i18n.js';
import * as commands from '../lib/commands.js';
import { byId, find } from '../lib/dom.js';

const form = byId('takeout-form', HTMLFormElement);
const pass = byId('takeout-pass', HTMLInputElement);
const status = byId('takeout-status', HTMLElement);
const importForm = byId('bring-form', HTMLFormElement);
const importPass = byId('bring-pass', HTMLInputElement);
const sources = byId('bring-source', HTMLFieldSetElement);
const preview = byId('bring-preview', HTMLElement);
const importStatus = byId('bring-status', HTMLElement);
const undo = byId('bring-undo', HTMLButtonElement);

function labels() {
  return { index: t('takeout.index'), answer: t('takeout.answer'), untitled: t('letters.untitled'), folder: t('takeout.folder'), dialog: t('takeout.dialogOut') };
}

/** @returns {import('../lib/contract.js').TakeoutTo} */
function takeoutTo() {
  return find(form, 'input[name=takeout-to]:checked', HTMLInputElement).value === 'zip' ? 'zip' : 'folder';
}

/// Runs `act` with the form's button held and its error line cleared; shows what it throws.
async function withForm(/** @type {HTMLElement} */ root, /** @type {HTMLButtonElement} */ button, /** @type {() => Promise<void>} */ act) {
  const error = find(root, '.gate-error', HTMLElement);
  error.textContent = '';
  button.disabled = true;
  try {
    await act();
  } catch (err) {
    error.textContent = errorText(err);
  } finally {
    button.disabled = false;
  }
}

async function takeOut(/** @type {SubmitEvent} */ event) {
  event.preventDefault();
  status.textContent = '';
  await withForm(form, find(form, 'button[type=submit]', HTMLButtonElement), async () => {
    try {
      const taken = await commands.lettersTakeOut({ passphrase: pass.value, labels: labels(), to: takeoutTo() });
      if (taken) {
        const words = { count: taken.letters, name: taken.name, sealed: taken.sealed_left };
        const key = taken.sealed_left ? 'takeout.doneSealed' : taken.letters === 1 ? 'takeout.doneOne' : 'takeout.done';
        status.textContent = t(key, words);
      }
    } finally {
      pass.value = '';
    }
  });
}

/// What the export holds, in her words: how many, which days, what is skipped, the first titles.
function show(/** @type {import('../lib/contract.js').Preview} */ p) {
  const days = new Intl.DateTimeFormat(lang(), { dateStyle: 'long' });
  const day = (/** @type {number | null} */ ms) => (ms === null ? '' : days.format(ms));
  const lines = [t(p.letters === 1 ? 'import.summaryOne' : 'import.summary', { count: p.letters, first: day(p.first_ms), last: day(p.last_ms) })];
  if (p.already_here) lines.push(t('import.here', { count: p.already_here }));
  if (p.left_out) lines.push(t('import.leftOut', { count: p.left_out }));
  byId('bring-summary', HTMLElement).textContent = lines.join(' ');
  byId('bring-titles', HTMLUListElement).replaceChildren(
    ...p.titles.map((title) => Object.assign(document.createElement('li'), { textContent: title.trim() || t('letters.untitled') })),
  );
  preview.hidden = false;
  byId('bring-yes', HTMLButtonElement).focus();
}

async function look(/** @type {SubmitEvent} */ event) {
  event.preventDefault();
  importStatus.textContent = '';
  preview.hidden = true;
  undo.hidden = true;
  await withForm(importForm, find(importForm, 'button[type=submit]', HTMLButtonElement), async () => {
    try {
      const kind = /** @type {import('../lib/contract.js').Source} */ (find(sources, 'input:checked', HTMLInputElement).value);
      const seen = await commands.lettersImportPreview({ passphrase: importPass.value, source: kind, dialog: t('import.dialog') });
      if (seen) show(seen);
    } finally {
      importPass.value = '';
    }
  });
}

async function yes() {
  await withForm(preview, byId('bring-yes', HTMLButtonElement), async () => {
    const done = await commands.lettersImportConfirm();
    preview.hidden = true;
    importStatus.textContent = t(done.added === 1 ? 'import.doneOne' : 'import.done', { added: done.added, skipped: done.skipped });
    undo.hidden = done.added === 0;
    find(sources, 'input:checked', HTMLInputElement).focus();
  });
}

/// The import she just said yes to, undone as a whole: its letters go to the trash.
async function undoIt() {
  await withForm(importForm, undo, async () => {
    const moved = await commands.lettersImportUndo();
    undo.hidden = true;
    importStatus.textContent = t('import.undone', { count: moved });
  });
}

async function no() {
  await commands.lettersImportCancel().catch(() => {});
  preview.hidden = true;
  importStatus.textContent = t('import.cancelled');
  find(sources, 'input:checked', HTMLInputElement).focus();
}

export function wire() {
  form.addEventListener('submit', (event) => { takeOut(event).catch(() => {}); });
  importForm.addEventListener('submit', (event) => { look(event).catch(() => {}); });
  byId('bring-yes', HTMLButtonElement).addEventListener('click', () => { yes().catch(() => {}); });
  byId('bring-no', HTMLButtonElement).addEventListener('click', () => { no().catch(() => {}); });
  undo.addEventListener('click', () => { undoIt().catch(() => {}); });
}
