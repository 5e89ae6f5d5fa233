//! Guidance: the articles under `content/`, embedded at build time and parsed on first use into
//! sections, tips, example phrases and warning signs. Plain Rust; no Tauri in here.
//!
//! Markup conventions (see `content/README.md`): `# Title {#id}` and `## Heading {#id}` start
//! sections, a `.tips-you` / `.tips-him` class marks a section whose list items are tips with a
//! bold lead, `[“…”](phrase:say|thought|avoid)` marks a quoted sentence and its role, and
//! `[…](sign:healthy|unhealthy)` marks a sign of healthy or unhealthy withdrawal.

mod forms;
mod parse;
mod search;
mod templates;
#[cfg(test)]
mod tests;

use std::sync::OnceLock;

use serde::Serialize;

use crate::error::{Error, Result};
pub use crate::lang::Lang;
pub use forms::{forms, Form, Step};
pub use search::SearchHit;
pub use templates::{starters, templates, Starter, Template};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/content.rs"));
}

/// Longest search query accepted; anything longer is a mistake or an attack, not a search.
pub const MAX_QUERY_CHARS: usize = 200;

/// One guide in one language.
#[derive(Debug)]
pub struct Guide {
    pub id: String,
    pub lang: Lang,
    pub title: String,
    pub order: i64,
    pub sections: Vec<Section>,
    pub phrases: Vec<Phrase>,
    pub tips: Vec<Tip>,
    pub signs: Vec<Sign>,
    index: search::Index,
}

#[derive(Clone, Debug, Serialize, ts_rs::TS)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub kind: SectionKind,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Text,
    /// Tips for the reader ("Wat jij kunt doen").
    TipsYou,
    /// Tips for the partner ("Wat hij kan doen").
    TipsHim,
}

/// A block of a section, as structured data: the UI builds DOM nodes from it with
/// `textContent`, so no HTML from content is ever interpreted.
#[derive(Clone, Debug, PartialEq, Serialize, ts_rs::TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Paragraph { inlines: Vec<Inline> },
    List { ordered: bool, items: Vec<Vec<Inline>> },
    Quote { blocks: Vec<Block> },
}

#[derive(Clone, Debug, PartialEq, Serialize, ts_rs::TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    Text {
        text: String,
    },
    Strong {
        children: Vec<Inline>,
    },
    Emphasis {
        children: Vec<Inline>,
    },
    /// A quoted sentence of the article, with its quotes, as it stands in the text.
    Phrase {
        id: String,
        role: Role,
        text: String,
    },
    Sign {
        kind: SignKind,
        text: String,
    },
    Break,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A sentence the article suggests saying (the only kind offered for letters).
    Say,
    /// A thought or insight, quoted but not meant to be said.
    Thought,
    /// A question the article advises against.
    Avoid,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum SignKind {
    Healthy,
    Unhealthy,
}

#[derive(Clone, Debug, Serialize, ts_rs::TS)]
pub struct Phrase {
    /// Stable across languages: `<guide>.<n>`, numbered in document order.
    pub id: String,
    pub section: String,
    pub section_title: String,
    pub role: Role,
    /// The sentence without its surrounding quotation marks.
    pub text: String,
}

#[derive(Clone, Debug, Serialize, ts_rs::TS)]
pub struct Tip {
    pub id: String,
    pub section: String,
    pub audience: SectionKind,
    pub title: String,
    pub body: Vec<Inline>,
}

#[derive(Clone, Debug, Serialize, ts_rs::TS)]
pub struct Sign {
    pub section: String,
    pub kind: SignKind,
    pub text: String,
}

/// A guide's table of contents.
#[derive(Clone, Debug, Serialize, ts_rs::TS)]
pub struct GuideSummary {
    pub id: String,
    pub title: String,
    pub sections: Vec<SectionSummary>,
}

#[derive(Clone, Debug, Serialize, ts_rs::TS)]
pub struct SectionSummary {
    pub id: String,
    pub title: String,
    pub kind: SectionKind,
}

/// A section as the reader shows it, with its neighbours for previous/next.
#[derive(Clone, Debug, Serialize, ts_rs::TS)]
pub struct SectionView {
    pub guide: String,
    pub section: Section,
    pub position: usize,
    pub count: usize,
    pub prev: Option<SectionSummary>,
    pub next: Option<SectionSummary>,
}

#[derive(Clone, Debug, Serialize, ts_rs::TS)]
pub struct TipsView {
    pub tips: Vec<Tip>,
    pub signs: Vec<Sign>,
}

/// Every guide in every language.
#[derive(Debug)]
pub struct Library {
    guides: Vec<Guide>,
}

/// The guides embedded in this binary, parsed once on first use (not at start-up).
pub fn library() -> Result<&'static Library> {
    static LIBRARY: OnceLock<Result<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| Library::parse(embedded::FILES)).as_ref().map_err(Clone::clone)
}

