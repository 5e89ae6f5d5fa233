//! A folder of `.md` and `.txt` files, each one letter: the file's name (without its ending)
//! is the title, its text the letter, its last change the day it was written. An empty file
//! is left out (and counted).

use std::path::Path;

use super::{folder_files, letter, utf8, Read};
use crate::error::Result;
use crate::store::letters::MAX_BODY_BYTES;

/// A note's file: `.md`, `.markdown` or `.txt` (any case), not hidden.
fn is_note(name: &str) -> bool {
    let ending = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    !name.starts_with('.') && matches!(ending.as_deref(), Some("md" | "txt" | "markdown"))
}

pub fn folder(folder: &Path) -> Result<Read> {
    let mut read = Read::default();
    for (path, bytes, changed) in folder_files(folder, is_note, MAX_BODY_BYTES as u64)? {
        let ms = jiff::Timestamp::try_from(changed).map(|t| t.as_millisecond()).unwrap_or_else(|_| crate::clock::now_ms());
        let title = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        let text = utf8(bytes)?;
        if text.trim().is_empty() {
            read.left_out += 1;
            continue;
        }
        read.letters.push(letter(&title, text.trim_end().to_string(), ms, ms)?);
    }
    Ok(read)
}
