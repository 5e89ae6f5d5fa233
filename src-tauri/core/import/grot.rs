//! Grot's own take-out read back: a folder or a `.zip` of letter files
//! (`export::takeout`'s format), every file but `index.md`, in name order.

use std::path::{Path, PathBuf};

use super::archive::Archive;
use super::{small_file, utf8, MAX_LETTERS, MAX_TOTAL_BYTES};
use crate::error::{Error, Result};
use crate::export::takeout;
use crate::store::letters::Whole;

/// Every letter file of a folder: `*.md` but `index.md`, regular files only (never through a
/// link), each at most a letter file's size.
pub fn folder(folder: &Path) -> Result<Vec<Whole>> {
    let mut names: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(folder).map_err(Error::io)? {
        let path = entry.map_err(Error::io)?.path();
        if path.file_name().and_then(|n| n.to_str()).is_some_and(is_letter_file) {
            names.push(path);
        }
        if names.len() > MAX_LETTERS {
            return Err(Error::TooMuch(format!("more than {MAX_LETTERS} letter files")));
        }
    }
    names.sort();
    let mut total = 0u64;
    let mut letters = Vec::with_capacity(names.len());
    for path in &names {
        let bytes = small_file(path, takeout::MAX_FILE_BYTES as u64)?;
        total += bytes.len() as u64;
        if total > MAX_TOTAL_BYTES {
            return Err(Error::TooMuch(format!("letter files of more than {MAX_TOTAL_BYTES} bytes together")));
        }
        letters.push(letter(bytes)?);
    }
    Ok(letters)
}

/// Every letter file of a take-out zip, at its root or in one folder (as Grot writes it).
pub fn zip(path: &Path) -> Result<Vec<Whole>> {
    let mut archive = Archive::open(path)?;
    let mut files: Vec<(String, usize)> = archive
        .names
        .iter()
        .enumerate()
        .filter(|(_, name)| name.split('/').count() <= 2 && name.rsplit('/').next().is_some_and(is_letter_file))
        .map(|(i, name)| (name.clone(), i))
        .collect();
    files.sort();
    files.iter().map(|(_, i)| letter(archive.read(*i, takeout::MAX_FILE_BYTES as u64)?)).collect()
}

fn is_letter_file(name: &str) -> bool {
    name.ends_with(".md") && name != "index.md" && !name.starts_with('.')
}

/// One letter file; one that is not Grot's refuses the whole.
fn letter(bytes: Vec<u8>) -> Result<Whole> {
    takeout::read_letter_file(&utf8(bytes)?).map_err(|e| match e {
        Error::InvalidInput(why) => Error::NotThatFormat(why),
        other => other,
    })
}
