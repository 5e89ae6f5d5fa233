//! How she felt about a letter, from a short list, and after a hand-over how it went: noted per
//! letter, shown over the months on a quiet page (no streaks, no scores). Only Grot writes these
//! columns (the store is authenticated); a word it does not know is left out when read.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::LetterId;
use crate::error::{Error, Result};
use crate::store::Store;

/// The short list of feelings she can note (the page has a word for each, in both languages).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Feeling {
    Sad,
    Angry,
    Lonely,
    Hurt,
    Worried,
    Hopeful,
    Relieved,
    Loved,
    Calm,
    Grateful,
}

/// After a hand-over: how it went.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr, strum::EnumString, strum::VariantArray, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum HowItWent {
    Closer,
    Helped,
    Same,
    Harder,
}

/// One letter's feelings and outcome, by when it was written: what the page over time draws.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct Mood {
    pub at_ms: i64,
    pub feelings: Vec<Feeling>,
    pub outcome: Option<HowItWent>,
}

impl Store {
    /// Her feelings about a letter, replacing those noted before (none: forgets them).
    pub fn set_feelings(&mut self, id: &LetterId, feelings: &[Feeling], now_ms: i64) -> Result<()> {
        if feelings.len() > <Feeling as strum::VariantArray>::VARIANTS.len() {
            return Err(Error::InvalidInput("more feelings than the list holds".into()));
        }
        let letter = self.stored(id)?;
        if letter.summary.deleted_ms.is_some() {
            return Err(Error::Precondition("the letter is in the trash".into()));
        }
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM feelings WHERE letter_id = ?1", [id])?;
        for feeling in feelings {
            let word: &str = feeling.into();
            tx.execute("INSERT OR IGNORE INTO feelings (letter_id, feeling, noted_ms) VALUES (?1, ?2, ?3)", params![id, word, now_ms])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// How it went, once the letter has been handed over at least once (none: forgets it).
    pub fn set_outcome(&mut self, id: &LetterId, outcome: Option<HowItWent>, now_ms: i64) -> Result<()> {
        let letter = self.stored(id)?;
        if letter.summary.deleted_ms.is_some() {
            return Err(Error::Precondition("the letter is in the trash".into()));
        }
        if outcome.is_some() && letter.summary.read_ms.is_none() {
            return Err(Error::Precondition("how it went is for a letter that was handed over".into()));
        }
        let word: Option<&str> = outcome.map(Into::into);
        self.conn.execute("UPDATE letters SET outcome = ?2, outcome_ms = ?3 WHERE id = ?1", params![id, word, outcome.map(|_| now_ms)])?;
        Ok(())
    }

    /// The feelings and outcome of a letter, as stored.
    pub(super) fn feelings_of(&self, id: &LetterId) -> Result<(Vec<Feeling>, Option<HowItWent>)> {
        let mut stmt = self.conn.prepare_cached("SELECT feeling FROM feelings WHERE letter_id = ?1")?;
        let mut feelings: Vec<Feeling> = stmt.query_map([id], |r| r.get::<_, String>(0))?.filter_map(|w| w.ok()?.parse().ok()).collect();
        feelings.sort();
        let outcome: Option<String> = self.conn.query_row("SELECT outcome FROM letters WHERE id = ?1", [id], |r| r.get(0))?;
        Ok((feelings, outcome.and_then(|w| w.parse().ok())))
    }

    /// Every letter (not in the trash, not sealed at `now_ms`) with a feeling or an outcome noted,
    /// oldest first.
    pub fn moods(&self, now_ms: i64) -> Result<Vec<Mood>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, created_ms, outcome FROM letters
             WHERE deleted_ms IS NULL AND (sealed_until_ms IS NULL OR sealed_until_ms <= ?1 OR opened_early_ms IS NOT NULL)
               AND (outcome IS NOT NULL OR EXISTS (SELECT 1 FROM feelings f WHERE f.letter_id = letters.id))
             ORDER BY created_ms, rowid",
        )?;
        let rows =
            stmt.query_map([now_ms], |r| Ok((r.get::<_, LetterId>(0)?, r.get::<_, i64>(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(id, at_ms)| {
                let (feelings, outcome) = self.feelings_of(&id)?;
                Ok(Mood { at_ms, feelings, outcome })
            })
            .collect()
    }
}
