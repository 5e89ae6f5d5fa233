//! Letters and the tone check. Store work runs in `async` commands, off the UI thread.

use secrecy::SecretString;
use tauri::State;

use crate::clock::now_ms;
use crate::error::Result;
use crate::lang::Lang;
use crate::session::Session;
use crate::store::letters::{
    Draft, Feeling, HowItWent, Letter, LetterHit, LetterId, Mood, NewAnswers, Notices, Revision, RevisionSummary, Said, SaveAck,
    SnapshotReason, Sort, Summary, Thread,
};
use crate::tone::Flag;

#[tauri::command]
pub async fn letter_save(session: State<'_, Session>, draft: Draft) -> Result<SaveAck> {
    session.with_store(|s| s.save(&draft, now_ms()))
}

/// The language she writes the letter in (its spell check follows), or none for the app's.
#[tauri::command]
pub async fn letter_set_lang(session: State<'_, Session>, id: LetterId, lang: Option<Lang>) -> Result<()> {
    session.with_store(|s| s.set_lang(&id, lang))
}

#[tauri::command]
pub async fn letter_get(session: State<'_, Session>, id: LetterId) -> Result<Letter> {
    session.with_store(|s| s.letter(&id, now_ms()))
}

#[tauri::command]
pub async fn letter_list(session: State<'_, Session>, sort: Sort, offset: Option<usize>, limit: Option<usize>) -> Result<Vec<Summary>> {
    session.with_store(|s| s.list_page(sort, offset.unwrap_or(0), limit, now_ms()))
}

#[tauri::command]
pub async fn letter_trash(session: State<'_, Session>) -> Result<Vec<Summary>> {
    session.with_store(|s| s.trash(now_ms()))
}

#[tauri::command]
pub async fn letter_delete(session: State<'_, Session>, id: LetterId) -> Result<()> {
    session.with_store(|s| s.delete(&id, now_ms()))
}

#[tauri::command]
pub async fn letter_restore(session: State<'_, Session>, id: LetterId) -> Result<()> {
    session.with_store(|s| s.restore(&id))
}

/// Deletes for good; with `from_backups`, from every backup too (a fresh one replaces them).
#[tauri::command]
pub async fn letter_purge(session: State<'_, Session>, id: LetterId, from_backups: Option<bool>) -> Result<()> {
    session.purge(&id, from_backups.unwrap_or(false))
}

#[tauri::command]
pub async fn letter_search(session: State<'_, Session>, query: String) -> Result<Vec<LetterHit>> {
    session.with_store(|s| s.search(&query, now_ms()))
}

#[tauri::command]
pub async fn letter_revisions(session: State<'_, Session>, id: LetterId) -> Result<Vec<RevisionSummary>> {
    session.with_store(|s| s.revisions(&id, now_ms()))
}

#[tauri::command]
pub async fn letter_revision(session: State<'_, Session>, id: LetterId, revision: i64) -> Result<Revision> {
    session.with_store(|s| s.revision(&id, revision, now_ms()))
}

#[tauri::command]
pub async fn letter_restore_revision(session: State<'_, Session>, id: LetterId, revision: i64) -> Result<Letter> {
    session.with_store(|s| s.restore_revision(&id, revision, now_ms()))
}

#[tauri::command]
pub async fn letter_snapshot(session: State<'_, Session>, id: LetterId, reason: SnapshotReason) -> Result<()> {
    session.with_store(|s| s.snapshot(&id, reason.as_str(), now_ms()))
}

#[tauri::command]
pub async fn letter_seal(session: State<'_, Session>, id: LetterId, until_ms: i64) -> Result<()> {
    session.with_store(|s| s.seal(&id, until_ms, now_ms()))
}

#[tauri::command]
pub async fn letter_open_early(session: State<'_, Session>, id: LetterId, passphrase: SecretString) -> Result<Letter> {
    session.open_early(&id, &passphrase)
}

/// His answers to a letter and its read log (refused while the letter is sealed).
#[tauri::command]
pub async fn letter_thread(session: State<'_, Session>, id: LetterId) -> Result<Thread> {
    session.with_store(|s| s.thread(&id, now_ms()))
}

/// Letters with answers she has not seen yet: the notice after unlocking.
#[tauri::command]
pub async fn letter_new_answers(session: State<'_, Session>) -> Result<Vec<NewAnswers>> {
    session.with_store(|s| s.new_answers(now_ms()))
}

/// She has seen a letter's answers.
#[tauri::command]
pub async fn letter_answers_seen(session: State<'_, Session>, id: LetterId) -> Result<()> {
    session.with_store(|s| s.answers_seen(&id, now_ms()))
}

/// Her letters to one person and his answers, oldest first.
#[tauri::command]
pub async fn letter_conversation(session: State<'_, Session>, recipient: String) -> Result<Vec<Said>> {
    session.with_store(|s| s.conversation(&recipient, now_ms()))
}

/// "Only for me" on, or off (which needs her passphrase).
#[tauri::command]
pub async fn letter_set_private(session: State<'_, Session>, id: LetterId, private: bool, passphrase: Option<SecretString>) -> Result<()> {
    session.set_private(&id, private, passphrase.as_ref())
}

/// The letter for him, written from her private letter `of` (made under `id` the first time).
#[tauri::command]
pub async fn letter_write_version(session: State<'_, Session>, of: LetterId, id: LetterId) -> Result<Letter> {
    session.with_store(|s| s.write_version(&of, &id, now_ms()))
}

/// Remind her of a letter from a day on (or no more).
#[tauri::command]
pub async fn letter_remind(session: State<'_, Session>, id: LetterId, on_ms: Option<i64>) -> Result<()> {
    session.with_store(|s| s.remind(&id, on_ms, now_ms()))
}

/// The quiet notices after unlocking: his "not now", reminders due, seals opened.
#[tauri::command]
pub async fn letter_notices(session: State<'_, Session>) -> Result<Notices> {
    session.with_store(|s| s.notices(now_ms()))
}

/// She has seen the notices taken at `as_of_ms`.
#[tauri::command]
pub async fn letter_notices_seen(session: State<'_, Session>, as_of_ms: i64) -> Result<()> {
    session.with_store(|s| s.notices_seen(as_of_ms, now_ms()))
}

/// How she felt about a letter (replacing what she noted before).
#[tauri::command]
pub async fn letter_set_feelings(session: State<'_, Session>, id: LetterId, feelings: Vec<Feeling>) -> Result<()> {
    session.with_store(|s| s.set_feelings(&id, &feelings, now_ms()))
}

/// After a hand-over: how it went (or no more).
#[tauri::command]
pub async fn letter_set_outcome(session: State<'_, Session>, id: LetterId, outcome: Option<HowItWent>) -> Result<()> {
    session.with_store(|s| s.set_outcome(&id, outcome, now_ms()))
}

/// Her feelings and outcomes over time, for the quiet page that shows them by month.
#[tauri::command]
pub async fn letter_moods(session: State<'_, Session>) -> Result<Vec<Mood>> {
    session.with_store(|s| s.moods(now_ms()))
}

/// Marks blaming absolutes and demands in a text being written, with suggestions.
#[tauri::command]
pub async fn tone_check(session: State<'_, Session>, text: String) -> Result<Vec<Flag>> {
    session.require_unlocked()?;
    crate::tone::check(&text)
}
