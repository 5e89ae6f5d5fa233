//! Text as search sees it: folding (case, accents, compatibility forms) with a way back to the
//! original, and snippets whose matches are marked. Shared by the guidance search and the
//! letters search; the base of both, knowing neither.

use serde::Serialize;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Largest letter body accepted (bytes of UTF-8), by the store and the tone check alike. Over
/// it, nothing is cut and nothing is saved.
pub const MAX_BODY_BYTES: usize = 1_000_000;
/// Roughly how many characters of context a snippet shows around its first match.
const SNIPPET_BEFORE: usize = 60;
pub const SNIPPET_LEN: usize = 200;

/// A piece of snippet text; `mark` pieces are what the query matched.
#[derive(Clone, Debug, Serialize, PartialEq, ts_rs::TS)]
pub struct Segment {
    pub text: String,
    pub mark: bool,
}

/// Text folded for matching, with a way back to the original.
#[derive(Debug)]
pub struct Folded {
    pub original: String,
    pub folded: String,
    /// For every byte of `folded`, the byte offset in `original` of the char it came from.
    origin: Vec<usize>,
}

impl Folded {
    pub fn new(original: &str) -> Folded {
        let mut folded = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        for (at, c) in original.char_indices() {
            let before = folded.len();
            fold_char(c, &mut folded);
            origin.resize(origin.len() + folded.len() - before, at);
        }
        Folded { original: original.to_string(), folded, origin }
    }

    /// The original byte range that a folded byte range came from.
    pub fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let from = self.origin[start];
        let last = self.origin[end - 1];
        let to = last + self.original[last..].chars().next().map_or(0, char::len_utf8);
        (from, to)
    }

    /// Folded byte ranges where a term starts a word, with whether the whole word matched.
    pub fn find(&self, term: &str) -> Vec<(usize, usize, bool)> {
        let mut found = Vec::new();
        for (at, _) in self.folded.match_indices(term) {
            let end = at + term.len();
            let starts_word = self.folded[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            if starts_word {
                let whole = self.folded[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
                found.push((at, end, whole));
            }
        }
        found
    }
}

/// Lowercase, compatibility-decomposed, without combining marks: "Contraïntuitief" → "contraintuitief".
fn fold_char(c: char, out: &mut String) {
    decompose_compatible(c, |d| {
        if !is_combining_mark(d) {
            out.extend(d.to_lowercase());
        }
    });
}

pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    s.chars().for_each(|c| fold_char(c, &mut out));
    out
}

/// The folded words of a query, each once, in order.
pub fn terms(query: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for term in fold(query).split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()) {
        if !terms.iter().any(|t| t == term) {
            terms.push(term.to_string());
        }
    }
    terms
}

/// A window of `text` around the first word the query's words begin, those marked (for letters,
/// whose search finds the letter in the index and marks it here, in one pass over its text).
/// A match is marked to the end of its word, as the letters index matched whole words.
pub fn snippet_for(text: &str, query: &str) -> Vec<Segment> {
    let folded = Folded::new(text);
    let to_word_end = |(start, end, whole): (usize, usize, bool)| {
        let rest = &folded.folded[end..];
        (start, end + rest.find(|c: char| !c.is_alphanumeric()).unwrap_or(rest.len()), whole)
    };
    let found: Vec<_> = terms(query).iter().flat_map(|t| folded.find(t)).map(to_word_end).collect();
    snippet(&folded, found.iter())
}

/// A window of the original text around the first match, matches marked, cut at spaces.
pub fn snippet<'a>(text: &Folded, found: impl Iterator<Item = &'a (usize, usize, bool)>) -> Vec<Segment> {
    let mut ranges: Vec<(usize, usize)> = found.map(|&(s, e, _)| text.original_range(s, e)).collect();
    ranges.sort_unstable();
    let original = text.original.as_str();
    let first = ranges.first().map_or(0, |r| r.0);

    let mut start = floor_char(original, first.saturating_sub(SNIPPET_BEFORE));
    if start > 0 {
        start = original[start..first].find(' ').map_or(start, |i| start + i + 1);
    }
    let mut end = floor_char(original, (start + SNIPPET_LEN).min(original.len()));
    if end < original.len() {
        end = original[..end].rfind(' ').filter(|&i| i > first).unwrap_or(end);
    }

    let mut segments = Vec::new();
    let mut at = start;
    let plain = |s: &str| Segment { text: s.to_string(), mark: false };
    if start > 0 {
        segments.push(plain("…"));
    }
    for (s, e) in ranges {
        if s < at || e > end {
            continue;
        }
        if s > at {
            segments.push(plain(&original[at..s]));
        }
        segments.push(Segment { text: original[s..e].to_string(), mark: true });
        at = e;
    }
    if at < end {
        segments.push(plain(&original[at..end]));
    }
    if end < original.len() {
        segments.push(plain("…"));
    }
    merge_plain(segments)
}

fn merge_plain(segments: Vec<Segment>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::with_capacity(segments.len());
    for seg in segments {
        match out.last_mut() {
            Some(prev) if !prev.mark && !seg.mark => prev.text.push_str(&seg.text),
            _ => out.push(seg),
        }
    }
    out
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_case_and_diacritics() {
        assert_eq!(fold("Contraïntuitief GEÏRRITEERD Café"), "contraintuitief geirriteerd cafe");
        assert_eq!(fold("ﬁne"), "fine");
    }

    #[test]
    fn folded_ranges_map_back_to_original_text() {
        let f = Folded::new("Hé, geïrriteerd!");
        let found = f.find("geirriteerd");
        assert_eq!(found.len(), 1);
        let (s, e) = f.original_range(found[0].0, found[0].1);
        assert_eq!(&f.original[s..e], "geïrriteerd");
    }

    #[test]
    fn matches_only_at_word_starts() {
        let f = Folded::new("ingrot grotten grot");
        let found = f.find("grot");
        assert_eq!(found.len(), 2);
        assert_eq!(found.iter().filter(|m| m.2).count(), 1, "one whole-word match");
    }

    #[test]
    fn a_letter_snippet_marks_whole_words() {
        let snippet = snippet_for("Ik schreef je een brief, lieve Sam.", "brie");
        let marked: Vec<&str> = snippet.iter().filter(|s| s.mark).map(|s| s.text.as_str()).collect();
        assert_eq!(marked, ["brief"]);
    }
}
