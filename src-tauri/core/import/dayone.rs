//! Day One's JSON export: a zip holding `Journal.json` (one JSON file per journal, at its root,
//! beside the photos), or such a JSON file alone: `{"metadata": {"version": "1.0"}, "entries":
//! [{"uuid", "creationDate": "2024-01-15T09:30:00Z", "modifiedDate", "text", …}]}`. The text is
//! Markdown with Day One's escapes (`\.`); a first line that is a heading is the title.

use std::path::Path;

use regex::Regex;
use serde::Deserialize;

use super::archive::Archive;
use super::{instant, letter, text_file, utf8, Read, MAX_FILE_BYTES};
use crate::error::{Error, Result};

#[derive(Deserialize)]
struct Export {
    /// Every Day One export has it; a file without it is not one.
    #[allow(dead_code)]
    metadata: serde_json::Value,
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    creation_date: String,
    #[serde(default)]
    modified_date: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

/// A zip (by its first bytes) or one journal's JSON.
pub fn read(path: &Path) -> Result<Read> {
    let zipped = std::fs::File::open(path).and_then(|mut f| {
        let mut magic = [0u8; 4];
        std::io::Read::read(&mut f, &mut magic).map(|n| n == 4 && magic == *b"PK\x03\x04")
    });
    if zipped.unwrap_or(false) {
        return zip(path);
    }
    journal(&text_file(path)?)
}

/// Every journal at the zip's root (`Journal.json`, `Travel.json` …); the photos stay out.
fn zip(path: &Path) -> Result<Read> {
    let mut archive = Archive::open(path)?;
    let journals: Vec<usize> =
        (0..archive.names.len()).filter(|i| !archive.names[*i].contains('/') && archive.names[*i].ends_with(".json")).collect();
    if journals.is_empty() {
        return Err(Error::NotThatFormat("a zip without a Day One journal".into()));
    }
    let mut read = Read::default();
    for i in journals {
        let one = journal(&utf8(archive.read(i, MAX_FILE_BYTES)?)?)?;
        read.letters.extend(one.letters);
        read.left_out += one.left_out;
    }
    Ok(read)
}

pub(super) fn journal(text: &str) -> Result<Read> {
    let export: Export = super::json(text, "a Day One export")?;
    let mut read = Read::default();
    for e in export.entries {
        let created = instant(&e.creation_date)?;
        let updated = e.modified_date.as_deref().map(instant).transpose()?.unwrap_or(created);
        let Some(text) = e.text.filter(|t| !t.trim().is_empty()) else {
            read.left_out += 1;
            continue;
        };
        let (title, body) = title_and_body(&unescape(&text));
        read.letters.push(letter(&title, body, created, updated)?);
    }
    Ok(read)
}

/// Day One escapes Markdown's punctuation (`\.`, `\-`, `\(`) even where nothing needs it.
fn unescape(text: &str) -> String {
    static ESCAPED: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let escaped = ESCAPED.get_or_init(|| Regex::new(r"\\([!-/:-@\[-`{-~])").expect("a valid pattern"));
    escaped.replace_all(text, "$1").into_owned()
}

/// A first line `# …` is the title; the rest is the text.
fn title_and_body(text: &str) -> (String, String) {
    let text = text.trim();
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    match first.strip_prefix('#') {
        Some(heading) => (heading.trim_start_matches('#').trim().to_string(), rest.trim().to_string()),
        None => (String::new(), text.to_string()),
    }
}
