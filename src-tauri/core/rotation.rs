//! Rotating the data key: the whole store re-encrypted under a new random key, and the new
//! header put in place, so that no old copy of the header (in a backup, or kept by someone who
//! copied it) opens anything current with an old passphrase or an old recovery code.
//!
//! Two files change together, so the order on disk is what keeps it crash-safe:
//! 1. `grot.db.next`: the store exported under the new key, flushed;
//! 2. `vault.next.json`: the new header, flushed;
//! 3. the store is closed (its WAL folded in and gone), then `grot.db.next` is renamed over
//!    `grot.db`: the commit;
//! 4. `vault.next.json` is renamed over `vault.json`.
//!
//! [`recover`] runs before every unlock: `grot.db.next` still there means no commit happened
//! (both new files go, the old passphrase works); only `vault.next.json` left means the commit
//! happened (it becomes `vault.json`, the new passphrase works). A kill at any moment leaves
//! one of the two working with all her letters, never neither. Plain Rust; no Tauri.

use std::fs;
use std::path::Path;

use crate::error::{Error, Result};
use crate::files::sync_dir;
use crate::store::{Store, COMPANIONS, DB_FILE};
use crate::vault::{self, Unlocked};

pub const NEXT_DB: &str = "grot.db.next";
pub const NEXT_HEADER: &str = "vault.next.json";

/// Finishes or undoes a rotation that a kill interrupted. Needs no key; safe to call always.
pub fn recover(dir: &Path) -> Result<()> {
    let (next_db, next_header) = (dir.join(NEXT_DB), dir.join(NEXT_HEADER));
    let there = |p: &Path| p.symlink_metadata().is_ok();
    // SQLite's own files beside the copy being written (a rollback journal when a kill lands
    // inside the export): never to be applied to a later copy.
    // A kill inside the write of the new header leaves its temporary file (`files`): never
    // part of either state, always removed.
    let partial = |name: &str| name.starts_with(&format!(".{NEXT_HEADER}.")) && name.ends_with(".partial");
    for entry in fs::read_dir(dir).into_iter().flatten().flatten().filter(|e| partial(&e.file_name().to_string_lossy())) {
        fs::remove_file(entry.path()).map_err(Error::io)?;
    }
    let scraps: Vec<_> = ["-journal", "-wal", "-shm"].iter().map(|s| dir.join(format!("{NEXT_DB}{s}"))).filter(|p| there(p)).collect();
    if there(&next_db) || !scraps.is_empty() {
        // Not committed: the old store and header are whole.
        for file in std::iter::once(next_db).chain(scraps).chain(Some(next_header)).filter(|p| there(p)) {
            fs::remove_file(&file).map_err(Error::io)?;
        }
        sync_dir(dir)?;
    } else if there(&next_header) {
        // Committed: the store is under the new key; its header follows.
        fs::rename(&next_header, vault::header_path(dir)).map_err(Error::io)?;
        sync_dir(dir)?;
    }
    Ok(())
}

/// Why a rotation stopped, and the store as it now stands: still open under the old key when
/// the stop came before the commit, `None` when it came after (the app then locks; the new
/// passphrase opens it).
pub struct Failed {
    pub error: Error,
    pub store: Option<Box<Store>>,
}

/// Re-encrypts `store` under `next.key` and puts `next.header` in place (see the module
/// comment for the order). Answers the store opened under the new key.
pub fn rotate(dir: &Path, store: Store, next: &Unlocked) -> std::result::Result<Store, Failed> {
    if let Err(error) = prepare(dir, &store, next) {
        let _ = recover(dir);
        return Err(Failed { error, store: Some(Box::new(store)) });
    }
    // Closing the last connection folds the WAL into the database and removes it; a WAL left
    // behind would be applied to the new file.
    drop(store);
    if COMPANIONS.iter().any(|name| dir.join(name).exists()) {
        let _ = recover(dir);
        let error = Error::Storage("the store is still in use".into());
        return Err(Failed { error, store: None });
    }
    let committed =
        fs::rename(dir.join(NEXT_DB), dir.join(DB_FILE)).map_err(Error::io).and_then(|_| sync_dir(dir)).and_then(|_| recover(dir));
    match committed.and_then(|_| Store::open(dir, &next.key)) {
        Ok(store) => Ok(store),
        Err(error) => Err(Failed { error, store: None }),
    }
}

/// Steps 1 and 2: the new store and the new header beside the current ones, checked.
fn prepare(dir: &Path, store: &Store, next: &Unlocked) -> Result<()> {
    recover(dir)?;
    let next_db = dir.join(NEXT_DB);
    store.export_encrypted(&next_db, &next.key)?;
    check_copy(&next_db, store, next)?;
    vault::write_header_at(&dir.join(NEXT_HEADER), &next.header)
}

