// The composer: the letter being written, its word count, revisions, tone check, export and
// print. Saving is `Autosave` (ui/lib/autosave.js), which says "saved" only when it is.

import { asLang, errorText, formatWhen, lang, t } from '../lib/i18n.js';
import { el } from '../lib/render.js';
import * as commands from '../lib/commands.js';
import { Autosave, showState } from '../lib/autosave.js';
import { insertAtCaret } from '../lib/fields.js';
import { byId, closestTo, find } from '../lib/dom.js';


const view = document.getElementById('view-composer');
const titleInput = byId('letter-title', HTMLInputElement);
const recipientInput = byId('letter-recipient', HTMLInputElement);
const bodyInput = byId('letter-body', HTMLTextAreaElement);
const indicator = document.getElementById('save-state');
const count = document.getElementById('composer-count');
const langSelect = byId('letter-lang', HTMLSelectElement);
/// The word count walks the whole letter: it runs when she pauses, never on a keystroke.
const COUNT_AFTER_MS = 300;
const revisionsPanel = document.getElementById('revisions');
const revisionList = byId('revision-list', HTMLOListElement);
const preview = document.getElementById('revision-preview');

let letter = null;      // the open letter's Autosave
let shownRevision = null;
let countTimer = null;
let langUnsaved = false; // chosen before the letter's first save: stored right after it
let lastEdit = 0;        // when she last changed the letter (for "write now, read tomorrow")
let flagged = 0;         // how many passages the last tone check marked
let answered = false;    // he has answered this letter: export and print may include his answers
// From app.js (views reach each other only through it): the offer, and the letters view.
/** @type {(offer: { id: string, recent: boolean, flagged: number, handover: boolean }) => Promise<string>} */
let offerTomorrow = async () => 'go';
let onSealedView = async () => {};
let isPrivate = () => false; // "only for me": never printed
/// "Recently changed" for the offer to wait until tomorrow.
const RECENT_MS = 10 * 60 * 1000;

