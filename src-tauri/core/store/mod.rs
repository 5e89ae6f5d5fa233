//! The encrypted store: one SQLite file encrypted by SQLCipher with the vault's data key as a
//! raw key. WAL with `synchronous=FULL`, so a commit that returned is on disk; temp tables
//! in memory, so no plaintext temp file is ever written. Plain Rust; no Tauri in here.

use std::path::{Path, PathBuf};

use std::fmt::Write as _;

use rusqlite::{Connection, OpenFlags};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::vault::DataKey;

mod checkpoint;
pub mod letters;
mod schema;
pub mod settings;
mod vault_binding;

use checkpoint::Checkpointer;
use schema::MIGRATIONS;

pub const DB_FILE: &str = "grot.db";
/// SQLite's companions of the store: while either exists, the store exists.
pub const COMPANIONS: [&str; 2] = ["grot.db-wal", "grot.db-shm"];

/// Whether anything of a store is in `dir` (the database, or a WAL or shared-memory file that
/// SQLite would apply to whatever database it next finds there).
pub fn any_store_file(dir: &Path) -> bool {
    std::iter::once(DB_FILE).chain(COMPANIONS).any(|name| dir.join(name).symlink_metadata().is_ok())
}

pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
    _checkpointer: Option<Checkpointer>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// Gives a fresh connection the raw data key. SQLCipher stays silent (nothing about keys or
/// pages on stderr or in a log); it wipes its own copies of the key whatever the settings. The
/// key's text is built in one zeroed buffer of fixed size: no copy is left behind by a
/// reallocation.
///
/// `cipher_memory_security` (wiping every allocation SQLite frees) stays off, as SQLCipher has
/// shipped it since 4.5: measured with `cargo xtask bench`, it made the search over 10,000
/// letters 5.9x slower (p99 47 ms against 8 ms, budget 20 ms) for memory that only a process
/// with root's rights can read here (no core dumps, no same-user debugger: `harden`). SECURITY.md
/// says so.
pub(crate) fn key_connection(conn: &Connection, key: &DataKey) -> Result<()> {
    conn.execute_batch("PRAGMA cipher_log_level = NONE; PRAGMA cipher_memory_security = OFF;")?;
    let statement = key_text("PRAGMA key = \"", key, "\";");
    conn.execute_batch(&statement)?;
    Ok(())
}

/// `before` + `x'<hex of key>'` + `after`, in a buffer that is wiped when dropped.
fn key_text(before: &str, key: &DataKey, after: &str) -> Zeroizing<String> {
    let mut text = Zeroizing::new(String::with_capacity(before.len() + 3 + 2 * key.expose().len() + after.len()));
    text.push_str(before);
    text.push_str("x'");
    for byte in key.expose() {
        write!(text, "{byte:02X}").expect("writing to a String");
    }
    text.push('\'');
    text.push_str(after);
    text
}

impl Store {
    /// Opens the store in `dir` with `key`. A wrong key fails here, at once. A missing store is
    /// an error, never a new empty one: with a vault present, an empty store would hide her
    /// letters and, unlock after unlock, rotate the good backups away.
    pub fn open(dir: &Path, key: &DataKey) -> Result<Store> {
        if !dir.join(DB_FILE).is_file() {
            return Err(Error::StoreMissing);
        }
        Store::open_with(dir, key, OpenFlags::empty())
    }

    /// Creates the store of a new vault (first run only: refuses if any store file is there).
    pub fn create(dir: &Path, key: &DataKey) -> Result<Store> {
        if any_store_file(dir) {
            return Err(Error::VaultExists);
        }
        Store::open_with(dir, key, OpenFlags::SQLITE_OPEN_CREATE)
    }

    fn open_with(dir: &Path, key: &DataKey, create: OpenFlags) -> Result<Store> {
        Store::connect(dir, key, create).map_err(|e| crate::files::when_full(dir, e))
    }

    fn connect(dir: &Path, key: &DataKey, create: OpenFlags) -> Result<Store> {
        let path = dir.join(DB_FILE);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | create | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags)?;
        key_connection(&conn, key)?;

