// Focus mode: nothing but the letter, in a centred column; the lines around the caret at full
// contrast and the rest dimmed (a mask fixed to the field, so it costs nothing per keystroke);
// and the caret kept at a steady height while she types (typewriter scrolling). Ctrl+E enters
// and leaves; Esc leaves.

const root = document.documentElement;
const body = document.getElementById('letter-body');
/// Where the caret's line stays, as a share of the field's height (the mask's bright band).
const LINE_AT = 0.45;
/// After a pause in typing inside the text (not at its end), the caret is put back on its line.
const SETTLE_MS = 250;
let lastHeight = 0;
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

/// The caret's distance from the top of the text: a copy of the field's text up to the caret,
/// laid out the same way. Walks that much text, so it runs when she enters focus mode, after
/// she moves the caret, and after a pause; never on a keystroke at the end of the letter.
function caretTop() {
  const style = getComputedStyle(body);
  const mirror = document.createElement('div');
  for (const name of ['font', 'letterSpacing', 'wordSpacing', 'lineHeight', 'tabSize', 'paddingLeft', 'paddingRight', 'paddingTop', 'boxSizing']) {
    mirror.style[name] = style[name];
  }
  Object.assign(mirror.style, { position: 'absolute', visibility: 'hidden', whiteSpace: 'pre-wrap', overflowWrap: 'break-word', width: `${body.clientWidth}px` });
  mirror.textContent = body.value.slice(0, body.selectionEnd);
  const mark = document.createElement('span');
  mark.textContent = '\u200b';
  mirror.append(mark);
  document.body.append(mirror);
  const top = mark.offsetTop;
  mirror.remove();
  return top;
}

function centre() {
  if (!isOn()) return;
  body.scrollTop = caretTop() - body.clientHeight * LINE_AT;
  lastHeight = body.scrollHeight;
}

/// Typing at the end of the letter (the usual case) grows it by whole lines under the caret:
/// the text moves up by as much, which keeps the caret where it was. Inside the text, the caret
/// is put back after a pause.
function typed() {
  if (!isOn()) return;
  if (body.selectionEnd === body.value.length) {
    const grown = body.scrollHeight - lastHeight;
    lastHeight = body.scrollHeight;
    if (grown) body.scrollTop += grown;
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
  // Back to the text (after a shortcut changed the theme or the text size): the caret's line
  // returns to its place, after WebKit has brought the caret into view its own way.
  body.addEventListener('focus', () => requestAnimationFrame(() => centre()));
  window.addEventListener('resize', () => centre());
}