/// The copy opens under the new key, is whole, and holds as many letters as the store.
fn check_copy(path: &Path, store: &Store, next: &Unlocked) -> Result<()> {
    let copy = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    crate::store::key_connection(&copy, &next.key)?;
    let check: String = copy.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    let count = |conn: &rusqlite::Connection| conn.query_row("SELECT count(*) FROM letters", [], |r| r.get::<_, i64>(0));
    if check != "ok" || count(&copy)? != count(&store.conn)? {
        return Err(Error::Storage("the re-encrypted copy does not match".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{lid, sample_draft, secret};
    use crate::vault::KdfParams;
    use secrecy::ExposeSecret;

    const ID: &str = "6f1c2a4e-8b1d-4c4e-9a36-0d2f5e7b9c01";

    fn vault_with_letter(dir: &Path) -> (Unlocked, Store, String) {
        let pending = vault::begin(&secret("correct horse battery"), KdfParams::TEST).unwrap();
        let code = pending.recovery_code().expose_secret().to_string();
        let unlocked = vault::confirm(dir, pending, &secret(&code)).unwrap();
        let mut store = Store::create(dir, &unlocked.key).unwrap();
        store.save(&sample_draft(ID, "blijft bewaard", 1), 1).unwrap();
        (unlocked, store, code)
    }

    #[test]
    fn after_a_rotation_only_the_new_passphrase_and_the_code_open_her_letters() {
        let dir = tempfile::tempdir().unwrap();
        let (old, store, code) = vault_with_letter(dir.path());
        let old_header = fs::read(vault::header_path(dir.path())).unwrap();
        let next = vault::rekey_for_passphrase(&old.header, &old.key, &secret("a new long passphrase"), KdfParams::TEST).unwrap();
        let store = rotate(dir.path(), store, &next).ok().unwrap();
        assert_eq!(store.letter(&lid(ID), crate::clock::now_ms()).unwrap().body, "blijft bewaard");
        drop(store);
        let names: Vec<String> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert!(!names.iter().any(|n| n.contains("next")), "{names:?}");
        // The new passphrase and the unchanged recovery code open the store.
        let by_pass = vault::unlock(dir.path(), &secret("a new long passphrase"), 0).unwrap();
        assert_eq!(Store::open(dir.path(), &by_pass.key).unwrap().letter(&lid(ID), crate::clock::now_ms()).unwrap().body, "blijft bewaard");
        let by_code = vault::unlock_with_recovery(dir.path(), &secret(&code), 0).unwrap();
        assert!(by_code.key.same_as(&by_pass.key));
        // The old header copied back, with the old passphrase: its key opens nothing current.
        fs::write(vault::header_path(dir.path()), &old_header).unwrap();
        let stale = vault::unlock(dir.path(), &secret("correct horse battery"), 0).unwrap();
        assert_eq!(Store::open(dir.path(), &stale.key).unwrap_err().code(), "store_damaged");
        assert!(stale.key.same_as(&old.key));
    }

    #[test]
    fn recover_undoes_before_the_commit_and_finishes_after_it() {
        let dir = tempfile::tempdir().unwrap();
        let (old, store, _) = vault_with_letter(dir.path());
        let next = vault::rekey_for_passphrase(&old.header, &old.key, &secret("a new long passphrase"), KdfParams::TEST).unwrap();
        prepare(dir.path(), &store, &next).unwrap();
        drop(store);
        // Killed before the commit: the old passphrase works, the new files are gone.
        recover(dir.path()).unwrap();
        assert!(!dir.path().join(NEXT_DB).exists() && !dir.path().join(NEXT_HEADER).exists());
        let opened = vault::unlock(dir.path(), &secret("correct horse battery"), 0).unwrap();
        let store = Store::open(dir.path(), &opened.key).unwrap();
        // Killed right after the commit: the header follows, the new passphrase works.
        prepare(dir.path(), &store, &next).unwrap();
        drop(store);
        fs::rename(dir.path().join(NEXT_DB), dir.path().join(DB_FILE)).unwrap();
        recover(dir.path()).unwrap();
        let opened = vault::unlock(dir.path(), &secret("a new long passphrase"), 0).unwrap();
        assert_eq!(Store::open(dir.path(), &opened.key).unwrap().letter(&lid(ID), crate::clock::now_ms()).unwrap().body, "blijft bewaard");
    }
}
