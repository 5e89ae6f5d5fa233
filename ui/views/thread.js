// His answers, as she reads them: the calm notice after unlocking, the thread under her letter
// (his answers with their dates, and when it was read and for how long), and the conversation
// with one person (her letters to him and his answers, in time order). Read-only.

import { formatWhen, t } from '../lib/i18n.js';
import { el } from '../lib/render.js';
import * as commands from '../lib/commands.js';
import { readText } from '../lib/when.js';
import { byId } from '../lib/dom.js';

const notice = document.getElementById('answers-notice');
const aside = document.getElementById('thread');
const reads = document.getElementById('thread-reads');
const list = byId('thread-list', HTMLOListElement);
const toConversation = byId('thread-conversation', HTMLButtonElement);
const conversationList = byId('conversation-list', HTMLOListElement);
let recipient = '';

/// One thing said: her letter or his answer, its moment, its text.
function said(who, atMs, text, title = null) {
  return el('li', { class: `said said-${who}` },
    el('p', { class: 'said-meta', text: t(`thread.${who}`, { when: formatWhen(atMs), title: title ?? '' }) }),
    text === null ? null : el('p', { class: 'said-text', text }));
}

/// After unlocking: says, once and quietly, which letter got an answer.
export async function notify() {
  const news = await commands.letterNewAnswers();
  if (!news.length) return;
  const first = news[0];
  document.getElementById('answers-notice-text').textContent = news.length === 1
    ? t('answers.one', { title: first.title.trim() || t('letters.untitled') })
    : t('answers.many', { count: news.length });
  notice.dataset.letter = first.letter_id;
  notice.hidden = false;
}

/// The thread under the letter she opened (none for a new letter). Seeing it marks his answers seen.
export async function show(letter) {
  clear();
  if (!letter) return;
  const thread = await commands.letterThread({ id: letter.id });
  recipient = letter.recipient.trim();
  reads.textContent = thread.readings.map((r) => readText(r.started_ms, r.ended_ms)).join(' · ');
  list.replaceChildren(...thread.answers.map((a) => said('answer', a.created_ms, a.body)));
  toConversation.hidden = !recipient;
  toConversation.textContent = t('thread.conversation', { name: recipient });
  aside.hidden = !(thread.answers.length || thread.readings.length || recipient);
  document.getElementById('thread-title').hidden = thread.answers.length === 0;
  if (letter.new_answers) await commands.letterAnswersSeen({ id: letter.id });
}

/// Takes the thread out of the page (the letter was left).
export function clear() {
  aside.hidden = true;
  reads.textContent = '';
  list.replaceChildren();
  conversationList.replaceChildren();
  recipient = '';
}

/// Her letters to `name` and his answers, oldest first; a sealed letter by its title only.
export async function showConversation(name) {
  const all = await commands.letterConversation({ recipient: name });
  document.getElementById('conversation-title').textContent = t('conversation.title', { name });
  document.getElementById('conversation-status').textContent = all.length ? '' : t('conversation.empty');
  conversationList.replaceChildren(...all.map((s) => {
    const title = s.title.trim() || t('letters.untitled');
    if (s.who === 'letter' && s.body === null) {
      return said('sealed', s.at_ms, t('letters.sealed', { when: formatWhen(s.sealed_until_ms) }), title);
    }
    return said(s.who === 'letter' ? 'letter' : 'answerTo', s.at_ms, s.body, title);
  }));
}

export function wire({ onOpen, onConversation, onBack, onError }) {
  // "Lezen": the letter, and his answers under it in view.
  byId('answers-notice-open', HTMLButtonElement).addEventListener('click', async () => {
    notice.hidden = true;
    try {
      await onOpen(notice.dataset.letter);
      document.getElementById('thread-title').focus();
    } catch (err) {
      onError(err);
    }
  });
  byId('answers-notice-close', HTMLButtonElement).addEventListener('click', () => { notice.hidden = true; });
  toConversation.addEventListener('click', () => onConversation(recipient).catch(onError));
  byId('conversation-back', HTMLButtonElement).addEventListener('click', () => onBack().catch(onError));
}
