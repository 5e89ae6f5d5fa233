//! Backups. On every unlock a consistent copy of the store (SQLite's backup API, encrypted with
//! the same key) and the vault header go to `backups/<time>/`; the last ten are kept. A backup
//! can be exported as one file and imported into an empty data folder, where it unlocks with
//! the passphrase or recovery code it was made with. Nothing in a backup is plaintext.
//! Plain Rust; no Tauri in here.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::backup::Backup;

use crate::error::{Error, Result};
use crate::store::{Store, DB_FILE};
use crate::vault::{self, DataKey, HEADER_FILE};

pub const DIR: &str = "backups";
pub const KEEP: usize = 10;
/// Pages copied per step of the backup API; small steps keep the store usable meanwhile.
const PAGES_PER_STEP: std::os::raw::c_int = 256;

/// Copies the store (consistently, while it may be in use) and the header to
/// `backups/<now_ms>/`, then removes all but the newest [`KEEP`].
pub fn snapshot(dir: &Path, key: &DataKey, now_ms: i64) -> Result<PathBuf> {
    let target = dir.join(DIR).join(format!("{now_ms:013}"));
    let partial = dir.join(DIR).join(format!("{now_ms:013}.partial"));
    fs::create_dir_all(&partial).map_err(Error::io)?;
    copy_store(dir, key, &partial.join(DB_FILE))?;
    fs::copy(vault::header_path(dir), partial.join(HEADER_FILE)).map_err(Error::io)?;
    // Only a complete backup gets a name without ".partial".
    fs::rename(&partial, &target).map_err(Error::io)?;
    rotate(dir)?;
    Ok(target)
}

/// A consistent encrypted copy of the store at `dest`, through SQLite's backup API.
fn copy_store(dir: &Path, key: &DataKey, dest: &Path) -> Result<()> {
    let source = Store::open(dir, key)?;
    let mut copy = rusqlite::Connection::open(dest)?;
    crate::store::key_connection(&copy, key)?;
    {
        let backup = Backup::new(&source.conn, &mut copy)?;
        backup.run_to_completion(PAGES_PER_STEP, std::time::Duration::from_millis(5), None)?;
    }
    copy.execute_batch("PRAGMA journal_mode = DELETE;")?;
    drop(copy);
    Ok(())
}

/// The backups present, newest first.
pub fn list(dir: &Path) -> Result<Vec<PathBuf>> {
    let root = dir.join(DIR);
    if !root.is_dir() {
        return Ok(Vec::new());
    }
    let mut found: Vec<PathBuf> = fs::read_dir(&root)
        .map_err(Error::io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.chars().all(|c| c.is_ascii_digit())))
        .collect();
    found.sort();
    found.reverse();
    Ok(found)
}

/// When the newest complete backup was made (ms since the epoch), from its folder name.
pub fn latest_ms(dir: &Path) -> Result<Option<i64>> {
    Ok(list(dir)?.first().and_then(|p| p.file_name()?.to_str()?.parse().ok()))
}

fn rotate(dir: &Path) -> Result<()> {
    for old in list(dir)?.into_iter().skip(KEEP) {
        fs::remove_dir_all(old).map_err(Error::io)?;
    }
    Ok(())
}

/// Writes one file with the header and a fresh consistent copy of the store.
pub fn export(dir: &Path, key: &DataKey, dest: &Path) -> Result<()> {
    let work = tempfile::Builder::new().prefix(".export").tempdir_in(dir).map_err(Error::io)?;
    copy_store(dir, key, &work.path().join(DB_FILE))?;
    crate::files::write_atomically_with(dest, |file| {
        let mut archive = tar::Builder::new(file);
        archive.append_path_with_name(vault::header_path(dir), HEADER_FILE)?;
        archive.append_path_with_name(work.path().join(DB_FILE), DB_FILE)?;
        archive.finish()
    })
}

/// Puts an exported backup in `dir`. Refuses a folder that holds a vault unless `replace` is
/// the user's explicit choice; then the current vault is kept aside, not deleted.
pub fn import(file: &Path, dir: &Path, replace: bool) -> Result<()> {
    if vault::exists(dir) && !replace {
        return Err(Error::VaultExists);
    }
    fs::create_dir_all(dir).map_err(Error::io)?;
    let unpack = tempfile::Builder::new().prefix(".import").tempdir_in(dir).map_err(Error::io)?;
    let mut archive = tar::Archive::new(fs::File::open(file).map_err(Error::io)?);
    for entry in archive.entries().map_err(|_| Error::InvalidInput("not a Grot backup".into()))? {
        let mut entry = entry.map_err(|_| Error::InvalidInput("not a Grot backup".into()))?;
        let name = entry.path().map_err(Error::io)?.to_string_lossy().to_string();
        if name != HEADER_FILE && name != DB_FILE {
            return Err(Error::InvalidInput("not a Grot backup".into()));
        }
        entry.unpack(unpack.path().join(&name)).map_err(Error::io)?;
    }
    for needed in [HEADER_FILE, DB_FILE] {
        if !unpack.path().join(needed).is_file() {
            return Err(Error::InvalidInput("not a Grot backup".into()));
        }
    }
    if vault::exists(dir) {
        let aside = dir.join(format!("replaced-{}", crate::session::now_ms()));
        fs::create_dir_all(&aside).map_err(Error::io)?;
        for name in [HEADER_FILE, DB_FILE, "grot.db-wal", "grot.db-shm"] {
            if dir.join(name).exists() {
                fs::rename(dir.join(name), aside.join(name)).map_err(Error::io)?;
            }
        }
    }
    fs::rename(unpack.path().join(DB_FILE), dir.join(DB_FILE)).map_err(Error::io)?;
    fs::rename(unpack.path().join(HEADER_FILE), dir.join(HEADER_FILE)).map_err(Error::io)?;
    Ok(())
}
