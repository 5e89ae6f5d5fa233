//! Seals: a letter out of reach until its time, or opened early (and marked so).

use super::LetterId;
use rusqlite::params;

use super::{insert_revision, Letter};
use crate::error::{Error, Result};
use crate::store::Store;

impl Store {
    /// Seals a letter until `until_ms`: its text, its revisions and its search hits stay out of
    /// reach until then, and it cannot be changed.
    pub fn seal(&mut self, id: &LetterId, until_ms: i64, now_ms: i64) -> Result<()> {
        if until_ms <= now_ms {
            return Err(Error::InvalidInput("a seal must end in the future".into()));
        }
        let letter = self.letter(id, now_ms)?;
        if letter.summary.deleted_ms.is_some() {
            return Err(Error::Precondition("the letter is in the trash".into()));
        }
        let tx = self.conn.transaction()?;
        insert_revision(&tx, id, &letter.summary.title, &letter.body, letter.summary.words(), now_ms, "sealed")?;
        tx.execute("UPDATE letters SET sealed_until_ms = ?2, opened_early_ms = NULL, seal_seen = 0 WHERE id = ?1", params![id, until_ms])?;
        tx.commit()?;
        Ok(())
    }

    /// Opens a sealed letter before its time (the caller has checked the passphrase). The
    /// moment is kept and shown.
    pub fn open_early(&mut self, id: &LetterId, now_ms: i64) -> Result<Letter> {
        let letter = self.stored(id)?;
        if !letter.summary.sealed_at(now_ms) {
            return Err(Error::Precondition("the letter is not sealed".into()));
        }
        self.conn.execute("UPDATE letters SET opened_early_ms = ?2 WHERE id = ?1", params![id, now_ms])?;
        self.letter(id, now_ms)
    }
}
