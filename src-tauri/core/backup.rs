//! Backups. On every unlock a consistent copy of the store (SQLite's backup API, encrypted with
//! the same key) and the vault header go to `backups/<time>/`; the last ten are kept, and only
//! those under the current key. A backup can be exported as one file and imported into an
//! empty data folder, where it unlocks with the passphrase or recovery code it was made with.
//! Nothing in a backup is plaintext; every file is its owner's only (0600 in 0700 folders).
//! Plain Rust; no Tauri in here.

use std::collections::HashSet;
use std::fs;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use rusqlite::backup::Backup;

use crate::error::{Error, Result};
use crate::files::{create_private_dir, create_private_file, sync_dir};
use crate::store::{Store, COMPANIONS, DB_FILE};
use crate::vault::{self, DataKey, HEADER_FILE, MAX_HEADER_BYTES};

pub const DIR: &str = "backups";
pub const KEEP: usize = 10;
/// Pages copied per step of the backup API; small steps keep the store usable meanwhile.
const PAGES_PER_STEP: std::os::raw::c_int = 256;
/// The largest store an archive may hold: far above any real one (10,000 letters of 1 MB
/// with their revisions), far below what would fill a laptop's disk by surprise.
const MAX_STORE_BYTES: u64 = 8 * 1024 * 1024 * 1024;

/// Copies the store (consistently, while it may be in use) and the header to
/// `backups/<now_ms>/`, then removes all but the newest [`KEEP`] under the same key. Backups
/// under any other key are never touched here: they may be all that is left of her letters.
pub fn snapshot(dir: &Path, key: &DataKey, now_ms: i64) -> Result<PathBuf> {
    let root = dir.join(DIR);
    create_private_dir(&root)?;
    let target = root.join(format!("{now_ms:013}"));
    let partial = root.join(format!("{now_ms:013}.partial"));
    if partial.exists() {
        fs::remove_dir_all(&partial).map_err(Error::io)?;
    }
    let copied = checked_header(dir, key).and_then(|header| {
        create_private_dir(&partial)?;
        copy_store(dir, key, &partial.join(DB_FILE))?;
        vault::write_header_at(&partial.join(HEADER_FILE), &header)
    });
    if let Err(e) = copied {
        // A full disk: what was copied so far would only keep it full.
        let _ = fs::remove_dir_all(&partial);
        return Err(e);
    }
    // Only a complete backup gets a name without ".partial".
    fs::rename(&partial, &target).map_err(Error::io)?;
    sync_dir(&root)?;
    prune(dir, &target)?;
    Ok(target)
}

/// A fresh backup under `key`; once it opens and checks whole, every other backup under the
/// same key is removed (a letter was deleted for good "from the backups too"), and those under
/// `rotated_from` (the key this process itself rotated away from, a moment ago). Backups under
/// any other key stay.
pub fn replace_all(dir: &Path, key: &DataKey, now_ms: i64, rotated_from: Option<&str>) -> Result<PathBuf> {
    let fresh = snapshot(dir, key, now_ms)?;
    verify(&fresh, key)?;
    let current = key_id_of(&fresh);
    let gone = |b: &PathBuf| {
        let id = key_id_of(b);
        *b != fresh && id.is_some() && (id == current || id.as_deref() == rotated_from)
    };
    for old in list(dir)?.into_iter().filter(gone) {
        fs::remove_dir_all(old).map_err(Error::io)?;
    }
    sync_dir(&dir.join(DIR))?;
    Ok(fresh)
}

/// Whether the backup at `backup` opens with `key` and SQLite finds it whole.
pub fn verify(backup: &Path, key: &DataKey) -> Result<()> {
    let conn = rusqlite::Connection::open_with_flags(backup.join(DB_FILE), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    crate::store::key_connection(&conn, key)?;
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|_| Error::Vault("the backup does not open with this key".into()))?;
    if check != "ok" {
        return Err(Error::Storage(format!("backup check: {check}")));
    }
    // Every page's HMAC, free pages too: `quick_check` reads only the pages in use, and a store
    // that dropped a table (migration 4 made the search index anew) has free pages at its end.
    let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
    let problems = stmt.query_map([], |r| r.get::<_, String>(0))?.count();
    if problems > 0 {
        return Err(Error::Storage(format!("backup check: {problems} pages fail their HMAC")));
    }
    Ok(())
}

