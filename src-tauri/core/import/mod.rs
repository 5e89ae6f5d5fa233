//! Bringing letters in: Grot's own take-out (a folder or a `.zip`) and what other apps export
//! (Mini Diarium's JSON and Markdown, Day One's JSON or its zip, jrnl's JSON, a folder of `.md`
//! and `.txt` files). A source is read whole into letters, in memory, before anything is
//! written; its files are only read. Every size is bounded before it is trusted, and each
//! format is parsed by its crate (serde_json, serde-saphyr, pulldown-cmark, html2text, zip).

pub mod archive;
mod dayone;
mod grot;
mod jrnl;
mod minidiarium;
mod plain;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::store::letters::{LetterId, Whole, MAX_TITLE_CHARS};

/// One exported file of another app is at most this long (a life's journal in text is far less).
pub const MAX_FILE_BYTES: u64 = 64 << 20;
/// All files of one import together, and everything one zip unpacks to.
pub const MAX_TOTAL_BYTES: u64 = 1 << 30;
/// At most this many letters (or files) in one import.
pub const MAX_LETTERS: usize = 100_000;

/// Where the letters come from; the page names it, the dialog follows it.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A folder "Take all letters" wrote.
    GrotFolder,
    /// A `.zip` "Take all letters" wrote.
    GrotZip,
    MiniDiariumJson,
    MiniDiariumMarkdown,
    /// Day One's JSON export: its zip, or the `Journal.json` inside it.
    DayOne,
    Jrnl,
    /// A folder of `.md` and `.txt` files, one letter each, titled by the file's name.
    TextFolder,
}

impl Source {
    /// Whether she picks a folder (else one file).
    pub fn is_folder(self) -> bool {
        matches!(self, Source::GrotFolder | Source::TextFolder)
    }

    /// The kinds of file her dialog offers.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Source::GrotFolder | Source::TextFolder => &[],
            Source::GrotZip => &["zip"],
            Source::MiniDiariumJson | Source::Jrnl => &["json"],
            Source::MiniDiariumMarkdown => &["md"],
            Source::DayOne => &["zip", "json"],
        }
    }
}

/// What a source holds, read and checked, nothing written yet.
#[derive(Debug, Default)]
pub struct Read {
    pub letters: Vec<Whole>,
    /// Entries without any text (a Day One entry of photos only, an empty file): left out, and
    /// counted.
    pub left_out: usize,
}

/// Reads every letter `path` holds as `source`, or refuses the whole of it.
pub fn read(source: Source, path: &Path) -> Result<Read> {
    let read = match source {
        Source::GrotFolder => Read { letters: grot::folder(path)?, left_out: 0 },
        Source::GrotZip => Read { letters: grot::zip(path)?, left_out: 0 },
        Source::MiniDiariumJson | Source::MiniDiariumMarkdown | Source::Jrnl => parse(source, &text_file(path)?)?,
        Source::DayOne => dayone::read(path)?,
        Source::TextFolder => plain::folder(path)?,
    };
    if read.letters.len() > MAX_LETTERS {
        return Err(Error::TooMuch(format!("more than {MAX_LETTERS} letters")));
    }
    if read.letters.is_empty() {
        return Err(Error::NotThatFormat("nothing to bring in".into()));
    }
    // What the store takes, checked now: her yes is never met by a refusal.
    read.letters.iter().try_for_each(crate::store::letters::check_whole)?;
    Ok(read)
}

/// One exported file's text read as `source` (a source that is one text file): what `read`
/// does once the file is read, and what the fuzz target calls.
pub fn parse(source: Source, text: &str) -> Result<Read> {
    let letters = match source {
        Source::MiniDiariumJson => minidiarium::json(text)?,
        Source::MiniDiariumMarkdown => minidiarium::markdown(text)?,
        Source::Jrnl => jrnl::json(text)?,
        Source::DayOne => return dayone::journal(text),
        Source::GrotFolder | Source::GrotZip | Source::TextFolder => {
            return Err(Error::InvalidInput("a folder or a zip, not one text".into()))
        }
    };
    Ok(Read { letters, left_out: 0 })
}

/// A file someone else with her account may have made, opened: a regular file (never through a
/// link, never a FIFO), at most `cap` bytes.
fn open(path: &Path, cap: u64) -> Result<std::fs::File> {
    crate::files::open_small(path, cap).map_err(|e| read_error(e, cap))
}

/// Its bytes, bounded again while reading.
fn read_all(file: std::fs::File, cap: u64) -> Result<Vec<u8>> {
    crate::files::read_opened(file, cap).map_err(|e| read_error(e, cap))
}

