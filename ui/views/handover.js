// Hand-over reading mode: one letter, read-only, full window, large calm type. The backend is
// in a state where nothing else answers; this page shows nothing else either, because it is a
// fresh page load that only ever draws the handed-over letter.

import { errorText } from '../lib/i18n.js';
import * as commands from '../lib/commands.js';

const view = document.getElementById('handover');

/// Called from the app: enters hand-over, then reloads so no other view exists in the page.
export async function start(id) {
  await commands.handoverStart({ id });
  window.location.reload();
}

/// Called at start-up when the backend is in hand-over.
export async function show() {
  const letter = await commands.handoverLetter();
  document.getElementById('handover-letter-title').textContent = letter.title;
  document.getElementById('handover-letter-body').textContent = letter.body;
  view.hidden = false;
  const form = document.getElementById('handover-leave-form');
  const fields = document.getElementById('handover-leave-fields');
  const pass = document.getElementById('handover-pass');
  document.getElementById('handover-done').addEventListener('click', () => {
    fields.hidden = false;
    pass.focus();
  });
  const button = form.querySelector('button[type=submit]');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // One check at a time: the button waits while the passphrase is checked.
    button.disabled = true;
    try {
      await commands.handoverLeave({ passphrase: pass.value });
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
  view.querySelector('.handover-letter').focus?.();
}
