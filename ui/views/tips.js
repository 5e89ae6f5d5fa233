// Tips as cards (what you can do, what he can do) and the signs of healthy and unhealthy
// withdrawal, each linking back to the section it comes from.

import { t } from '../lib/i18n.js';
import { state } from '../lib/state.js';
import * as bookmarks from '../lib/bookmarks.js';
import { el, renderInlines } from '../lib/render.js';
import * as commands from '../lib/commands.js';
import { closestTo } from '../lib/dom.js';

const content = document.getElementById('tips-content');

export async function show() {
  const view = await commands.guideTips({ guide: state.guide, lang: state.settings.lang });
  const card = (tip) => el('li', { class: `card card-${tip.audience}`, 'data-tip': tip.id },
    el('div', { class: 'card-head' },
      el('h3', { class: 'card-title', text: tip.title }),
      bookmarks.toggle('tip', tip.id, () => show())),
    renderInlines(tip.body, el('p', { class: 'card-body' })));
  const group = (id, titleKey, tips) => {
    if (!tips.length) return null;
    return el('section', { class: 'card-group', 'aria-labelledby': `group-${id}` },
      el('h2', { id: `group-${id}`, text: t(titleKey) }),
      el('ul', { class: 'cards' }, ...tips.map(card)));
  };
  const kept = view.tips.filter((tip) => bookmarks.has('tip', tip.id));
  const signs = (kind, titleKey) => el('section', { class: `signs signs-${kind}`, 'aria-labelledby': `signs-${kind}` },
    el('h3', { id: `signs-${kind}`, text: t(titleKey) }),
    el('ul', {}, ...view.signs.filter((s) => s.kind === kind).map((s) =>
      el('li', {}, el('span', { text: s.text }), ' ',
        el('button', { type: 'button', class: 'link', 'data-section': s.section, text: t('tips.read') })))));
  // An empty group is null; replaceChildren would show that as the text "null".
  content.replaceChildren(...[
    group('kept', 'tips.saved', kept),
    group('tips_you', 'tips.you', view.tips.filter((tip) => tip.audience === 'tips_you')),
    group('tips_him', 'tips.him', view.tips.filter((tip) => tip.audience === 'tips_him')),
    el('section', { class: 'card-group', 'aria-labelledby': 'group-signs' },
      el('h2', { id: 'group-signs', text: t('tips.signs') }),
      el('div', { class: 'sign-columns' }, signs('healthy', 'tips.healthy'), signs('unhealthy', 'tips.unhealthy'))),
  ].filter(Boolean));
}

export function wire() {
  content.addEventListener('click', (event) => {
    const button = closestTo(event, 'button[data-section]');
    if (button) document.dispatchEvent(new CustomEvent('grot:open', { detail: { section: button.dataset.section } }));
  });
}
