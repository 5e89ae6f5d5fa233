//! Mini Diarium's exports (and Mini Diary's, which it grew from). JSON: `{"metadata":
//! {"application": "Mini Diarium", …}, "entries": [{"date": "2024-01-15", "title", "text",
//! "dateUpdated", …}]}`, or the older `"entries": {"2024-01-15": {"title", "text",
//! "dateUpdated"}}`; the text is HTML from its editor (plain text in Mini Diary). Markdown:
//! `# Mini Diarium`, then per entry `## 2024-01-15`, `**Title**` and the text.

use std::collections::BTreeMap;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::Deserialize;

use super::{instant, letter, local};
use crate::error::{Error, Result};
use crate::store::letters::Whole;

const APPS: [&str; 2] = ["Mini Diarium", "Mini Diary"];
/// The width its HTML is laid out in: a paragraph longer than this is wrapped.
const HTML_WIDTH: usize = 10_000;

/// Its metadata names the app: jrnl's and Day One's exports, which also hold `entries`, are
/// refused rather than read with their text left behind.
#[derive(Deserialize)]
struct Export {
    metadata: Metadata,
    entries: Entries,
}

#[derive(Deserialize)]
struct Metadata {
    application: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Entries {
    List(Vec<Entry>),
    ByDay(BTreeMap<String, Entry>),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    title: String,
    text: String,
    #[serde(default)]
    date_updated: Option<String>,
}

pub fn json(text: &str) -> Result<Vec<Whole>> {
    let export: Export = super::json(text, "a Mini Diarium export")?;
    if !APPS.contains(&export.metadata.application.as_str()) {
        return Err(Error::NotThatFormat("an export of another app".into()));
    }
    let entries: Vec<(Option<String>, Entry)> = match export.entries {
        Entries::List(list) => list.into_iter().map(|e| (None, e)).collect(),
        Entries::ByDay(days) => days.into_iter().map(|(day, e)| (Some(day), e)).collect(),
    };
    entries
        .into_iter()
        .map(|(key, e)| {
            let day = e.date.as_deref().or(key.as_deref()).ok_or_else(|| Error::NotThatFormat("an entry without its day".into()))?;
            let created = local(day, None)?;
            let updated = e.date_updated.as_deref().map(instant).transpose()?.unwrap_or(created);
            letter(&e.title, plain(&e.text)?, created, updated)
        })
        .collect()
}

/// Its editor's HTML as her plain text (paragraphs apart, lists as lists); Mini Diary's plain
/// text as it is.
fn plain(text: &str) -> Result<String> {
    if !text.trim_start().starts_with('<') {
        return Ok(text.trim_end().to_string());
    }
    // A wide page, but a page: each nesting level takes a little of its width, so HTML nested
    // deeper than it (a crafted entry) is refused instead of growing without end.
    let rendered = html2text::config::plain()
        .string_from_read(text.as_bytes(), HTML_WIDTH)
        .map_err(|_| Error::NotThatFormat("an entry whose HTML does not read, or is nested too deep".into()))?;
    Ok(rendered.trim_end().to_string())
}

/// One `## day` of the Markdown export.
struct Day {
    day: String,
    /// Where its text begins: after the heading, or after its bold title.
    text_from: usize,
    title: Option<(String, usize)>,
}

pub fn markdown(text: &str) -> Result<Vec<Whole>> {
    let mut events = Parser::new(text).into_offset_iter().peekable();
    // `# Mini Diarium` first.
    let mut title = String::new();
    if let Some((Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }), _)) = events.next() {
        for (event, _) in events.by_ref() {
            match event {
                Event::Text(t) => title.push_str(&t),
                Event::End(TagEnd::Heading(_)) => break,
                _ => {}
            }
        }
    }
    if !APPS.contains(&title.trim()) {
        return Err(Error::NotThatFormat("not a Mini Diarium export".into()));
    }
    // Each `## day` opens an entry: its day, where its text starts, and a bold first line.
    let mut days: Vec<Day> = Vec::new();
    let mut heading: Option<String> = None;
    let mut starts: Vec<usize> = Vec::new();
    // Right after a day's heading: waiting for its bold title (false), or inside it (true).
    let mut strong: Option<(String, bool)> = None;
    for (event, range) in events {
        match (event, heading.as_mut(), strong.as_mut()) {
            (Event::Start(Tag::Heading { level: HeadingLevel::H2, .. }), ..) => heading = Some(String::new()),
            (Event::Text(t), Some(h), _) => h.push_str(&t),
            // Only a day opens an entry: a `## heading` in her text (its editor's <h2>) stays in it.
            (Event::End(TagEnd::Heading(HeadingLevel::H2)), ..) => {
                let day = heading.take().unwrap_or_default();
                if day.trim().parse::<jiff::civil::Date>().is_ok() {
                    starts.push(range.start);
                    days.push(Day { day, text_from: range.end, title: None });
                    strong = Some((String::new(), false));
                }
            }
            (Event::Start(Tag::Paragraph), ..) => {}
            (Event::Start(Tag::Strong), _, Some((_, open @ false))) => *open = true,
            (Event::Text(t), _, Some((title, true))) => title.push_str(&t),
            (Event::End(TagEnd::Strong), _, Some((title, true))) => {
                let title = std::mem::take(title);
                if let Some(day) = days.last_mut() {
                    day.title = Some((title, range.end));
                }
                strong = None;
            }
            _ => strong = None,
        }
    }
    starts.push(text.len());
    days.into_iter()
        .zip(starts.into_iter().skip(1))
        .map(|(Day { day, text_from, title }, end)| {
            let (title, from) = title.unwrap_or((String::new(), text_from));
            let created = local(&day, None)?;
            let body = text.get(from..end).ok_or_else(|| Error::NotThatFormat("an entry that does not end on a character".into()))?;
            letter(&title, body.trim().to_string(), created, created)
        })
        .collect()
}
