//! Letters in the store: save (an idempotent upsert), list, trash, revisions, full-text search.
//! The letter is stored exactly as typed; the search index holds an NFKC-normalised copy.
//! Plain Rust; no Tauri in here.

use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Result};
use crate::store::Store;

/// Largest letter body accepted (bytes of UTF-8). Over it, nothing is cut and nothing is saved.
pub const MAX_BODY_BYTES: usize = 1_000_000;
pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_RECIPIENT_CHARS: usize = 120;
/// The highest `seq`: the largest integer JavaScript counts exactly, so the UI's `seq + 1`
/// never rounds, and the store's own `seq + 1` never overflows.
pub const MAX_SEQ: i64 = (1 << 53) - 1;
/// A new revision is kept when the last one is older than this.
pub const REVISION_EVERY_MS: i64 = 5 * 60 * 1000;
const WORDS_PER_MINUTE: i64 = 200;
const MAX_HITS: usize = 50;
/// Ranked matches looked at first; more only if too many of these are hidden.
const CANDIDATES: usize = 4 * MAX_HITS;
/// The shortest unfinished word that is searched as a prefix.
const MIN_PREFIX: usize = 3;
const MAX_QUERY_CHARS: usize = 200;

/// What the composer sends: the whole letter, with its sequence number. `seq` grows with every
/// edit; a save whose `seq` is not newer than the stored one changes nothing, so a retried save
/// (its acknowledgement lost) never duplicates or forks a letter.
#[derive(Clone, Debug, Deserialize)]
pub struct Draft {
    pub id: String,
    pub title: String,
    pub recipient: String,
    pub body: String,
    pub seq: i64,
}

/// What is durable after a save: the stored sequence number, and when.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct SaveAck {
    pub id: String,
    pub seq: i64,
    pub updated_ms: i64,
    pub words: i64,
    pub reading_minutes: i64,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub id: String,
    pub title: String,
    pub recipient: String,
    pub created_ms: i64,
    pub updated_ms: i64,
    /// `None` while sealed: a sealed letter shows its title, recipient and seal date only.
    pub words: Option<i64>,
    pub reading_minutes: Option<i64>,
    pub deleted_ms: Option<i64>,
    /// Sealed until this moment (unless opened early): no text before then.
    pub sealed_until_ms: Option<i64>,
    /// When she opened it before its time, with her passphrase. Shown as "vroeg geopend".
    pub opened_early_ms: Option<i64>,
}

impl Summary {
    pub fn sealed_at(&self, now_ms: i64) -> bool {
        self.sealed_until_ms.is_some_and(|until| now_ms < until) && self.opened_early_ms.is_none()
    }

    /// As a list shows it: while sealed, nothing about its text (not even its length).
    fn into_listed(mut self, now_ms: i64) -> Summary {
        if self.sealed_at(now_ms) {
            self.words = None;
            self.reading_minutes = None;
        }
        self
    }

    fn words(&self) -> i64 {
        self.words.unwrap_or_default()
    }
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Letter {
    #[serde(flatten)]
    pub summary: Summary,
    pub body: String,
    pub seq: i64,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    Updated,
    Created,
    Title,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct RevisionSummary {
    pub id: i64,
    pub created_ms: i64,
    pub words: i64,
    pub reason: String,
    pub title: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Revision {
    #[serde(flatten)]
    pub summary: RevisionSummary,
    pub body: String,
}

/// A search hit: the letter and a snippet whose matched words are marked.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct LetterHit {
    pub letter: Summary,
    pub snippet: Vec<crate::guide::Segment>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Md,
    Txt,
    Pdf,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Md => "md",
            ExportFormat::Txt => "txt",
            ExportFormat::Pdf => "pdf",
        }
    }
}

/// Words around the letter in an export, in the reader's language (the UI translates them).
#[derive(Clone, Debug, Deserialize)]
pub struct ExportLabels {
    /// "Aan Sam", or empty.
    pub to: String,
    /// The date as she reads dates.
    pub date: String,
    /// Shown when the letter has no title.
    pub untitled: String,
    /// Her language (BCP 47), written into a PDF's metadata.
    #[serde(default)]
    pub language: String,
    /// The save dialog's title ("Brief exporteren").
    #[serde(default)]
    pub dialog: String,
}

/// The letter as the bytes of a file in `format`.
pub fn export(letter: &Letter, format: ExportFormat, labels: &ExportLabels) -> Result<Vec<u8>> {
    match format {
        ExportFormat::Md => Ok(export_text(letter, true, labels).into_bytes()),
        ExportFormat::Txt => Ok(export_text(letter, false, labels).into_bytes()),
        ExportFormat::Pdf => {
            let heading = crate::pdf::Heading { title: export_title(letter, labels), to: &labels.to, date: &labels.date, language: &labels.language };
            crate::pdf::letter(&heading, &letter.body)
        }
    }
}

