//! The lock. Grot starts locked; while locked there is no key and no open store, and every
//! private operation answers [`Error::Locked`]. Unlocking derives the key, opens the store and
//! starts the idle clock; locking drops both (the key is zeroed on drop). Every check of her
//! passphrase while unlocked is against the key that is open (and the header it came from),
//! never against whatever header is on disk now; every check, locked or not, waits its turn.
//! Plain Rust; no Tauri.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

use crate::clock::now_ms;
use crate::error::{Error, Result};
use crate::letters::{self, ExportFormat, ExportLabels, Letter};
use crate::store::{self, Store};
use crate::vault::{self, DataKey, Header, KdfParams, Unlocked};

/// Where the vault lives: `GROT_DATA_DIR` if set (tests, portable use), else the platform's
/// data directory for the app.
pub fn data_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("GROT_DATA_DIR") {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("nl", "grot", "Grot")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| Error::Storage("no home directory".into()))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// First run: no vault yet.
    New,
    Locked,
    Unlocked,
    /// Unlocked, but showing one letter to someone else: nothing else is reachable.
    Handover,
    /// Her letters are here but the key file is not: nothing may be set up over them.
    KeyMissing,
}

struct Open {
    store: Store,
    key: DataKey,
    /// The header the key came from, held since unlock: what every later check is against.
    header: Header,
    last_active: Instant,
    idle_limit: Duration,
    handover_limit: Duration,
    /// Wrong passphrases while unlocked (leaving a hand-over, opening early, changing it): the
    /// same growing wait as at unlock, on the monotonic clock, so moving the clock does nothing.
    failed: u32,
    last_failed: Option<Instant>,
}

impl Open {
    fn wait_left(&self, now: Instant) -> Option<Duration> {
        let ready = self.last_failed? + Duration::from_millis(vault::wait_ms(self.failed));
        ready.checked_duration_since(now).filter(|d| !d.is_zero())
    }
}

#[derive(Default)]
struct Inner {
    /// First run: the vault waiting for its recovery code to be typed back.
    pending: Option<vault::Pending>,
    /// A new recovery code waiting to be typed back (the key rotates when it is).
    renewal: Option<vault::Pending>,
    open: Option<Open>,
    /// The letter handed over for reading, if any.
    handover: Option<String>,
}

impl Inner {
    /// The state after anything went wrong mid-way: nothing open, nothing pending.
    fn lock(&mut self) {
        self.open = None;
        self.pending = None;
        self.renewal = None;
        self.handover = None;
    }
}

pub struct Session {
    dir: PathBuf,
    params: KdfParams,
    inner: Mutex<Inner>,
    /// One passphrase check at a time, so that parallel guesses each count (and wait).
    checks: Mutex<()>,
    /// Held by whatever copies or swaps the store's files (backups, key rotation, import).
    files: Arc<Mutex<()>>,
    /// The error code of the last automatic backup, if it failed: shown, never swallowed.
    backup_error: Arc<Mutex<Option<String>>>,
}

/// How the automatic backups stand, for the settings screen.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct BackupStatus {
    pub latest_ms: Option<i64>,
    pub error: Option<String>,
}

/// How long after unlocking the automatic backup starts.
const BACKUP_AFTER_UNLOCK: Duration = Duration::from_secs(2);

fn minutes(m: u32) -> Duration {
    Duration::from_secs(u64::from(m) * 60)
}

