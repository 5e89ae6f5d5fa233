//! Grot's own take-out read back: a folder or a `.zip` of letter files
//! (`export::takeout`'s format), every file but `index.md`, in name order.

use std::path::Path;

use super::archive::Archive;
use super::{folder_files, utf8};
use crate::error::{Error, Result};
use crate::export::takeout;
use crate::store::letters::Whole;

/// Every letter file of a folder: `*.md` but `index.md`, regular files only (never through a
/// link), each at most a letter file's size.
pub fn folder(folder: &Path) -> Result<Vec<Whole>> {
    folder_files(folder, is_letter_file, takeout::MAX_FILE_BYTES as u64)?.into_iter().map(|(_, bytes, _)| letter(bytes)).collect()
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
