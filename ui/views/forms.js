// Guided forms: a letter written step by step (a gentle start, after a quarrel, what she needs
// while he is in his cave, thanks for coming back). Each step asks one thing and says in one
// line why, from the guide; the tone check looks at each step as she writes it. At the end the
// steps become one letter, opened in the composer to be made her own. Nothing is stored until
// then: the steps live in this dialog only, and are emptied when it closes.

import { t } from '../lib/i18n.js';
import { state } from '../lib/state.js';
import { el } from '../lib/render.js';
import * as commands from '../lib/commands.js';
import { byId, closestTo } from '../lib/dom.js';

const dialog = byId('form-dialog', HTMLDialogElement);
const chooser = document.getElementById('form-choose');
const formList = byId('form-list', HTMLUListElement);
const stepper = byId('form-steps', HTMLFormElement);
const counter = document.getElementById('form-counter');
const prompt = document.getElementById('form-prompt');
const why = document.getElementById('form-why');
const field = byId('form-field', HTMLTextAreaElement);
const tone = byId('form-tone', HTMLUListElement);
const back = byId('form-back', HTMLButtonElement);
const next = byId('form-next', HTMLButtonElement);
/** @type {import('../lib/contract.js').Form[]} */
let forms = [];
/** @type {import('../lib/contract.js').Form | null} */
let form = null;
let texts = [];  // what she wrote at each step
let at = 0;      // the step shown
let toneTimer = null;
/** @type {(letter: { title: string, body: string }) => void} */
let onDone = () => {};

/// The steps as one letter: the greeting, a paragraph per step she wrote, the closing.
export function assemble(chosen, written) {
  const paragraphs = written.map((text) => text.trim()).filter((text, i) => text && text !== chosen.steps[i].start?.trim());
  return [chosen.greeting, ...paragraphs, chosen.closing].join('\n\n') + '\n';
}

export async function pick(done) {
  onDone = done;
  forms = await commands.guideForms({ lang: state.settings.lang });
  formList.replaceChildren(...forms.map((f) => el('li', {},
    el('button', { type: 'button', class: 'picker-item', 'data-form': f.id },
      el('strong', { text: f.title }),
      el('span', { class: 'picker-preview', text: f.lead })))));
  chooser.hidden = false;
  stepper.hidden = true;
  dialog.setAttribute('aria-labelledby', 'form-dialog-title');
  dialog.showModal();
}

function begin(id) {
  form = forms.find((f) => f.id === id);
  texts = form.steps.map((s) => s.start ?? '');
  chooser.hidden = true;
  stepper.hidden = false;
  dialog.setAttribute('aria-labelledby', 'form-title');
  show(0);
}

function show(step) {
  at = step;
  const s = form.steps[at];
  document.getElementById('form-title').textContent = form.title;
  counter.textContent = t('forms.step', { n: at + 1, of: form.steps.length });
  prompt.textContent = s.prompt;
  why.textContent = s.why;
  field.value = texts[at];
  back.hidden = at === 0;
  next.textContent = t(at === form.steps.length - 1 ? 'forms.done' : 'forms.next');
  tone.replaceChildren();
  field.focus();
  field.setSelectionRange(field.value.length, field.value.length);
  checkTone();
}

/// The tone check on this step alone, when she pauses.
function checkTone() {
  clearTimeout(toneTimer);
  toneTimer = setTimeout(async () => {
    const flags = await commands.toneCheck({ text: field.value }).catch(() => []);
    tone.replaceChildren(...flags.map((f) => el('li', {},
      el('span', { class: 'tone-text', text: t('forms.toneFlag', { text: f.text }) }), ' ', el('span', { text: f.suggestion }))));
  }, 300);
}

function close() {
  clearTimeout(toneTimer);
  form = null;
  texts = [];
  field.value = '';
  tone.replaceChildren();
  if (dialog.open) dialog.close();
}

async function forward(event) {
  event.preventDefault();
  texts[at] = field.value;
  if (at < form.steps.length - 1) {
    show(at + 1);
    return;
  }
  const letter = { title: '', body: assemble(form, texts) };
  close();
  onDone(letter);
}

export function wire({ onError }) {
  for (const button of dialog.querySelectorAll('[data-close]')) button.addEventListener('click', close);
  dialog.addEventListener('close', close);
  formList.addEventListener('click', (event) => {
    const button = closestTo(event, 'button[data-form]');
    if (button) begin(button.dataset.form);
  });
  field.addEventListener('input', checkTone);
  // Ctrl+Enter goes on, as the button does; Enter alone is a new line in her text.
  field.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.ctrlKey) stepper.requestSubmit();
  });
  back.addEventListener('click', () => {
    texts[at] = field.value;
    show(at - 1);
  });
  stepper.addEventListener('submit', (event) => forward(event).catch(onError));
}
