//! "Only for me", and the letter for him written from it: therapists advise writing the raw
//! letter first and never handing it over, then the considered one. The private one never
//! leaves: no hand-over, no export, no conversation (each checks [`Summary::private`]).

use rusqlite::{params, OptionalExtension};

use super::{index_text, Letter, LetterId};
use crate::error::{Error, Result};
use crate::store::Store;

impl Store {
    /// Marks a letter "only for me", or takes the mark off (the caller has checked her
    /// passphrase for that). The version for him is his: it cannot be marked.
    pub fn set_private(&mut self, id: &LetterId, private: bool, now_ms: i64) -> Result<()> {
        let letter = self.stored(id)?;
        if letter.summary.deleted_ms.is_some() {
            return Err(Error::Precondition("the letter is in the trash".into()));
        }
        if private && self.version_of(id)?.is_some() {
            return Err(Error::Precondition("the version for him cannot be only for her".into()));
        }
        let since = private.then_some(now_ms);
        self.conn.execute(
            "UPDATE letters SET private_ms = CASE WHEN ?2 IS NULL THEN NULL ELSE coalesce(private_ms, ?2) END WHERE id = ?1",
            params![id, since],
        )?;
        Ok(())
    }

    /// Errors with [`Error::NotFound`] unless the letter is stored (sealed or not).
    pub fn stored_exists(&self, id: &LetterId) -> Result<()> {
        self.stored(id).map(|_| ())
    }

    /// The private letter a letter was written from, if it was.
    pub fn version_of(&self, id: &LetterId) -> Result<Option<LetterId>> {
        Ok(self.conn.query_row("SELECT version_of FROM letters WHERE id = ?1", [id], |r| r.get(0))?)
    }

    /// The letter for him, written from the private letter `of`: made empty under `id` (with
    /// its recipient; the title is left to her, since his letter is read by him), or the one
    /// already made, taken out of the trash if it was there, so there is never a second.
    pub fn write_version(&mut self, of: &LetterId, id: &LetterId, now_ms: i64) -> Result<Letter> {
        let private = self.letter(of, now_ms)?;
        if private.summary.deleted_ms.is_some() {
            return Err(Error::Precondition("the letter is in the trash".into()));
        }
        if !private.summary.private {
            return Err(Error::Precondition("only a letter only for her gets a version for him".into()));
        }
        let made: Option<LetterId> = self
            .conn
            .query_row("SELECT id FROM letters WHERE version_of = ?1 ORDER BY created_ms LIMIT 1", [of], |r| r.get(0))
            .optional()?;
        if let Some(made) = made {
            self.conn.execute("UPDATE letters SET deleted_ms = NULL WHERE id = ?1", [&made])?;
            return self.letter(&made, now_ms);
        }
        if self.stored(id).is_ok() {
            return Err(Error::InvalidInput("that id is taken".into()));
        }
        let (title, recipient) = (String::new(), private.summary.recipient);
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO letters (id, title, recipient, words, created_ms, updated_ms, seq, version_of, lang)
             SELECT ?1, ?2, ?3, 0, ?4, ?4, 0, ?5, lang FROM letters WHERE id = ?5",
            params![id, title, recipient, now_ms, of],
        )?;
        tx.execute("INSERT INTO letter_bodies (letter_id, body) VALUES (?1, '')", [id])?;
        let rowid: i64 = tx.query_row("SELECT rowid FROM letters WHERE id = ?1", [id], |r| r.get(0))?;
        tx.execute(
            "INSERT INTO letters_fts (rowid, title, recipient, body, answers) VALUES (?1, ?2, ?3, '', '')",
            params![rowid, index_text(&title), index_text(&recipient)],
        )?;
        tx.commit()?;
        self.letter(id, now_ms)
    }

    /// Errors with [`Error::OnlyForMe`] when the letter is only for her.
    pub fn refuse_private(&self, id: &LetterId) -> Result<()> {
        if self.stored(id)?.summary.private {
            return Err(Error::OnlyForMe);
        }
        Ok(())
    }
}
