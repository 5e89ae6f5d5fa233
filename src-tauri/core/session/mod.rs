//! The lock. Grot starts locked; while locked there is no key and no open store, and every
//! private operation answers [`Error::Locked`]. Unlocking derives the key, opens the store and
//! starts the idle clock; locking drops both (the key is zeroed on drop). Every check of her
//! passphrase while unlocked is against the key that is open (and the header it came from),
//! never against whatever header is on disk now; every check, locked or not, waits its turn.
//! Plain Rust; no Tauri.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

use crate::clock::now_ms;
use crate::error::{Error, Result};
use crate::export::{self, ExportFormat, ExportLabels};
use crate::store::letters::{Letter, LetterId};
use crate::store::settings::{Appearance, Settings};
use crate::store::{self, Store};
use crate::vault::{self, DataKey, Header, KdfParams, Unlocked};

mod away;
mod files;
mod guesses;
use guesses::{Against, Guesses};
mod handover;
pub use handover::HandedOver;
#[cfg(test)]
mod damage_tests;
#[cfg(test)]
mod handover_tests;
mod idle;
mod keys;
mod practice;
#[cfg(test)]
mod practice_tests;
mod takeout;
pub use takeout::{Preview, TakenOut, TakeoutTo};
#[cfg(test)]
mod takeout_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod trust_tests;

// Tests only: a lock falls after the n-th step on this thread (a step taken under the state
// lock, or a check of her secret, which runs outside it), the moment a lock from another thread
// (the idle lock, the away lock, the panic key) could choose. A race no scheduler reliably loses,
// made certain, one step at a time.
#[cfg(test)]
thread_local!(static LOCK_AFTER_STEPS: std::cell::Cell<Option<u32>> = const { std::cell::Cell::new(None) });

impl Session {
    #[cfg(test)]
    fn a_lock_may_fall_here(&self) {
        match LOCK_AFTER_STEPS.get() {
            Some(0) => {
                LOCK_AFTER_STEPS.set(None);
                self.lock();
            }
            Some(n) => LOCK_AFTER_STEPS.set(Some(n - 1)),
            None => {}
        }
    }

    #[cfg(not(test))]
    fn a_lock_may_fall_here(&self) {}
}

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ts_rs::TS)]
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
    /// Another copy of the app holds the data folder: this one reads and writes nothing there.
    InUse,
    /// The data folder cannot be written (a read-only disk, a folder not hers): nothing is
    /// opened, so nothing can half-save.
    CannotWrite,
}

struct Open {
    store: Store,
    key: DataKey,
    /// The header the key came from, held since unlock: what every later check is against.
    header: Header,
    last_active: Instant,
    idle_limit: Duration,
    handover_limit: Duration,
    /// Her settings: lock when the laptop sleeps or the screen locks; when the window is minimised.
    when_away: bool,
    when_minimised: bool,
}

#[derive(Default)]
struct Inner {
    /// First run: the vault waiting for its recovery code to be typed back.
    pending: Option<vault::Pending>,
    /// When the first run's recovery code was shown: it stays on screen (and in memory) for
    /// [`RECOVERY_ON_SCREEN`] at most.
    pending_since: Option<Instant>,
    /// A new recovery code waiting to be typed back (the key rotates when it is).
    renewal: Option<vault::Pending>,
    open: Option<Open>,
    /// The letter handed over for reading, if any.
    handover: Option<handover::Handover>,
    /// An export shown to her, waiting for her yes; then what it added, to undo (`takeout.rs`).
    import: Option<takeout::Import>,
    /// Told whether to hold the laptop's sleep back, at every change (`away.rs`).
    on_change: Option<away::OnChange>,
    /// Told at every lock (`away.rs`).
    on_lock: Option<away::OnLock>,
    /// Wakes whoever waits for the next lock to be due (`idle.rs`) when it may have come
    /// nearer, or the app locked.
    wake: Arc<Condvar>,
    /// How often the watcher woke, for the tests that check who wakes it.
    #[cfg(test)]
    woken: usize,
}

impl Inner {
    /// The state after anything went wrong mid-way: nothing open, nothing pending.
    fn lock(&mut self) {
        if let (Some(open), Some(handover)) = (self.open.as_mut(), self.handover.as_ref()) {
            // The hand-over ends here: the letter was open until now.
            let _ = open.store.reading_until(handover.reading, now_ms());
        }
        if self.open.take().is_some() {
            self.changed();
            self.tell_locked();
        }
        self.pending = None;
        self.pending_since = None;
        self.renewal = None;
        self.handover = None;
        self.import = None;
    }
}

