//! "Take all letters" and bringing letters in: every letter as a Markdown file, in a new folder
//! or one `.zip` she chooses (plaintext, after her passphrase and a plain warning the page
//! gives); and letters brought in from such a take-out or another app's export, shown to her
//! first (how many, which days, the first titles) and written only on her yes, in one
//! transaction.

use super::*;
use crate::export::takeout::{self, TakeoutLabels};
use crate::import::{self, archive, Source};
use crate::store::letters::BroughtIn;

/// What "Take all letters" wrote.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct TakenOut {
    /// The new folder's or the zip's name.
    pub name: String,
    pub letters: usize,
    /// Sealed letters stay in Grot until she opens them: how many.
    pub sealed_left: usize,
}

/// Where "Take all letters" writes: a new folder, or one `.zip`.
#[derive(Clone, Copy, Debug, serde::Deserialize, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum TakeoutTo {
    Folder,
    Zip,
}

/// What an export holds, shown to her before anything is brought in.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct Preview {
    /// Letters it holds.
    pub letters: usize,
    /// Of those, already here (the same id, or the same title, moment and text): skipped.
    pub already_here: usize,
    /// Entries without any text, which are left out.
    pub left_out: usize,
    /// The earliest and the latest letter's moment.
    pub first_ms: Option<i64>,
    pub last_ms: Option<i64>,
    /// The first few titles, oldest first.
    pub titles: Vec<String>,
}

/// An import in progress: read and shown, waiting for her yes; or done, what it added.
pub(super) enum Import {
    Waiting(Vec<crate::store::letters::Whole>),
    Done(Vec<crate::store::letters::LetterId>),
}

/// How many titles a preview shows.
const PREVIEW_TITLES: usize = 5;

impl Session {
    /// Writes every letter (not in the trash, not sealed) and an `index.md` into a new folder in
    /// the one `choose` picks, or into the `.zip` it names (`choose` is given the name to offer),
    /// once her passphrase (counted like every guess) is right. The letters are read after the
    /// dialog: a lock while it was open writes nothing.
    pub fn take_out_all(
        &self,
        passphrase: &SecretString,
        labels: &TakeoutLabels,
        to: TakeoutTo,
        choose: impl FnOnce(&str) -> Result<Option<PathBuf>>,
    ) -> Result<Option<TakenOut>> {
        {
            let _turn = self.turn();
            self.require_unlocked()?;
            self.verify_open(passphrase)?;
        }
        let folder_name = takeout::folder_name(labels, now_ms())?;
        let Some(chosen) = choose(&format!("{folder_name}.zip"))? else { return Ok(None) };
        let now = now_ms();
        let (letters, sealed_left) = self.with_store(|s| Ok((s.every_letter(now)?, s.sealed_count(now)?)))?;
        let names = takeout::file_names(&letters, labels);
        let mut files: Vec<(String, String)> =
            names.iter().zip(&letters).map(|(name, w)| Ok((name.clone(), takeout::letter_file(w, labels)?))).collect::<Result<_>>()?;
        files.push(("index.md".into(), takeout::index_file(&letters, &names, labels, now)?));
        let name = match to {
            TakeoutTo::Folder => write_folder(&chosen, &folder_name, &files)?,
            TakeoutTo::Zip => {
                archive::write(&chosen, &folder_name, &files, now)?;
                chosen.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()
            }
        };
        Ok(Some(TakenOut { name, letters: letters.len(), sealed_left }))
    }

    /// Reads what `choose` picks as `source` and shows it to her: nothing is written until
    /// [`Session::import_confirm`]. Her passphrase first (counted like every guess): what comes
    /// in carries answers and marks that only she and a hand-over otherwise write. The source
    /// is only read. A lock drops what waits.
    pub fn import_preview(
        &self,
        passphrase: &SecretString,
        source: Source,
        choose: impl FnOnce() -> Result<Option<PathBuf>>,
    ) -> Result<Option<Preview>> {
        {
            let _turn = self.turn();
            self.require_unlocked()?;
            self.verify_open(passphrase)?;
        }
        let Some(path) = choose()? else { return Ok(None) };
        let read = import::read(source, &path)?;
        self.with_state(|inner| {
            let already_here = inner.open.as_ref().ok_or(Error::Locked)?.store.already_here(&read.letters)?;
            let letters = &read.letters;
            let preview = Preview {
                letters: letters.len(),
                already_here,
                left_out: read.left_out,
                first_ms: letters.iter().map(|w| w.created_ms).min(),
                last_ms: letters.iter().map(|w| w.created_ms).max(),
                titles: letters.iter().take(PREVIEW_TITLES).map(|w| w.title.clone()).collect(),
            };
            inner.import = Some(Import::Waiting(read.letters));
            Ok(Some(preview))
        })
    }

    /// Brings in what the last preview showed her, all of it or nothing.
    pub fn import_confirm(&self) -> Result<BroughtIn> {
        self.with_state(|inner| {
            let letters = match inner.import.take() {
                Some(Import::Waiting(letters)) => letters,
                other => {
                    inner.import = other;
                    return Err(Error::Precondition("nothing waits to be brought in".into()));
                }
            };
            let (done, added) = inner.open.as_mut().ok_or(Error::Locked)?.store.bring_in_listed(&letters)?;
            inner.import = Some(Import::Done(added));
            Ok(done)
        })
    }

    /// Undoes the import she just said yes to, as a whole: every letter it added goes to the
    /// trash. Only until she locks, hands the laptop over or brings in something else.
    pub fn import_undo(&self) -> Result<usize> {
        self.with_state(|inner| {
            let added = match inner.import.take() {
                Some(Import::Done(added)) => added,
                other => {
                    inner.import = other;
                    return Err(Error::Precondition("no import to undo".into()));
                }
            };
            inner.open.as_mut().ok_or(Error::Locked)?.store.trash_brought_in(&added, now_ms())
        })
    }

    /// She said no: what was read is dropped.
    pub fn import_cancel(&self) -> Result<()> {
        self.with_state(|inner| {
            inner.import = None;
            Ok(())
        })
    }
}

/// Writes the files into a new folder in `parent`; answers its name.
fn write_folder(parent: &Path, name: &str, files: &[(String, String)]) -> Result<String> {
    let (name, folder) = new_folder(parent, name)?;
    let written = files.iter().try_for_each(|(file, text)| write_new(&folder.join(file), text));
    if let Err(e) = written.and_then(|()| crate::files::sync_dir(&folder)) {
        // Half her letters in plaintext help no one: the folder this call made goes again.
        let _ = std::fs::remove_dir_all(&folder);
        return Err(e);
    }
    Ok(name)
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
