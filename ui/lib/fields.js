// Text fields: putting words in where the caret is, as typing would.

/// Puts `text` at the caret of `field` (replacing a selection), with a space before it when it
/// would otherwise run into the word before, and focuses the field. The caller saves.
export function insertAtCaret(field, text) {
  const { selectionStart, selectionEnd, value } = field;
  const before = value.slice(0, selectionStart);
  const spaced = before && !/\s$/.test(before) ? ` ${text}` : text;
  field.setRangeText(spaced, selectionStart, selectionEnd, 'end');
  field.focus();
}