impl Library {
    /// Parses `(path, markdown)` pairs, `path` being `<guide>/<lang>.md`.
    pub fn parse(files: &[(&str, &str)]) -> Result<Library> {
        let mut guides = Vec::with_capacity(files.len());
        for (path, text) in files {
            let guide = parse::guide(text).map_err(|e| Error::Content(format!("{path}: {e}")))?;
            let expected = format!("{}/{}.md", guide.id, guide.lang.code());
            if *path != expected {
                return Err(Error::Content(format!("{path}: front matter says {expected}")));
            }
            guides.push(guide);
        }
        guides.sort_by(|a, b| (a.order, &a.id).cmp(&(b.order, &b.id)));
        Ok(Library { guides })
    }

    /// All guides in `lang`, in their order; a guide missing in `lang` appears in Dutch.
    pub fn guides(&self, lang: Lang) -> Vec<&Guide> {
        let mut out: Vec<&Guide> = Vec::new();
        for g in &self.guides {
            if out.iter().any(|o| o.id == g.id) {
                continue;
            }
            if let Ok(found) = self.guide(&g.id, lang) {
                out.push(found);
            }
        }
        out
    }

    /// One guide in `lang`, falling back to the Dutch original.
    pub fn guide(&self, id: &str, lang: Lang) -> Result<&Guide> {
        let find = |l: Lang| self.guides.iter().find(|g| g.id == id && g.lang == l);
        find(lang).or_else(|| find(Lang::Nl)).ok_or_else(|| Error::NotFound(format!("guide {id:?}")))
    }

    pub fn toc(&self, lang: Lang) -> Vec<GuideSummary> {
        self.guides(lang)
            .into_iter()
            .map(|g| GuideSummary { id: g.id.clone(), title: g.title.clone(), sections: g.sections.iter().map(Section::summary).collect() })
            .collect()
    }

    pub fn section(&self, guide: &str, section: &str, lang: Lang) -> Result<SectionView> {
        let g = self.guide(guide, lang)?;
        let position = g
            .sections
            .iter()
            .position(|s| s.id == section)
            .ok_or_else(|| Error::NotFound(format!("section {section:?} of guide {guide:?}")))?;
        Ok(SectionView {
            guide: g.id.clone(),
            section: g.sections[position].clone(),
            position,
            count: g.sections.len(),
            prev: position.checked_sub(1).map(|i| g.sections[i].summary()),
            next: g.sections.get(position + 1).map(Section::summary),
        })
    }

    /// Ranked hits across every guide in `lang`. An empty query finds nothing.
    pub fn search(&self, query: &str, lang: Lang) -> Result<Vec<SearchHit>> {
        if query.chars().count() > MAX_QUERY_CHARS {
            return Err(Error::InvalidInput(format!("query longer than {MAX_QUERY_CHARS} characters")));
        }
        let query = search::Query::new(query);
        let mut hits: Vec<SearchHit> = Vec::new();
        for g in self.guides(lang) {
            hits.extend(g.index.search(&query, g));
        }
        // Stable sort: equal scores keep guide and section order.
        hits.sort_by_key(|hit| std::cmp::Reverse(hit.score));
        hits.truncate(search::MAX_HITS);
        Ok(hits)
    }

    pub fn tips(&self, guide: &str, lang: Lang) -> Result<TipsView> {
        let g = self.guide(guide, lang)?;
        Ok(TipsView { tips: g.tips.clone(), signs: g.signs.clone() })
    }

    /// The sentences a letter writer may insert: only those the guidance suggests saying.
    pub fn letter_phrases(&self, guide: &str, lang: Lang) -> Result<Vec<Phrase>> {
        let g = self.guide(guide, lang)?;
        Ok(g.phrases.iter().filter(|p| p.role == Role::Say).cloned().collect())
    }
}

impl Section {
    pub fn summary(&self) -> SectionSummary {
        SectionSummary { id: self.id.clone(), title: self.title.clone(), kind: self.kind }
    }
}

/// The plain text of inlines, as a reader sees it.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(inlines, &mut out);
    out
}

fn push_plain(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text } | Inline::Phrase { text, .. } | Inline::Sign { text, .. } => out.push_str(text),
            Inline::Strong { children } | Inline::Emphasis { children } => push_plain(children, out),
            Inline::Break => out.push('\n'),
        }
    }
}

impl Block {
    /// The block's text; list items and quoted paragraphs each on a line of their own.
    pub fn plain_text(&self) -> String {
        match self {
            Block::Paragraph { inlines } => plain_text(inlines),
            Block::List { items, .. } => items.iter().map(|i| plain_text(i)).collect::<Vec<_>>().join("\n"),
            Block::Quote { blocks } => blocks.iter().map(Block::plain_text).collect::<Vec<_>>().join("\n"),
        }
    }
}
