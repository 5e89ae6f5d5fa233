//! Guidance search: case- and diacritics-insensitive word-prefix matching over text folded once
//! per guide, with ranked hits and snippets whose matches are marked in the original text.

use serde::Serialize;

use super::{Guide, Section};
use crate::text::{snippet, terms, Folded, Segment};

pub const MAX_HITS: usize = 50;

#[derive(Clone, Debug, Serialize, PartialEq, ts_rs::TS)]
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

/// A query split into folded terms; every term must occur in a section for it to match.
pub struct Query {
    terms: Vec<String>,
}

impl Query {
    pub fn new(query: &str) -> Query {
        Query { terms: terms(query) }
    }
}

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
                hits.push(SearchHit { guide: guide.id.clone(), section: section.id.clone(), section_title: section.title.clone(), ..hit });
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

#[cfg(test)]
mod tests {
    use super::super::{library, Lang};
    use super::*;
    use crate::text::{fold, SNIPPET_LEN};

    fn marked(hit: &SearchHit) -> Vec<String> {
        hit.snippet.iter().filter(|s| s.mark).map(|s| s.text.clone()).collect()
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
