// The library of sentences to say, grouped by section, with a filter that ignores case and
// accents. (Inserting them into a letter comes with the letters composer.)

import { t } from '../lib/i18n.js';
import { state } from '../lib/state.js';
import { el } from '../lib/render.js';
import * as commands from '../lib/commands.js';
import { byId, closestTo } from '../lib/dom.js';

const content = document.getElementById('phrases-content');
const filter = byId('phrase-filter', HTMLInputElement);
let phrases = [];

const fold = (s) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

export async function show() {
  phrases = await commands.guidePhrases({ guide: state.guide, lang: state.settings.lang });
  render();
}

function render() {
  const needle = fold(filter.value.trim());
  const shown = phrases.filter((p) => !needle || fold(p.text).includes(needle));
  if (!shown.length) {
    content.replaceChildren(el('p', { class: 'status', text: t('phrases.none') }));
    return;
  }
  const groups = [];
  for (const p of shown) {
    let group = groups.find((g) => g.section === p.section);
    if (!group) groups.push(group = { section: p.section, title: p.section_title, items: [] });
    group.items.push(p);
  }
  content.replaceChildren(...groups.map((g) => el('section', { class: 'phrase-group', 'aria-labelledby': `pg-${g.section}` },
    el('h2', { id: `pg-${g.section}`, text: g.title }),
    el('ul', { class: 'phrase-list' }, ...g.items.map((p) => el('li', { class: 'phrase-item', 'data-phrase': p.id },
      el('blockquote', { text: p.text }),
      el('button', { type: 'button', class: 'link', 'data-section': p.section, text: t('phrases.context') })))))));
}

export function wire() {
  filter.addEventListener('input', render);
  content.addEventListener('click', (event) => {
    const button = closestTo(event, 'button[data-section]');
    if (button) document.dispatchEvent(new CustomEvent('grot:open', { detail: { section: button.dataset.section } }));
  });
}
