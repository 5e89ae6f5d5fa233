// The letters list: newest change first (or as chosen), search with marked snippets, and the
// trash with restore and purge. Only titles and counts are shown here, never a letter's text
// beyond the matched snippet of a search.

import { errorText, formatWhen, t } from '../lib/i18n.js';
import { el, renderSnippet } from '../lib/render.js';
import { painted } from '../lib/painted.js';
import * as commands from '../lib/commands.js';
import { readText } from '../lib/when.js';
import { byId, closestTo, find } from '../lib/dom.js';

const list = byId('letter-list', HTMLUListElement);
const status = document.getElementById('letters-status');
const search = byId('letter-search', HTMLInputElement);
const sort = byId('letter-sort', HTMLSelectElement);
const trashToggle = byId('letter-trash-toggle', HTMLButtonElement);
let inTrash = false;
let generation = 0;

let shown = new Map(); // id → summary, for the items on screen

/**
 * @param {import('../lib/contract.js').Summary} letter
 * @param {number} [now]
 */
export function isSealed(letter, now = Date.now()) {
  return letter.sealed_until_ms !== null && now < letter.sealed_until_ms && letter.opened_early_ms === null;
}

/// "1 antwoord", "2 antwoorden", "Nieuw antwoord".
/** @param {import('../lib/contract.js').Summary} letter */
function answersText(letter) {
  if (letter.new_answers) return t('letters.newAnswer');
  return t(letter.answers === 1 ? 'letters.answerOne' : 'letters.answers', { count: letter.answers });
}

/**
 * @param {import('../lib/contract.js').Summary} letter
 * @param {Node | null} [extra]
 */
function item(letter, extra = null) {
  const title = letter.title.trim() || t('letters.untitled');
  shown.set(letter.id, letter);
  const sealed = isSealed(letter);
  const meta = inTrash
    ? t('letters.deletedAt', { when: formatWhen(letter.deleted_ms) })
    : sealed ? t('letters.sealed', { when: formatWhen(letter.sealed_until_ms) })
      : t(letter.words === 1 ? 'letters.metaOne' : 'letters.meta', { words: letter.words, minutes: letter.reading_minutes, when: formatWhen(letter.updated_ms) });
  const body = [
    el('span', { class: 'letter-name', text: title }),
    letter.recipient ? el('span', { class: 'letter-to', text: t('letters.to', { name: letter.recipient }) }) : null,
    extra,
    el('span', { class: 'letter-meta', text: meta }),
    letter.opened_early_ms !== null ? el('span', { class: 'early-mark', text: t('letters.openedEarly', { when: formatWhen(letter.opened_early_ms) }) }) : null,
    letter.read_ms !== null && !inTrash ? el('span', { class: 'letter-meta', text: readText(letter.read_ms, letter.read_ms + letter.read_for_ms) }) : null,
    letter.answers ? el('span', { class: `letter-answers${letter.new_answers ? ' new' : ''}`, text: answersText(letter) }) : null,
    ...practiceMarks(letter),
  ];
  if (!inTrash) {
    const action = sealed ? { 'data-sealed': letter.id } : { 'data-open': letter.id };
    return el('li', { class: `letter-item${sealed ? ' sealed' : ''}`, 'data-letter': letter.id },
      el('button', { type: 'button', class: 'letter-open', ...action }, ...body));
  }
  return el('li', { class: 'letter-item in-trash', 'data-letter': letter.id },
    el('div', { class: 'letter-open' }, ...body),
    el('div', { class: 'letter-actions' },
      el('button', { type: 'button', class: 'chip', 'data-restore': letter.id, text: t('letters.restore') }),
      el('button', { type: 'button', class: 'chip danger', 'data-purge': letter.id, text: t('letters.purge') })));
}

/// "Only for me" and its pair, his "not now", a reminder: small marks, no text.
/** @param {import('../lib/contract.js').Summary} letter */
function practiceMarks(letter) {
  if (inTrash) return [];
  const pair = letter.version_of ? 'letters.versionOf' : (letter.private && letter.version ? 'letters.hasVersion' : null);
  return [
    letter.private ? el('span', { class: 'practice-mark private-mark', text: t('letters.private') }) : null,
    pair ? el('span', { class: 'practice-mark', text: t(pair) }) : null,
    letter.not_now_ms !== null ? el('span', { class: 'practice-mark', text: t('letters.notNow') }) : null,
    letter.remind_ms !== null ? el('span', { class: 'practice-mark', text: t('letters.remind', { when: formatWhen(letter.remind_ms) }) }) : null,
  ];
}

