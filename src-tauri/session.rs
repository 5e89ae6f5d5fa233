//! The lock. Grot starts locked; while locked there is no key and no open store, and every
//! private operation answers [`Error::Locked`]. Unlocking derives the key, opens the store and
//! starts the idle clock; locking drops both (the key is zeroed on drop). Plain Rust; no Tauri.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::letters::Letter;
use crate::store::Store;
use crate::vault::{self, DataKey, KdfParams};

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

pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
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
}

struct Open {
    store: Store,
    key: DataKey,
    last_active: Instant,
    idle_limit: Duration,
}

#[derive(Default)]
struct Inner {
    pending: Option<vault::Pending>,
    open: Option<Open>,
    /// The letter handed over for reading, if any.
    handover: Option<String>,
}

pub struct Session {
    dir: PathBuf,
    params: KdfParams,
    inner: Mutex<Inner>,
    /// The error code of the last automatic backup, if it failed: shown, never swallowed.
    backup_error: std::sync::Arc<Mutex<Option<String>>>,
}

/// How the automatic backups stand, for the settings screen.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct BackupStatus {
    pub latest_ms: Option<i64>,
    pub error: Option<String>,
}

/// How long after unlocking the automatic backup starts.
const BACKUP_AFTER_UNLOCK: Duration = Duration::from_secs(2);

