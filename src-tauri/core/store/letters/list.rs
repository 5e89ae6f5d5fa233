//! Reading letters: one, the list in pages, the trash; moving to and from the trash.

use super::LetterId;
use rusqlite::{params, OptionalExtension};

use super::{insert_revision, summary, Letter, Sort, Summary, SUMMARY_COLUMNS, SUMMARY_LEN};
use crate::error::{Error, Result};
use crate::store::Store;

impl Store {
    /// A letter with its text, unless it is sealed at `now_ms`.
    pub fn letter(&self, id: &LetterId, now_ms: i64) -> Result<Letter> {
        let letter = self.stored(id)?;
        if letter.summary.sealed_at(now_ms) {
            return Err(Error::Sealed { until_ms: letter.summary.sealed_until_ms.unwrap_or_default() });
        }
        Ok(letter)
    }

    /// The stored letter, seal or not: for the store's own bookkeeping, never for display.
    pub(super) fn stored(&self, id: &LetterId) -> Result<Letter> {
        let mut letter = self
            .conn
            .query_row(
                &format!("SELECT {SUMMARY_COLUMNS}, b.body, seq, lang FROM letters JOIN letter_bodies b ON b.letter_id = id WHERE id = ?1"),
                [id],
                |r| {
                    Ok(Letter {
                        summary: summary(r)?,
                        body: r.get(SUMMARY_LEN)?,
                        seq: r.get(SUMMARY_LEN + 1)?,
                        // Only Grot writes this column (the store is authenticated); a value it
                        // does not know reads as the app's language.
                        lang: r.get::<_, Option<String>>(SUMMARY_LEN + 2)?.and_then(|l| l.parse().ok()),
                        feelings: Vec::new(),
                        outcome: None,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| Error::NotFound("letter".into()))?;
        (letter.feelings, letter.outcome) = self.feelings_of(id)?;
        Ok(letter)
    }

    /// Letters not in the trash, newest change first (or as asked).
    pub fn list(&self, sort: Sort, now_ms: i64) -> Result<Vec<Summary>> {
        self.list_page(sort, 0, None, now_ms)
    }

    /// One page of the list: the UI asks for the first letters, then more as she scrolls, so
    /// thousands of letters do not cross IPC to show the first screenful.
    pub fn list_page(&self, sort: Sort, offset: usize, limit: Option<usize>, now_ms: i64) -> Result<Vec<Summary>> {
        let order = match sort {
            Sort::Updated => "updated_ms DESC",
            Sort::Created => "created_ms DESC",
            Sort::Title => "title COLLATE NOCASE ASC, updated_ms DESC",
        };
        let sql = format!("SELECT {SUMMARY_COLUMNS} FROM letters WHERE deleted_ms IS NULL ORDER BY {order}, rowid DESC LIMIT ?1 OFFSET ?2");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let limit = limit.map_or(-1, |l| i64::try_from(l).unwrap_or(-1));
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![limit, offset], summary)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows.into_iter().map(|s| s.into_listed(now_ms)).collect())
    }

    pub fn trash(&self, now_ms: i64) -> Result<Vec<Summary>> {
        let sql = format!("SELECT {SUMMARY_COLUMNS} FROM letters WHERE deleted_ms IS NOT NULL ORDER BY deleted_ms DESC");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], summary)?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows.into_iter().map(|s| s.into_listed(now_ms)).collect())
    }

    /// Moves a letter to the trash, keeping a revision of it.
    pub fn delete(&mut self, id: &LetterId, now_ms: i64) -> Result<()> {
        let letter = self.letter(id, now_ms)?;
        let tx = self.conn.transaction()?;
        insert_revision(&tx, id, &letter.summary.title, &letter.body, letter.summary.words(), now_ms, "deleted")?;
        tx.execute("UPDATE letters SET deleted_ms = ?2 WHERE id = ?1 AND deleted_ms IS NULL", params![id, now_ms])?;
        tx.commit()?;
        Ok(())
    }

    pub fn restore(&mut self, id: &LetterId) -> Result<()> {
        let changed = self.conn.execute("UPDATE letters SET deleted_ms = NULL WHERE id = ?1 AND deleted_ms IS NOT NULL", [id])?;
        if changed == 0 {
            return Err(Error::NotFound("letter in the trash".into()));
        }
        Ok(())
    }

    /// Removes a letter from the trash for good, with its revisions and index entry.
    pub fn purge(&mut self, id: &LetterId) -> Result<()> {
        let tx = self.conn.transaction()?;
        let rowid: Option<i64> =
            tx.query_row("SELECT rowid FROM letters WHERE id = ?1 AND deleted_ms IS NOT NULL", [id], |r| r.get(0)).optional()?;
        let rowid = rowid.ok_or_else(|| Error::NotFound("letter in the trash".into()))?;
        tx.execute("DELETE FROM letters_fts WHERE rowid = ?1", [rowid])?;
        tx.execute("DELETE FROM letters WHERE rowid = ?1", [rowid])?;
        tx.commit()?;
        Ok(())
    }
}
