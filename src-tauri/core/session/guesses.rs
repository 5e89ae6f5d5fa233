//! The one live count of wrong secrets: every place that takes her passphrase or recovery code
//! counts against it and waits the same way.

use super::*;

/// The one live count of wrong secrets in this process: every place that takes her passphrase
/// or recovery code (unlock, the restore screen, an import over her vault, leaving a hand-over,
/// opening a seal early, changing the passphrase, a new recovery code) counts against it and
/// waits the same growing time, on the monotonic clock. The count in `vault.json` outlives a
/// restart but can be edited by anyone with her account; this one cannot.
#[derive(Default)]
pub(super) struct Guesses {
    pub(super) failed: u32,
    pub(super) last_failed: Option<Instant>,
}

impl Guesses {
    fn wait_left(&self, now: Instant) -> Option<Duration> {
        let ready = self.last_failed? + Duration::from_millis(vault::wait_ms(self.failed));
        ready.checked_duration_since(now).filter(|d| !d.is_zero())
    }
}

/// What a secret is checked against, which decides what a wrong or a right answer does.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Against {
    /// The key file in her folder, by `vault::unlock`, which keeps the file's count itself.
    Unlock,
    /// The key that is open: a wrong try is counted in the file too.
    OpenKey,
    /// A header someone else may have written (a backup's, or the folder's before an import):
    /// a wrong try is counted in the file too, and a right one clears nothing, so a header of
    /// his own cannot buy fresh tries.
    Header,
}

impl Session {
    /// Runs one check of her passphrase or recovery code against the live count: refused with
    /// [`Error::TooSoon`] while a wait is on; a wrong secret counts (in the key file too, so a
    /// restart keeps it), a right one against her own vault clears the count. The caller holds
    /// [`Self::turn`], so guesses sent in parallel each count.
    pub(super) fn guess<T>(&self, against: Against, check: impl FnOnce() -> Result<T>) -> Result<T> {
        if let Some(left) = lock_ignoring_poison(&self.guesses).wait_left(Instant::now()) {
            return Err(Error::TooSoon { retry_ms: u64::try_from(left.as_millis()).unwrap_or(u64::MAX).max(1) });
        }
        let outcome = check();
        self.a_lock_may_fall_here();
        let mut guesses = lock_ignoring_poison(&self.guesses);
        match &outcome {
            Ok(_) if against != Against::Header => *guesses = Guesses::default(),
            Ok(_) => {}
            Err(Error::WrongPassphrase | Error::WrongRecoveryCode) => {
                guesses.failed = guesses.failed.saturating_add(1);
                guesses.last_failed = Some(Instant::now());
                if against != Against::Unlock {
                    let _ = vault::count_failed_try(&self.dir, now_ms());
                }
            }
            Err(_) => {}
        }
        outcome
    }
}