impl Session {
    pub fn new(dir: PathBuf, params: KdfParams) -> Session {
        Session { dir, params, inner: Mutex::new(Inner::default()), backup_error: Default::default() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn inner(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock must not leave the app unusable (or unlocked).
        self.inner.lock().unwrap_or_else(|poisoned| {
            let mut inner = poisoned.into_inner();
            inner.open = None;
            inner
        })
    }

    pub fn status(&self) -> Status {
        let inner = self.inner();
        if inner.open.is_some() && inner.handover.is_some() {
            Status::Handover
        } else if inner.open.is_some() {
            Status::Unlocked
        } else if vault::exists(&self.dir) {
            Status::Locked
        } else {
            Status::New
        }
    }

    /// First run, step one: prepares the vault and returns the recovery code to show once.
    pub fn begin_setup(&self, passphrase: &SecretString) -> Result<SecretString> {
        if vault::exists(&self.dir) {
            return Err(Error::VaultExists);
        }
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
        let key = vault::confirm(&self.dir, pending, typed)?;
        self.open(key)
    }

    pub fn unlock(&self, passphrase: &SecretString) -> Result<()> {
        let key = vault::unlock(&self.dir, passphrase)?;
        self.open(key)
    }

    pub fn unlock_with_recovery(&self, code: &SecretString) -> Result<()> {
        let key = vault::unlock_with_recovery(&self.dir, code)?;
        self.open(key)
    }

    fn open(&self, key: DataKey) -> Result<()> {
        let store = Store::open(&self.dir, &key)?;
        // A backup on every unlock, beside the work and a moment later: the first screens after
        // unlocking must not share the two cores with copying the whole store. The copy of the
        // key lives only until the backup is done.
        let (dir, copy, report) = (self.dir.clone(), key.duplicate(), self.backup_error.clone());
        std::thread::spawn(move || {
            std::thread::sleep(BACKUP_AFTER_UNLOCK);
            let outcome = crate::backup::snapshot(&dir, &copy, now_ms());
            *report.lock().unwrap_or_else(|e| e.into_inner()) = outcome.err().map(|e| e.code().to_string());
        });
        let idle_limit = Duration::from_secs(u64::from(store.settings()?.autolock_minutes) * 60);
        self.inner().open = Some(Open { store, key, last_active: Instant::now(), idle_limit });
        Ok(())
    }

    /// Drops the store connection and the key (and ends a hand-over: unlocking needs the
    /// passphrase, as leaving it does). Safe to call when already locked.
    pub fn lock(&self) {
        let mut inner = self.inner();
        inner.open = None;
        inner.pending = None;
        inner.handover = None;
    }

    /// Locks if nothing happened for the auto-lock minutes; answers whether it locked now.
    /// A hand-over is not idle: someone is reading, and nothing else is reachable anyway.
    pub fn lock_if_idle(&self, now: Instant) -> bool {
        let mut inner = self.inner();
        if inner.handover.is_some() {
            return false;
        }
        let idle = inner.open.as_ref().is_some_and(|o| now.duration_since(o.last_active) >= o.idle_limit);
        if idle {
            inner.open = None;
        }
        idle
    }

    /// Marks activity (typing, scrolling) so the idle lock waits.
    pub fn touch(&self) -> Result<()> {
        self.with_store(|_| Ok(()))
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

    /// Stores the settings; the idle lock follows the new minutes at once.
    pub fn set_settings(&self, settings: &crate::settings::Settings) -> Result<()> {
        self.with_store(|s| s.set_settings(settings))?;
        if let Some(open) = self.inner().open.as_mut() {
            open.idle_limit = Duration::from_secs(u64::from(settings.autolock_minutes) * 60);
        }
        Ok(())
    }

    /// Hands one letter over for reading: from now on only that letter can be read, and only
    /// the passphrase leaves.
    pub fn start_handover(&self, id: &str) -> Result<Letter> {
        let letter = self.with_store(|s| s.letter(id))?;
        self.inner().handover = Some(id.to_string());
        Ok(letter)
    }

    /// The handed-over letter; the only thing readable during a hand-over.
    pub fn handover_letter(&self) -> Result<Letter> {
        let inner = self.inner();
        let open = inner.open.as_ref().ok_or(Error::Locked)?;
        let id = inner.handover.as_ref().ok_or_else(|| Error::InvalidInput("no hand-over".into()))?;
        open.store.letter(id)
    }

    /// Ends the hand-over once the writer's passphrase is given (wrong tries wait, as at unlock).
    pub fn leave_handover(&self, passphrase: &SecretString) -> Result<()> {
        {
            let inner = self.inner();
            if inner.open.is_none() {
                return Err(Error::Locked);
            }
            if inner.handover.is_none() {
                return Err(Error::InvalidInput("no hand-over".into()));
            }
        }
        vault::unlock(&self.dir, passphrase)?;
        let mut inner = self.inner();
        inner.handover = None;
        if let Some(open) = inner.open.as_mut() {
            open.last_active = Instant::now();
        }
        Ok(())
    }

    /// Opens a sealed letter before its time; asks for the passphrase again.
    pub fn open_early(&self, id: &str, passphrase: &SecretString) -> Result<Letter> {
        self.require_unlocked()?;
        vault::unlock(&self.dir, passphrase)?;
        self.with_store(|s| s.open_early(id, now_ms()))
    }

    pub fn backup_status(&self) -> Result<BackupStatus> {
        self.require_unlocked()?;
        let error = self.backup_error.lock().unwrap_or_else(|e| e.into_inner()).clone();
        Ok(BackupStatus { latest_ms: crate::backup::latest_ms(&self.dir)?, error })
    }

    /// Writes an encrypted backup file to `dest` (a fresh consistent copy and the header).
    pub fn export_backup(&self, dest: &Path) -> Result<()> {
        let key = {
            let mut inner = self.inner();
            if inner.handover.is_some() {
                return Err(Error::HandOver);
            }
            let open = inner.open.as_mut().ok_or(Error::Locked)?;
            open.last_active = Instant::now();
            open.key.duplicate()
        };
        crate::backup::export(&self.dir, &key, dest)
    }

    /// Puts a backup file in place of, or (when there is none) as, this laptop's vault. Only
    /// while locked: an open store is never swapped out from under itself.
    pub fn import_backup(&self, file: &Path, replace: bool) -> Result<()> {
        if self.inner().open.is_some() {
            return Err(Error::InvalidInput("lock before importing a backup".into()));
        }
        crate::backup::import(file, &self.dir, replace)
    }

    pub fn change_passphrase(&self, old: &SecretString, new: &SecretString) -> Result<()> {
        self.require_unlocked()?;
        vault::change_passphrase(&self.dir, old, new, self.params)
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
        assert!(!session.lock_if_idle(Instant::now() + Duration::from_secs(3600)), "reading is not idling");
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
}
