//! Letters in the store: save (an idempotent upsert), list and trash, revisions, seals,
//! full-text search. The letter is stored exactly as typed; the search index holds an
//! NFKC-normalised copy. Every read that may hide a sealed text is given the time `now_ms`.

use rusqlite::{params, Row};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::text::Segment;
pub use crate::text::MAX_BODY_BYTES;

mod answers;
mod id;
pub use answers::{Answer, AnswerAck, AnswerDraft, NewAnswers, Reading, Thread};
pub use id::LetterId;
mod conversation;
pub use conversation::{Said, Who};
#[cfg(test)]
mod answer_tests;
mod feelings;
pub use feelings::{Feeling, HowItWent, Mood};
mod list;
mod notices;
pub use notices::{Notice, NoticeKind, Notices};
mod pair;
#[cfg(test)]
mod practice_tests;
mod revisions;
mod save;
mod seal;
mod search;
mod takeout;
pub use takeout::{check_whole, BroughtIn, Whole};
#[cfg(test)]
pub(crate) mod tests;

pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_RECIPIENT_CHARS: usize = 120;
/// The highest `seq`: the largest integer JavaScript counts exactly, so the UI's `seq + 1`
/// never rounds, and the store's own `seq + 1` never overflows.
pub const MAX_SEQ: i64 = (1 << 53) - 1;
/// A new revision is kept when the last one is older than this.
pub const REVISION_EVERY_MS: i64 = 5 * 60 * 1000;
pub const WORDS_PER_MINUTE: u32 = 200;

/// What the composer sends: the whole letter, with its sequence number. `seq` grows with every
/// edit; a save whose `seq` is not newer than the stored one changes nothing, so a retried save
/// (its acknowledgement lost) never duplicates or forks a letter.
#[derive(Clone, Debug, Deserialize, ts_rs::TS)]
pub struct Draft {
    pub id: LetterId,
    pub title: String,
    pub recipient: String,
    pub body: String,
    pub seq: i64,
}

/// What is durable after a save: the stored sequence number, and when.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct SaveAck {
    pub id: LetterId,
    pub seq: i64,
    pub updated_ms: i64,
    pub words: i64,
    pub reading_minutes: i64,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct Summary {
    pub id: LetterId,
    pub title: String,
    pub recipient: String,
    pub created_ms: i64,
    pub updated_ms: i64,
    /// `None` while sealed: a sealed letter shows its title, recipient and seal date only.
    pub words: Option<i64>,
    pub reading_minutes: Option<i64>,
    pub deleted_ms: Option<i64>,
    /// Sealed until this moment (unless opened early): no text before then.
    pub sealed_until_ms: Option<i64>,
    /// When she opened it before its time, with her passphrase. Shown as "vroeg geopend".
    pub opened_early_ms: Option<i64>,
    /// His answers to it (`None` while sealed), and how many she has not seen yet.
    pub answers: Option<i64>,
    pub new_answers: Option<i64>,
    /// The last hand-over: when it began, and how long the letter was open (`None` while sealed).
    pub read_ms: Option<i64>,
    pub read_for_ms: Option<i64>,
    /// "Only for me": never handed over, exported or shown in a conversation.
    pub private: bool,
    /// The private letter this one was written from, as the version for him.
    pub version_of: Option<LetterId>,
    /// The version for him written from this (private) letter, unless it is in the trash.
    pub version: Option<LetterId>,
    /// He chose "not now" at its last hand-over (cleared when it is handed over again).
    pub not_now_ms: Option<i64>,
    /// The day she asked to be reminded of it.
    pub remind_ms: Option<i64>,
}

impl Summary {
    pub fn sealed_at(&self, now_ms: i64) -> bool {
        self.sealed_until_ms.is_some_and(|until| now_ms < until) && self.opened_early_ms.is_none()
    }

    /// As a list shows it: while sealed, nothing about its text (not even its length).
    fn into_listed(mut self, now_ms: i64) -> Summary {
        if self.sealed_at(now_ms) {
            self.words = None;
            self.reading_minutes = None;
            self.answers = None;
            self.new_answers = None;
            self.read_ms = None;
            self.read_for_ms = None;
        }
        self
    }

    fn words(&self) -> i64 {
        self.words.unwrap_or_default()
    }
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct Letter {
    #[serde(flatten)]
    pub summary: Summary,
    pub body: String,
    pub seq: i64,
    /// The language she writes this letter in, for its spell check; none: the app's language.
    pub lang: Option<Lang>,
    /// How she felt about it, and (after a hand-over) how it went.
    pub feelings: Vec<Feeling>,
    pub outcome: Option<HowItWent>,
}

/// Why the UI asks for a revision now: the app is locking, or she left the letter.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SnapshotReason {
    Lock,
    Closed,
}