fn read_error(e: std::io::Error, cap: u64) -> Error {
    match e.kind() {
        std::io::ErrorKind::FileTooLarge => Error::TooMuch(format!("a file of more than {cap} bytes")),
        std::io::ErrorKind::InvalidData => Error::NotThatFormat("a link or something else that is not a file".into()),
        _ => Error::io(e),
    }
}

/// One exported file, as text.
fn text_file(path: &Path) -> Result<String> {
    utf8(read_all(open(path, MAX_FILE_BYTES)?, MAX_FILE_BYTES)?)
}

/// The files of `folder` that `wanted` picks by name, in name order, each opened as [`open`]
/// does with its bytes (at most `cap` each) and when it last changed: at most [`MAX_LETTERS`]
/// files and [`MAX_TOTAL_BYTES`] together.
fn folder_files(folder: &Path, wanted: impl Fn(&str) -> bool, cap: u64) -> Result<Vec<(PathBuf, Vec<u8>, std::time::SystemTime)>> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(folder).map_err(Error::io)? {
        let path = entry.map_err(Error::io)?.path();
        if path.file_name().and_then(|n| n.to_str()).is_some_and(&wanted) {
            paths.push(path);
        }
        if paths.len() > MAX_LETTERS {
            return Err(Error::TooMuch(format!("more than {MAX_LETTERS} files")));
        }
    }
    paths.sort();
    let mut total = 0u64;
    paths
        .into_iter()
        .map(|path| {
            let file = open(&path, cap)?;
            // When it last changed, from the file that is read, not from its name again.
            let changed = file.metadata().and_then(|m| m.modified()).map_err(Error::io)?;
            let bytes = read_all(file, cap)?;
            total += bytes.len() as u64;
            if total > MAX_TOTAL_BYTES {
                return Err(Error::TooMuch(format!("files of more than {MAX_TOTAL_BYTES} bytes together")));
            }
            Ok((path, bytes, changed))
        })
        .collect()
}

/// UTF-8 text (without a byte-order mark), or a refusal.
fn utf8(bytes: Vec<u8>) -> Result<String> {
    let text = String::from_utf8(bytes).map_err(|_| Error::NotThatFormat("text that is not UTF-8".into()))?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

/// A JSON document of the shape `T`, or a refusal that says where it went wrong.
fn json<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| Error::NotThatFormat(format!("not {what}: line {}, column {}", e.line(), e.column())))
}

/// A new letter of hers from another app: a fresh id, the title on one line and no longer
/// than a title may be, no recipient, no marks.
fn letter(title: &str, body: String, created_ms: i64, updated_ms: i64) -> Result<Whole> {
    let title: String =
        title.chars().map(|c| if c.is_control() { ' ' } else { c }).collect::<String>().trim().chars().take(MAX_TITLE_CHARS).collect();
    Ok(Whole {
        id: fresh_id()?,
        title,
        recipient: String::new(),
        body,
        lang: None,
        created_ms,
        updated_ms: updated_ms.max(created_ms),
        sealed_until_ms: None,
        opened_early_ms: None,
        private: false,
        version_of: None,
        feelings: Vec::new(),
        outcome: None,
        remind_ms: None,
        not_now_ms: None,
        answers: Vec::new(),
    })
}

/// A random (version 4) UUID, as the page makes them.
fn fresh_id() -> Result<LetterId> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(|e| Error::Storage(format!("no randomness: {e}")))?;
    LetterId::parse(&uuid::Builder::from_random_bytes(bytes).into_uuid().to_string())
}

/// An RFC 3339 moment (`2024-01-15T09:30:00Z`), in milliseconds; a year past 9999 is refused.
fn instant(text: &str) -> Result<i64> {
    let at: jiff::Timestamp = text.trim().parse().map_err(|_| Error::NotThatFormat("a moment that is not a date".into()))?;
    Ok(at.as_millisecond())
}

/// A day (`2024-01-15`) and perhaps a time (`18:22`) on this computer's clock, in milliseconds;
/// a day alone is taken at noon, so that it stays that day wherever she reads it.
fn local(day: &str, time: Option<&str>) -> Result<i64> {
    // Never her words in the error: what did not read may be a line of her text.
    let bad = || Error::NotThatFormat("a day that is not a date".into());
    let date: jiff::civil::Date = day.trim().parse().map_err(|_| bad())?;
    let time: jiff::civil::Time = match time {
        Some(t) => t.trim().parse().map_err(|_| bad())?,
        None => jiff::civil::time(12, 0, 0, 0),
    };
    let zoned = date.to_datetime(time).to_zoned_datetime(jiff::tz::TimeZone::system()).map_err(|_| bad())?;
    Ok(zoned.timestamp().as_millisecond())
}
