//! The quiet notices after she unlocks: he would rather read a letter at another moment, a day
//! she asked to be reminded of a letter has come, a seal has opened. Nothing of them leaves the
//! store: no system notification, and the page asks for them only once she is in.

use rusqlite::params;
use serde::Serialize;

use super::LetterId;
use crate::error::{Error, Result};
use crate::store::Store;

/// How far ahead a reminder may be set.
pub const REMIND_WITHIN_MS: i64 = 10 * 366 * 24 * 60 * 60 * 1000;

#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// He chose "not now" when she handed it over.
    NotNow,
    /// The day she asked to be reminded of it has come.
    Reminder,
    /// Its seal has opened.
    SealOpened,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct Notice {
    pub kind: NoticeKind,
    pub letter_id: LetterId,
    pub title: String,
    /// When it happened (or was due).
    pub at_ms: i64,
}

/// The notices due, and the moment they were taken: what `notices_seen` clears.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct Notices {
    pub notices: Vec<Notice>,
    pub as_of_ms: i64,
}

impl Store {
    /// Asks to be reminded of a letter on `on_ms` (from tomorrow's first unlock on), or not at all.
    pub fn remind(&mut self, id: &LetterId, on_ms: Option<i64>, now_ms: i64) -> Result<()> {
        if on_ms.is_some_and(|on| on <= now_ms || on > now_ms.saturating_add(REMIND_WITHIN_MS)) {
            return Err(Error::InvalidInput("a reminder is for a day in the next ten years".into()));
        }
        let changed = self.conn.execute("UPDATE letters SET remind_ms = ?2 WHERE id = ?1 AND deleted_ms IS NULL", params![id, on_ms])?;
        if changed == 0 {
            return Err(Error::NotFound("letter".into()));
        }
        Ok(())
    }

    /// Every notice due at `now_ms`, for letters not in the trash, oldest first.
    pub fn notices(&self, now_ms: i64) -> Result<Notices> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT 0, id, title, not_now_ms FROM letters WHERE deleted_ms IS NULL AND not_now_ms IS NOT NULL AND not_now_seen = 0
             UNION ALL
             SELECT 1, id, title, remind_ms FROM letters WHERE deleted_ms IS NULL AND remind_ms <= ?1
               AND (sealed_until_ms IS NULL OR sealed_until_ms <= ?1 OR opened_early_ms IS NOT NULL)
             UNION ALL
             SELECT 2, id, title, sealed_until_ms FROM letters WHERE deleted_ms IS NULL AND sealed_until_ms <= ?1
               AND opened_early_ms IS NULL AND seal_seen = 0
             ORDER BY 4, 1",
        )?;
        let notices = stmt
            .query_map([now_ms], |r| {
                let kind = match r.get::<_, i64>(0)? {
                    0 => NoticeKind::NotNow,
                    1 => NoticeKind::Reminder,
                    _ => NoticeKind::SealOpened,
                };
                Ok(Notice { kind, letter_id: r.get(1)?, title: r.get(2)?, at_ms: r.get(3)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Notices { notices, as_of_ms: now_ms })
    }

    /// She has seen the notices taken at `as_of_ms` (never later than now): they go; a reminder
    /// is done with, a "not now" stays on the letter until it is handed over again.
    pub fn notices_seen(&mut self, as_of_ms: i64, now_ms: i64) -> Result<()> {
        let as_of = as_of_ms.min(now_ms);
        let tx = self.conn.transaction()?;
        // Only what `notices` showed: a letter in the trash keeps its own for when it comes back.
        tx.execute("UPDATE letters SET not_now_seen = 1 WHERE not_now_ms <= ?1 AND deleted_ms IS NULL", [as_of])?;
        tx.execute(
            "UPDATE letters SET remind_ms = NULL WHERE remind_ms <= ?1 AND deleted_ms IS NULL
               AND (sealed_until_ms IS NULL OR sealed_until_ms <= ?1 OR opened_early_ms IS NOT NULL)",
            [as_of],
        )?;
        tx.execute("UPDATE letters SET seal_seen = 1 WHERE sealed_until_ms <= ?1 AND deleted_ms IS NULL", [as_of])?;
        tx.commit()?;
        Ok(())
    }

    /// He chose "not now" in the hand-over `reading` of `id`: the letter waits, and the read
    /// log says so.
    pub fn not_now(&mut self, id: &LetterId, reading: i64, now_ms: i64) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("UPDATE letters SET not_now_ms = ?2, not_now_seen = 0 WHERE id = ?1", params![id, now_ms])?;
        tx.execute("UPDATE readings SET not_now = 1, ended_ms = max(ended_ms, ?2) WHERE id = ?1", params![reading, now_ms])?;
        tx.commit()?;
        Ok(())
    }
}