impl SnapshotReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SnapshotReason::Lock => "lock",
            SnapshotReason::Closed => "closed",
        }
    }
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    Updated,
    Created,
    Title,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct RevisionSummary {
    pub id: i64,
    pub created_ms: i64,
    pub words: i64,
    pub reason: String,
    pub title: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct Revision {
    #[serde(flatten)]
    pub summary: RevisionSummary,
    pub body: String,
}

/// A search hit: the letter and a snippet whose matched words are marked.
#[derive(Clone, Debug, Serialize, PartialEq, ts_rs::TS)]
pub struct LetterHit {
    pub letter: Summary,
    pub snippet: Vec<Segment>,
    /// The snippet is from one of his answers, not from her letter.
    pub in_answer: bool,
}

pub fn word_count(text: &str) -> i64 {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count() as i64
}

pub fn reading_minutes(words: i64) -> i64 {
    if words == 0 {
        0
    } else {
        (words + i64::from(WORDS_PER_MINUTE) - 1) / i64::from(WORDS_PER_MINUTE)
    }
}

/// An answer's id (a letter's is a [`LetterId`], checked where it comes in).
fn check_id(id: &str) -> Result<()> {
    uuid::Uuid::parse_str(id).map(|_| ()).map_err(|_| Error::InvalidInput("answer id must be a UUID".into()))
}

/// A text she (or he) wrote is at most [`MAX_BODY_BYTES`]; `what` names it in the error.
fn check_body(body: &str, what: &str) -> Result<()> {
    if body.len() > MAX_BODY_BYTES {
        return Err(Error::TooLarge(format!("{what} of {} bytes; the limit is {MAX_BODY_BYTES}", body.len())));
    }
    Ok(())
}

/// A save's sequence number: from 1 to [`MAX_SEQ`].
fn check_seq(seq: i64) -> Result<()> {
    if !(1..=MAX_SEQ).contains(&seq) {
        return Err(Error::InvalidInput("seq runs from 1 to 2^53 - 1".into()));
    }
    Ok(())
}

fn check_draft(d: &Draft) -> Result<()> {
    check_body(&d.body, "body")?;
    if d.title.chars().count() > MAX_TITLE_CHARS || d.recipient.chars().count() > MAX_RECIPIENT_CHARS {
        return Err(Error::TooLarge("title or recipient".into()));
    }
    check_seq(d.seq)
}

/// The copy the search index sees: NFKC, without the control characters snippets use as marks.
fn index_text(s: &str) -> String {
    s.nfkc().filter(|c| !matches!(c, '\u{2}' | '\u{3}')).collect()
}

const SUMMARY_COLUMNS: &str = "id, title, recipient, created_ms, updated_ms, words, deleted_ms, sealed_until_ms, opened_early_ms,
    (SELECT count(*) FROM answers a WHERE a.letter_id = letters.id),
    (SELECT count(*) FROM answers a WHERE a.letter_id = letters.id AND a.seen_ms IS NULL),
    (SELECT started_ms FROM readings r WHERE r.letter_id = letters.id ORDER BY started_ms DESC, id DESC LIMIT 1),
    (SELECT ended_ms - started_ms FROM readings r WHERE r.letter_id = letters.id ORDER BY started_ms DESC, id DESC LIMIT 1),
    private_ms IS NOT NULL,
    version_of,
    CASE WHEN private_ms IS NOT NULL THEN
        (SELECT v.id FROM letters v WHERE v.version_of = letters.id AND v.deleted_ms IS NULL ORDER BY v.created_ms LIMIT 1) END,
    not_now_ms, remind_ms";
const SUMMARY_LEN: usize = 18;

fn summary(row: &Row) -> rusqlite::Result<Summary> {
    let words: i64 = row.get(5)?;
    Ok(Summary {
        id: row.get(0)?,
        title: row.get(1)?,
        recipient: row.get(2)?,
        created_ms: row.get(3)?,
        updated_ms: row.get(4)?,
        words: Some(words),
        reading_minutes: Some(reading_minutes(words)),
        deleted_ms: row.get(6)?,
        sealed_until_ms: row.get(7)?,
        opened_early_ms: row.get(8)?,
        answers: Some(row.get(9)?),
        new_answers: Some(row.get(10)?),
        read_ms: row.get(11)?,
        read_for_ms: row.get(12)?,
        private: row.get(13)?,
        version_of: row.get(14)?,
        version: row.get(15)?,
        not_now_ms: row.get(16)?,
        remind_ms: row.get(17)?,
    })
}

fn insert_revision(
    tx: &rusqlite::Transaction,
    id: &LetterId,
    title: &str,
    body: &str,
    words: i64,
    now_ms: i64,
    reason: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO revisions (letter_id, title, body, words, created_ms, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, title, body, words, now_ms, reason],
    )?;
    Ok(())
}