pub struct Session {
    dir: PathBuf,
    params: KdfParams,
    /// Shared with the backup's thread, which must mark a damaged page under this lock (`keys.rs`).
    inner: Arc<Mutex<Inner>>,
    /// One passphrase check at a time, so that parallel guesses each count (and wait).
    checks: Mutex<()>,
    guesses: Mutex<Guesses>,
    /// Held by whatever copies or swaps the store's files (backups, key rotation, import).
    files: Arc<Mutex<()>>,
    /// The error code of the last automatic backup, if it failed: shown, never swallowed.
    backup_error: Arc<Mutex<Option<String>>>,
    /// A damaged page was met (by a command, or by the backup that reads every page): the app
    /// locks, and every unlock answers `StoreDamaged` (after the passphrase is checked) until a
    /// backup is put back, so the restore screen shows instead of a store that half works.
    damaged: Arc<std::sync::atomic::AtomicBool>,
    /// The data folder's lock, once this process holds it (`files::lock_folder`): until then
    /// every status is `InUse` and nothing in the folder is read or written.
    folder: Mutex<Option<std::fs::File>>,
}

/// How the automatic backups stand, for the settings screen.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct BackupStatus {
    pub latest_ms: Option<i64>,
    pub error: Option<String>,
}

/// How long the first run's recovery code may wait to be typed back; then she begins again.
pub const RECOVERY_ON_SCREEN: Duration = Duration::from_secs(10 * 60);

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
        let session = Session {
            dir,
            params,
            inner: Arc::new(Mutex::new(Inner::default())),
            checks: Mutex::new(()),
            guesses: Mutex::default(),
            files: Arc::default(),
            backup_error: Arc::default(),
            folder: Mutex::new(None),
            damaged: Arc::default(),
        };
        let _ = session.require_folder();
        session
    }

    /// Takes the data folder if no other copy of the app holds it (asked again at every status,
    /// so closing the other copy, or making the folder writable, is enough). The first time: a
    /// key rotation that a kill interrupted is finished or undone, before anything reads.
    /// Errors with [`Error::InUse`] while another copy holds it, [`Error::CannotWrite`] (or
    /// another storage error) when its lock file cannot be made.
    pub(super) fn require_folder(&self) -> Result<()> {
        let mut folder = lock_ignoring_poison(&self.folder);
        if folder.is_none() {
            let lock = crate::files::lock_folder(&self.dir)?.ok_or(Error::InUse)?;
            *folder = Some(lock);
            let _ = crate::rotation::recover(&self.dir);
            // Wrong tries counted before this start: the wait goes on from the last of them, as
            // the file tells it (never more than the longest wait ago, nor in the future).
            if let Ok(header) = vault::read_header_at(&vault::header_path(&self.dir)) {
                if header.failed_tries() > 0 {
                    let since = Duration::from_millis(header.since_last_failed_ms(now_ms()).min(vault::MAX_WAIT_MS));
                    let last_failed = Instant::now().checked_sub(since).unwrap_or_else(Instant::now);
                    *lock_ignoring_poison(&self.guesses) = Guesses { failed: header.failed_tries(), last_failed: Some(last_failed) };
                }
            }
        }
        Ok(())
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn inner(&self) -> MutexGuard<'_, Inner> {
        self.unpoisoned(self.inner.lock())
    }

    /// The state, or after a panic while it was held: everything locked (the key and the store
    /// are dropped) and the poison cleared, so the next unlock works as at start-up.
    fn unpoisoned<'a>(&self, state: std::sync::LockResult<MutexGuard<'a, Inner>>) -> MutexGuard<'a, Inner> {
        state.unwrap_or_else(|poisoned| {
            let mut inner = poisoned.into_inner();
            inner.lock();
            self.inner.clear_poison();
            inner
        })
    }

    /// Waits for the other passphrase checks to finish.
    fn turn(&self) -> MutexGuard<'_, ()> {
        lock_ignoring_poison(&self.checks)
    }

    /// Errors with [`Error::HandOver`] while a letter is handed over: the lock screen's own
    /// commands (unlocking, the backups, putting one back, bringing one in) wait for her too.
    fn refuse_in_handover(&self) -> Result<()> {
        if self.inner().handover.is_some() {
            return Err(Error::HandOver);
        }
        Ok(())
    }

    pub fn status(&self) -> Status {
        match self.require_folder() {
            Ok(()) => {}
            Err(Error::InUse) => return Status::InUse,
            // Any other failure to make the lock file: the folder is not writable here.
            Err(_) => return Status::CannotWrite,
        }
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
        self.require_folder()?;
        if vault::exists(&self.dir) {
            return Err(Error::VaultExists);
        }
        if store::any_store_file(&self.dir) {
            return Err(Error::KeyMissing);
        }
        Ok(())
    }

    /// Drops the store connection and the key (and ends a hand-over: unlocking needs the
    /// passphrase, as leaving it does). Safe to call when already locked.
    pub fn lock(&self) {
        self.inner().lock();
    }

    /// Marks activity (typing, scrolling, reading a handed-over letter) so the idle lock waits.
    /// Reveals nothing, so it also answers during a hand-over.
    pub fn touch(&self) -> Result<()> {
        let mut inner = self.inner();
        let reading = inner.handover.as_ref().map(|h| h.reading);
        let open = inner.open.as_mut().ok_or(Error::Locked)?;
        open.last_active = Instant::now();
        if let Some(reading) = reading {
            // The read log: still open now (kept if the app is killed mid-reading).
            open.store.reading_until(reading, now_ms())?;
        }
        Ok(())
    }

    /// The page has painted `screen` (two animation frames after drawing it). With
    /// `GROT_REPORT_PAINT` set, this says so on stdout, which is how the app-level benchmark
    /// times start-up (BENCHMARKS.md): a screen's name and a number, nothing else, and nothing
    /// during a hand-over.
    pub fn painted(&self, screen: &str, page_ms: Option<u32>) -> Result<()> {
        if self.status() == Status::Handover {
            return Err(Error::HandOver);
        }
        if std::env::var_os("GROT_REPORT_PAINT").is_some() {
            // With the page's own clock (ms since its navigation began), to tell the page's share.
            println!("painted {screen} {}", page_ms.unwrap_or(0));
        }
        Ok(())
    }

    /// Errors with [`Error::Locked`] unless unlocked. For private things that need no store.
    pub fn require_unlocked(&self) -> Result<()> {
        self.with_store(|_| Ok(()))
    }

    /// Runs `f` on the open store, or answers [`Error::Locked`] (or [`Error::HandOver`] while
    /// a letter is handed over).
    pub fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        self.with_state(|inner| f(&mut inner.open.as_mut().ok_or(Error::Locked)?.store))
    }

    /// Runs `f` on the whole state while unlocked and not handed over, in one step under the
    /// state lock; a damaged page met on the way locks the app.
    fn with_state<T>(&self, f: impl FnOnce(&mut Inner) -> Result<T>) -> Result<T> {
        let outcome = {
            let mut inner = self.inner();
            if inner.handover.is_some() {
                return Err(Error::HandOver);
            }
            inner.open.as_mut().ok_or(Error::Locked)?.last_active = Instant::now();
            let outcome = f(&mut inner);
            if outcome.as_ref().is_err_and(|e| *e == Error::StoreDamaged) {
                self.damaged.store(true, std::sync::atomic::Ordering::SeqCst);
                inner.lock();
            }
            outcome
        };
        self.a_lock_may_fall_here();
        outcome
    }

    /// Stores the settings; the idle limits follow the new minutes at once, and the small
    /// non-secret appearance file (read before unlock, for discreet mode) follows too.
    pub fn set_settings(&self, settings: &Settings) -> Result<Appearance> {
        self.with_store(|s| s.set_settings(settings))?;
        let mut inner = self.inner();
        if let Some(open) = inner.open.as_mut() {
            open.idle_limit = minutes(settings.autolock_minutes);
            open.handover_limit = minutes(settings.handover_lock_minutes);
            (open.when_away, open.when_minimised) = (settings.lock_when_away, settings.lock_when_minimised);
        }
        inner.changed();
        drop(inner);
        crate::store::settings::write_appearance(&self.dir, settings)
    }

    /// Errors with [`Error::Precondition`] unless locked (or not set up): what replaces the
    /// vault must never run under an open store.
    pub fn require_locked(&self) -> Result<()> {
        match self.status() {
            Status::New | Status::Locked | Status::KeyMissing => Ok(()),
            Status::InUse => Err(Error::InUse),
            Status::CannotWrite => Err(Error::CannotWrite),
            Status::Handover => Err(Error::HandOver),
            Status::Unlocked => Err(Error::Precondition("lock first".into())),
        }
    }
}
