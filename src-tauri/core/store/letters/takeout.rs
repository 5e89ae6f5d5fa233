//! Every letter out of the store, whole, and back in: what "Take all letters" writes and what
//! bringing them back reads (the file format is `export::takeout`'s). Bringing in is one
//! transaction: all of it or nothing.

use rusqlite::params;

use super::answers::{answers_index, answers_of};
use super::{check_draft, index_text, word_count, Answer, Draft, Feeling, HowItWent, Letter, LetterId, SUMMARY_COLUMNS};
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::store::Store;

/// A letter with everything it carries: its text, marks, feelings and his answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Whole {
    pub id: LetterId,
    pub title: String,
    pub recipient: String,
    pub body: String,
    pub lang: Option<Lang>,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub sealed_until_ms: Option<i64>,
    pub opened_early_ms: Option<i64>,
    pub private: bool,
    pub version_of: Option<LetterId>,
    pub feelings: Vec<Feeling>,
    pub outcome: Option<HowItWent>,
    pub remind_ms: Option<i64>,
    pub not_now_ms: Option<i64>,
    pub answers: Vec<Answer>,
}

impl Whole {
    fn of(letter: Letter, answers: Vec<Answer>) -> Whole {
        let s = letter.summary;
        Whole {
            id: s.id,
            title: s.title,
            recipient: s.recipient,
            body: letter.body,
            lang: letter.lang,
            created_ms: s.created_ms,
            updated_ms: s.updated_ms,
            sealed_until_ms: s.sealed_until_ms,
            opened_early_ms: s.opened_early_ms,
            private: s.private,
            version_of: s.version_of,
            feelings: letter.feelings,
            outcome: letter.outcome,
            remind_ms: s.remind_ms,
            not_now_ms: s.not_now_ms,
            answers,
        }
    }
}

/// What bringing letters in did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct BroughtIn {
    pub added: i64,
    /// Already here: the same id, or the same title, moment and text.
    pub skipped: i64,
}

