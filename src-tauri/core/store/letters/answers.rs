//! His answers to a handed-over letter, and the log of each hand-over (when, and how long the
//! letter was open). An answer belongs to its letter: it goes to the trash, into backups and out
//! of the store with it (`ON DELETE CASCADE`), is searched as part of it, and is out of reach
//! while the letter is sealed. Who may write which answer is the session's business; the store
//! only keeps an answer with the letter it was written to.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::{check_body, check_id, check_seq, index_text, LetterId};
use crate::error::{Error, Result};
use crate::store::Store;

/// What the hand-over page sends: the whole answer with its sequence number, as a letter's
/// draft (a save whose `seq` is not newer changes nothing).
#[derive(Clone, Debug, Deserialize, ts_rs::TS)]
pub struct AnswerDraft {
    pub id: String,
    pub body: String,
    pub seq: i64,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct AnswerAck {
    pub id: String,
    pub seq: i64,
    pub updated_ms: i64,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct Answer {
    pub id: String,
    pub body: String,
    pub seq: i64,
    pub created_ms: i64,
    pub updated_ms: i64,
}

/// One hand-over of a letter: when it began and when it ended (the last sign of the reader, or
/// the moment it was left or locked).
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct Reading {
    pub started_ms: i64,
    pub ended_ms: i64,
    /// He chose "not now": the letter waits for another moment.
    pub not_now: bool,
}

/// Everything that came after a letter: its answers and its readings, oldest first.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct Thread {
    pub answers: Vec<Answer>,
    pub readings: Vec<Reading>,
}

/// A letter with answers she has not seen yet.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct NewAnswers {
    pub letter_id: LetterId,
    pub title: String,
    pub count: i64,
}

fn check_answer(draft: &AnswerDraft) -> Result<()> {
    check_id(&draft.id)?;
    check_body(&draft.body, "answer")?;
    check_seq(draft.seq)
}

const ANSWER_COLUMNS: &str = "id, body, seq, created_ms, updated_ms";

fn answer_row(r: &Row) -> rusqlite::Result<Answer> {
    Ok(Answer { id: r.get(0)?, body: r.get(1)?, seq: r.get(2)?, created_ms: r.get(3)?, updated_ms: r.get(4)? })
}

/// A letter's answers, oldest first: for its thread, its search index and snippets, and
/// conversations (the caller has checked the letter may be shown).
pub(super) fn answers_of(conn: &Connection, letter_id: &LetterId) -> Result<Vec<Answer>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {ANSWER_COLUMNS} FROM answers WHERE letter_id = ?1 ORDER BY created_ms, rowid"))?;
    let answers = stmt.query_map([letter_id], answer_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(answers)
}

/// The answers of a letter as its search index holds them: one NFKC copy, oldest first.
pub(super) fn answers_index(conn: &Connection, letter_id: &LetterId) -> Result<String> {
    let bodies: Vec<String> = answers_of(conn, letter_id)?.into_iter().map(|a| a.body).collect();
    Ok(index_text(&bodies.join("\n")))
}

impl Store {
    /// Whether an answer with this id exists (to any letter).
    pub fn answer_exists(&self, id: &str) -> Result<bool> {
        check_id(id)?;
        Ok(self.conn.query_row("SELECT 1 FROM answers WHERE id = ?1", [id], |_| Ok(())).optional()?.is_some())
    }

