// Tips as cards (what you can do, what he can do) and the signs of healthy and unhealthy
// withdrawal, each linking back to the section it comes from.

import { call } from '../api.js';
import { t } from '../i18n.js';
import { state } from '../state.js';
import { el, renderInlines } from './render.js';

const content = document.getElementById('tips-content');

export async function show() {
  const view = await call('guide_tips', { guide: state.guide, lang: document.documentElement.lang });
  const group = (audience, titleKey) => {
    const tips = view.tips.filter((tip) => tip.audience === audience);
    if (!tips.length) return null;
    return el('section', { class: 'card-group', 'aria-labelledby': `group-${audience}` },
      el('h2', { id: `group-${audience}`, text: t(titleKey) }),
      el('ul', { class: 'cards' }, ...tips.map((tip) => el('li', { class: `card card-${audience}`, 'data-tip': tip.id },
        el('h3', { class: 'card-title', text: tip.title }),
        renderInlines(tip.body, el('p', { class: 'card-body' }))))));
  };
  const signs = (kind, titleKey) => el('section', { class: `signs signs-${kind}`, 'aria-labelledby': `signs-${kind}` },
    el('h3', { id: `signs-${kind}`, text: t(titleKey) }),
    el('ul', {}, ...view.signs.filter((s) => s.kind === kind).map((s) =>
      el('li', {}, el('span', { text: s.text }), ' ',
        el('button', { type: 'button', class: 'link', 'data-section': s.section, text: t('tips.read') })))));
  content.replaceChildren(
    group('tips_you', 'tips.you'),
    group('tips_him', 'tips.him'),
    el('section', { class: 'card-group', 'aria-labelledby': 'group-signs' },
      el('h2', { id: 'group-signs', text: t('tips.signs') }),
      el('div', { class: 'sign-columns' }, signs('healthy', 'tips.healthy'), signs('unhealthy', 'tips.unhealthy'))),
  );
}

export function wire() {
  content.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-section]');
    if (button) document.dispatchEvent(new CustomEvent('grot:open', { detail: { section: button.dataset.section } }));
  });
}