impl Store {
    /// Every letter not in the trash and not sealed at `now_ms` (a sealed one stays in until she
    /// opens it), whole, oldest first.
    pub fn every_letter(&self, now_ms: i64) -> Result<Vec<Whole>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM letters WHERE deleted_ms IS NULL
               AND (sealed_until_ms IS NULL OR sealed_until_ms <= ?1 OR opened_early_ms IS NOT NULL)
             ORDER BY created_ms, rowid"
        ))?;
        let ids: Vec<LetterId> = stmt.query_map([now_ms], super::summary)?.map(|s| s.map(|s| s.id)).collect::<rusqlite::Result<_>>()?;
        ids.iter().map(|id| Ok(Whole::of(self.stored(id)?, answers_of(&self.conn, id)?))).collect()
    }

    /// How many letters are sealed at `now_ms` (and not in the trash): what a take-out leaves in.
    pub fn sealed_count(&self, now_ms: i64) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM letters WHERE deleted_ms IS NULL AND sealed_until_ms > ?1 AND opened_early_ms IS NULL",
            [now_ms],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Brings letters in, in one transaction: each as it was (its id, moments, marks, feelings
    /// and answers), unless it is already here (the same id, or the same title, moment and
    /// text), which is skipped and counted. A letter written from one not brought in keeps no
    /// link.
    pub fn bring_in(&mut self, letters: &[Whole]) -> Result<BroughtIn> {
        self.bring_in_listed(letters).map(|(done, _)| done)
    }

    /// [`Store::bring_in`], answering also the ids of the letters it added.
    pub fn bring_in_listed(&mut self, letters: &[Whole]) -> Result<(BroughtIn, Vec<LetterId>)> {
        letters.iter().try_for_each(check_whole)?;
        // What to skip, decided before anything is written: each letter against the store as
        // it was, and against those before it in memory (never a scan of rows just written).
        let skip = self.skipped(letters)?;
        let mut done = BroughtIn::default();
        let tx = self.conn.transaction()?;
        let mut added: Vec<&Whole> = Vec::new();
        for (w, skip) in letters.iter().zip(skip) {
            if skip {
                done.skipped += 1;
                continue;
            }
            let lang = w.lang.map(Lang::code);
            tx.execute(
                "INSERT INTO letters (id, title, recipient, words, created_ms, updated_ms, seq, lang, sealed_until_ms, opened_early_ms,
                                      private_ms, remind_ms, not_now_ms, not_now_seen, seal_seen, outcome, outcome_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, ?9, CASE WHEN ?10 THEN ?6 END, ?11, ?12, 1, 1, ?13, CASE WHEN ?13 IS NOT NULL THEN ?6 END)",
                params![
                    w.id,
                    w.title,
                    w.recipient,
                    word_count(&w.body),
                    w.created_ms,
                    w.updated_ms,
                    lang,
                    w.sealed_until_ms,
                    w.opened_early_ms,
                    w.private,
                    w.remind_ms,
                    w.not_now_ms,
                    w.outcome.map(<&str>::from),
                ],
            )?;
            tx.execute("INSERT INTO letter_bodies (letter_id, body) VALUES (?1, ?2)", params![w.id, w.body])?;
            for f in &w.feelings {
                tx.execute(
                    "INSERT OR IGNORE INTO feelings (letter_id, feeling, noted_ms) VALUES (?1, ?2, ?3)",
                    params![w.id, <&str>::from(*f), w.updated_ms],
                )?;
            }
            for a in &w.answers {
                super::check_id(&a.id)?;
                tx.execute(
                    "INSERT INTO answers (id, letter_id, body, seq, created_ms, updated_ms, seen_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                    params![a.id, w.id, a.body, a.seq.max(1), a.created_ms, a.updated_ms],
                )?;
            }
            let answers = answers_index(&tx, &w.id)?;
            let rowid: i64 = tx.query_row("SELECT rowid FROM letters WHERE id = ?1", [&w.id], |r| r.get(0))?;
            tx.execute(
                "INSERT INTO letters_fts (rowid, title, recipient, body, answers) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![rowid, index_text(&w.title), index_text(&w.recipient), index_text(&w.body), answers],
            )?;
            added.push(w);
            done.added += 1;
        }
        // The links, once every letter is in: only to a private letter that came along in this
        // same folder (never to one of hers already here), from a letter that is not private
        // itself, one version each, as `write_version` makes them.
        for w in &added {
            let Some(of) = &w.version_of else { continue };
            let target = added.iter().any(|a| &a.id == of && a.private && a.id != w.id);
            let taken = added.iter().any(|a| a.id != w.id && a.version_of.as_ref() == Some(of) && a.created_ms < w.created_ms);
            if target && !w.private && !taken {
                tx.execute("UPDATE letters SET version_of = ?2 WHERE id = ?1", params![w.id, of])?;
            }
        }
        tx.commit().map_err(Error::from)?;
        Ok((done, added.iter().map(|w| w.id.clone()).collect()))
    }

    /// An import undone as a whole: the letters it added, all to the trash in one transaction
    /// (where she can take any back), those she already put there left as they are.
    pub fn trash_brought_in(&mut self, ids: &[LetterId], now_ms: i64) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let mut moved = 0;
        for id in ids {
            moved += tx.execute("UPDATE letters SET deleted_ms = ?2 WHERE id = ?1 AND deleted_ms IS NULL", params![id, now_ms])?;
        }
        tx.commit()?;
        Ok(moved)
    }

    /// How many of `letters` bringing them in would skip: already here, or twice among them.
    pub fn already_here(&self, letters: &[Whole]) -> Result<usize> {
        Ok(self.skipped(letters)?.into_iter().filter(|s| *s).count())
    }

    /// For each of `letters`, whether bringing them in skips it: already here (the same id, or
    /// the same title, moment and text), or the same as one before it.
    fn skipped(&self, letters: &[Whole]) -> Result<Vec<bool>> {
        let (mut ids, mut contents) = (std::collections::HashSet::new(), std::collections::HashSet::new());
        letters
            .iter()
            .map(|w| {
                let first = ids.insert(&w.id) & contents.insert((w.title.as_str(), w.created_ms, w.body.as_str()));
                Ok(!first || here(&self.conn, w)?)
            })
            .collect()
    }
}

/// Whether the store takes `w` (a title, recipient and text within their limits).
pub fn check_whole(w: &Whole) -> Result<()> {
    check_draft(&Draft { id: w.id.clone(), title: w.title.clone(), recipient: w.recipient.clone(), body: w.body.clone(), seq: 1 })?;
    w.answers.iter().try_for_each(|a| super::check_id(&a.id).and_then(|()| super::check_body(&a.body, "an answer")))
}

/// Whether `w` is here: by its id (the key), or by its moment (an index), title and text.
fn here(conn: &rusqlite::Connection, w: &Whole) -> Result<bool> {
    let same: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM letters WHERE id = ?1)
              + (SELECT count(*) FROM letters l JOIN letter_bodies b ON b.letter_id = l.id
                 WHERE l.created_ms = ?3 AND l.title = ?2 AND b.body = ?4)",
        params![w.id, w.title, w.created_ms, w.body],
        |r| r.get(0),
    )?;
    Ok(same > 0)
}
