// The keyboard help overlay, drawn from the shortcut table.

import { t } from '../lib/i18n.js';
import { SHORTCUTS } from '../lib/keys.js';
import { el } from '../lib/render.js';
import { byId } from '../lib/dom.js';

const dialog = byId('help', HTMLDialogElement);
const list = document.getElementById('shortcut-list');

export function render() {
  list.replaceChildren(...SHORTCUTS.flatMap((s) => [
    el('dt', {}, ...s.keys.flatMap((k, i) => (i ? [' ', el('kbd', { text: k })] : [el('kbd', { text: k })]))),
    el('dd', { text: t(s.label) }),
  ]));
}

export function toggle() {
  if (dialog.open) dialog.close();
  else dialog.showModal();
}

export function isOpen() {
  return dialog.open;
}
