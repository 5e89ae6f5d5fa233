//! Day One's JSON export: a zip holding `Journal.json` (one JSON file per journal, at its root,
//! beside the photos), or such a JSON file alone: `{"metadata": {"version": "1.0"}, "entries":
//! [{"uuid", "creationDate": "2024-01-15T09:30:00Z", "modifiedDate", "text", …}]}`. The text is
//! Markdown with Day One's escapes (`\.`); a first line that is a heading is the title.

use std::path::Path;

use regex::Regex;
use serde::Deserialize;

use std::io::{Read as _, Seek as _};

use super::archive::{self, Archive};
use super::{instant, letter, utf8, Read, MAX_FILE_BYTES};
use crate::error::{Error, Result};

#[derive(Deserialize)]
struct Export {
    /// Every Day One export has it; a file without it is not one (its content is not kept).
    #[allow(dead_code)]
    metadata: serde::de::IgnoredAny,
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

/// A zip (by its first bytes) or one journal's JSON, read through one handle: opened without
/// following a link or waiting on a FIFO, so what was checked is what is read.
pub fn read(path: &Path) -> Result<Read> {
    let mut file = archive::open_file(path)?;
    let mut magic = [0u8; 4];
    let zipped = file.read_exact(&mut magic).is_ok() && magic == *b"PK\x03\x04";
    file.rewind().map_err(Error::io)?;
    if zipped {
        return zip(Archive::from_file(file)?);
    }
    if file.metadata().map_err(Error::io)?.len() > MAX_FILE_BYTES {
        return Err(Error::TooMuch(format!("a file of more than {MAX_FILE_BYTES} bytes")));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES).read_to_end(&mut bytes).map_err(Error::io)?;
    journal(&utf8(bytes)?)
}

/// Every journal at the zip's root (`Journal.json`, `Travel.json` …); the photos stay out.
fn zip(mut archive: Archive) -> Result<Read> {
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