export async function show() {
  const mine = ++generation;
  const query = search.value.trim();
  trashToggle.setAttribute('aria-pressed', String(inTrash));
  fetchMore = null;
  let rows;
  let makeItem = (l) => item(l);
  let more = null;
  if (inTrash) {
    rows = await commands.letterTrash();
    status.textContent = rows.length ? '' : t('letters.trashEmpty');
  } else if (query) {
    rows = await commands.letterSearch({ query });
    // Found in his answer: the snippet says so.
    const snippet = (h) => renderSnippet(h.snippet, el('span', { class: 'letter-snippet' }, h.in_answer ? el('span', { class: 'in-answer', text: t('letters.inAnswer') }) : null));
    makeItem = (h) => item(h.letter, snippet(h));
    status.textContent = rows.length ? '' : t('letters.none', { query });
  } else {
    const order = /** @type {import('../lib/contract.js').Sort} */ (sort.value);
    rows = await commands.letterList({ sort: order, offset: 0, limit: PAGE });
    status.textContent = rows.length ? '' : t('letters.empty');
    let offset = rows.length;
    if (rows.length === PAGE) {
      more = async function next() {
        const page = await commands.letterList({ sort: order, offset, limit: PAGE });
        offset += page.length;
        if (page.length < PAGE && fetchMore === next) fetchMore = null;
        return page;
      };
    }
  }
  // A newer show() has taken over: it alone sets what is drawn and fetched.
  if (mine !== generation) return;
  fetchMore = more;
  draw(rows, makeItem);
  painted('letters');
}

/// Items drawn at once; the next ones follow as the list scrolls toward its end, so thousands
/// of letters open as quickly as a few. The plain list also comes from the backend a page at
/// a time.
const BATCH = 50; // a window holds about a dozen: the first frame lays out only these
const PAGE = 200;
const end = el('li', { class: 'list-end', 'aria-hidden': 'true' });
const nearEnd = new IntersectionObserver((seen) => {
  if (seen.some((e) => e.isIntersecting)) drawMore().catch(() => {}); // tried again on the next scroll
}, { root: document.getElementById('main'), rootMargin: '600px' }); // the pane that scrolls
let waiting = [];
/** @type {(row: any) => HTMLElement} */
let make = (row) => item(row);
let fetchMore = null; // the next page of the list, while there is one
let fetching = false;

function draw(rows, makeItem) {
  shown = new Map();
  waiting = rows;
  make = makeItem;
  list.replaceChildren();
  drawBatch();
}

function drawBatch() {
  const next = waiting.slice(0, BATCH);
  waiting = waiting.slice(BATCH);
  end.remove();
  nearEnd.unobserve(end);
  list.append(...next.map(make));
  if (waiting.length || fetchMore) {
    // Observed afresh, so its first report says whether the end is still near.
    list.append(end);
    nearEnd.observe(end);
  }
}

async function drawMore() {
  if (fetching) return;
  if (waiting.length < BATCH && fetchMore) {
    fetching = true;
    const mine = generation;
    try {
      const page = await fetchMore();
      if (mine !== generation) return;
      waiting = waiting.concat(page);
    } finally {
      fetching = false;
    }
  }
  drawBatch();
}

export function clear() {
  waiting = [];
  fetchMore = null;
  shown = new Map();
  nearEnd.unobserve(end);
  list.replaceChildren();
  search.value = '';
}

export function wire({ onOpen, onSealed, onError }) {
  let typing;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => show().catch(onError), 150);
  });
  sort.addEventListener('change', () => show().catch(onError));
  trashToggle.addEventListener('click', () => {
    inTrash = !inTrash;
    show().catch(onError);
  });
  list.addEventListener('click', async (event) => {
    const target = closestTo(event, 'button');
    if (!target) return;
    try {
      if (target.dataset.open) await onOpen(target.dataset.open);
      if (target.dataset.sealed) onSealed(shown.get(target.dataset.sealed));
      if (target.dataset.restore) {
        await commands.letterRestore({ id: target.dataset.restore });
        await show();
      }
      if (target.dataset.purge) purge(target.dataset.purge);
    } catch (err) {
      onError(err);
    }
  });
}

/// Deleting for good says the truth: copies live on in the backups unless she asks that they
/// go too (a fresh backup then replaces all the others).
const purgeDialog = byId('purge-dialog', HTMLDialogElement);
const purgeForm = byId('purge-form', HTMLFormElement);
let purging = null;

function purge(id) {
  purging = id;
  byId('purge-backups', HTMLInputElement).checked = false;
  purgeForm.querySelector('.gate-error').textContent = '';
  purgeDialog.showModal();
}

purgeDialog.querySelector('[data-close]').addEventListener('click', () => purgeDialog.close());
purgeForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = find(purgeForm, 'button[type=submit]', HTMLButtonElement);
  button.disabled = true;
  try {
    await commands.letterPurge({ id: purging, fromBackups: byId('purge-backups', HTMLInputElement).checked });
    purgeDialog.close();
    await show();
  } catch (err) {
    purgeForm.querySelector('.gate-error').textContent = errorText(err);
  } finally {
    button.disabled = false;
  }
});
