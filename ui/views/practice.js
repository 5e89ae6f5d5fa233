// Letters from practice, around the composer and after unlocking: "only for me" (taken off only
// with her passphrase), the version for him written with the private one beside it, a day to be
// reminded of a letter, and the quiet notices at unlock (his "not now", a reminder, an opened
// seal). The backend refuses what matters (a private letter never leaves); this only asks.

import { errorText, formatWhen, t } from '../lib/i18n.js';
import { el } from '../lib/render.js';
import * as commands from '../lib/commands.js';
import { state } from '../lib/state.js';
import { all, byId, closestTo } from '../lib/dom.js';

const privateButton = byId('composer-private', HTMLButtonElement);
const versionButton = byId('composer-version', HTMLButtonElement);
const remindButton = byId('composer-remind', HTMLButtonElement);
const note = document.getElementById('composer-practice-note');
const pair = document.getElementById('composer-pair');
const pairText = document.getElementById('composer-pair-text');
/// What a private letter cannot do: the backend refuses the hand-over and the export; printing
/// happens in the page, which refuses it itself (`isPrivate`).
const sharing = ['composer-handover', 'composer-export', 'composer-print'].map((id) => byId(id, HTMLButtonElement));
const privateDialog = byId('private-dialog', HTMLDialogElement);
const privateForm = byId('private-form', HTMLFormElement);
const privatePass = byId('private-pass', HTMLInputElement);
const remindDialog = byId('remind-dialog', HTMLDialogElement);
const remindForm = byId('remind-form', HTMLFormElement);
const remindOn = byId('remind-on', HTMLInputElement);
const noticePanel = document.getElementById('practice-notice');
const noticeList = byId('practice-notice-list', HTMLUListElement);

/** @typedef {{ id: string, private: boolean, version_of: string | null, remind_ms: number | null }} Marks */
/** @type {Marks | null} */
let current = null; // the open letter's marks, once it is stored
let asOf = 0;        // when the notices on screen were taken
// From app.js: the open letter saved (its id, or null), opening a letter, a calm message.
let savedId = async () => /** @type {string | null} */ (null);
let openLetter = async (/** @type {string} */ _id) => {};
let onNotice = (/** @type {string} */ _text) => {};

/** @param {Marks} letter */
function marks(letter) {
  return { id: letter.id, private: letter.private, version_of: letter.version_of, remind_ms: letter.remind_ms };
}

/// Whether the open letter is only for her: then it is not printed either.
export function isPrivate() {
  return current?.private ?? false;
}

/// The composer opened `letter` (null: a new one): its marks, and beside the version for him,
/// the private letter it is written from, read-only.
export async function opened(letter) {
  current = letter ? marks(letter) : null;
  draw();
  pairText.textContent = '';
  pair.hidden = true;
  if (!letter?.version_of) return;
  const first = await commands.letterGet({ id: letter.version_of }).catch(() => null);
  // Not beside it once it is in the trash (nor once the letter on screen changed).
  if (!first || first.deleted_ms !== null || current?.id !== letter.id) return;
  pairText.textContent = first.body;
  pair.hidden = false;
}

/// Leaving the letter: the private text goes from the page too.
export function clear() {
  current = null;
  pairText.textContent = '';
  pair.hidden = true;
}

