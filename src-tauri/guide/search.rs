//! Guidance search: case- and diacritics-insensitive word-prefix matching over text folded once
//! per guide, with ranked hits and snippets whose matches are marked in the original text.

use serde::Serialize;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use super::{Guide, Section};

pub const MAX_HITS: usize = 50;
/// Roughly how many characters of context a snippet shows around its first match.
const SNIPPET_BEFORE: usize = 60;
const SNIPPET_LEN: usize = 200;

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SearchHit {
    pub guide: String,
    pub section: String,
    pub section_title: String,
    /// The block the snippet comes from; `None` when only the title matched.
    pub block: Option<usize>,
    pub snippet: Vec<Segment>,
    /// Matches in the whole section.
    pub matches: usize,
    pub score: u32,
}

/// A piece of snippet text; `mark` pieces are what the query matched.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Segment {
    pub text: String,
    pub mark: bool,
}

/// Text folded for matching, with a way back to the original.
#[derive(Debug)]
struct Folded {
    original: String,
    folded: String,
    /// For every byte of `folded`, the byte offset in `original` of the char it came from.
    origin: Vec<usize>,
}

impl Folded {
    fn new(original: &str) -> Folded {
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
    fn original_range(&self, start: usize, end: usize) -> (usize, usize) {
        let from = self.origin[start];
        let last = self.origin[end - 1];
        let to = last + self.original[last..].chars().next().map_or(0, char::len_utf8);
        (from, to)
    }

    /// Folded byte ranges where a term starts a word, with whether the whole word matched.
    fn find(&self, term: &str) -> Vec<(usize, usize, bool)> {
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

/// A query split into folded terms; every term must occur in a section for it to match.
pub struct Query {
    terms: Vec<String>,
}

impl Query {
    pub fn new(query: &str) -> Query {
        let mut terms: Vec<String> = Vec::new();
        for term in fold(query).split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()) {
            if !terms.iter().any(|t| t == term) {
                terms.push(term.to_string());
            }
        }
        Query { terms }
    }
}

/// One guide's folded text: per section, its title and each block.
#[derive(Debug)]
pub(super) struct Index {
    sections: Vec<(Folded, Vec<Folded>)>,
}

impl Index {
    pub fn build(sections: &[Section]) -> Index {
        Index {
            sections: sections
                .iter()
                .map(|s| (Folded::new(&s.title), s.blocks.iter().map(|b| Folded::new(&b.plain_text())).collect()))
                .collect(),
        }
    }

    pub fn search(&self, query: &Query, guide: &Guide) -> Vec<SearchHit> {
        if query.terms.is_empty() {
            return Vec::new();
        }
        let mut hits = Vec::new();
        for ((title, blocks), section) in self.sections.iter().zip(&guide.sections) {
            if let Some(hit) = search_section(query, title, blocks) {
                hits.push(SearchHit {
                    guide: guide.id.clone(),
                    section: section.id.clone(),
                    section_title: section.title.clone(),
                    ..hit
                });
            }
        }
        hits
    }
}

fn search_section(query: &Query, title: &Folded, blocks: &[Folded]) -> Option<SearchHit> {
    let title_found: Vec<_> = query.terms.iter().map(|t| title.find(t)).collect();
    let block_found: Vec<Vec<_>> = blocks.iter().map(|b| query.terms.iter().map(|t| b.find(t)).collect()).collect();

    let term_occurs = |i: usize| !title_found[i].is_empty() || block_found.iter().any(|b| !b[i].is_empty());
    if !(0..query.terms.len()).all(term_occurs) {
        return None;
    }

    let weight = |found: &[(usize, usize, bool)]| -> u32 { found.iter().map(|m| if m.2 { 2 } else { 1 }).sum() };
    let title_score: u32 = title_found.iter().map(|f| weight(f)).sum::<u32>() * 10;
    let block_scores: Vec<(usize, u32)> = block_found
        .iter()
        .map(|terms| {
            let distinct = terms.iter().filter(|f| !f.is_empty()).count();
            (distinct, terms.iter().map(|f| weight(f)).sum())
        })
        .collect();
    let matches = title_found.iter().chain(block_found.iter().flatten()).map(Vec::len).sum();

    // The snippet comes from the block with the most distinct terms, then the most matches.
    let best = block_scores
        .iter()
        .enumerate()
        .filter(|(_, (distinct, _))| *distinct > 0)
        .max_by(|(ia, a), (ib, b)| a.cmp(b).then(ib.cmp(ia)))
        .map(|(i, _)| i);
    let snippet = match best {
        Some(i) => snippet(&blocks[i], block_found[i].iter().flatten()),
        None => snippet(title, title_found.iter().flatten()),
    };
    Some(SearchHit {
        guide: String::new(),
        section: String::new(),
        section_title: String::new(),
        block: best,
        snippet,
        matches,
        score: title_score + block_scores.iter().map(|(_, s)| s).sum::<u32>(),
    })
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
    let found: Vec<_> = Query::new(query).terms.iter().flat_map(|t| folded.find(t)).map(to_word_end).collect();
    snippet(&folded, found.iter())
}

/// A window of the original text around the first match, matches marked, cut at spaces.
fn snippet<'a>(text: &Folded, found: impl Iterator<Item = &'a (usize, usize, bool)>) -> Vec<Segment> {
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
    use super::super::{library, Lang};
    use super::*;

    fn marked(hit: &SearchHit) -> Vec<String> {
        hit.snippet.iter().filter(|s| s.mark).map(|s| s.text.clone()).collect()
    }

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
    fn grot_finds_many_sections_with_marked_snippets() {
        let hits = library().unwrap().search("grot", Lang::Nl).unwrap();
        assert!(hits.len() >= 3);
        for hit in &hits {
            assert!(!marked(hit).is_empty(), "hit in {} has no mark", hit.section);
            assert!(marked(hit).iter().all(|m| fold(m).starts_with("grot")));
        }
    }

    #[test]
    fn diacritics_and_case_do_not_matter() {
        let lib = library().unwrap();
        let plain = lib.search("GEIRRITEERD", Lang::Nl).unwrap();
        assert_eq!(plain.len(), 1);
        assert_eq!(marked(&plain[0]), vec!["geïrriteerd"]);
        assert_eq!(lib.search("geïrriteerd", Lang::Nl).unwrap(), plain);
        assert_eq!(lib.search("contraintuitief", Lang::Nl).unwrap().len(), 1);
    }

    #[test]
    fn all_terms_must_match_and_titles_rank_first() {
        let lib = library().unwrap();
        let hits = lib.search("brief schrijf", Lang::Nl).unwrap();
        assert!(!hits.is_empty());
        assert!(hits.iter().all(|h| h.section == "what-you-can-do" || h.matches >= 2));
        let conclusion = lib.search("conclusie", Lang::Nl).unwrap();
        assert_eq!(conclusion[0].section, "conclusion");
    }

    #[test]
    fn nothing_to_find_finds_nothing() {
        let lib = library().unwrap();
        assert!(lib.search("", Lang::Nl).unwrap().is_empty());
        assert!(lib.search("  ,.;  ", Lang::Nl).unwrap().is_empty());
        assert!(lib.search("zzzqqq", Lang::Nl).unwrap().is_empty());
        assert!(lib.search("🙂 <script>", Lang::Nl).unwrap().is_empty());
    }

    #[test]
    fn snippets_are_short_and_cut_at_spaces() {
        for hit in library().unwrap().search("grot", Lang::En).unwrap() {
            let text: String = hit.snippet.iter().map(|s| s.text.as_str()).collect();
            assert!(text.chars().count() <= SNIPPET_LEN + 4, "{text}");
        }
    }
}