/// A consistent encrypted copy of the store at `dest`, through SQLite's backup API.
fn copy_store(dir: &Path, key: &DataKey, dest: &Path) -> Result<()> {
    let source = Store::open(dir, key)?;
    drop(create_private_file(dest)?);
    let mut copy = rusqlite::Connection::open(dest)?;
    crate::store::key_connection(&copy, key)?;
    {
        let backup = Backup::new(&source.conn, &mut copy)?;
        backup.run_to_completion(PAGES_PER_STEP, std::time::Duration::from_millis(5), None)?;
    }
    copy.execute_batch("PRAGMA journal_mode = DELETE;")?;
    drop(copy);
    fs::File::open(dest).and_then(|f| f.sync_all()).map_err(Error::io)
}

/// Copies a file into a new private file, flushed.
fn copy_private(from: &Path, to: &Path) -> Result<()> {
    let mut source = fs::File::open(from).map_err(Error::io)?;
    let mut dest = create_private_file(to)?;
    std::io::copy(&mut source, &mut dest).map_err(Error::io)?;
    dest.sync_all().map_err(Error::io)
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

/// What the restore screen offers: an automatic backup, or a vault Grot kept aside when it put
/// another in its place (an import: `replaced-<time>`; a backup put back: `damaged-<time>`).
#[derive(Clone, Copy, Debug, serde::Serialize, PartialEq, Eq, ts_rs::TS)]
#[ts(rename = "BackupKind")]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Backup,
    Replaced,
    Damaged,
}

/// One thing she can put back, with when it was made (or kept aside).
#[derive(Clone, Debug, serde::Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct Entry {
    pub id: String,
    pub made_ms: i64,
    pub kind: Kind,
}

/// Everything she can put back: her backups, newest first (the newest is what she most often
/// wants), then the vaults kept aside, newest first (each only with its key file and store).
pub fn entries(dir: &Path) -> Result<Vec<Entry>> {
    let mut aside: Vec<Entry> = kept_aside(dir).into_iter().map(|(e, _)| e).collect();
    aside.sort_by_key(|e| std::cmp::Reverse(e.made_ms));
    Ok(list(dir)?
        .into_iter()
        .filter_map(|p| {
            let id = p.file_name()?.to_str()?.to_string();
            Some(Entry { made_ms: id.parse().ok()?, id, kind: Kind::Backup })
        })
        .chain(aside)
        .collect())
}

/// The folders `replaced-<ms>` and `damaged-<ms>` in `dir` that hold a whole vault.
fn kept_aside(dir: &Path) -> Vec<(Entry, PathBuf)> {
    let Ok(read) = fs::read_dir(dir) else { return Vec::new() };
    read.flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let (kind, ms) = match name.split_once('-')? {
                ("replaced", ms) => (Kind::Replaced, ms),
                ("damaged", ms) => (Kind::Damaged, ms),
                _ => return None,
            };
            let path = e.path();
            let whole = e.file_type().ok()?.is_dir() && path.join(HEADER_FILE).is_file() && path.join(DB_FILE).is_file();
            whole.then_some((Entry { made_ms: ms.parse().ok()?, id: name, kind }, path))
        })
        .collect()
}

