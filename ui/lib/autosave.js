// Autosave that tells the truth: every edit raises `seq`; a save sends the whole letter with its
// seq, and the state says "saved" only when the backend acknowledged a durable commit of exactly
// that seq. A failed save keeps the text and tries again, waiting longer each time.

import * as commands from './commands.js';
import { errorText, t } from './i18n.js';

const DEBOUNCE_MS = 400;
const RETRY_MS = [1000, 2000, 5000, 10000];
const encoder = new TextEncoder();

/// Why the letter cannot be saved as it is (a part over its limit), or null. The fields have no
/// `maxlength`: a paste is never cut short without a word.
function tooLong({ title, recipient, body }) {
  const { maxBodyBytes, maxTitleChars, maxRecipientChars } = commands.LIMITS;
  if (encoder.encode(body).length > maxBodyBytes) return errorText({ code: commands.ERROR.tooLarge });
  if ([...(title ?? '')].length > maxTitleChars) return t('save.titleTooLong', { max: maxTitleChars });
  if ([...(recipient ?? '')].length > maxRecipientChars) return t('save.recipientTooLong', { max: maxRecipientChars });
  return null;
}

/// The indicator: says `state` ("saved", "dirty", "saving", "failed", "refused"), touching the
/// page only when what it says changes (every keystroke says "dirty" again).
export function showState(indicator, state, reason = '') {
  const text = t(`save.${state}`, { reason });
  if (indicator.dataset.state === state && indicator.textContent === text) return;
  indicator.dataset.state = state;
  indicator.textContent = text;
}

/// One text being written: a letter, or his answer in a hand-over. `read()` answers its fields
/// as they are now ({ title, recipient, body }, or { body }); `show(state, reason)` shows the
/// indicator; `saved(body)` runs after a durable save; `send(sent)` saves (a letter by
/// default) and answers the acknowledgement.
export class Autosave {
  /**
   * @param {{ id: string, seq: number } | null} found
   * @param {{ read: () => any, show: (state: string, detail?: string) => void, saved?: (body: string) => void, send?: (sent: any) => Promise<{ seq: number }> }} how
   */
  constructor(found, { read, show, saved = () => {}, send = (draft) => commands.letterSave({ draft }) }) {
    this.id = found?.id ?? crypto.randomUUID();
    this.seq = found?.seq ?? 0;
    this.savedSeq = this.seq;
    this.exists = Boolean(found);
    this.read = read;
    this.show = show;
    this.saved = saved;
    this.send = send;
    this.timer = null;
    this.retry = 0;
    this.saving = null;     // the save in flight, if any
    this.stopped = false;
    show('saved');
  }

  /// She changed something: a newer seq, saved after a pause in typing.
  edited() {
    this.seq += 1;
    this.show('dirty');
    this.later(DEBOUNCE_MS);
  }

  /// Timer-driven saves report through the indicator, not through a rejected promise.
  later(ms) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.save().catch(() => {}), ms);
  }

  /// Saves the letter as it is now. Resolves when that text (or a newer one) is durable.
  async save() {
    clearTimeout(this.timer);
    if (this.stopped || this.savedSeq === this.seq) return;
    if (this.saving) {
      await this.saving.catch(() => {});
      return this.save();
    }
    const sent = { id: this.id, ...this.read(), seq: this.seq };
    const refusal = tooLong(sent);
    if (refusal) {
      // Nothing is cut: the text stays as she wrote it, and the indicator says what is too long.
      this.show('refused', refusal);
      return;
    }
    this.show('saving');
    this.saving = this.send(sent);
    try {
      const ack = await this.saving;
      this.retry = 0;
      if (this.stopped) return;
      this.savedSeq = ack.seq;
      this.exists = true;
      this.saved(sent.body);
      if (ack.seq === this.seq) this.show('saved');
      else this.later(DEBOUNCE_MS);
    } catch (err) {
      if (this.stopped) return;
      // Say "trying again" only when it will: an oversized letter waits for her to shorten it.
      const retrying = err.code !== commands.ERROR.tooLarge && err.code !== commands.ERROR.locked;
      this.show(retrying ? 'failed' : 'refused', errorText(err));
      if (retrying) this.later(RETRY_MS[Math.min(this.retry++, RETRY_MS.length - 1)]);
      throw err;
    } finally {
      this.saving = null;
    }
  }

  /// Saves whatever is unsaved; used before lock, close and leaving the letter.
  async flush() {
    try {
      await this.save();
    } catch {
      // The indicator already says it failed; the text stays on screen.
    }
  }

  /// The letter is left: no more saves, no late answers.
  stop() {
    clearTimeout(this.timer);
    this.stopped = true;
  }
}
