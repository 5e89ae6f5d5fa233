//! A conversation: her letters to one person and his answers, in the order they were written.

use rusqlite::params;
use serde::Serialize;

use super::answers::answers_of;
use super::{summary, LetterId, Summary, SUMMARY_COLUMNS};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::text::Folded;

#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Who {
    /// Her letter.
    Letter,
    /// His answer to it.
    Answer,
}

/// One thing said in a conversation.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct Said {
    pub who: Who,
    pub letter_id: LetterId,
    pub title: String,
    /// When it was first written.
    pub at_ms: i64,
    /// `None` while the letter is sealed: then only its title and seal date show, and none of
    /// its answers.
    pub body: Option<String>,
    pub sealed_until_ms: Option<i64>,
}

/// A recipient as a conversation is found by: trimmed, folded (case and accents do not count).
fn key(recipient: &str) -> String {
    Folded::new(recipient.trim()).folded
}

impl Store {
    /// Her letters to `recipient` (not in the trash, not only for her) and his answers to them, oldest first.
    pub fn conversation(&self, recipient: &str, now_ms: i64) -> Result<Vec<Said>> {
        let wanted = key(recipient);
        if wanted.is_empty() {
            return Err(Error::InvalidInput("a conversation is with someone: the recipient is empty".into()));
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM letters WHERE deleted_ms IS NULL AND private_ms IS NULL AND recipient != ''"
        ))?;
        let letters: Vec<Summary> = stmt
            .query_map([], summary)?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|l| key(&l.recipient) == wanted)
            .collect();
        let mut body = self.conn.prepare_cached("SELECT body FROM letter_bodies WHERE letter_id = ?1")?;
        let mut said = Vec::new();
        for letter in letters {
            let sealed = letter.sealed_at(now_ms);
            let text = if sealed { None } else { Some(body.query_row(params![letter.id], |r| r.get::<_, String>(0))?) };
            said.push(Said {
                who: Who::Letter,
                letter_id: letter.id.clone(),
                title: letter.title.clone(),
                at_ms: letter.created_ms,
                body: text,
                sealed_until_ms: letter.sealed_until_ms,
            });
            if sealed {
                continue;
            }
            for answer in answers_of(&self.conn, &letter.id)? {
                said.push(Said {
                    who: Who::Answer,
                    letter_id: letter.id.clone(),
                    title: letter.title.clone(),
                    at_ms: answer.created_ms,
                    body: Some(answer.body),
                    sealed_until_ms: None,
                });
            }
        }
        // Stable: a letter stays before its answers when both carry the same moment.
        said.sort_by_key(|s| s.at_ms);
        Ok(said)
    }
}