/// Copies what `id` names (one of [`entries`]) into a new private folder in `dir`, where it can
/// be opened and checked before anything of hers is touched. A vault kept aside may have a WAL
/// with her last saves: it comes along (never its shared-memory file).
pub fn stage(dir: &Path, id: &str, now_ms: i64) -> Result<PathBuf> {
    let source = list(dir)?
        .into_iter()
        .chain(kept_aside(dir).into_iter().map(|(_, p)| p))
        .find(|p| p.file_name().and_then(|n| n.to_str()) == Some(id))
        .ok_or_else(|| Error::NotFound("backup".into()))?;
    let staging = dir.join(format!("restoring-{now_ms}"));
    create_private_dir(&staging)?;
    let wal = source.join(COMPANIONS[0]);
    let copied = copy_private(&source.join(HEADER_FILE), &staging.join(HEADER_FILE))
        .and_then(|_| copy_private(&source.join(DB_FILE), &staging.join(DB_FILE)))
        .and_then(|_| if wal.is_file() { copy_private(&wal, &staging.join(COMPANIONS[0])) } else { Ok(()) });
    if let Err(e) = copied {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    Ok(staging)
}

/// Folds a staged WAL into its store (once its key is known), so the store checks and moves
/// as one file.
pub fn fold_wal(staging: &Path, key: &DataKey) -> Result<()> {
    if !staging.join(COMPANIONS[0]).exists() {
        return Ok(());
    }
    let conn = rusqlite::Connection::open(staging.join(DB_FILE))?;
    crate::store::key_connection(&conn, key)?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    conn.execute_batch("PRAGMA journal_mode = DELETE;")?;
    Ok(())
}

/// The header kept with the newest backup that holds one that parses: what the key file would
/// be put back from when it is missing.
pub fn newest_header(dir: &Path) -> Result<vault::Header> {
    list(dir)?.iter().find_map(|b| vault::read_header_at(&b.join(HEADER_FILE)).ok()).ok_or_else(|| Error::NotFound("backup".into()))
}

/// Puts a staged (and checked) backup in place of what is there now, which is moved aside into
/// `damaged-<now>/`, never deleted.
pub fn put_in_place(dir: &Path, staging: &Path, now_ms: i64) -> Result<()> {
    move_aside(dir, &[HEADER_FILE, DB_FILE, COMPANIONS[0], COMPANIONS[1]], &format!("damaged-{now_ms}"))?;
    for name in [DB_FILE, HEADER_FILE] {
        fs::rename(staging.join(name), dir.join(name)).map_err(Error::io)?;
    }
    sync_dir(dir)?;
    fs::remove_dir_all(staging).map_err(Error::io)
}

/// When the newest complete backup was made (ms since the epoch), from its folder name.
pub fn latest_ms(dir: &Path) -> Result<Option<i64>> {
    Ok(list(dir)?.first().and_then(|p| p.file_name()?.to_str()?.parse().ok()))
}

fn key_id_of(backup: &Path) -> Option<String> {
    vault::read_header_at(&backup.join(HEADER_FILE)).ok().map(|h| h.key_id().to_string())
}

/// Keeps the newest [`KEEP`] backups made under the same key as `fresh`. Backups under any
/// other key (an imported vault's predecessor, a rotation a kill interrupted) are left alone:
/// whoever brought a vault in must not be able to sweep hers away.
fn prune(dir: &Path, fresh: &Path) -> Result<()> {
    let current = key_id_of(fresh);
    for old in list(dir)?.into_iter().filter(|b| current.is_some() && key_id_of(b) == current).skip(KEEP) {
        fs::remove_dir_all(old).map_err(Error::io)?;
    }
    Ok(())
}

/// Puts back the header kept with the newest backup, when `vault.json` is gone.
pub fn restore_header(dir: &Path) -> Result<()> {
    vault::write_header_at(&vault::header_path(dir), &newest_header(dir)?)
}

/// Puts back the newest backup's store made under the current key, when `grot.db` is gone.
/// A WAL or shared-memory file left without its database is moved aside first (never applied
/// to the restored file, never deleted).
pub fn restore_store(dir: &Path, now_ms: i64) -> Result<()> {
    let current = vault::read_header_at(&vault::header_path(dir))?.key_id().to_string();
    let backup = list(dir)?
        .into_iter()
        .find(|b| b.join(DB_FILE).is_file() && key_id_of(b).as_deref() == Some(current.as_str()))
        .ok_or_else(|| Error::NotFound("backup".into()))?;
    move_aside(dir, &COMPANIONS, &format!("damaged-{now_ms}"))?;
    let tmp = dir.join(format!(".{DB_FILE}.restore"));
    let _ = fs::remove_file(&tmp);
    copy_private(&backup.join(DB_FILE), &tmp)?;
    fs::rename(&tmp, dir.join(DB_FILE)).map_err(Error::io)?;
    sync_dir(dir)
}

/// Moves those of `names` that exist in `dir` into a new private folder `aside`.
fn move_aside(dir: &Path, names: &[&str], aside: &str) -> Result<()> {
    let present: Vec<&&str> = names.iter().filter(|n| dir.join(n).symlink_metadata().is_ok()).collect();
    if present.is_empty() {
        return Ok(());
    }
    let aside = dir.join(aside);
    create_private_dir(&aside)?;
    for name in present {
        fs::rename(dir.join(name), aside.join(name)).map_err(Error::io)?;
    }
    sync_dir(dir)
}

/// The key file as it goes into a backup: read as a small regular file, and only when its MAC
/// proves it was written with `key` (someone may have put a FIFO, a link, a huge file or another
/// vault's header there since she unlocked). Written anew from what was checked, never copied.
fn checked_header(dir: &Path, key: &DataKey) -> Result<vault::Header> {
    let header = vault::read_header_at(&vault::header_path(dir))?;
    header.authenticate(key)?;
    Ok(header)
}

/// Writes one file with the header and a fresh consistent copy of the store.
pub fn export(dir: &Path, key: &DataKey, dest: &Path) -> Result<()> {
    let header = vault::header_bytes(&checked_header(dir, key)?);
    let work = tempfile::Builder::new().prefix(".export").tempdir_in(dir).map_err(Error::io)?;
    copy_store(dir, key, &work.path().join(DB_FILE))?;
    crate::files::write_atomically_with(dest, |file| {
        let mut archive = tar::Builder::new(file);
        archive.mode(tar::HeaderMode::Deterministic);
        let mut entry = tar::Header::new_gnu();
        entry.set_size(header.len() as u64);
        entry.set_mode(0o600);
        entry.set_cksum();
        archive.append_data(&mut entry, HEADER_FILE, header.as_slice())?;
        archive.append_path_with_name(work.path().join(DB_FILE), DB_FILE)?;
        archive.finish()
    })
}

fn not_a_backup<E>(_: E) -> Error {
    Error::NotABackup
}

/// Puts an exported backup in `dir`. Refuses a folder that holds a vault or any part of a store
/// unless `replace` is the user's explicit choice; then what is there is kept aside, not
/// deleted. The archive is not trusted: only its two regular files are taken, each within its
/// size cap, written 0600 in a private folder; links, devices, other names, duplicates and the
/// archive's own modes are refused or ignored, and nothing is in place until both are whole.
pub fn import(file: &Path, dir: &Path, replace: bool) -> Result<()> {
    if !replace {
        if vault::exists(dir) {
            return Err(Error::VaultExists);
        }
        if crate::store::any_store_file(dir) {
            return Err(Error::KeyMissing);
        }
    }
    create_private_dir(dir)?;
    let unpack = tempfile::Builder::new().prefix(".import").tempdir_in(dir).map_err(Error::io)?;
    unpack_archive(file, unpack.path())?;
    vault::parse_header(&fs::read(unpack.path().join(HEADER_FILE)).map_err(Error::io)?).map_err(not_a_backup)?;
    let mut present = vec![HEADER_FILE, DB_FILE];
    present.extend(COMPANIONS);
    move_aside(dir, &present, &format!("replaced-{}", crate::clock::now_ms()))?;
    fs::rename(unpack.path().join(DB_FILE), dir.join(DB_FILE)).map_err(Error::io)?;
    fs::rename(unpack.path().join(HEADER_FILE), dir.join(HEADER_FILE)).map_err(Error::io)?;
    sync_dir(dir)
}

/// Takes the header and the store out of the archive into `into`, or refuses the archive.
fn unpack_archive(file: &Path, into: &Path) -> Result<()> {
    let mut archive = tar::Archive::new(fs::File::open(file).map_err(Error::io)?);
    let mut seen = HashSet::new();
    for entry in archive.entries().map_err(not_a_backup)? {
        let mut entry = entry.map_err(not_a_backup)?;
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(Error::NotABackup);
        }
        let path = entry.path().map_err(not_a_backup)?.into_owned();
        let name = match path.to_str() {
            Some(HEADER_FILE) => HEADER_FILE,
            Some(DB_FILE) => DB_FILE,
            _ => return Err(Error::NotABackup),
        };
        if !seen.insert(name) {
            return Err(Error::NotABackup);
        }
        let cap = if name == HEADER_FILE { MAX_HEADER_BYTES } else { MAX_STORE_BYTES };
        if entry.size() > cap {
            return Err(Error::TooLarge(format!("{name} in the backup")));
        }
        let mut out = create_private_file(&into.join(name))?;
        let copied = std::io::copy(&mut (&mut entry).take(cap + 1), &mut out).map_err(Error::io)?;
        if copied > cap {
            return Err(Error::TooLarge(format!("{name} in the backup")));
        }
        out.flush().and_then(|_| out.sync_all()).map_err(Error::io)?;
    }
    if seen.len() != 2 {
        return Err(Error::NotABackup);
    }
    Ok(())
}