fn export_title<'a>(letter: &'a Letter, labels: &'a ExportLabels) -> &'a str {
    if letter.summary.title.trim().is_empty() { labels.untitled.as_str() } else { letter.summary.title.trim() }
}

/// A letter as Markdown or plain text: title, recipient, date, then the text exactly as written.
fn export_text(letter: &Letter, markdown: bool, labels: &ExportLabels) -> String {
    let title = export_title(letter, labels);
    let mut out = String::with_capacity(letter.body.len() + 200);
    if markdown {
        out.push_str(&format!("# {title}\n\n"));
        if !labels.to.is_empty() {
            out.push_str(&format!("*{}*  \n", labels.to));
        }
        out.push_str(&format!("*{}*\n\n", labels.date));
    } else {
        out.push_str(&format!("{title}\n{}\n", "=".repeat(title.chars().count().max(3))));
        if !labels.to.is_empty() {
            out.push_str(&format!("{}\n", labels.to));
        }
        out.push_str(&format!("{}\n\n", labels.date));
    }
    out.push_str(&letter.body);
    if !letter.body.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// A file name from the title that every file system accepts.
pub fn export_file_name(letter: &Letter, format: ExportFormat, untitled: &str) -> String {
    let cleaned: String = letter.summary.title.chars().map(|c| if c.is_alphanumeric() || c == ' ' || c == '-' { c } else { ' ' }).collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let stem = if words.is_empty() { untitled.to_string() } else { words.join(" ").chars().take(60).collect() };
    format!("{stem}.{}", format.extension())
}

pub fn word_count(text: &str) -> i64 {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count() as i64
}

pub fn reading_minutes(words: i64) -> i64 {
    if words == 0 { 0 } else { (words + WORDS_PER_MINUTE - 1) / WORDS_PER_MINUTE }
}

fn check_id(id: &str) -> Result<()> {
    uuid::Uuid::parse_str(id).map(|_| ()).map_err(|_| Error::InvalidInput("letter id must be a UUID".into()))
}

fn check_draft(d: &Draft) -> Result<()> {
    check_id(&d.id)?;
    if d.body.len() > MAX_BODY_BYTES {
        return Err(Error::TooLarge(format!("body of {} bytes; the limit is {MAX_BODY_BYTES}", d.body.len())));
    }
    if d.title.chars().count() > MAX_TITLE_CHARS || d.recipient.chars().count() > MAX_RECIPIENT_CHARS {
        return Err(Error::TooLarge("title or recipient".into()));
    }
    if !(1..=MAX_SEQ).contains(&d.seq) {
        return Err(Error::InvalidInput("seq runs from 1 to 2^53 - 1".into()));
    }
    Ok(())
}

/// The copy the search index sees: NFKC, without the control characters snippets use as marks.
fn index_text(s: &str) -> String {
    s.nfkc().filter(|c| !matches!(c, '\u{2}' | '\u{3}')).collect()
}

const SUMMARY_COLUMNS: &str = "id, title, recipient, created_ms, updated_ms, words, deleted_ms, sealed_until_ms, opened_early_ms";
const SUMMARY_LEN: usize = 9;

fn summary(row: &Row) -> rusqlite::Result<Summary> {
    let words: i64 = row.get(5)?;
    Ok(Summary {
        id: row.get(0)?,
        title: row.get(1)?,
        recipient: row.get(2)?,
        created_ms: row.get(3)?,
        updated_ms: row.get(4)?,
        words: Some(words),
        reading_minutes: Some(reading_minutes(words)),
        deleted_ms: row.get(6)?,
        sealed_until_ms: row.get(7)?,
        opened_early_ms: row.get(8)?,
    })
}

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
            Some((_, Some(_), _, _)) => return Err(Error::InvalidInput("the letter is in the trash".into())),
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
        tx.execute(
            "INSERT INTO letters_fts (rowid, title, recipient, body) VALUES (?1, ?2, ?3, ?4)",
            params![rowid, index_text(&draft.title), index_text(&draft.recipient), index_text(&draft.body)],
        )?;
        let last: Option<i64> = tx
            .query_row("SELECT max(created_ms) FROM revisions WHERE letter_id = ?1", [&draft.id], |r| r.get(0))?;
        if last.is_none_or(|t| now_ms - t >= REVISION_EVERY_MS) {
            insert_revision(&tx, &draft.id, &draft.title, &draft.body, words, now_ms, "autosave")?;
        }
        tx.commit()?;
        self.ack(&draft.id)
    }

    fn ack(&self, id: &str) -> Result<SaveAck> {
        let (seq, updated_ms, words) = self.conn.query_row(
            "SELECT seq, updated_ms, words FROM letters WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        Ok(SaveAck { id: id.to_string(), seq, updated_ms, words, reading_minutes: reading_minutes(words) })
    }

    /// A letter with its text, unless it is sealed now.
    pub fn letter(&self, id: &str) -> Result<Letter> {
        self.letter_at(id, crate::clock::now_ms())
    }

    pub fn letter_at(&self, id: &str, now_ms: i64) -> Result<Letter> {
        let letter = self.stored(id)?;
        if letter.summary.sealed_at(now_ms) {
            return Err(Error::Sealed { until_ms: letter.summary.sealed_until_ms.unwrap_or_default() });
        }
        Ok(letter)
    }

    /// The stored letter, seal or not: for the store's own bookkeeping, never for display.
    fn stored(&self, id: &str) -> Result<Letter> {
        check_id(id)?;
        self.conn
            .query_row(&format!("SELECT {SUMMARY_COLUMNS}, b.body, seq FROM letters JOIN letter_bodies b ON b.letter_id = id WHERE id = ?1"), [id], |r| {
                Ok(Letter { summary: summary(r)?, body: r.get(SUMMARY_LEN)?, seq: r.get(SUMMARY_LEN + 1)? })
            })
            .optional()?
            .ok_or_else(|| Error::NotFound("letter".into()))
    }

    /// Seals a letter until `until_ms`: its text, its revisions and its search hits stay out of
    /// reach until then, and it cannot be changed.
    pub fn seal(&mut self, id: &str, until_ms: i64, now_ms: i64) -> Result<()> {
        if until_ms <= now_ms {
            return Err(Error::InvalidInput("a seal must end in the future".into()));
        }
        let letter = self.letter_at(id, now_ms)?;
        if letter.summary.deleted_ms.is_some() {
            return Err(Error::InvalidInput("the letter is in the trash".into()));
        }
        let tx = self.conn.transaction()?;
        insert_revision(&tx, id, &letter.summary.title, &letter.body, letter.summary.words(), now_ms, "sealed")?;
        tx.execute("UPDATE letters SET sealed_until_ms = ?2, opened_early_ms = NULL WHERE id = ?1", params![id, until_ms])?;
        tx.commit()?;
        Ok(())
    }

    /// Opens a sealed letter before its time (the caller has checked the passphrase). The
    /// moment is kept and shown.
    pub fn open_early(&mut self, id: &str, now_ms: i64) -> Result<Letter> {
        let letter = self.stored(id)?;
        if !letter.summary.sealed_at(now_ms) {
            return Err(Error::InvalidInput("the letter is not sealed".into()));
        }
        self.conn.execute("UPDATE letters SET opened_early_ms = ?2 WHERE id = ?1", params![id, now_ms])?;
        self.letter_at(id, now_ms)
    }

    /// Letters not in the trash, newest change first (or as asked).
    pub fn list(&self, sort: Sort) -> Result<Vec<Summary>> {
        self.list_page(sort, 0, None)
    }

    /// One page of the list: the UI asks for the first letters, then more as she scrolls, so
    /// thousands of letters do not cross IPC to show the first screenful.
    pub fn list_page(&self, sort: Sort, offset: usize, limit: Option<usize>) -> Result<Vec<Summary>> {
        let order = match sort {
            Sort::Updated => "updated_ms DESC",
            Sort::Created => "created_ms DESC",
            Sort::Title => "title COLLATE NOCASE ASC, updated_ms DESC",
        };
        let sql = format!("SELECT {SUMMARY_COLUMNS} FROM letters WHERE deleted_ms IS NULL ORDER BY {order}, rowid LIMIT ?1 OFFSET ?2");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let limit = limit.map_or(-1, |l| i64::try_from(l).unwrap_or(-1));
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![limit, offset], summary)?.collect::<rusqlite::Result<Vec<_>>>()?;
        let now = crate::clock::now_ms();
        Ok(rows.into_iter().map(|s| s.into_listed(now)).collect())
    }

    pub fn trash(&self) -> Result<Vec<Summary>> {
        let sql = format!("SELECT {SUMMARY_COLUMNS} FROM letters WHERE deleted_ms IS NOT NULL ORDER BY deleted_ms DESC");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], summary)?.collect::<rusqlite::Result<Vec<_>>>()?;
        let now = crate::clock::now_ms();
        Ok(rows.into_iter().map(|s| s.into_listed(now)).collect())
    }

    /// Moves a letter to the trash, keeping a revision of it.
    pub fn delete(&mut self, id: &str, now_ms: i64) -> Result<()> {
        let letter = self.letter_at(id, now_ms)?;
        let tx = self.conn.transaction()?;
        insert_revision(&tx, id, &letter.summary.title, &letter.body, letter.summary.words(), now_ms, "deleted")?;
        tx.execute("UPDATE letters SET deleted_ms = ?2 WHERE id = ?1 AND deleted_ms IS NULL", params![id, now_ms])?;
        tx.commit()?;
        Ok(())
    }

    pub fn restore(&mut self, id: &str) -> Result<()> {
        check_id(id)?;
        let changed = self.conn.execute("UPDATE letters SET deleted_ms = NULL WHERE id = ?1 AND deleted_ms IS NOT NULL", [id])?;
        if changed == 0 {
            return Err(Error::NotFound("letter in the trash".into()));
        }
        Ok(())
    }

    /// Removes a letter from the trash for good, with its revisions and index entry.
    pub fn purge(&mut self, id: &str) -> Result<()> {
        check_id(id)?;
        let tx = self.conn.transaction()?;
        let rowid: Option<i64> = tx
            .query_row("SELECT rowid FROM letters WHERE id = ?1 AND deleted_ms IS NOT NULL", [id], |r| r.get(0))
            .optional()?;
        let rowid = rowid.ok_or_else(|| Error::NotFound("letter in the trash".into()))?;
        tx.execute("DELETE FROM letters_fts WHERE rowid = ?1", [rowid])?;
        tx.execute("DELETE FROM letters WHERE rowid = ?1", [rowid])?;
        tx.commit()?;
        Ok(())
    }

    pub fn revisions(&self, id: &str) -> Result<Vec<RevisionSummary>> {
        self.letter(id)?; // exists, and not sealed: revisions hold its text

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

    pub fn revision(&self, id: &str, revision: i64) -> Result<Revision> {
        self.letter(id)?;
        self.conn
            .query_row(
                "SELECT id, created_ms, words, reason, title, body FROM revisions WHERE letter_id = ?1 AND id = ?2",
                params![id, revision],
                |r| {
                    Ok(Revision {
                        summary: RevisionSummary { id: r.get(0)?, created_ms: r.get(1)?, words: r.get(2)?, reason: r.get(3)?, title: r.get(4)? },
                        body: r.get(5)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| Error::NotFound("revision".into()))
    }

    /// Keeps a revision now, for an explicit event (lock, leaving the letter, ...).
    pub fn snapshot(&mut self, id: &str, reason: &str, now_ms: i64) -> Result<()> {
        let letter = self.letter_at(id, now_ms)?;
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
    pub fn restore_revision(&mut self, id: &str, revision: i64, now_ms: i64) -> Result<Letter> {
        let old = self.revision(id, revision)?;
        let current = self.letter_at(id, now_ms)?;
        let seq = current.seq.checked_add(1).filter(|s| *s <= MAX_SEQ).ok_or_else(|| Error::InvalidInput("seq at its limit".into()))?;
        let tx = self.conn.transaction()?;
        insert_revision(&tx, id, &current.summary.title, &current.body, current.summary.words(), now_ms, "before_restore")?;
        tx.commit()?;
        let draft = Draft { id: id.to_string(), title: old.summary.title, recipient: current.summary.recipient, body: old.body, seq };
        self.save(&draft, now_ms)?;
        self.letter(id)
    }

    /// Letters matching every word of `query` (as a word prefix, ignoring case and accents),
    /// best first, with a marked snippet.
    pub fn search(&self, query: &str) -> Result<Vec<LetterHit>> {
        if query.chars().count() > MAX_QUERY_CHARS {
            return Err(Error::InvalidInput(format!("query longer than {MAX_QUERY_CHARS} characters")));
        }
        let normalized: String = query.nfkc().collect();
        let words: Vec<&str> = normalized.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).collect();
        // Search as she types: the last word may be unfinished, so from three letters on it
        // matches as a prefix; the words before it are whole. (A prefix makes the index merge
        // every term it covers, which is dear for short, common beginnings such as "me"; whole
        // words are read only as far as needed.)
        let terms: Vec<String> = words
            .iter()
            .enumerate()
            .map(|(i, t)| if i + 1 == words.len() && t.chars().count() >= MIN_PREFIX { format!("\"{t}\"*") } else { format!("\"{t}\"") })
            .collect();
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let query = terms.join(" ");
        let now = crate::clock::now_ms();
        // Ranking every match costs in proportion to the matches (BM25 over 10,000 letters is
        // 20–40 ms), so only a selective query is ranked: when at most CANDIDATES letters match,
        // they are ranked by relevance; when more do, the words are too common for ranking to
        // mean much, and the newest matching letters come first, which the index yields
        // without reading every match.
        let newest = self.matches_before(&query, i64::MAX, CANDIDATES + 1)?;
        let hits = if newest.len() <= CANDIDATES {
            self.shown(&self.ranked(&query)?, now)?
        } else {
            let mut hits = self.shown(&newest, now)?;
            let mut last = newest.last().copied();
            // Hidden (deleted or sealed) letters among the newest: look further back.
            while hits.len() < MAX_HITS {
                let Some(before) = last else { break };
                let older = self.matches_before(&query, before, CANDIDATES)?;
                last = if older.len() == CANDIDATES { older.last().copied() } else { None };
                hits.extend(self.shown(&older, now)?.into_iter().take(MAX_HITS - hits.len()));
            }
            hits
        };
        let mut body = self.conn.prepare_cached("SELECT body FROM letter_bodies WHERE letter_id = ?1")?;
        let hits = hits
            .into_iter()
            .map(|letter| {
                let text: String = body.query_row([&letter.id], |r| r.get(0))?;
                Ok(LetterHit { snippet: crate::guide::snippet_for(&text, &normalized), letter })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(hits)
    }

    /// Up to `limit` matching rowids below `before`, newest first. The index walks its lists in
    /// rowid order and stops at the limit.
    fn matches_before(&self, query: &str, before: i64, limit: usize) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached("SELECT rowid FROM letters_fts WHERE letters_fts MATCH ?1 AND rowid < ?2 ORDER BY rowid DESC LIMIT ?3")?;
        let rowids = stmt.query_map(params![query, before, limit as i64], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
        Ok(rowids)
    }

    /// Every matching rowid, most relevant first (BM25, titles weighing most).
    fn ranked(&self, query: &str) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached("SELECT rowid FROM letters_fts WHERE letters_fts MATCH ?1 ORDER BY rank")?;
        let rowids = stmt.query_map(params![query], |r| r.get(0))?.collect::<rusqlite::Result<Vec<i64>>>()?;
        Ok(rowids)
    }

    /// The first `MAX_HITS` of `ranked` that may be shown: not deleted, not sealed.
    fn shown(&self, ranked: &[i64], now_ms: i64) -> Result<Vec<Summary>> {
        let mut stmt = self.conn.prepare_cached(&format!("SELECT {SUMMARY_COLUMNS} FROM letters WHERE rowid = ?1 AND deleted_ms IS NULL"))?;
        let mut out = Vec::new();
        for &rowid in ranked {
            match stmt.query_row([rowid], summary).optional()? {
                Some(letter) if !letter.sealed_at(now_ms) => out.push(letter),
                _ => continue,
            }
            if out.len() == MAX_HITS {
                break;
            }
        }
        Ok(out)
    }
}

fn insert_revision(tx: &rusqlite::Transaction, id: &str, title: &str, body: &str, words: i64, now_ms: i64, reason: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO revisions (letter_id, title, body, words, created_ms, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, title, body, words, now_ms, reason],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::new_key;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let key = new_key(dir.path());
        let store = Store::create(dir.path(), &key).unwrap();
        (dir, store)
    }

    fn draft(id: &str, body: &str, seq: i64) -> Draft {
        Draft { id: id.into(), title: "Brief".into(), recipient: "Hem".into(), body: body.into(), seq }
    }

    const A: &str = "6f1c2a4e-8b1d-4c4e-9a36-0d2f5e7b9c01";
    const B: &str = "0b7e9d3a-2c4f-4a1b-8e6d-5f9a1c3b7d22";

    #[test]
    fn save_creates_then_updates_and_keeps_text_exactly() {
        let (_d, mut s) = store();
        let text = "Lieve Jan,\n\nIk mis je. Café, naïef, ﬁjn — 🙂 <script>alert(1)</script>\r\n\t einde";
        let ack = s.save(&draft(A, text, 1), 1000).unwrap();
        assert_eq!((ack.seq, ack.updated_ms), (1, 1000));
        let ack = s.save(&draft(A, "tweede versie", 2), 2000).unwrap();
        assert_eq!(ack.seq, 2);
        let l = s.letter(A).unwrap();
        assert_eq!(l.body, "tweede versie");
        assert_eq!(l.summary.created_ms, 1000);
        assert_eq!(l.summary.updated_ms, 2000);
        s.save(&draft(B, text, 1), 3000).unwrap();
        assert_eq!(s.letter(B).unwrap().body, text, "stored byte for byte, not normalised");
    }

    #[test]
    fn a_repeated_or_stale_save_changes_nothing() {
        let (_d, mut s) = store();
        s.save(&draft(A, "een", 1), 1000).unwrap();
        s.save(&draft(A, "twee", 2), 2000).unwrap();
        let again = s.save(&draft(A, "twee", 2), 3000).unwrap();
        assert_eq!((again.seq, again.updated_ms), (2, 2000), "a retried save is acknowledged, not redone");
        let stale = s.save(&draft(A, "een", 1), 4000).unwrap();
        assert_eq!(stale.seq, 2);
        assert_eq!(s.letter(A).unwrap().body, "twee", "an old save arriving late does not fork the letter");
        assert_eq!(s.list(Sort::Updated).unwrap().len(), 1);
    }

    #[test]
    fn bad_drafts_are_refused_and_lose_nothing() {
        let (_d, mut s) = store();
        s.save(&draft(A, "bewaard", 1), 1000).unwrap();
        let huge = "x".repeat(MAX_BODY_BYTES + 1);
        assert_eq!(s.save(&draft(A, &huge, 2), 2000).unwrap_err().code(), "too_large");
        assert_eq!(s.save(&draft("not-a-uuid", "x", 1), 2000).unwrap_err().code(), "invalid_input");
        assert_eq!(s.save(&draft(B, "x", 0), 2000).unwrap_err().code(), "invalid_input");
        assert_eq!(s.letter(A).unwrap().body, "bewaard");
        let exactly = "é".repeat(MAX_BODY_BYTES / 2);
        s.save(&draft(A, &exactly, 3), 3000).unwrap();
        assert_eq!(s.letter(A).unwrap().body.len(), MAX_BODY_BYTES);
    }

    #[test]
    fn list_sorts_and_counts_words() {
        let (_d, mut s) = store();
        s.save(&Draft { title: "b".into(), ..draft(A, "een twee drie", 1) }, 1000).unwrap();
        s.save(&Draft { title: "A".into(), ..draft(B, &"woord ".repeat(450), 1) }, 2000).unwrap();
        let by_update = s.list(Sort::Updated).unwrap();
        assert_eq!(by_update.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(), [B, A]);
        assert_eq!((by_update[1].words, by_update[1].reading_minutes), (Some(3), Some(1)));
        assert_eq!((by_update[0].words, by_update[0].reading_minutes), (Some(450), Some(3)));
        assert_eq!(s.list(Sort::Title).unwrap()[0].id, B);
        assert_eq!(s.list(Sort::Created).unwrap()[0].id, B);
    }

    #[test]
    fn trash_restore_and_purge() {
        let (_d, mut s) = store();
        s.save(&draft(A, "weg ermee", 1), 1000).unwrap();
        s.delete(A, 2000).unwrap();
        assert!(s.list(Sort::Updated).unwrap().is_empty());
        assert_eq!(s.trash().unwrap()[0].deleted_ms, Some(2000));
        assert!(s.search("ermee").unwrap().is_empty(), "trashed letters are not found");
        assert_eq!(s.save(&draft(A, "x", 2), 3000).unwrap_err().code(), "invalid_input");
        s.restore(A).unwrap();
        assert_eq!(s.list(Sort::Updated).unwrap().len(), 1);
        assert_eq!(s.purge(A).unwrap_err().code(), "not_found", "only the trash can be purged");
        s.delete(A, 4000).unwrap();
        s.purge(A).unwrap();
        assert!(s.trash().unwrap().is_empty());
        assert_eq!(s.letter(A).unwrap_err().code(), "not_found");
        assert_eq!(s.revisions(A).unwrap_err().code(), "not_found");
        let left: i64 = s.conn.query_row("SELECT count(*) FROM revisions WHERE letter_id = ?1", [A], |r| r.get(0)).unwrap();
        let bodies: i64 = s.conn.query_row("SELECT count(*) FROM letter_bodies WHERE letter_id = ?1", [A], |r| r.get(0)).unwrap();
        assert_eq!((left, bodies), (0, 0), "revisions and text go with the letter");
    }

    #[test]
    fn revisions_every_few_minutes_and_restore_keeps_the_current_text() {
        let (_d, mut s) = store();
        s.save(&draft(A, "eerste", 1), 0).unwrap();
        s.save(&draft(A, "tweede", 2), 60_000).unwrap();
        assert_eq!(s.revisions(A).unwrap().len(), 1, "no new revision within a few minutes");
        s.save(&draft(A, "derde", 3), REVISION_EVERY_MS + 1).unwrap();
        let revs = s.revisions(A).unwrap();
        assert_eq!(revs.len(), 2);
        let first = revs.last().unwrap().id;
        assert_eq!(s.revision(A, first).unwrap().body, "eerste");
        let restored = s.restore_revision(A, first, REVISION_EVERY_MS + 2).unwrap();
        assert_eq!(restored.body, "eerste");
        let revs = s.revisions(A).unwrap();
        let kept = revs.iter().find(|r| r.reason == "before_restore").unwrap();
        assert_eq!(s.revision(A, kept.id).unwrap().body, "derde");
        s.snapshot(A, "lock", REVISION_EVERY_MS + 3).unwrap();
        s.snapshot(A, "lock", REVISION_EVERY_MS + 4).unwrap();
        assert_eq!(s.revisions(A).unwrap().iter().filter(|r| r.reason == "lock").count(), 1, "no duplicate snapshot");
    }

    #[test]
    fn search_ignores_case_and_accents_matches_prefixes_and_marks_snippets() {
        let (_d, mut s) = store();
        s.save(&draft(A, "Ik voel me zo alleen. Het café was DICHT en ik was geïrriteerd. Toch ﬁjn.", 1), 1).unwrap();
        s.save(&draft(B, "Dank je voor gisteren.", 1), 2).unwrap();
        let hits = s.search("GEIRRIT").unwrap();
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].letter.id, A);
        let marked: Vec<&str> = hits[0].snippet.iter().filter(|s| s.mark).map(|s| s.text.as_str()).collect();
        assert_eq!(marked, ["geïrriteerd"]);
        assert_eq!(s.search("cafe dicht").unwrap().len(), 1, "all words must match");
        assert_eq!(s.search("cafe gisteren").unwrap().len(), 0);
        assert_eq!(s.search("fijn").unwrap().len(), 1, "the index sees NFKC: the ligature ﬁ is fi");
        for nasty in ["", "  ", "\"", "NEAR(", "a OR b", "*", "-x", "title:x", "🙂", "' OR 1=1 --"] {
            s.search(nasty).unwrap_or_else(|e| panic!("{nasty:?}: {e}"));
        }
        assert_eq!(s.search(&"x".repeat(201)).unwrap_err().code(), "invalid_input");
    }

    fn uuid(n: usize) -> String {
        format!("00000000-0000-4000-8000-{n:012}")
    }

    #[test]
    fn the_list_comes_in_pages_that_add_up_to_the_whole() {
        let (_d, mut s) = store();
        for n in 0..25 {
            s.save(&draft(&uuid(n), "x", 1), n as i64 % 7).unwrap();
        }
        let whole = s.list(Sort::Updated).unwrap();
        assert_eq!(whole.len(), 25);
        let mut paged = Vec::new();
        for offset in (0..30).step_by(10) {
            paged.extend(s.list_page(Sort::Updated, offset, Some(10)).unwrap());
        }
        assert_eq!(paged.iter().map(|l| &l.id).collect::<Vec<_>>(), whole.iter().map(|l| &l.id).collect::<Vec<_>>(), "equal times keep one order");
        assert!(s.list_page(Sort::Updated, 100, Some(10)).unwrap().is_empty());
    }

    #[test]
    fn a_selective_search_is_ranked_by_relevance() {
        let (_d, mut s) = store();
        s.save(&Draft { title: "Over de grot".into(), ..draft(A, "iets anders", 1) }, 1).unwrap();
        s.save(&draft(B, "soms zit hij in zijn grot, en dan is het stil", 1), 2).unwrap();
        let ids: Vec<String> = s.search("grot").unwrap().into_iter().map(|h| h.letter.id).collect();
        assert_eq!(ids, [A, B], "a title match weighs most, though B is newer");
    }

    #[test]
    fn a_common_search_shows_the_newest_matches_and_skips_the_trash() {
        let (_d, mut s) = store();
        let many = CANDIDATES + 20;
        for n in 0..many {
            s.save(&Draft { title: format!("Brief {n}"), ..draft(&uuid(n), "ik voel me alleen", 1) }, n as i64).unwrap();
        }
        // The newest sixty are in the trash: the search looks further back for hits to show.
        for n in many - 60..many {
            s.delete(&uuid(n), 10_000).unwrap();
        }
        let hits = s.search("alleen").unwrap();
        assert_eq!(hits.len(), MAX_HITS);
        let expected: Vec<String> = (0..many - 60).rev().take(MAX_HITS).map(uuid).collect();
        assert_eq!(hits.iter().map(|h| h.letter.id.clone()).collect::<Vec<_>>(), expected, "newest first, none from the trash");
        assert!(hits.iter().all(|h| h.snippet.iter().any(|seg| seg.mark && seg.text == "alleen")));
    }

    #[test]
    fn only_an_unfinished_last_word_of_three_letters_or_more_is_a_prefix() {
        let (_d, mut s) = store();
        s.save(&draft(A, "ik voel me alleen", 1), 1).unwrap();
        assert_eq!(s.search("alle").unwrap().len(), 1, "the last word as a prefix");
        assert_eq!(s.search("all voel").unwrap().len(), 0, "earlier words are whole");
        assert_eq!(s.search("voel me").unwrap().len(), 1);
        assert_eq!(s.search("voel m").unwrap().len(), 0, "one or two letters are not yet a prefix");
    }

    #[test]
    fn a_sealed_letter_keeps_its_text_until_its_time() {
        let (_d, mut s) = store();
        let now = crate::clock::now_ms();
        s.save(&draft(A, "pas later lezen", 1), now).unwrap();
        s.save(&draft(B, "gewoon", 1), now).unwrap();
        assert_eq!(s.seal(A, now - 1, now).unwrap_err().code(), "invalid_input", "a seal ends in the future");
        let until = now + 60_000;
        s.seal(A, until, now).unwrap();
        assert_eq!(s.letter(A).unwrap_err(), Error::Sealed { until_ms: until });
        assert_eq!(s.revisions(A).unwrap_err().code(), "sealed");
        assert_eq!(s.save(&draft(A, "stiekem wijzigen", 2), now + 1).unwrap_err().code(), "sealed");
        assert_eq!(s.delete(A, now + 1).unwrap_err().code(), "sealed");
        assert!(s.search("later").unwrap().is_empty(), "a sealed letter is not found by its words");
        let listed = s.list(Sort::Updated).unwrap();
        let sealed = listed.iter().find(|l| l.id == A).unwrap();
        assert_eq!((sealed.title.as_str(), sealed.sealed_until_ms), ("Brief", Some(until)), "the list shows title and date");
        // Its time comes.
        assert_eq!(s.letter_at(A, until).unwrap().body, "pas later lezen");
        s.save(&draft(A, "nu mag het", 2), until).unwrap();
    }

    #[test]
    fn opening_early_is_marked() {
        let (_d, mut s) = store();
        let now = crate::clock::now_ms();
        s.save(&draft(A, "geduld", 1), now).unwrap();
        assert_eq!(s.open_early(A, now).unwrap_err().code(), "invalid_input", "only a sealed letter opens early");
        s.seal(A, now + 3_600_000, now).unwrap();
        let opened = s.open_early(A, now + 10).unwrap();
        assert_eq!(opened.body, "geduld");
        assert_eq!(opened.summary.opened_early_ms, Some(now + 10));
        assert_eq!(s.list(Sort::Updated).unwrap()[0].opened_early_ms, Some(now + 10), "the mark is visible in the list");
        assert_eq!(s.search("geduld").unwrap().len(), 1);
    }

    #[test]
    fn exports_keep_the_text_exactly() {
        let (_d, mut s) = store();
        let body = "Lieve Sam,\n\n*niet vet* <script>x</script> één 🙂";
        s.save(&Draft { title: "Voor: later?".into(), ..draft(A, body, 1) }, 1).unwrap();
        let letter = s.letter(A).unwrap();
        let labels = ExportLabels { to: "Aan Sam".into(), date: "25 nov 2026".into(), untitled: "Zonder titel".into(), language: "nl".into(), dialog: String::new() };
        let md = export_text(&letter, true, &labels);
        assert!(md.starts_with("# Voor: later?\n\n*Aan Sam*  \n*25 nov 2026*\n\n"));
        assert!(md.ends_with(&format!("{body}\n")));
        let txt = export_text(&letter, false, &labels);
        assert!(txt.starts_with("Voor: later?\n============\nAan Sam\n25 nov 2026\n\n"), "{txt}");
        assert_eq!(export_file_name(&letter, ExportFormat::Md, "brief"), "Voor later.md");
        s.save(&Draft { title: " / ".into(), ..draft(B, "x", 1) }, 1).unwrap();
        assert_eq!(export_file_name(&s.letter(B).unwrap(), ExportFormat::Txt, "brief"), "brief.txt");
    }

    #[test]
    fn words_and_reading_time() {
        assert_eq!(word_count("  Hallo,  wereld — 🙂 !  "), 2);
        assert_eq!(word_count(""), 0);
        assert_eq!(reading_minutes(0), 0);
        assert_eq!(reading_minutes(1), 1);
        assert_eq!(reading_minutes(200), 1);
        assert_eq!(reading_minutes(201), 2);
    }
}