export function wordCount(text) {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

export function isOpen() {
  return letter !== null;
}

function setState(state, reason = '') {
  showState(indicator, state, reason);
}

function updateCount() {
  clearTimeout(countTimer);
  const words = wordCount(bodyInput.value);
  count.textContent = t(words === 1 ? 'composer.countOne' : 'composer.count', { words, minutes: words ? Math.ceil(words / commands.LIMITS.wordsPerMinute) : 0 });
}

function countLater() {
  clearTimeout(countTimer);
  countTimer = setTimeout(updateCount, COUNT_AFTER_MS);
}

/// The letter's language: its spell check follows (its own dictionary first, then the other).
export function currentLang() {
  return (letter && asLang(langSelect.value)) || lang();
}

/// Asks the backend to check spelling in the letter's language; answers what it does.
export function applySpelling() {
  return commands.spellingFor({ lang: currentLang() });
}

async function langChosen() {
  applySpelling().catch(() => {});
  if (letter?.exists) await commands.letterSetLang({ id: letter.id, lang: asLang(langSelect.value) });
  else langUnsaved = true;
}

/// After a durable save: the language chosen before the first one, then the tone check.
async function afterSave(text) {
  if (langUnsaved && letter?.exists) {
    langUnsaved = false;
    await commands.letterSetLang({ id: letter.id, lang: asLang(langSelect.value) }).catch(() => { langUnsaved = true; });
  }
  return checkTone(text);
}

function edited() {
  letter.edited();
}

/// Saves whatever is unsaved; used before lock, close and leaving the letter.
export async function flush() {
  await letter?.flush();
}

export function open(found) {
  letter?.stop();
  letter = new Autosave(found, {
    read: () => ({ title: titleInput.value, recipient: recipientInput.value, body: bodyInput.value }),
    show: setState,
    saved: afterSave,
  });
  langUnsaved = false;
  answered = (found?.answers ?? 0) > 0;
  langSelect.value = found?.lang ?? lang();
  applySpelling().catch(() => {});
  titleInput.value = found?.title ?? '';
  recipientInput.value = found?.recipient ?? '';
  bodyInput.value = found?.body ?? '';
  updateCount();
  const mark = document.getElementById('composer-mark');
  mark.hidden = !found?.opened_early_ms;
  mark.textContent = found?.opened_early_ms ? t('letters.openedEarly', { when: formatWhen(found.opened_early_ms) }) : '';
  closeRevisions();
  (found ? bodyInput : titleInput).focus();
  checkTone(bodyInput.value);
}

/// Leaves the letter: saves it, keeps a revision, and clears every trace from the page.
export async function close() {
  if (!letter) return;
  await flush();
  const closing = letter;
  if (closing.exists) commands.letterSnapshot({ id: closing.id, reason: 'closed' }).catch(() => {});
  wipe();
}

/// Marks blaming words in what was just saved. Advice only: nothing is changed or blocked.
async function checkTone(text) {
  const panel = document.getElementById('tone');
  const list = byId('tone-list', HTMLUListElement);
  const flags = text.trim() ? await commands.toneCheck({ text }).catch(() => []) : [];
  if (!letter) return;
  flagged = flags.length;
  list.replaceChildren(...flags.map((f) => el('li', { class: 'tone-flag' },
    el('q', { class: 'tone-text', text: f.text }), ' ',
    el('span', { text: f.suggestion }), ' ',
    el('button', { type: 'button', class: 'link', 'data-select': `${f.start},${f.end}`, text: t('tone.show') }), ' ',
    el('button', { type: 'button', class: 'link', 'data-section': f.section, text: t('tone.why') }))));
  panel.hidden = flags.length === 0;
}

/// Removes the letter's text from the DOM and from memory.
export function wipe() {
  clearTimeout(countTimer);
  letter?.stop();
  letter = null;
  titleInput.value = '';
  recipientInput.value = '';
  bodyInput.value = '';
  revisionList.replaceChildren();
  byId('tone-list', HTMLUListElement).replaceChildren();
  document.getElementById('tone').hidden = true;
  document.getElementById('revision-text').textContent = '';
  closeRevisions();
}

/// Puts `text` at the cursor (replacing a selection), as typing would, and saves.
export function insertAtCursor(text) {
  if (!letter) return;
  insertAtCaret(bodyInput, text);
  edited();
  updateCount();
}

/// A new letter that starts from a template; saved like anything typed.
export function startFrom(template) {
  open(null);
  titleInput.value = template.title;
  bodyInput.value = template.body.trimStart();
  bodyInput.focus();
  bodyInput.setSelectionRange(0, 0);
  edited();
  updateCount();
}

export function currentId() {
  return letter?.id ?? null;
}

function closeRevisions() {
  revisionsPanel.hidden = true;
  preview.hidden = true;
  shownRevision = null;
  byId('composer-revisions', HTMLButtonElement).setAttribute('aria-expanded', 'false');
}

async function toggleRevisions() {
  const button = byId('composer-revisions', HTMLButtonElement);
  if (!revisionsPanel.hidden) return closeRevisions();
  await flush();
  const revisions = letter.exists ? await commands.letterRevisions({ id: letter.id }) : [];
  revisionList.replaceChildren(...revisions.map((r) => el('li', {},
    el('button', { type: 'button', class: 'link', 'data-revision': String(r.id),
      text: t('revisions.meta', { when: formatWhen(r.created_ms), words: r.words, reason: t(`revisions.reason.${r.reason}`) }) }))));
  revisionsPanel.hidden = false;
  button.setAttribute('aria-expanded', 'true');
}

async function showRevision(id) {
  const revision = await commands.letterRevision({ id: letter.id, revision: id });
  shownRevision = revision.id;
  document.getElementById('revision-meta').textContent = revision.title || t('letters.untitled');
  document.getElementById('revision-text').textContent = revision.body;
  preview.hidden = false;
}

async function restoreRevision() {
  if (shownRevision === null) return;
  await flush();
  const restored = await commands.letterRestoreRevision({ id: letter.id, revision: shownRevision });
  open({ ...restored });
}

/// Seal and hand-over act on what is stored, so the letter is saved first.
export async function saved() {
  return savedId();
}

async function savedId() {
  await flush();
  if (!letter?.exists || letter.savedSeq !== letter.seq) return null;
  return letter.id;
}

/// Before a hand-over or an export: the letter saved, and (once, if she just wrote something
/// the tone check marks) the offer to seal it until tomorrow instead. Answers the id to go on.
async function readyToShow(handover = false) {
  const id = await savedId();
  if (!id) return null;
  const choice = await offerTomorrow({ id, recent: Date.now() - lastEdit < RECENT_MS, flagged, handover });
  if (choice === 'sealed') {
    wipe();
    await onSealedView();
  }
  return choice === 'go' ? id : null;
}

/// Exporting writes an unencrypted file, so the dialog says so and asks first.
function wireExport(onDone) {
  const dialog = byId('export-dialog', HTMLDialogElement);
  const form = byId('export-form', HTMLFormElement);
  dialog.querySelector('[data-close]').addEventListener('click', () => dialog.close());
  byId('composer-export', HTMLButtonElement).addEventListener('click', async () => {
    if (!(await readyToShow())) return;
    form.querySelector('.gate-error').textContent = '';
    document.getElementById('export-thread-choice').hidden = !answered;
    dialog.showModal();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const format = /** @type {import('../lib/contract.js').ExportFormat} */ (find(form, 'input[name=export-format]:checked', HTMLInputElement).value);
    const labels = {
      to: recipientInput.value.trim() ? t('letters.to', { name: recipientInput.value.trim() }) : '',
      date: formatWhen(Date.now()),
      untitled: t('letters.untitled'),
      language: lang(),
      dialog: t('export.title'),
      answers: (await withAnswers()).map((a) => t('thread.answerHeading', { when: formatWhen(a.created_ms) })),
    };
    try {
      const name = await commands.letterExport({ id: letter.id, format, labels });
      dialog.close();
      if (name) onDone(t('export.done', { name }));
    } catch (err) {
      form.querySelector('.gate-error').textContent = errorText(err);
    }
  });
}

/// His answers, when she asked for them with the letter (the export dialog's choice, which
/// printing follows too).
async function withAnswers() {
  if (!answered || !byId('export-thread', HTMLInputElement).checked) return [];
  return (await commands.letterThread({ id: letter.id })).answers;
}

/// Prints the letter (and his answers, if she chose them): a print-only sheet holds it for the
/// print and is emptied after, so no second copy of the text stays in the page.
async function print() {
  if (!letter || isPrivate()) return;
  await flush();
  const sheet = document.getElementById('print-sheet');
  const to = recipientInput.value.trim();
  // Without a recipient that line is null, which replaceChildren would print as "null".
  sheet.replaceChildren(...[
    el('h1', { text: titleInput.value.trim() || t('letters.untitled') }),
    to ? el('p', { class: 'print-meta', text: t('letters.to', { name: to }) }) : null,
    el('p', { class: 'print-meta', text: formatWhen(Date.now()) }),
    el('div', { class: 'print-body', text: bodyInput.value }),
    ...(await withAnswers()).flatMap((a) => [
      el('p', { class: 'print-meta', text: t('thread.answerHeading', { when: formatWhen(a.created_ms) }) }),
      el('div', { class: 'print-body', text: a.body }),
    ]),
  ].filter(Boolean));
  try {
    window.print();
  } finally {
    sheet.replaceChildren();
  }
}

/// The other views it needs come from app.js: views talk to each other only through it.
export function wire({ onBack, onDeleted, onSealed, onError, onNotice, askSeal, askTomorrow, startHandover, pickPhrase, privateLetter }) {
  offerTomorrow = askTomorrow;
  isPrivate = privateLetter;
  onSealedView = onSealed;
  wireExport(onNotice);
  byId('composer-print', HTMLButtonElement).addEventListener('click', () => print().catch(onError));
  byId('composer-phrase', HTMLButtonElement).addEventListener('click', () => pickPhrase(insertAtCursor).catch(onError));
  byId('composer-seal', HTMLButtonElement).addEventListener('click', async () => {
    const id = await savedId();
    if (!id) return;
    askSeal(id, async (doSeal) => {
      await doSeal();
      wipe();
      await onSealed();
    });
  });
  const handoverDialog = byId('handover-dialog', HTMLDialogElement);
  handoverDialog.querySelector('[data-close]').addEventListener('click', () => handoverDialog.close());
  byId('composer-handover', HTMLButtonElement).addEventListener('click', async () => {
    if (await readyToShow(true)) handoverDialog.showModal();
  });
  byId('handover-go', HTMLButtonElement).addEventListener('click', async () => {
    const id = await savedId();
    if (!id) return;
    try {
      await startHandover(id);
    } catch (err) {
      handoverDialog.close();
      onError(err);
    }
  });
  for (const input of [titleInput, recipientInput, bodyInput]) {
    input.addEventListener('input', () => {
      if (!letter) return;
      lastEdit = Date.now();
      edited();
      if (input === bodyInput) countLater();
    });
    input.addEventListener('blur', () => flush());
  }
  langSelect.addEventListener('change', () => langChosen().catch(onError));
  byId('composer-back', HTMLButtonElement).addEventListener('click', () => onBack().catch(onError));
  byId('composer-delete', HTMLButtonElement).addEventListener('click', async () => {
    try {
      await flush();
      if (letter?.exists) await commands.letterDelete({ id: letter.id });
      wipe();
      await onDeleted();
    } catch (err) {
      onError(err);
    }
  });
  byId('composer-revisions', HTMLButtonElement).addEventListener('click', () => toggleRevisions().catch(onError));
  revisionList.addEventListener('click', (event) => {
    const button = closestTo(event, 'button[data-revision]');
    if (button) showRevision(Number(button.dataset.revision)).catch(onError);
  });
  byId('revision-restore', HTMLButtonElement).addEventListener('click', () => restoreRevision().catch(onError));
  byId('tone-list', HTMLUListElement).addEventListener('click', (event) => {
    const button = closestTo(event, 'button');
    if (button?.dataset.select) {
      const [start, end] = button.dataset.select.split(',').map(Number);
      bodyInput.focus();
      bodyInput.setSelectionRange(start, end);
    } else if (button?.dataset.section) {
      document.dispatchEvent(new CustomEvent('grot:open', { detail: { section: button.dataset.section } }));
    }
  });
  view.addEventListener('keydown', (event) => {
    if (event.ctrlKey && event.key.toLowerCase() === 's') {
      event.preventDefault();
      flush();
    }
  });
}