        let version: String = conn.query_row("PRAGMA cipher_version", [], |r| r.get(0)).unwrap_or_default();
        if version.is_empty() {
            return Err(Error::Storage("SQLite was built without SQLCipher".into()));
        }
        // Reading the schema is the first use of the key: a wrong key fails here, not later.
        // (`StoreDamaged`: SQLCipher cannot tell a wrong key from a damaged first page.)
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0))?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;
             PRAGMA secure_delete = ON;",
        )?;
        let mut store = Store { conn, path, _checkpointer: None };
        store.migrate()?;
        // Without the background checkpointer, SQLite's own automatic checkpoints stay on.
        if let Ok(checkpointer) = Checkpointer::start(&store.path, key) {
            store.conn.execute_batch("PRAGMA wal_autocheckpoint = 0;")?;
            checkpointer.watch(&mut store.conn)?;
            store._checkpointer = Some(checkpointer);
        }
        Ok(store)
    }

    /// Writes a copy of the whole store to `dest`, encrypted under `key` (SQLCipher's
    /// `sqlcipher_export`, the way to change the key of a WAL database), flushed to disk.
    pub fn export_encrypted(&self, dest: &Path, key: &DataKey) -> Result<()> {
        drop(crate::files::create_private_file(dest)?);
        let dest_text = dest.to_str().ok_or_else(|| Error::Storage("the data folder's path is not UTF-8".into()))?;
        let attach_key = key_text("", key, "");
        self.conn.execute("ATTACH DATABASE ?1 AS rekeyed KEY ?2", rusqlite::params![dest_text, attach_key.as_str()])?;
        let copied = (|| -> Result<()> {
            self.conn.query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
            let version: i64 = self.conn.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
            self.conn.execute_batch(&format!("PRAGMA rekeyed.user_version = {version};"))?;
            Ok(())
        })();
        self.conn.execute_batch("DETACH DATABASE rekeyed;")?;
        copied?;
        std::fs::File::open(dest).and_then(|f| f.sync_all()).map_err(Error::io)
    }

    fn migrate(&mut self) -> Result<()> {
        let done: i64 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let done = usize::try_from(done).map_err(|_| Error::Vault("damaged schema version".into()))?;
        if done > MIGRATIONS.len() {
            return Err(Error::Vault("the store was written by a newer Grot".into()));
        }
        for (i, step) in MIGRATIONS.iter().enumerate().skip(done) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(step)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Both integrity checks; `Ok` only when SQLite and SQLCipher find nothing wrong.
    pub fn check_integrity(&self) -> Result<()> {
        let sqlite: String = self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if sqlite != "ok" {
            return Err(Error::StoreDamaged);
        }
        let mut stmt = self.conn.prepare("PRAGMA cipher_integrity_check")?;
        let problems: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        if !problems.is_empty() {
            return Err(Error::StoreDamaged);
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every row of every table, as text in a fixed order: for the tests that prove a refused
    /// call changed nothing. Reached only through an open session, never through IPC.
    pub fn dump(&self) -> Result<String> {
        let mut tables = self.conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?;
        let names = tables.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        let mut out = String::new();
        for name in names {
            let mut rows = self.conn.prepare(&format!("SELECT * FROM \"{name}\""))?;
            let columns = rows.column_count();
            let mut lines = Vec::new();
            let mut cursor = rows.query([])?;
            while let Some(row) = cursor.next()? {
                let cells: Vec<String> = (0..columns).map(|i| format!("{:?}", row.get_ref(i).map(|v| v.to_owned()))).collect();
                lines.push(cells.join("|"));
            }
            lines.sort();
            out.push_str(&format!("[{name}]\n{}\n", lines.join("\n")));
        }
        Ok(out)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::checkpoint::CHECKPOINT_EVERY;
    use super::*;
    use crate::testing::{sample_draft, ID};

    #[test]
    fn the_wal_is_checkpointed_in_the_background_not_in_a_save() {
        let dir = tempfile::tempdir().unwrap();
        let key = new_key(dir.path());
        let mut store = Store::create(dir.path(), &key).unwrap();
        let auto: i64 = store.conn.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0)).unwrap();
        assert_eq!(auto, 0, "no save pays for a checkpoint");
        let wal = dir.path().join(format!("{DB_FILE}-wal"));
        let text = "ik voel me vaak alleen als jij je terugtrekt. ".repeat(446);
        let write = |store: &mut Store, from: i64, count: i64| {
            for seq in from..from + count {
                let id = format!("00000000-0000-4000-8000-{seq:012}");
                store.save(&sample_draft(&id, &text, 1), seq).unwrap();
            }
        };
        write(&mut store, 0, 150);
        let first = std::fs::metadata(&wal).unwrap().len();
        assert!(first > 4 * 1024 * 1024, "past SQLite's automatic checkpoint size: {first}");
        std::thread::sleep(CHECKPOINT_EVERY * 5);
        // Checkpointed meanwhile, so the WAL starts over from its beginning instead of growing.
        write(&mut store, 1000, 10);
        let second = std::fs::metadata(&wal).unwrap().len();
        assert_eq!(second, first, "the WAL grew from {first} to {second}");
        let letters: i64 = store.conn.query_row("SELECT count(*) FROM letters", [], |r| r.get(0)).unwrap();
        assert_eq!(letters, 160);
    }

    pub(crate) use crate::testing::new_key;

    #[test]
    fn opens_encrypted_and_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let key = new_key(dir.path());
        let store = Store::create(dir.path(), &key).unwrap();
        let version: i64 = store.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version as usize, MIGRATIONS.len());
        let mode: String = store.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let sync: i64 = store.conn.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
        assert_eq!(sync, 2, "synchronous = FULL");
        store.check_integrity().unwrap();
        drop(store);
        let head = std::fs::read(dir.path().join(DB_FILE)).unwrap();
        assert!(!head.starts_with(b"SQLite format 3"), "the file must not be plain SQLite");
        Store::open(dir.path(), &key).unwrap();
    }

    #[test]
    fn a_store_from_before_answers_keeps_its_search_index() {
        let dir = tempfile::tempdir().unwrap();
        let key = new_key(dir.path());
        // A store as the schema of three steps made it: no answers, the index of three columns.
        let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
        key_connection(&conn, &key).unwrap();
        for step in &MIGRATIONS[..3] {
            conn.execute_batch(step).unwrap();
        }
        conn.execute_batch(&format!(
            "PRAGMA user_version = 3;
             INSERT INTO letters (id, title, recipient, words, created_ms, updated_ms, seq) VALUES ('{ID}', 'Brief', 'Hem', 2, 1, 1, 1);
             INSERT INTO letter_bodies (letter_id, body) VALUES ('{ID}', 'Ééntje zoekbaar');
             INSERT INTO letters_fts (rowid, title, recipient, body) VALUES (1, 'Brief', 'Hem', 'Ééntje zoekbaar');"
        ))
        .unwrap();
        drop(conn);
        let store = Store::open(dir.path(), &key).unwrap();
        assert_eq!(store.search("eentje", 2).unwrap().len(), 1, "found after the index was made anew");
        assert_eq!(store.list(crate::store::letters::Sort::Updated, 2).unwrap()[0].version, None, "and every later step ran");
        store.check_integrity().unwrap();
    }

    #[test]
    fn a_wrong_key_fails_at_open() {
        let dir = tempfile::tempdir().unwrap();
        let key = new_key(dir.path());
        Store::create(dir.path(), &key).unwrap();
        let other = tempfile::tempdir().unwrap();
        let wrong = new_key(other.path());
        let err = Store::open(dir.path(), &wrong).unwrap_err();
        assert_eq!(err.code(), "store_damaged", "{err:?}");
    }

    #[test]
    fn a_missing_store_is_never_created_anew() {
        let dir = tempfile::tempdir().unwrap();
        let key = new_key(dir.path());
        assert_eq!(Store::open(dir.path(), &key).unwrap_err(), Error::StoreMissing);
        assert!(!dir.path().join(DB_FILE).exists());
        Store::create(dir.path(), &key).unwrap();
        assert_eq!(Store::create(dir.path(), &key).unwrap_err(), Error::VaultExists, "never over a store");
        std::fs::remove_file(dir.path().join(DB_FILE)).unwrap();
        // A WAL left without its database: creating would let SQLite apply it to the new file.
        std::fs::write(dir.path().join(COMPANIONS[0]), b"wal").unwrap();
        assert_eq!(Store::create(dir.path(), &key).unwrap_err(), Error::VaultExists);
    }

    #[test]
    fn an_export_under_another_key_opens_with_that_key_only() {
        let dir = tempfile::tempdir().unwrap();
        let key = new_key(dir.path());
        let mut store = Store::create(dir.path(), &key).unwrap();
        let draft = sample_draft(ID, "zoekbaar geheim", 1);
        store.save(&draft, 1).unwrap();
        let other = tempfile::tempdir().unwrap();
        let next = new_key(other.path());
        store.export_encrypted(&other.path().join(DB_FILE), &next).unwrap();
        let copy = Store::open(other.path(), &next).unwrap();
        copy.check_integrity().unwrap();
        assert_eq!(copy.search("zoekbaar", crate::clock::now_ms()).unwrap().len(), 1, "the search index came along");
        let version: i64 = copy.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version as usize, MIGRATIONS.len());
        drop(copy);
        assert_eq!(Store::open(other.path(), &key).unwrap_err().code(), "store_damaged");
        let bytes = std::fs::read(other.path().join(DB_FILE)).unwrap();
        assert!(!bytes.windows(8).any(|w| w == b"zoekbaar"));
    }
}
