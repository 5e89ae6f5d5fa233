// Search results: one entry per section, its best snippet with the matches marked.

import { t } from '../lib/i18n.js';
import { state } from '../lib/state.js';
import { el, renderSnippet } from '../lib/render.js';
import * as commands from '../lib/commands.js';
import { byId, closestTo } from '../lib/dom.js';

const status = document.getElementById('search-status');
const results = byId('search-results', HTMLOListElement);
let generation = 0;

export async function run(query) {
  state.query = query;
  const mine = ++generation;
  const trimmed = query.trim();
  if (!trimmed) {
    results.replaceChildren();
    status.textContent = t('search.empty');
    return;
  }
  const hits = await commands.guideSearch({ query: trimmed, lang: state.settings.lang });
  if (mine !== generation) return;
  status.textContent = hits.length === 0 ? t('search.none', { query: trimmed })
    : hits.length === 1 ? t('search.one', { query: trimmed })
      : t('search.count', { n: hits.length, query: trimmed });
  results.replaceChildren(...hits.map((hit) => el('li', { class: 'result' },
    el('button', { type: 'button', class: 'result-open', 'data-section': hit.section, 'data-block': hit.block ?? '' },
      el('span', { class: 'result-title', text: hit.section_title }),
      renderSnippet(hit.snippet, el('span', { class: 'result-snippet' })),
      el('span', { class: 'result-count', text: t('search.matches', { n: hit.matches }) })))));
}

export function wire() {
  results.addEventListener('click', (event) => {
    const button = closestTo(event, 'button[data-section]');
    if (!button) return;
    const block = button.dataset.block === '' ? null : Number(button.dataset.block);
    document.dispatchEvent(new CustomEvent('grot:open', { detail: { section: button.dataset.section, block } }));
  });
}

export function focusFirstResult() {
  results.querySelector('button')?.focus();
}
