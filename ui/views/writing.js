// Writing help from the guide: insert one of its sentences at the cursor (searchable, by
// section), or start a letter from a template. Everything shown here comes from the backend
// as text and is drawn with textContent.

import { t } from '../lib/i18n.js';
import { state } from '../lib/state.js';
import { el } from '../lib/render.js';
import * as commands from '../lib/commands.js';
import { byId, closestTo } from '../lib/dom.js';

const phraseDialog = byId('phrase-dialog', HTMLDialogElement);
const phraseFilter = byId('phrase-dialog-filter', HTMLInputElement);
const phraseList = document.getElementById('phrase-dialog-list');
const templateDialog = byId('template-dialog', HTMLDialogElement);
const templateList = byId('template-list', HTMLUListElement);
let phrases = [];
/** @type {(text: string) => void} */
let onPhrase = () => {};
/** @type {(template: import('../lib/contract.js').Template) => void} */
let onTemplate = () => {};
/** @type {import('../lib/contract.js').Template[]} */
let shownTemplates = [];

const fold = (s) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

function drawPhrases() {
  const needle = fold(phraseFilter.value.trim());
  const groups = new Map();
  for (const p of phrases.filter((p) => !needle || fold(p.text).includes(needle))) {
    if (!groups.has(p.section)) groups.set(p.section, { title: p.section_title, items: [] });
    groups.get(p.section).items.push(p);
  }
  phraseList.replaceChildren(...[...groups.values()].map((g) => el('section', { class: 'picker-group' },
    el('h3', { text: g.title }),
    el('ul', {}, ...g.items.map((p) => el('li', {},
      el('button', { type: 'button', class: 'picker-item', 'data-phrase': p.id, text: p.text })))))));
  if (!groups.size) phraseList.replaceChildren(el('p', { class: 'status', text: t('phrases.none') }));
}

export async function pickPhrase(insert) {
  onPhrase = insert;
  phrases = await commands.guidePhrases({ guide: state.guide, lang: state.settings.lang });
  phraseFilter.value = '';
  drawPhrases();
  phraseDialog.showModal();
  phraseFilter.focus();
}

export async function pickTemplate(start) {
  onTemplate = start;
  const templates = await commands.guideTemplates({ lang: state.settings.lang });
  templateList.replaceChildren(...templates.map((tpl) => el('li', {},
    el('button', { type: 'button', class: 'picker-item', 'data-template': tpl.id },
      el('strong', { text: tpl.title }),
      el('span', { class: 'picker-preview', text: tpl.body.trim().split('\n').filter(Boolean).slice(1, 2).join(' ') })))));
  shownTemplates = templates;
  templateDialog.showModal();
}

export function wire() {
  for (const dialog of [phraseDialog, templateDialog]) {
    dialog.querySelector('[data-close]').addEventListener('click', () => dialog.close());
  }
  phraseFilter.addEventListener('input', drawPhrases);
  phraseList.addEventListener('click', (event) => {
    const button = closestTo(event, 'button[data-phrase]');
    if (!button) return;
    phraseDialog.close();
    onPhrase(phrases.find((p) => p.id === button.dataset.phrase).text);
  });
  templateList.addEventListener('click', (event) => {
    const button = closestTo(event, 'button[data-template]');
    if (!button) return;
    templateDialog.close();
    onTemplate(shownTemplates.find((tpl) => tpl.id === button.dataset.template));
  });
}
