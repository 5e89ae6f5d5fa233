//! "Take all letters" and bringing them back: every letter as a Markdown file in a new folder
//! she chooses (plaintext, after her passphrase and a plain warning the page gives), and such a
//! folder read back into her letters in one transaction.

use super::*;
use crate::export::takeout::{self, TakeoutLabels};
use crate::store::letters::{BroughtIn, Whole};

/// At most this many letter files are read from a folder brought in.
pub const MAX_FILES: usize = 100_000;
/// At most this many bytes, all files together (each is read before any is brought in).
pub const MAX_TOTAL_BYTES: u64 = 1 << 30;

/// What "Take all letters" wrote.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct TakenOut {
    /// The new folder, by its name.
    pub folder: String,
    pub letters: usize,
    /// Sealed letters stay in Grot until she opens them: how many.
    pub sealed_left: usize,
}

impl Session {
    /// Writes every letter (not in the trash, not sealed) and an `index.md` into a new folder in
    /// the one `choose` picks, once her passphrase (counted like every guess) is right. The
    /// letters are read after the dialog: a lock while it was open writes nothing.
    pub fn take_out_all(
        &self,
        passphrase: &SecretString,
        labels: &TakeoutLabels,
        choose: impl FnOnce() -> Result<Option<PathBuf>>,
    ) -> Result<Option<TakenOut>> {
        {
            let _turn = self.turn();
            self.require_unlocked()?;
            self.verify_open(passphrase)?;
        }
        let Some(parent) = choose()? else { return Ok(None) };
        let now = now_ms();
        let (letters, sealed_left) = self.with_store(|s| Ok((s.every_letter(now)?, s.sealed_count(now)?)))?;
        let names = takeout::file_names(&letters, labels);
        let files: Vec<String> = letters.iter().map(|w| takeout::letter_file(w, labels)).collect::<Result<_>>()?;
        let index = takeout::index_file(&letters, &names, labels, now)?;
        let (name, folder) = new_folder(&parent, &takeout::folder_name(labels, now)?)?;
        let written = names.iter().zip(&files).try_for_each(|(file, text)| write_new(&folder.join(file), text));
        let written = written.and_then(|()| write_new(&folder.join("index.md"), &index)).and_then(|()| crate::files::sync_dir(&folder));
        if let Err(e) = written {
            // Half her letters in plaintext help no one: the folder this call made goes again.
            let _ = std::fs::remove_dir_all(&folder);
            return Err(e);
        }
        Ok(Some(TakenOut { folder: name, letters: letters.len(), sealed_left }))
    }

    /// Brings back the letters of a folder `choose` picks (as "Take all letters" wrote it): all
    /// of them or, on any file that is not a letter of Grot, none. Letters already here are
    /// skipped and counted. The folder and its files are only read. Her passphrase first
    /// (counted like every guess): what comes in carries answers and marks that only she and a
    /// hand-over otherwise write.
    pub fn bring_back(&self, passphrase: &SecretString, choose: impl FnOnce() -> Result<Option<PathBuf>>) -> Result<Option<BroughtIn>> {
        {
            let _turn = self.turn();
            self.require_unlocked()?;
            self.verify_open(passphrase)?;
        }
        let Some(folder) = choose()? else { return Ok(None) };
        let letters = read_folder(&folder)?;
        self.with_store(|s| s.bring_in(&letters)).map(Some)
    }
}

/// A new folder in `parent`, never one already there (nothing is written over): `name`, or
/// `name (2)`, `name (3)` … when she takes her letters out more than once a day.
fn new_folder(parent: &Path, name: &str) -> Result<(String, PathBuf)> {
    let mut builder = std::fs::DirBuilder::new();
    // Hers alone: other accounts see nothing in it, not even the titles in its file names.
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    for n in 1..=99 {
        let name = if n == 1 { name.to_string() } else { format!("{name} ({n})") };
        let folder = parent.join(&name);
        match builder.create(&folder) {
            Ok(()) => return Ok((name, folder)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io(e)),
        }
    }
    Err(Error::Precondition("a hundred folders of that name are there already".into()))
}

/// Writes a new file of hers (0600), never over one that is there.
fn write_new(path: &Path, text: &str) -> Result<()> {
    use std::io::Write as _;
    let mut file = crate::files::create_private_file(path)?;
    file.write_all(text.as_bytes()).and_then(|()| file.sync_all()).map_err(Error::io)
}

/// Every letter file of a folder, in name order: `*.md` but `index.md`, regular files only
/// (never through a link), each at most a letter file's size.
fn read_folder(folder: &Path) -> Result<Vec<Whole>> {
    let mut names: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(folder).map_err(Error::io)? {
        let path = entry.map_err(Error::io)?.path();
        let md = path.extension().is_some_and(|e| e == "md") && path.file_name().is_some_and(|n| n != "index.md");
        if md {
            names.push(path);
        }
        if names.len() > MAX_FILES {
            return Err(Error::TooLarge(format!("more than {MAX_FILES} letter files")));
        }
    }
    names.sort();
    let mut total: u64 = 0;
    names
        .iter()
        .map(|path| {
            let bytes = crate::files::read_small(path, takeout::MAX_FILE_BYTES as u64).map_err(|e| match e.kind() {
                std::io::ErrorKind::InvalidData => Error::InvalidInput("a letter file that is a link, not a file, or too large".into()),
                _ => Error::io(e),
            })?;
            total = total.saturating_add(bytes.len() as u64);
            if total > MAX_TOTAL_BYTES {
                return Err(Error::TooLarge(format!("letter files of more than {MAX_TOTAL_BYTES} bytes together")));
            }
            let text = String::from_utf8(bytes).map_err(|_| Error::InvalidInput("a letter file that is not UTF-8".into()))?;
            takeout::read_letter_file(&text)
        })
        .collect()
}
