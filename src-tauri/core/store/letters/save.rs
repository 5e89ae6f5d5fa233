//! Saving: one transaction per save, idempotent by `seq`.

use super::LetterId;
use rusqlite::{params, OptionalExtension};

use super::answers::answers_index;
use super::{check_draft, index_text, insert_revision, reading_minutes, word_count, Draft, SaveAck, REVISION_EVERY_MS};
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::store::Store;

impl Store {
    /// Saves a draft in one transaction. Creates the letter on its first save.
    pub fn save(&mut self, draft: &Draft, now_ms: i64) -> Result<SaveAck> {
        check_draft(draft)?;
        let tx = self.conn.transaction()?;
        // seq, deleted_ms, sealed_until_ms, opened_early_ms
        type Stored = (i64, Option<i64>, Option<i64>, Option<i64>);
        let stored: Option<Stored> = tx
            .query_row("SELECT seq, deleted_ms, sealed_until_ms, opened_early_ms FROM letters WHERE id = ?1", [&draft.id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        match stored {
            Some((_, Some(_), _, _)) => return Err(Error::Precondition("the letter is in the trash".into())),
            Some((_, None, Some(until), None)) if now_ms < until => return Err(Error::Sealed { until_ms: until }),
            Some((seq, None, _, _)) if seq >= draft.seq => {
                drop(tx);
                return self.ack(&draft.id);
            }
            _ => {}
        }
        let words = word_count(&draft.body);
        tx.execute(
            "INSERT INTO letters (id, title, recipient, words, created_ms, updated_ms, seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)
             ON CONFLICT (id) DO UPDATE SET title = ?2, recipient = ?3, words = ?4, updated_ms = ?5, seq = ?6",
            params![draft.id, draft.title, draft.recipient, words, now_ms, draft.seq],
        )?;
        tx.execute(
            "INSERT INTO letter_bodies (letter_id, body) VALUES (?1, ?2)
             ON CONFLICT (letter_id) DO UPDATE SET body = ?2",
            params![draft.id, draft.body],
        )?;
        let rowid: i64 = tx.query_row("SELECT rowid FROM letters WHERE id = ?1", [&draft.id], |r| r.get(0))?;
        tx.execute("DELETE FROM letters_fts WHERE rowid = ?1", [rowid])?;
        // His answers are indexed with the letter, so a letter is found by what he wrote back.
        let answers = answers_index(&tx, &draft.id)?;
        tx.execute(
            "INSERT INTO letters_fts (rowid, title, recipient, body, answers) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![rowid, index_text(&draft.title), index_text(&draft.recipient), index_text(&draft.body), answers],
        )?;
        let last: Option<i64> = tx.query_row("SELECT max(created_ms) FROM revisions WHERE letter_id = ?1", [&draft.id], |r| r.get(0))?;
        if last.is_none_or(|t| now_ms - t >= REVISION_EVERY_MS) {
            insert_revision(&tx, &draft.id, &draft.title, &draft.body, words, now_ms, "autosave")?;
        }
        tx.commit()?;
        self.ack(&draft.id)
    }

    pub(super) fn ack(&self, id: &LetterId) -> Result<SaveAck> {
        let (seq, updated_ms, words) = self
            .conn
            .query_row("SELECT seq, updated_ms, words FROM letters WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(SaveAck { id: id.clone(), seq, updated_ms, words, reading_minutes: reading_minutes(words) })
    }

    /// Sets the language she writes a letter in (or none for the app's), which its spell check
    /// follows. Not for a letter in the trash.
    pub fn set_lang(&mut self, id: &LetterId, lang: Option<Lang>) -> Result<()> {
        let changed =
            self.conn.execute("UPDATE letters SET lang = ?2 WHERE id = ?1 AND deleted_ms IS NULL", params![id, lang.map(Lang::code)])?;
        if changed == 0 {
            return Err(Error::NotFound("letter".into()));
        }
        Ok(())
    }
}
