// Hand-over reading mode: one letter, read-only, full window, large calm type, and below it a
// field for his answer. The backend is in a state where nothing else answers (but saving that
// one answer); this page shows nothing else either, because it is a fresh page load that only
// ever draws the handed-over letter and the answer written in this hand-over.

import { errorText } from '../lib/i18n.js';
import { el } from '../lib/render.js';
import * as commands from '../lib/commands.js';
import { Autosave, showState } from '../lib/autosave.js';
import { insertAtCaret } from '../lib/fields.js';
import { byId, find, one } from '../lib/dom.js';

const view = document.getElementById('handover');
const answerInput = byId('answer-body', HTMLTextAreaElement);
const indicator = document.getElementById('answer-state');
let answer = null; // his answer's Autosave

/// Called from the app: enters hand-over, then reloads so no other view exists in the page.
export async function start(id) {
  await commands.handoverStart({ id });
  window.location.reload();
}

/// Saves his answer as it is now: before leaving, and before the app locks.
export async function flush() {
  await answer?.flush();
}

/// Puts a starter at the cursor, as typing would: he makes it his own from there.
function insert(text) {
  insertAtCaret(answerInput, text);
  answer.edited();
}

function wireAnswer(shown) {
  answer = new Autosave(shown.answer, {
    read: () => ({ body: answerInput.value }),
    show: (state, reason) => showState(indicator, state, reason),
    send: (sent) => commands.handoverAnswerSave({ answer: sent }),
  });
  answerInput.value = shown.answer?.body ?? '';
  answerInput.lang = shown.letter.lang ?? '';
  answerInput.addEventListener('input', () => answer.edited());
  answerInput.addEventListener('blur', () => flush());
  document.getElementById('answer-starters').replaceChildren(...shown.starters.map((s) =>
    el('button', { type: 'button', class: 'chip', title: s.text, 'data-starter': s.id, text: s.label, onclick: () => insert(s.text) })));
}

/// Called at start-up when the backend is in hand-over.
export async function show() {
  const shown = await commands.handoverLetter();
  const { letter } = shown;
  document.getElementById('handover-letter-title').textContent = letter.title;
  document.getElementById('handover-letter-body').textContent = letter.body;
  wireAnswer(shown);
  view.hidden = false;
  const form = byId('handover-leave-form', HTMLFormElement);
  const fields = document.getElementById('handover-leave-fields');
  const pass = byId('handover-pass', HTMLInputElement);
  byId('handover-done', HTMLButtonElement).addEventListener('click', async () => {
    await flush();
    fields.hidden = false;
    pass.focus();
  });
  // He would rather read it another time: no passphrase (he has none); the app locks.
  byId('handover-not-now', HTMLButtonElement).addEventListener('click', async () => {
    try {
      await flush();
    } finally {
      await commands.handoverNotNow().catch(() => {});
      window.location.reload();
    }
  });
  const button = find(form, 'button[type=submit]', HTMLButtonElement);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // One check at a time: the button waits while the passphrase is checked.
    button.disabled = true;
    try {
      await flush();
      await commands.handoverLeave({ passphrase: pass.value });
      answer.stop();
      // Back to the writer's app, on the same letter.
      window.location.hash = `open=${letter.id}`;
      window.location.reload();
    } catch (err) {
      form.querySelector('.gate-error').textContent = errorText(err);
    } finally {
      pass.value = '';
      button.disabled = false;
    }
  });
  // Reading is activity: the hand-over's own idle limit counts from the last scroll or key.
  let lastTouch = 0;
  for (const type of ['keydown', 'pointerdown', 'wheel', 'scroll']) {
    document.addEventListener(type, () => {
      if (Date.now() - lastTouch < 30_000) return;
      lastTouch = Date.now();
      commands.sessionTouch().catch(() => {});
    }, { passive: true, capture: true });
  }
  one('.handover-letter', view)?.focus();
}
