// Focus mode: nothing but the letter, in a centred column; the paragraph she is in at full
// contrast and the rest dimmed (a mask on the field whose bright band is two CSS variables);
// and the caret kept at a steady height while she types (typewriter scrolling). Ctrl+E enters
// and leaves; Esc leaves.
//
// Where things are in the text is measured with a copy of it laid out the same way, which walks
// the text: that happens when she enters focus mode, moves the caret, or pauses. A keystroke at
// the end of the letter (the usual case) costs two numbers: the text grew by some lines under
// the caret, so it scrolls up by as much and the paragraph's top moves up with it.

import { byId } from '../lib/dom.js';

const root = document.documentElement;
const body = byId('letter-body', HTMLTextAreaElement);
/// Where the caret's line stays, as a share of the field's height.
const LINE_AT = 0.45;
/// After a pause in typing inside the text (not at its end), everything is measured again.
const SETTLE_MS = 250;
let lastHeight = 0;
let paragraphTop = 0;   // in the field's visible box, px
let settle = null;

export function isOn() {
  return root.dataset.focus === 'true';
}

export function toggle() {
  if (isOn()) leave();
  else enter();
}

function enter() {
  root.dataset.focus = 'true';
  body.focus();
  centre();
}

export function leave() {
  clearTimeout(settle);
  delete root.dataset.focus;
}

/// How far below the top of the text the line holding character `at` starts.
function lineTop(at) {
  const style = getComputedStyle(body);
  const mirror = document.createElement('div');
  for (const name of ['font', 'letterSpacing', 'wordSpacing', 'lineHeight', 'tabSize', 'paddingLeft', 'paddingRight', 'paddingTop', 'boxSizing']) {
    mirror.style[name] = style[name];
  }
  Object.assign(mirror.style, { position: 'absolute', visibility: 'hidden', whiteSpace: 'pre-wrap', overflowWrap: 'break-word', width: `${body.clientWidth}px` });
  mirror.textContent = body.value.slice(0, at);
  const mark = document.createElement('span');
  mark.textContent = '\u200b';
  mirror.append(mark);
  document.body.append(mirror);
  const top = mark.offsetTop;
  mirror.remove();
  return top;
}

function lineHeight() {
  return parseFloat(getComputedStyle(body).lineHeight) || 24;
}

/// Lights the band from `top` to `bottom` (px in the field's visible box).
function light(top, bottom) {
  paragraphTop = top;
  body.style.setProperty('--lit-top', `${Math.round(top)}px`);
  body.style.setProperty('--lit-bottom', `${Math.round(bottom)}px`);
}

/// Puts the caret's line at its height and lights the paragraph around it.
function centre() {
  if (!isOn()) return;
  const { value, selectionEnd: caret } = body;
  body.scrollTop = lineTop(caret) - body.clientHeight * LINE_AT;
  lastHeight = body.scrollHeight;
  const start = value.lastIndexOf('\n\n', caret - 1);
  const end = value.indexOf('\n\n', caret);
  const top = lineTop(start < 0 ? 0 : start + 2) - body.scrollTop;
  const bottom = (end < 0 ? lineTop(value.length) : lineTop(end)) + lineHeight() - body.scrollTop;
  light(top, bottom);
}

/// A keystroke at the end of the letter: the text grew by whole lines under the caret, so it
/// moves up by as much (the caret stays), and so does the paragraph's top. A new paragraph
/// starts at the caret's line. Inside the text, everything is measured after a pause.
function typed() {
  if (!isOn()) return;
  if (body.selectionEnd === body.value.length) {
    const grown = body.scrollHeight - lastHeight;
    lastHeight = body.scrollHeight;
    if (grown) body.scrollTop += grown;
    const caretLine = body.clientHeight * LINE_AT;
    const top = body.value.endsWith('\n\n') ? caretLine : paragraphTop - grown;
    light(top, caretLine + lineHeight());
    return;
  }
  clearTimeout(settle);
  settle = setTimeout(centre, SETTLE_MS);
}

const MOVES = ['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End'];

export function wire() {
  body.addEventListener('input', typed);
  body.addEventListener('keyup', (event) => { if (MOVES.includes(event.key)) centre(); });
  body.addEventListener('pointerup', () => centre());
  // Back to the text (after a shortcut changed the theme or the text size): measured again,
  // after WebKit has brought the caret into view its own way.
  body.addEventListener('focus', () => requestAnimationFrame(() => centre()));
  window.addEventListener('resize', () => centre());
}