/// The day as a date field wants it, in local time.
function dayValue(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/// The start of the day `days` from today, in local time.
function daysAhead(days, now = new Date()) {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
}

function draw() {
  const isPrivate = current?.private ?? false;
  privateButton.setAttribute('aria-pressed', String(isPrivate));
  // His version is his: it cannot be marked.
  privateButton.hidden = Boolean(current?.version_of);
  versionButton.hidden = !isPrivate;
  for (const button of sharing) button.hidden = isPrivate;
  const lines = [
    isPrivate ? t('practice.privateNote') : '',
    current?.remind_ms ? t('practice.remindSet', { when: formatWhen(current.remind_ms) }) : '',
  ].filter(Boolean);
  note.textContent = lines.join(' ');
  note.hidden = lines.length === 0;
}

/// The open letter as stored (saved first), with its marks.
async function stored() {
  const id = await savedId();
  if (!id) return null;
  if (current?.id !== id) current = marks(await commands.letterGet({ id }));
  return current;
}

async function togglePrivate() {
  const letter = await stored();
  if (!letter) return;
  if (letter.private) {
    privatePass.value = '';
    privateForm.querySelector('.gate-error').textContent = '';
    privateDialog.showModal();
    return;
  }
  await commands.letterSetPrivate({ id: letter.id, private: true, passphrase: null });
  letter.private = true;
  draw();
  onNotice(t('practice.markedPrivate'));
}

async function unmark(event) {
  event.preventDefault();
  const button = privateForm.querySelector('button[type=submit]');
  button.setAttribute('disabled', '');
  try {
    await commands.letterSetPrivate({ id: current.id, private: false, passphrase: privatePass.value });
    current.private = false;
    privateDialog.close();
    draw();
    privateButton.focus();
  } catch (err) {
    privateForm.querySelector('.gate-error').textContent = errorText(err);
  } finally {
    privatePass.value = '';
    button.removeAttribute('disabled');
  }
}

async function writeVersion() {
  const letter = await stored();
  if (!letter) return;
  const his = await commands.letterWriteVersion({ of: letter.id, id: crypto.randomUUID() });
  await openLetter(his.id);
}

async function askRemind() {
  const letter = await stored();
  if (!letter) return;
  remindOn.type = 'date'; // not in the markup: see index.html
  remindOn.value = dayValue(letter.remind_ms ? new Date(letter.remind_ms) : daysAhead(2));
  byId('remind-clear', HTMLButtonElement).hidden = !letter.remind_ms;
  remindForm.querySelector('.gate-error').textContent = '';
  remindDialog.showModal();
}

async function remind(onMs) {
  await commands.letterRemind({ id: current.id, onMs });
  current.remind_ms = onMs;
  remindDialog.close();
  draw();
}

async function remindChosen(event) {
  event.preventDefault();
  const [year, month, day] = remindOn.value.split('-').map(Number);
  const on = new Date(year, month - 1, day).getTime();
  if (!Number.isFinite(on) || on <= Date.now()) {
    remindForm.querySelector('.gate-error').textContent = t('practice.remindFuture');
    return;
  }
  await remind(on).catch((err) => { remindForm.querySelector('.gate-error').textContent = errorText(err); });
}

/** @param {import('../lib/contract.js').Notice} notice */
function noticeText(notice) {
  const title = notice.title.trim() || t('letters.untitled');
  // In discreet mode the words say nothing of letters or of him.
  return t(`practice.${state.settings.discreet ? 'discreet' : 'notice'}.${notice.kind}`, { title });
}

/// After unlocking: what waits for her, said once and quietly. Never while locked or in a
/// hand-over (the backend answers neither).
export async function notify() {
  const due = await commands.letterNotices();
  if (!due.notices.length) return;
  asOf = due.as_of_ms;
  noticeList.replaceChildren(...due.notices.map((n) => el('li', {},
    el('button', { type: 'button', class: 'link', 'data-open': n.letter_id, text: noticeText(n) }))));
  noticePanel.hidden = false;
}

async function noticesSeen() {
  noticePanel.hidden = true;
  noticeList.replaceChildren();
  await commands.letterNoticesSeen({ asOfMs: asOf });
}

export function wire(app) {
  ({ savedId, openLetter, onNotice } = app);
  const { onError } = app;
  privateButton.addEventListener('click', () => togglePrivate().catch(onError));
  versionButton.addEventListener('click', () => writeVersion().catch(onError));
  remindButton.addEventListener('click', () => askRemind().catch(onError));
  privateForm.addEventListener('submit', unmark);
  remindForm.addEventListener('submit', remindChosen);
  byId('remind-clear', HTMLButtonElement).addEventListener('click', () => remind(null).catch(onError));
  for (const button of all('[data-remind]', remindDialog)) {
    button.addEventListener('click', () => { remindOn.value = dayValue(daysAhead(Number(button.dataset.remind))); });
  }
  for (const dialog of [privateDialog, remindDialog]) {
    dialog.querySelector('[data-close]').addEventListener('click', () => dialog.close());
  }
  byId('practice-notice-close', HTMLButtonElement).addEventListener('click', () => noticesSeen().catch(onError));
  noticeList.addEventListener('click', async (event) => {
    const button = closestTo(event, 'button[data-open]');
    if (!button) return;
    try {
      await noticesSeen();
      await openLetter(button.dataset.open);
    } catch (err) {
      onError(err);
    }
  });
}