/// Locks a mutex whose holder may have panicked: the state it guards is made safe by the caller.
fn lock_ignoring_poison<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Session {
    pub fn new(dir: PathBuf, params: KdfParams) -> Session {
        // A key rotation that a kill interrupted is finished or undone before anything reads.
        let _ = crate::rotation::recover(&dir);
        Session {
            dir,
            params,
            inner: Mutex::new(Inner::default()),
            checks: Mutex::new(()),
            files: Arc::default(),
            backup_error: Arc::default(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn inner(&self) -> MutexGuard<'_, Inner> {
        match self.inner.lock() {
            Ok(inner) => inner,
            Err(poisoned) => {
                // A panic while holding the lock: lock everything (the key and the store are
                // dropped), then clear the poison so the next unlock works as at start-up.
                let mut inner = poisoned.into_inner();
                inner.lock();
                self.inner.clear_poison();
                inner
            }
        }
    }

    /// Waits for the other passphrase checks to finish.
    fn turn(&self) -> MutexGuard<'_, ()> {
        lock_ignoring_poison(&self.checks)
    }

    pub fn status(&self) -> Status {
        let inner = self.inner();
        if inner.open.is_some() && inner.handover.is_some() {
            Status::Handover
        } else if inner.open.is_some() {
            Status::Unlocked
        } else if vault::exists(&self.dir) {
            Status::Locked
        } else if store::any_store_file(&self.dir) {
            Status::KeyMissing
        } else {
            Status::New
        }
    }

    /// Refuses to make or bring in a vault where one, or any part of a store, already is.
    fn require_empty(&self) -> Result<()> {
        if vault::exists(&self.dir) {
            return Err(Error::VaultExists);
        }
        if store::any_store_file(&self.dir) {
            return Err(Error::KeyMissing);
        }
        Ok(())
    }

    /// First run, step one: prepares the vault and returns the recovery code to show once.
    pub fn begin_setup(&self, passphrase: &SecretString) -> Result<SecretString> {
        self.require_empty()?;
        let pending = vault::begin(passphrase, self.params)?;
        let code = SecretString::from(pending.recovery_code().expose_secret().to_string());
        self.inner().pending = Some(pending);
        Ok(code)
    }

    /// First run, step two: she typed the code back; the vault is written and opened.
    /// A mistyped code can be tried again: the pending vault stays until it matches.
    pub fn confirm_setup(&self, typed: &SecretString) -> Result<()> {
        let pending = {
            let mut inner = self.inner();
            let pending = inner.pending.as_ref().ok_or_else(|| Error::InvalidInput("no setup in progress".into()))?;
            if !pending.matches(typed) {
                return Err(Error::WrongRecoveryCode);
            }
            inner.pending.take().expect("checked above")
        };
        self.require_empty()?;
        let unlocked = vault::confirm(&self.dir, pending, typed)?;
        drop(Store::create(&self.dir, &unlocked.key)?);
        self.open(unlocked)
    }

    pub fn unlock(&self, passphrase: &SecretString) -> Result<()> {
        let _turn = self.turn();
        self.before_unlock()?;
        self.open(vault::unlock(&self.dir, passphrase, now_ms())?)
    }

    pub fn unlock_with_recovery(&self, code: &SecretString) -> Result<()> {
        let _turn = self.turn();
        self.before_unlock()?;
        self.open(vault::unlock_with_recovery(&self.dir, code, now_ms())?)
    }

    fn before_unlock(&self) -> Result<()> {
        crate::rotation::recover(&self.dir)?;
        if !vault::exists(&self.dir) && store::any_store_file(&self.dir) {
            return Err(Error::KeyMissing);
        }
        Ok(())
    }

    fn open(&self, unlocked: Unlocked) -> Result<()> {
        let Unlocked { key, header } = unlocked;
        let store = Store::open(&self.dir, &key)?;
        self.backup_later(key.duplicate());
        let settings = store.settings()?;
        self.inner().open = Some(Open {
            store,
            key,
            header,
            last_active: Instant::now(),
            idle_limit: minutes(settings.autolock_minutes),
            handover_limit: minutes(settings.handover_lock_minutes),
            failed: 0,
            last_failed: None,
        });
        Ok(())
    }

    /// A backup on every unlock, beside the work and a moment later: the first screens after
    /// unlocking must not share the two cores with copying the whole store. The copy of the
    /// key lives only until the backup is done.
    fn backup_later(&self, key: DataKey) {
        let (dir, files, report) = (self.dir.clone(), self.files.clone(), self.backup_error.clone());
        std::thread::spawn(move || {
            std::thread::sleep(BACKUP_AFTER_UNLOCK);
            let _files = lock_ignoring_poison(&files);
            let outcome = crate::backup::snapshot(&dir, &key, now_ms());
            *lock_ignoring_poison(&report) = outcome.err().map(|e| e.code().to_string());
        });
    }

    /// Drops the store connection and the key (and ends a hand-over: unlocking needs the
    /// passphrase, as leaving it does). Safe to call when already locked.
    pub fn lock(&self) {
        self.inner().lock();
    }

    /// Locks if nothing happened for the idle minutes (a hand-over has its own, longer limit);
    /// answers whether it locked now.
    pub fn lock_if_idle(&self, now: Instant) -> bool {
        let mut inner = self.inner();
        let handover = inner.handover.is_some();
        let idle = inner.open.as_ref().is_some_and(|o| {
            let limit = if handover { o.handover_limit } else { o.idle_limit };
            now.saturating_duration_since(o.last_active) >= limit
        });
        if idle {
            inner.lock();
        }
        idle
    }

    /// Marks activity (typing, scrolling, reading a handed-over letter) so the idle lock waits.
    /// Reveals nothing, so it also answers during a hand-over.
    pub fn touch(&self) -> Result<()> {
        let mut inner = self.inner();
        let open = inner.open.as_mut().ok_or(Error::Locked)?;
        open.last_active = Instant::now();
        Ok(())
    }

    /// Errors with [`Error::Locked`] unless unlocked. For private things that need no store.
    pub fn require_unlocked(&self) -> Result<()> {
        self.with_store(|_| Ok(()))
    }

    /// Runs `f` on the open store, or answers [`Error::Locked`] (or [`Error::HandOver`] while
    /// a letter is handed over).
    pub fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let mut inner = self.inner();
        if inner.handover.is_some() {
            return Err(Error::HandOver);
        }
        let open = inner.open.as_mut().ok_or(Error::Locked)?;
        open.last_active = Instant::now();
        f(&mut open.store)
    }

    /// Stores the settings; the idle limits follow the new minutes at once.
    pub fn set_settings(&self, settings: &crate::settings::Settings) -> Result<()> {
        self.with_store(|s| s.set_settings(settings))?;
        if let Some(open) = self.inner().open.as_mut() {
            open.idle_limit = minutes(settings.autolock_minutes);
            open.handover_limit = minutes(settings.handover_lock_minutes);
        }
        Ok(())
    }

    /// Checks `passphrase` against the open key. The caller holds [`Self::turn`]. Wrong tries
    /// wait longer each time, as at unlock.
    fn verify_open(&self, passphrase: &SecretString) -> Result<()> {
        let (header, key) = {
            let inner = self.inner();
            let open = inner.open.as_ref().ok_or(Error::Locked)?;
            if let Some(left) = open.wait_left(Instant::now()) {
                return Err(Error::TooSoon { retry_ms: u64::try_from(left.as_millis()).unwrap_or(u64::MAX).max(1) });
            }
            (open.header.clone(), open.key.duplicate())
        };
        // Derived outside the state lock: saves and reads go on meanwhile.
        let outcome = vault::verify(&header, &key, passphrase);
        if let Some(open) = self.inner().open.as_mut() {
            match &outcome {
                Ok(()) => (open.failed, open.last_failed) = (0, None),
                Err(Error::WrongPassphrase) => {
                    open.failed = open.failed.saturating_add(1);
                    open.last_failed = Some(Instant::now());
                }
                Err(_) => {}
            }
        }
        outcome
    }

    /// Hands one letter over for reading: from now on only that letter can be read, and only
    /// the passphrase leaves.
    pub fn start_handover(&self, id: &str) -> Result<Letter> {
        let letter = self.with_store(|s| s.letter_at(id, now_ms()))?;
        self.inner().handover = Some(id.to_string());
        Ok(letter)
    }

    /// The handed-over letter; the only thing readable during a hand-over.
    pub fn handover_letter(&self) -> Result<Letter> {
        let mut inner = self.inner();
        let id = inner.handover.clone();
        let open = inner.open.as_mut().ok_or(Error::Locked)?;
        let id = id.ok_or_else(|| Error::InvalidInput("no hand-over".into()))?;
        open.last_active = Instant::now();
        open.store.letter_at(&id, now_ms())
    }

    /// Ends the hand-over once the writer's passphrase is given (checked against the open key).
    pub fn leave_handover(&self, passphrase: &SecretString) -> Result<()> {
        let _turn = self.turn();
        {
            let inner = self.inner();
            if inner.open.is_none() {
                return Err(Error::Locked);
            }
            if inner.handover.is_none() {
                return Err(Error::InvalidInput("no hand-over".into()));
            }
        }
        self.verify_open(passphrase)?;
        let mut inner = self.inner();
        inner.handover = None;
        if let Some(open) = inner.open.as_mut() {
            open.last_active = Instant::now();
        }
        Ok(())
    }

    /// Opens a sealed letter before its time; asks for the passphrase again.
    pub fn open_early(&self, id: &str, passphrase: &SecretString) -> Result<Letter> {
        let _turn = self.turn();
        self.require_unlocked()?;
        self.verify_open(passphrase)?;
        self.with_store(|s| s.open_early(id, now_ms()))
    }

    pub fn backup_status(&self) -> Result<BackupStatus> {
        self.require_unlocked()?;
        let error = lock_ignoring_poison(&self.backup_error).clone();
        Ok(BackupStatus { latest_ms: crate::backup::latest_ms(&self.dir)?, error })
    }

    /// The open key, for work on the files outside the state lock (a backup).
    fn key_copy(&self) -> Result<DataKey> {
        let mut inner = self.inner();
        if inner.handover.is_some() {
            return Err(Error::HandOver);
        }
        let open = inner.open.as_mut().ok_or(Error::Locked)?;
        open.last_active = Instant::now();
        Ok(open.key.duplicate())
    }

    /// Writes an encrypted backup file where `choose` says (a save dialog). The session is
    /// asked again after the dialog: locked or handed over meanwhile means nothing is written.
    pub fn export_backup(&self, choose: impl FnOnce() -> Result<Option<PathBuf>>) -> Result<Option<PathBuf>> {
        self.require_unlocked()?;
        let Some(dest) = choose()? else { return Ok(None) };
        let key = self.key_copy()?;
        let _files = lock_ignoring_poison(&self.files);
        crate::backup::export(&self.dir, &key, &dest)?;
        Ok(Some(dest))
    }

    /// Exports a letter (plaintext, as she confirmed) to where `choose` says, given the file
    /// name it suggests. The letter is read again after the dialog: if the app was locked or
    /// handed over while the dialog was open, nothing is written.
    pub fn export_letter(
        &self,
        id: &str,
        format: ExportFormat,
        labels: &ExportLabels,
        choose: impl FnOnce(&str) -> Result<Option<PathBuf>>,
    ) -> Result<Option<PathBuf>> {
        let name = self.with_store(|s| s.letter_at(id, now_ms())).map(|l| letters::export_file_name(&l, format, &labels.untitled))?;
        let Some(path) = choose(&name)? else { return Ok(None) };
        let letter = self.with_store(|s| s.letter_at(id, now_ms()))?;
        let bytes = letters::export(&letter, format, labels)?;
        crate::files::write_atomically(&path, &bytes)?;
        Ok(Some(path))
    }

    /// Puts a backup file in place of, or (when there is none) as, this laptop's vault. Only
    /// while locked: an open store is never swapped out from under itself.
    pub fn import_backup(&self, file: &Path, replace: bool) -> Result<()> {
        if self.inner().open.is_some() {
            return Err(Error::InvalidInput("lock before importing a backup".into()));
        }
        let _files = lock_ignoring_poison(&self.files);
        crate::backup::import(file, &self.dir, replace)
    }

    /// The key file is missing: puts back the header kept with the newest backup.
    pub fn restore_key_file(&self) -> Result<()> {
        if self.status() != Status::KeyMissing {
            return Err(Error::InvalidInput("the key file is not missing".into()));
        }
        let _files = lock_ignoring_poison(&self.files);
        crate::backup::restore_header(&self.dir)
    }

    /// The store is missing (the key file is here): puts back the newest backup's store.
    pub fn restore_store(&self) -> Result<()> {
        if self.status() != Status::Locked || self.dir.join(store::DB_FILE).exists() {
            return Err(Error::InvalidInput("the store is not missing".into()));
        }
        let _files = lock_ignoring_poison(&self.files);
        crate::backup::restore_store(&self.dir, now_ms())
    }

    /// Removes a letter from the trash for good; with `from_backups`, also from every backup
    /// (a fresh backup without it is made first, then the older ones go).
    pub fn purge(&self, id: &str, from_backups: bool) -> Result<()> {
        self.with_store(|s| s.purge(id))?;
        if from_backups {
            self.replace_backups()?;
        }
        Ok(())
    }

    /// A fresh backup under the open key; once it opens, every other backup is removed.
    fn replace_backups(&self) -> Result<()> {
        let key = self.key_copy()?;
        let _files = lock_ignoring_poison(&self.files);
        let outcome = crate::backup::replace_all(&self.dir, &key, now_ms());
        *lock_ignoring_poison(&self.backup_error) = outcome.as_ref().err().map(|e| e.code().to_string());
        outcome.map(|_| ())
    }

    /// A new passphrase, and with it a new data key (the store re-encrypted, a fresh backup,
    /// the backups under the old key removed): no old copy of the header opens anything now.
    pub fn change_passphrase(&self, old: &SecretString, new: &SecretString) -> Result<()> {
        let _turn = self.turn();
        self.require_unlocked()?;
        self.verify_open(old)?;
        let header = self.inner().open.as_ref().map(|o| o.header.clone()).ok_or(Error::Locked)?;
        self.rotate(vault::rekey_for_passphrase(&header, new, self.params)?)
    }

    /// A new recovery code, step one: her passphrase, then the code to show once.
    pub fn begin_new_recovery(&self, passphrase: &SecretString) -> Result<SecretString> {
        let _turn = self.turn();
        self.require_unlocked()?;
        self.verify_open(passphrase)?;
        let pending = vault::begin(passphrase, self.params)?;
        let code = SecretString::from(pending.recovery_code().expose_secret().to_string());
        self.inner().renewal = Some(pending);
        Ok(code)
    }

    /// Step two: the code typed back; the key rotates, and the old code opens nothing current.
    pub fn confirm_new_recovery(&self, typed: &SecretString) -> Result<()> {
        let _turn = self.turn();
        self.require_unlocked()?;
        let pending = {
            let mut inner = self.inner();
            let pending = inner.renewal.as_ref().ok_or_else(|| Error::InvalidInput("no new recovery code in progress".into()))?;
            if !pending.matches(typed) {
                return Err(Error::WrongRecoveryCode);
            }
            inner.renewal.take().expect("checked above")
        };
        self.rotate(pending.into_unlocked())
    }

    /// Re-encrypts the store under `next` (crash-safe, see `rotation`), then replaces the
    /// backups. Everything else waits meanwhile.
    fn rotate(&self, next: Unlocked) -> Result<()> {
        {
            let _files = lock_ignoring_poison(&self.files);
            let mut inner = self.inner();
            let open = inner.open.take().ok_or(Error::Locked)?;
            let Open { store, key, header, last_active, idle_limit, handover_limit, .. } = open;
            let rebuilt = |store, key, header| Open { store, key, header, last_active, idle_limit, handover_limit, failed: 0, last_failed: None };
            match crate::rotation::rotate(&self.dir, store, &next) {
                Ok(store) => inner.open = Some(rebuilt(store, next.key.duplicate(), next.header.clone())),
                // Stopped before the commit: nothing changed on disk, she goes on as she was.
                Err(crate::rotation::Failed { error, store: Some(store) }) => {
                    inner.open = Some(rebuilt(*store, key, header));
                    return Err(error);
                }
                // Stopped after it: the app locks; the new passphrase opens it.
                Err(crate::rotation::Failed { error, store: None }) => return Err(error),
            }
        }
        // The rotation stands even if this backup fails; the settings screen says so.
        let _ = self.replace_backups();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(s: &str) -> SecretString {
        SecretString::from(s.to_string())
    }

    fn unlocked() -> (tempfile::TempDir, Session, String) {
        let dir = tempfile::tempdir().unwrap();
        let session = Session::new(dir.path().to_path_buf(), KdfParams::TEST);
        let code = session.begin_setup(&secret("correct horse battery")).unwrap().expose_secret().to_string();
        session.confirm_setup(&secret(&code)).unwrap();
        (dir, session, code)
    }

    #[test]
    fn first_run_then_locked_then_unlocked() {
        let dir = tempfile::tempdir().unwrap();
        let session = Session::new(dir.path().to_path_buf(), KdfParams::TEST);
        assert_eq!(session.status(), Status::New);
        let code = session.begin_setup(&secret("correct horse battery")).unwrap().expose_secret().to_string();
        assert_eq!(session.status(), Status::New, "nothing is written before the code is confirmed");
        assert_eq!(session.confirm_setup(&secret("nope")).unwrap_err(), Error::WrongRecoveryCode);
        session.confirm_setup(&secret(&code)).unwrap();
        assert_eq!(session.status(), Status::Unlocked);
        session.lock();
        assert_eq!(session.status(), Status::Locked);
        assert_eq!(session.unlock(&secret("wrong passphrase")).unwrap_err(), Error::WrongPassphrase);
        session.unlock(&secret("correct horse battery")).unwrap();
        assert_eq!(session.status(), Status::Unlocked);
        session.lock();
        session.unlock_with_recovery(&secret(&code)).unwrap();
        assert_eq!(session.status(), Status::Unlocked);
        assert_eq!(session.begin_setup(&secret("another passphrase")).unwrap_err(), Error::VaultExists);
    }

    #[test]
    fn every_unlock_leaves_a_backup() {
        let (dir, session, _) = unlocked();
        let wait_for = |n: usize| {
            let started = Instant::now();
            while crate::backup::list(dir.path()).unwrap().len() < n {
                assert!(started.elapsed() < Duration::from_secs(10), "no backup {n} after unlock");
                std::thread::sleep(Duration::from_millis(20));
            }
        };
        wait_for(1);
        let status = session.backup_status().unwrap();
        assert!(status.latest_ms.is_some() && status.error.is_none(), "{status:?}");
        session.lock();
        assert_eq!(session.backup_status().unwrap_err(), Error::Locked);
        std::thread::sleep(Duration::from_millis(5)); // backups are named by the millisecond
        session.unlock(&secret("correct horse battery")).unwrap();
        wait_for(2);
    }

    #[cfg(unix)]
    #[test]
    fn a_failed_backup_is_reported_not_swallowed() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, session, _) = unlocked();
        let started = Instant::now();
        while crate::backup::list(dir.path()).unwrap().is_empty() {
            assert!(started.elapsed() < Duration::from_secs(10));
            std::thread::sleep(Duration::from_millis(20));
        }
        session.lock();
        // A backups folder that cannot be written (as root this needs a file in its way).
        let backups = dir.path().join(crate::backup::DIR);
        std::fs::remove_dir_all(&backups).unwrap();
        std::fs::write(&backups, b"in the way").unwrap();
        std::fs::set_permissions(&backups, std::fs::Permissions::from_mode(0o400)).unwrap();
        session.unlock(&secret("correct horse battery")).unwrap();
        let started = Instant::now();
        loop {
            if let Some(code) = session.backup_status().map(|s| s.error).unwrap_or(None) {
                assert_eq!(code, "storage");
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(10), "the failure was never reported");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn locked_means_no_store() {
        let (_dir, session, _) = unlocked();
        session.with_store(|s| s.settings().map(|_| ())).unwrap();
        session.lock();
        assert_eq!(session.with_store(|s| s.settings().map(|_| ())).unwrap_err(), Error::Locked);
        assert_eq!(session.touch().unwrap_err(), Error::Locked);
        assert_eq!(session.require_unlocked().unwrap_err(), Error::Locked);
    }

    #[test]
    fn handover_shows_one_letter_and_only_the_passphrase_leaves() {
        let (_dir, session, code) = unlocked();
        let id = "6f1c2a4e-8b1d-4c4e-9a36-0d2f5e7b9c01";
        let other = "0b7e9d3a-2c4f-4a1b-8e6d-5f9a1c3b7d22";
        for (letter, body) in [(id, "voor jou"), (other, "niet voor jou")] {
            let draft = crate::letters::Draft { id: letter.into(), title: "t".into(), recipient: String::new(), body: body.into(), seq: 1 };
            session.with_store(|s| s.save(&draft, 1)).unwrap();
        }
        assert_eq!(session.start_handover(id).unwrap().body, "voor jou");
        assert_eq!(session.status(), Status::Handover);
        assert_eq!(session.handover_letter().unwrap().body, "voor jou");
        assert_eq!(session.with_store(|s| s.letter(other)).unwrap_err(), Error::HandOver);
        assert_eq!(session.require_unlocked().unwrap_err(), Error::HandOver);
        assert!(!session.lock_if_idle(Instant::now() + Duration::from_secs(20 * 60)), "a hand-over has a longer limit");
        assert_eq!(session.leave_handover(&secret(&code)).unwrap_err(), Error::WrongPassphrase, "the recovery code is not the passphrase");
        assert_eq!(session.status(), Status::Handover);
        session.leave_handover(&secret("correct horse battery")).unwrap();
        assert_eq!(session.status(), Status::Unlocked);
        assert_eq!(session.with_store(|s| s.letter(other)).unwrap().body, "niet voor jou");
        // Locking ends a hand-over too; unlocking needs the passphrase all the same.
        session.start_handover(id).unwrap();
        session.lock();
        session.unlock(&secret("correct horse battery")).unwrap();
        assert_eq!(session.status(), Status::Unlocked);
    }

    #[test]
    fn opening_a_seal_early_needs_the_passphrase() {
        let (_dir, session, _) = unlocked();
        let id = "6f1c2a4e-8b1d-4c4e-9a36-0d2f5e7b9c01";
        let draft = crate::letters::Draft { id: id.into(), title: "t".into(), recipient: String::new(), body: "later".into(), seq: 1 };
        let now = now_ms();
        session.with_store(|s| s.save(&draft, now)).unwrap();
        session.with_store(|s| s.seal(id, now + 3_600_000, now)).unwrap();
        assert_eq!(session.open_early(id, &secret("not the passphrase")).unwrap_err(), Error::WrongPassphrase);
        assert_eq!(session.with_store(|s| s.letter(id)).unwrap_err().code(), "sealed");
        assert_eq!(session.open_early(id, &secret("correct horse battery")).unwrap().body, "later");
    }

    #[test]
    fn idle_lock_follows_the_setting() {
        let (_dir, session, _) = unlocked();
        let now = Instant::now();
        assert!(!session.lock_if_idle(now + Duration::from_secs(4 * 60)));
        assert!(session.lock_if_idle(now + Duration::from_secs(5 * 60 + 1)), "default is 5 minutes");
        assert_eq!(session.status(), Status::Locked);
        session.unlock(&secret("correct horse battery")).unwrap();
        let settings = crate::settings::Settings { autolock_minutes: 1, ..session.with_store(|s| s.settings()).unwrap() };
        session.set_settings(&settings).unwrap();
        assert!(session.lock_if_idle(Instant::now() + Duration::from_secs(61)));
    }

    const PASS: &str = "correct horse battery";
    const ID: &str = "6f1c2a4e-8b1d-4c4e-9a36-0d2f5e7b9c01";

    fn save(session: &Session, id: &str, body: &str) {
        let draft = crate::letters::Draft { id: id.into(), title: "t".into(), recipient: String::new(), body: body.into(), seq: 1 };
        session.with_store(|s| s.save(&draft, now_ms())).unwrap();
    }

    fn wait_for_backups(session: &Session, n: usize) {
        let started = Instant::now();
        while crate::backup::list(session.dir()).unwrap().len() < n {
            assert!(started.elapsed() < Duration::from_secs(10), "no backup {n}");
            std::thread::sleep(Duration::from_millis(20));
        }
        // Until the backup thread has let go of the files (it prunes after naming the folder).
        drop(lock_ignoring_poison(&session.files));
    }

    /// Another Grot data folder, with a passphrase of someone else's choosing.
    fn their_header(passphrase: &str) -> Vec<u8> {
        let theirs = tempfile::tempdir().unwrap();
        let pending = vault::begin(&secret(passphrase), KdfParams::TEST).unwrap();
        let code = secret(pending.recovery_code().expose_secret());
        vault::confirm(theirs.path(), pending, &code).unwrap();
        std::fs::read(vault::header_path(theirs.path())).unwrap()
    }

    #[test]
    fn a_swapped_key_file_neither_ends_a_handover_nor_opens_a_seal() {
        let (dir, session, _) = unlocked();
        save(&session, ID, "alleen voor later");
        let now = now_ms();
        session.with_store(|s| s.seal(ID, now + 3_600_000, now)).unwrap();
        // Someone at the unlocked laptop puts a header of their own in place of hers.
        std::fs::write(vault::header_path(dir.path()), their_header("their own passphrase")).unwrap();
        assert_eq!(session.open_early(ID, &secret("their own passphrase")).unwrap_err(), Error::WrongPassphrase);
        let other = "0b7e9d3a-2c4f-4a1b-8e6d-5f9a1c3b7d22";
        save(&session, other, "voor jou");
        session.start_handover(other).unwrap();
        assert_eq!(session.leave_handover(&secret("their own passphrase")).unwrap_err(), Error::WrongPassphrase);
        assert_eq!(session.status(), Status::Handover);
        session.leave_handover(&secret(PASS)).unwrap();
        assert_eq!(session.change_passphrase(&secret("their own passphrase"), &secret("a new long passphrase")).unwrap_err(), Error::WrongPassphrase);
        assert_eq!(session.begin_new_recovery(&secret("their own passphrase")).unwrap_err(), Error::WrongPassphrase);
    }

    /// Guesses sent at once, from many threads: each one counts, so the wait starts after the
    /// free tries whatever the timing.
    fn guess_in_parallel(guess: impl Fn() -> Result<()> + Sync) -> Vec<Error> {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..6).map(|_| scope.spawn(&guess)).collect();
            handles.into_iter().map(|h| h.join().unwrap().unwrap_err()).collect()
        })
    }

    #[test]
    fn guesses_in_parallel_each_count() {
        let dir = tempfile::tempdir().unwrap();
        // A derivation slow enough (tens of ms) for unserialised guesses to overlap.
        let session = Session::new(dir.path().to_path_buf(), KdfParams { m_kib: 16 * 1024, t: 2, p: 1 });
        let code = session.begin_setup(&secret(PASS)).unwrap();
        session.confirm_setup(&code).unwrap();
        save(&session, ID, "voor jou");
        session.start_handover(ID).unwrap();
        let errors = guess_in_parallel(|| session.leave_handover(&secret("raden maar")));
        let waits = errors.iter().filter(|e| matches!(e, Error::TooSoon { .. })).count();
        assert_eq!(waits, 3, "3 free tries, then waits: {errors:?}");
        session.lock();
        let errors = guess_in_parallel(|| session.unlock(&secret("raden maar")));
        let wrong = errors.iter().filter(|e| **e == Error::WrongPassphrase).count();
        assert_eq!(wrong, 3, "3 free tries, then waits: {errors:?}");
    }

    #[test]
    fn a_panic_while_holding_the_state_locks_but_never_locks_her_out() {
        let (_dir, session, _) = unlocked();
        let crashed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = session.with_store(|_| -> Result<()> { panic!("a bug in a command") });
        }));
        assert!(crashed.is_err());
        assert_eq!(session.status(), Status::Locked, "made safe: nothing open");
        session.unlock(&secret(PASS)).unwrap();
        save(&session, ID, "het werkt weer");
        assert_eq!(session.with_store(|s| s.letter(ID)).unwrap().body, "het werkt weer");
        assert_eq!(session.status(), Status::Unlocked);
    }

    #[test]
    fn a_handover_locks_completely_after_its_own_idle_limit() {
        let (_dir, session, _) = unlocked();
        save(&session, ID, "voor jou");
        session.start_handover(ID).unwrap();
        let now = Instant::now();
        assert!(!session.lock_if_idle(now + Duration::from_secs(29 * 60)));
        assert!(session.lock_if_idle(now + Duration::from_secs(30 * 60 + 1)), "default is 30 minutes");
        assert_eq!(session.status(), Status::Locked);
        assert_eq!(session.handover_letter().unwrap_err(), Error::Locked);
    }

    #[test]
    fn changing_the_passphrase_rotates_the_key_and_replaces_the_backups() {
        let (dir, session, code) = unlocked();
        save(&session, ID, "blijft bewaard");
        wait_for_backups(&session, 1);
        let old_header = std::fs::read(vault::header_path(dir.path())).unwrap();
        session.change_passphrase(&secret(PASS), &secret("a new long passphrase")).unwrap();
        assert_eq!(session.with_store(|s| s.letter(ID)).unwrap().body, "blijft bewaard", "still open, on the new key");
        let backups = crate::backup::list(dir.path()).unwrap();
        assert_eq!(backups.len(), 1, "one fresh backup; the ones under the old key are gone");
        let new_header = std::fs::read(vault::header_path(dir.path())).unwrap();
        assert_eq!(std::fs::read(backups[0].join(vault::HEADER_FILE)).unwrap(), new_header);
        session.lock();
        // The old header put back, with the old passphrase: it opens nothing current.
        std::fs::write(vault::header_path(dir.path()), &old_header).unwrap();
        assert_eq!(session.unlock(&secret(PASS)).unwrap_err().code(), "vault");
        std::fs::write(vault::header_path(dir.path()), &new_header).unwrap();
        assert_eq!(session.unlock(&secret(PASS)).unwrap_err(), Error::WrongPassphrase);
        session.unlock(&secret("a new long passphrase")).unwrap();
        session.lock();
        session.unlock_with_recovery(&secret(&code)).unwrap();
        assert_eq!(session.with_store(|s| s.letter(ID)).unwrap().body, "blijft bewaard");
    }

    #[test]
    fn a_new_recovery_code_stops_the_old_one() {
        let (dir, session, old_code) = unlocked();
        save(&session, ID, "blijft bewaard");
        let old_header = std::fs::read(vault::header_path(dir.path())).unwrap();
        assert_eq!(session.begin_new_recovery(&secret("not the passphrase")).unwrap_err(), Error::WrongPassphrase);
        let code = session.begin_new_recovery(&secret(PASS)).unwrap().expose_secret().to_string();
        assert_ne!(code, old_code);
        assert_eq!(session.confirm_new_recovery(&secret("AAAA-BBBB")).unwrap_err(), Error::WrongRecoveryCode);
        session.confirm_new_recovery(&secret(&code)).unwrap();
        session.lock();
        assert_eq!(session.unlock_with_recovery(&secret(&old_code)).unwrap_err(), Error::WrongRecoveryCode);
        session.unlock_with_recovery(&secret(&code)).unwrap();
        session.lock();
        session.unlock(&secret(PASS)).unwrap();
        assert_eq!(session.with_store(|s| s.letter(ID)).unwrap().body, "blijft bewaard");
        session.lock();
        // The old header with the old code opens the old key only, which opens nothing now.
        std::fs::write(vault::header_path(dir.path()), &old_header).unwrap();
        assert_eq!(session.unlock_with_recovery(&secret(&old_code)).unwrap_err().code(), "vault");
    }

    #[test]
    fn a_missing_key_file_is_never_a_first_run() {
        let (dir, session, _) = unlocked();
        save(&session, ID, "blijft bewaard");
        wait_for_backups(&session, 1);
        session.lock();
        std::fs::remove_file(vault::header_path(dir.path())).unwrap();
        assert_eq!(session.status(), Status::KeyMissing);
        assert_eq!(session.begin_setup(&secret("a fresh passphrase")).unwrap_err(), Error::KeyMissing);
        assert_eq!(session.unlock(&secret(PASS)).unwrap_err(), Error::KeyMissing);
        let file = dir.path().join("elsewhere.grotbackup");
        std::fs::write(&file, b"not even a backup").unwrap();
        assert_eq!(session.import_backup(&file, false).unwrap_err(), Error::KeyMissing);
        session.restore_key_file().unwrap();
        assert_eq!(session.status(), Status::Locked);
        session.unlock(&secret(PASS)).unwrap();
        assert_eq!(session.with_store(|s| s.letter(ID)).unwrap().body, "blijft bewaard");
    }

    #[test]
    fn a_missing_store_is_not_made_anew_but_restored_from_a_backup() {
        let (dir, session, _) = unlocked();
        save(&session, ID, "blijft bewaard");
        wait_for_backups(&session, 1);
        session.lock();
        std::fs::remove_file(dir.path().join(store::DB_FILE)).unwrap();
        std::fs::write(dir.path().join(store::COMPANIONS[0]), b"a stray wal").unwrap();
        assert_eq!(session.unlock(&secret(PASS)).unwrap_err(), Error::StoreMissing);
        assert!(!dir.path().join(store::DB_FILE).exists(), "never an empty store in its place");
        session.restore_store().unwrap();
        session.unlock(&secret(PASS)).unwrap();
        assert_eq!(session.with_store(|s| s.letter(ID)).unwrap().body, "blijft bewaard");
        let aside = std::fs::read_dir(dir.path()).unwrap().filter_map(|e| e.ok()).find(|e| e.file_name().to_string_lossy().starts_with("damaged-"));
        assert!(aside.is_some_and(|e| e.path().join(store::COMPANIONS[0]).exists()), "the stray WAL is kept aside");
    }

    #[test]
    fn an_export_is_not_written_once_the_app_locked_or_handed_over() {
        let (dir, session, _) = unlocked();
        save(&session, ID, "geheime tekst");
        let labels = ExportLabels { to: String::new(), date: "1 december".into(), untitled: "Brief".into(), language: "nl".into(), dialog: String::new() };
        let dest = dir.path().join("brief.md");
        // The idle lock (or the panic key) while the save dialog is open.
        let err = session.export_letter(ID, ExportFormat::Md, &labels, |_| {
            session.lock();
            Ok(Some(dest.clone()))
        });
        assert_eq!(err.unwrap_err(), Error::Locked);
        assert!(!dest.exists());
        session.unlock(&secret(PASS)).unwrap();
        let err = session.export_letter(ID, ExportFormat::Md, &labels, |_| {
            session.start_handover(ID).unwrap();
            Ok(Some(dest.clone()))
        });
        assert_eq!(err.unwrap_err(), Error::HandOver);
        assert!(!dest.exists());
        session.leave_handover(&secret(PASS)).unwrap();
        let err = session.export_backup(|| {
            session.lock();
            Ok(Some(dest.clone()))
        });
        assert_eq!(err.unwrap_err(), Error::Locked);
        assert!(!dest.exists());
    }

    #[test]
    fn deleting_for_good_from_the_backups_too_leaves_one_backup_without_it() {
        let (dir, session, _) = unlocked();
        save(&session, ID, "weg ermee");
        wait_for_backups(&session, 1);
        session.with_store(|s| s.delete(ID, now_ms())).unwrap();
        session.purge(ID, true).unwrap();
        let backups = crate::backup::list(dir.path()).unwrap();
        assert_eq!(backups.len(), 1);
        let key = session.key_copy().unwrap();
        let copy = rusqlite::Connection::open(backups[0].join(store::DB_FILE)).unwrap();
        store::key_connection(&copy, &key).unwrap();
        let left: i64 = copy.query_row("SELECT count(*) FROM letters", [], |r| r.get(0)).unwrap();
        assert_eq!(left, 0);
    }
}
