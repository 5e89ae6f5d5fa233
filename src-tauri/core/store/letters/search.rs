//! Searching letters: every word as a whole word, the last one as a prefix, ignoring case and
//! accents; sealed and deleted letters never show.

use rusqlite::{params, OptionalExtension};
use unicode_normalization::UnicodeNormalization;

use super::answers::answers_of;
use super::{summary, LetterHit, Summary, SUMMARY_COLUMNS};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::text::snippet_for;

pub(super) const MAX_HITS: usize = 50;
/// Ranked matches looked at first; more only if too many of these are hidden.
pub(super) const CANDIDATES: usize = 4 * MAX_HITS;
/// The shortest unfinished word that is searched as a prefix.
const MIN_PREFIX: usize = 3;
const MAX_QUERY_CHARS: usize = 200;

impl Store {
    /// Letters matching every word of `query` (as a word prefix, ignoring case and accents),
    /// best first, with a marked snippet.
    pub fn search(&self, query: &str, now_ms: i64) -> Result<Vec<LetterHit>> {
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
        // Ranking every match costs in proportion to the matches (BM25 over 10,000 letters is
        // 20–40 ms), so only a selective query is ranked: when at most CANDIDATES letters match,
        // they are ranked by relevance; when more do, the words are too common for ranking to
        // mean much, and the newest matching letters come first, which the index yields
        // without reading every match.
        let newest = self.matches_before(&query, i64::MAX, CANDIDATES + 1)?;
        let hits = if newest.len() <= CANDIDATES {
            self.shown(&self.ranked(&query)?, now_ms)?
        } else {
            let mut hits = self.shown(&newest, now_ms)?;
            let mut last = newest.last().copied();
            // Hidden (deleted or sealed) letters among the newest: look further back.
            while hits.len() < MAX_HITS {
                let Some(before) = last else { break };
                let older = self.matches_before(&query, before, CANDIDATES)?;
                last = if older.len() == CANDIDATES { older.last().copied() } else { None };
                hits.extend(self.shown(&older, now_ms)?.into_iter().take(MAX_HITS - hits.len()));
            }
            hits
        };
        let mut body = self.conn.prepare_cached("SELECT body FROM letter_bodies WHERE letter_id = ?1")?;
        let hits = hits
            .into_iter()
            .map(|letter| {
                let text: String = body.query_row([&letter.id], |r| r.get(0))?;
                let mut snippet = snippet_for(&text, &normalized);
                let mut in_answer = false;
                // Found by what he wrote back: the snippet shows that.
                if !snippet.iter().any(|s| s.mark) && letter.answers.unwrap_or(0) > 0 {
                    for answer in answers_of(&self.conn, &letter.id)? {
                        let marked = snippet_for(&answer.body, &normalized);
                        if marked.iter().any(|s| s.mark) {
                            (snippet, in_answer) = (marked, true);
                            break;
                        }
                    }
                }
                Ok(LetterHit { snippet, in_answer, letter })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(hits)
    }

    /// Up to `limit` matching rowids below `before`, newest first. The index walks its lists in
    /// rowid order and stops at the limit.
    fn matches_before(&self, query: &str, before: i64, limit: usize) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT rowid FROM letters_fts WHERE letters_fts MATCH ?1 AND rowid < ?2 ORDER BY rowid DESC LIMIT ?3")?;
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
        let mut stmt =
            self.conn.prepare_cached(&format!("SELECT {SUMMARY_COLUMNS} FROM letters WHERE rowid = ?1 AND deleted_ms IS NULL"))?;
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
