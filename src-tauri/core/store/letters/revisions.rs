//! Revisions: earlier texts of a letter, kept every few minutes and at explicit events.

use super::LetterId;
use rusqlite::{params, OptionalExtension};

use super::{insert_revision, Draft, Letter, Revision, RevisionSummary, MAX_SEQ};
use crate::error::{Error, Result};
use crate::store::Store;

impl Store {
    pub fn revisions(&self, id: &LetterId, now_ms: i64) -> Result<Vec<RevisionSummary>> {
        self.letter(id, now_ms)?; // exists, and not sealed: revisions hold its text

        let mut stmt = self.conn.prepare_cached(
            "SELECT id, created_ms, words, reason, title FROM revisions WHERE letter_id = ?1 ORDER BY created_ms DESC, id DESC",
        )?;
        let rows = stmt
            .query_map([id], |r| {
                Ok(RevisionSummary { id: r.get(0)?, created_ms: r.get(1)?, words: r.get(2)?, reason: r.get(3)?, title: r.get(4)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn revision(&self, id: &LetterId, revision: i64, now_ms: i64) -> Result<Revision> {
        self.letter(id, now_ms)?;
        self.conn
            .query_row(
                "SELECT id, created_ms, words, reason, title, body FROM revisions WHERE letter_id = ?1 AND id = ?2",
                params![id, revision],
                |r| {
                    Ok(Revision {
                        summary: RevisionSummary {
                            id: r.get(0)?,
                            created_ms: r.get(1)?,
                            words: r.get(2)?,
                            reason: r.get(3)?,
                            title: r.get(4)?,
                        },
                        body: r.get(5)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| Error::NotFound("revision".into()))
    }

    /// Keeps a revision now, for an explicit event (lock, leaving the letter, ...).
    pub fn snapshot(&mut self, id: &LetterId, reason: &str, now_ms: i64) -> Result<()> {
        let letter = self.letter(id, now_ms)?;
        let tx = self.conn.transaction()?;
        let same: bool = tx
            .query_row(
                "SELECT body = ?2 AND title = ?3 FROM revisions WHERE letter_id = ?1 ORDER BY created_ms DESC, id DESC LIMIT 1",
                params![id, letter.body, letter.summary.title],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(false);
        if !same {
            insert_revision(&tx, id, &letter.summary.title, &letter.body, letter.summary.words(), now_ms, reason)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Puts a revision's text back; the text it replaces is kept as a revision first.
    pub fn restore_revision(&mut self, id: &LetterId, revision: i64, now_ms: i64) -> Result<Letter> {
        let old = self.revision(id, revision, now_ms)?;
        let current = self.letter(id, now_ms)?;
        let seq = current.seq.checked_add(1).filter(|s| *s <= MAX_SEQ).ok_or_else(|| Error::InvalidInput("seq at its limit".into()))?;
        let tx = self.conn.transaction()?;
        insert_revision(&tx, id, &current.summary.title, &current.body, current.summary.words(), now_ms, "before_restore")?;
        tx.commit()?;
        let draft = Draft { id: id.clone(), title: old.summary.title, recipient: current.summary.recipient, body: old.body, seq };
        self.save(&draft, now_ms)?;
        self.letter(id, now_ms)
    }
}
