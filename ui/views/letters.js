// The letters list: newest change first (or as chosen), search with marked snippets, and the
// trash with restore and purge. Only titles and counts are shown here, never a letter's text
// beyond the matched snippet of a search.

import { call } from '../api.js';
import { t } from '../i18n.js';
import { el, renderSnippet } from './render.js';

const list = document.getElementById('letter-list');
const status = document.getElementById('letters-status');
const search = document.getElementById('letter-search');
const sort = document.getElementById('letter-sort');
const trashToggle = document.getElementById('letter-trash-toggle');
let inTrash = false;
let generation = 0;

function when(ms) {
  return new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

function item(letter, extra = null) {
  const title = letter.title.trim() || t('letters.untitled');
  const meta = inTrash
    ? t('letters.deletedAt', { when: when(letter.deleted_ms) })
    : t('letters.meta', { words: letter.words, minutes: letter.reading_minutes, when: when(letter.updated_ms) });
  const body = [
    el('span', { class: 'letter-name', text: title }),
    letter.recipient ? el('span', { class: 'letter-to', text: t('letters.to', { name: letter.recipient }) }) : null,
    extra,
    el('span', { class: 'letter-meta', text: meta }),
  ];
  if (!inTrash) {
    return el('li', { class: 'letter-item', 'data-letter': letter.id },
      el('button', { type: 'button', class: 'letter-open', 'data-open': letter.id }, ...body));
  }
  return el('li', { class: 'letter-item in-trash', 'data-letter': letter.id },
    el('div', { class: 'letter-open' }, ...body),
    el('div', { class: 'letter-actions' },
      el('button', { type: 'button', class: 'chip', 'data-restore': letter.id, text: t('letters.restore') }),
      el('button', { type: 'button', class: 'chip danger', 'data-purge': letter.id, text: t('letters.purge') })));
}

export async function show() {
  const mine = ++generation;
  const query = search.value.trim();
  trashToggle.setAttribute('aria-pressed', String(inTrash));
  let items;
  if (inTrash) {
    const letters = await call('letter_trash');
    items = letters.map((l) => item(l));
    status.textContent = letters.length ? '' : t('letters.trashEmpty');
  } else if (query) {
    const hits = await call('letter_search', { query });
    items = hits.map((h) => item(h.letter, renderSnippet(h.snippet, el('span', { class: 'letter-snippet' }))));
    status.textContent = hits.length ? '' : t('letters.none', { query });
  } else {
    const letters = await call('letter_list', { sort: sort.value });
    items = letters.map((l) => item(l));
    status.textContent = letters.length ? '' : t('letters.empty');
  }
  if (mine === generation) list.replaceChildren(...items);
}

export function clear() {
  list.replaceChildren();
  search.value = '';
}

export function wire({ onOpen, onError }) {
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
    const target = event.target.closest('button');
    if (!target) return;
    try {
      if (target.dataset.open) await onOpen(target.dataset.open);
      if (target.dataset.restore) {
        await call('letter_restore', { id: target.dataset.restore });
        await show();
      }
      if (target.dataset.purge && window.confirm(t('letters.purgeConfirm'))) {
        await call('letter_purge', { id: target.dataset.purge });
        await show();
      }
    } catch (err) {
      onError(err);
    }
  });
}
