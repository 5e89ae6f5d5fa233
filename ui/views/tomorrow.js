// Write now, read tomorrow: when she hands over or exports a letter she changed in the last ten
// minutes and the tone check flagged something in it, Grot offers, once per letter and gently,
// to seal it until tomorrow morning first, as the guide advises (he reads it once he is out of
// his cave). One click goes on anyway.

import { errorText, formatWhen, t } from '../lib/i18n.js';
import { quickChoice } from '../lib/when.js';
import * as commands from '../lib/commands.js';
import { state } from '../lib/state.js';
import { byId } from '../lib/dom.js';

const dialog = byId('tomorrow-dialog', HTMLDialogElement);
const offered = new Set();  // letters offered to in this run of the app: once each
let pending = null;          // { id, until, resolve }

/// Before a hand-over or an export of letter `id`: answers 'go', 'sealed' (she chose to wait),
/// or 'cancel' (she closed the question). Before a hand-over it is offered every time unless she
/// turned that off in the settings.
export function offer({ id, recent, flagged, handover }) {
  const always = handover && state.settings.wait_before_handover;
  if (offered.has(id) || !(always || (recent && flagged))) return Promise.resolve('go');
  offered.add(id);
  const until = quickChoice('morning').getTime();
  const lead = recent && flagged ? 'tomorrow.lead' : 'tomorrow.leadAlways';
  document.getElementById('tomorrow-lead').textContent = t(lead, { when: formatWhen(until) });
  dialog.querySelector('.gate-error').textContent = '';
  return new Promise((resolve) => {
    pending = { id, until, resolve };
    dialog.showModal();
  });
}

function answer(choice) {
  const done = pending;
  pending = null;
  dialog.close();
  done?.resolve(choice);
}

export function wire() {
  byId('tomorrow-go', HTMLButtonElement).addEventListener('click', () => answer('go'));
  byId('tomorrow-seal', HTMLButtonElement).addEventListener('click', async () => {
    try {
      await commands.letterSeal({ id: pending.id, untilMs: pending.until });
      answer('sealed');
    } catch (err) {
      dialog.querySelector('.gate-error').textContent = errorText(err);
    }
  });
  dialog.addEventListener('close', () => answer('cancel'));
}
