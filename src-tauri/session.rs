//! The lock. Grot starts locked; while locked there is no key and no open store, and every
//! private operation answers [`Error::Locked`]. Unlocking derives the key, opens the store and
//! starts the idle clock; locking drops both (the key is zeroed on drop). Plain Rust; no Tauri.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

use crate::error::{Error, Result};
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
}

struct Open {
    store: Store,
    _key: DataKey,
    last_active: Instant,
    idle_limit: Duration,
}

#[derive(Default)]
struct Inner {
    pending: Option<vault::Pending>,
    open: Option<Open>,
}

pub struct Session {
    dir: PathBuf,
    params: KdfParams,
    inner: Mutex<Inner>,
}

impl Session {
    pub fn new(dir: PathBuf, params: KdfParams) -> Session {
        Session { dir, params, inner: Mutex::new(Inner::default()) }
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
        if self.inner().open.is_some() {
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
        let idle_limit = Duration::from_secs(u64::from(store.settings()?.autolock_minutes) * 60);
        self.inner().open = Some(Open { store, _key: key, last_active: Instant::now(), idle_limit });
        Ok(())
    }

    /// Drops the store connection and the key. Safe to call when already locked.
    pub fn lock(&self) {
        let mut inner = self.inner();
        inner.open = None;
        inner.pending = None;
    }

    /// Locks if nothing happened for the auto-lock minutes; answers whether it locked now.
    pub fn lock_if_idle(&self, now: Instant) -> bool {
        let mut inner = self.inner();
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

    /// Runs `f` on the open store, or answers [`Error::Locked`].
    pub fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let mut inner = self.inner();
        let open = inner.open.as_mut().ok_or(Error::Locked)?;
        open.last_active = Instant::now();
        let result = f(&mut open.store);
        if let Ok(settings) = open.store.settings() {
            open.idle_limit = Duration::from_secs(u64::from(settings.autolock_minutes) * 60);
        }
        result
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
    fn locked_means_no_store() {
        let (_dir, session, _) = unlocked();
        session.with_store(|s| s.settings().map(|_| ())).unwrap();
        session.lock();
        assert_eq!(session.with_store(|s| s.settings().map(|_| ())).unwrap_err(), Error::Locked);
        assert_eq!(session.touch().unwrap_err(), Error::Locked);
        assert_eq!(session.require_unlocked().unwrap_err(), Error::Locked);
    }

    #[test]
    fn idle_lock_follows_the_setting() {
        let (_dir, session, _) = unlocked();
        let now = Instant::now();
        assert!(!session.lock_if_idle(now + Duration::from_secs(4 * 60)));
        assert!(session.lock_if_idle(now + Duration::from_secs(5 * 60 + 1)), "default is 5 minutes");
        assert_eq!(session.status(), Status::Locked);
        session.unlock(&secret("correct horse battery")).unwrap();
        session
            .with_store(|s| {
                let settings = crate::settings::Settings { autolock_minutes: 1, ..s.settings()? };
                s.set_settings(&settings)
            })
            .unwrap();
        assert!(session.lock_if_idle(Instant::now() + Duration::from_secs(61)));
    }
}
