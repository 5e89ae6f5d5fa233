//! A folder of `.md` and `.txt` files, each one letter: the file's name (without its ending)
//! is the title, its text the letter, its last change the day it was written. An empty file
//! is left out (and counted).

use std::path::{Path, PathBuf};

use super::{letter, small_file, utf8, Read, MAX_LETTERS, MAX_TOTAL_BYTES};
use crate::error::{Error, Result};
use crate::store::letters::MAX_BODY_BYTES;

pub fn folder(folder: &Path) -> Result<Read> {
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(folder).map_err(Error::io)? {
        let path = entry.map_err(Error::io)?.path();
        let ending = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        let hidden = path.file_name().and_then(|n| n.to_str()).is_none_or(|n| n.starts_with('.'));
        if !hidden && matches!(ending.as_deref(), Some("md" | "txt" | "markdown")) {
            paths.push(path);
        }
        if paths.len() > MAX_LETTERS {
            return Err(Error::TooMuch(format!("more than {MAX_LETTERS} files")));
        }
    }
    paths.sort();
    let mut total = 0u64;
    let mut read = Read::default();
    for path in &paths {
        let bytes = small_file(path, MAX_BODY_BYTES as u64)?;
        total += bytes.len() as u64;
        if total > MAX_TOTAL_BYTES {
            return Err(Error::TooMuch(format!("files of more than {MAX_TOTAL_BYTES} bytes together")));
        }
        let changed = std::fs::symlink_metadata(path).and_then(|m| m.modified()).map_err(Error::io)?;
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