    /// Saves an answer to `letter_id` in one transaction, creating it on its first save. An
    /// answer never moves to another letter.
    pub fn save_answer(&mut self, letter_id: &LetterId, draft: &AnswerDraft, now_ms: i64) -> Result<AnswerAck> {
        check_answer(draft)?;
        let tx = self.conn.transaction()?;
        let rowid: i64 = tx
            .query_row("SELECT rowid FROM letters WHERE id = ?1 AND deleted_ms IS NULL", [letter_id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::NotFound("letter".into()))?;
        let stored: Option<(String, i64)> =
            tx.query_row("SELECT letter_id, seq FROM answers WHERE id = ?1", [&draft.id], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
        match stored {
            Some((of, _)) if letter_id.as_str() != of => return Err(Error::NotFound("answer".into())),
            Some((_, seq)) if seq >= draft.seq => {
                drop(tx);
                return self.answer_ack(&draft.id);
            }
            _ => {}
        }
        tx.execute(
            "INSERT INTO answers (id, letter_id, body, seq, created_ms, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?5)
             ON CONFLICT (id) DO UPDATE SET body = ?3, seq = ?4, updated_ms = ?5",
            params![draft.id, letter_id, draft.body, draft.seq, now_ms],
        )?;
        let answers = answers_index(&tx, letter_id)?;
        tx.execute("UPDATE letters_fts SET answers = ?2 WHERE rowid = ?1", params![rowid, answers])?;
        tx.commit()?;
        self.answer_ack(&draft.id)
    }

    fn answer_ack(&self, id: &str) -> Result<AnswerAck> {
        let (seq, updated_ms) =
            self.conn.query_row("SELECT seq, updated_ms FROM answers WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(AnswerAck { id: id.to_string(), seq, updated_ms })
    }

    /// One answer, if it was written to `letter_id`.
    pub fn answer(&self, letter_id: &LetterId, id: &str) -> Result<Answer> {
        check_id(id)?;
        self.conn
            .query_row(
                &format!("SELECT {ANSWER_COLUMNS} FROM answers WHERE id = ?1 AND letter_id = ?2"),
                params![id, letter_id],
                answer_row,
            )
            .optional()?
            .ok_or_else(|| Error::NotFound("answer".into()))
    }

    /// A letter's answers and readings, unless the letter is sealed at `now_ms`.
    pub fn thread(&self, letter_id: &LetterId, now_ms: i64) -> Result<Thread> {
        self.letter(letter_id, now_ms)?;
        let answers = answers_of(&self.conn, letter_id)?;
        let mut stmt =
            self.conn.prepare_cached("SELECT started_ms, ended_ms, not_now FROM readings WHERE letter_id = ?1 ORDER BY started_ms, id")?;
        let readings = stmt
            .query_map([letter_id], |r| Ok(Reading { started_ms: r.get(0)?, ended_ms: r.get(1)?, not_now: r.get(2)? }))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Thread { answers, readings })
    }

    /// Letters (not in the trash, not sealed at `now_ms`) with answers she has not seen, newest
    /// answer first. A sealed letter says nothing of his answers until it opens.
    pub fn new_answers(&self, now_ms: i64) -> Result<Vec<NewAnswers>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.id, l.title, count(*) FROM answers a JOIN letters l ON l.id = a.letter_id
             WHERE a.seen_ms IS NULL AND l.deleted_ms IS NULL
               AND (l.sealed_until_ms IS NULL OR l.sealed_until_ms <= ?1 OR l.opened_early_ms IS NOT NULL)
             GROUP BY l.id ORDER BY max(a.updated_ms) DESC",
        )?;
        let rows = stmt.query_map([now_ms], |r| Ok(NewAnswers { letter_id: r.get(0)?, title: r.get(1)?, count: r.get(2)? }))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// She has seen a letter's answers (its thread was shown to her).
    pub fn answers_seen(&mut self, letter_id: &LetterId, now_ms: i64) -> Result<()> {
        self.letter(letter_id, now_ms)?;
        self.conn.execute("UPDATE answers SET seen_ms = ?2 WHERE letter_id = ?1 AND seen_ms IS NULL", params![letter_id, now_ms])?;
        Ok(())
    }

    /// A hand-over of `letter_id` begins: answers the reading's id. A "not now" from the last
    /// one is over: this is the other moment.
    pub fn start_reading(&mut self, letter_id: &LetterId, now_ms: i64) -> Result<i64> {
        let tx = self.conn.transaction()?;
        tx.execute("INSERT INTO readings (letter_id, started_ms, ended_ms) VALUES (?1, ?2, ?2)", params![letter_id, now_ms])?;
        let reading = tx.last_insert_rowid();
        tx.execute("UPDATE letters SET not_now_ms = NULL, not_now_seen = 0 WHERE id = ?1", [letter_id])?;
        tx.commit()?;
        Ok(reading)
    }

    /// The reading went on until `now_ms` (a sign of the reader, or its end). Never shortens it,
    /// so a clock moved back makes it no shorter than it was.
    pub fn reading_until(&mut self, reading: i64, now_ms: i64) -> Result<()> {
        self.conn.execute("UPDATE readings SET ended_ms = max(ended_ms, ?2) WHERE id = ?1", params![reading, now_ms])?;
        Ok(())
    }
}
