//! Knowing when she walks away: the laptop about to sleep, the screen locked, the session
//! switched away from. One small platform module per desktop behind [`Watch`]; Linux listens to
//! logind and the screensaver over D-Bus. Other platforms watch nothing yet (docs/PLATFORMS.md
//! says what they need), and say so: [`Support`] is all false there.
//!
//! Knows D-Bus, not Tauri: `app.rs` decides what to do when she is away (lock), and tells the
//! watch when to hold the sleep inhibitor (while unlocked).

#[cfg(target_os = "linux")]
mod linux;

use serde::Serialize;

/// Why the app should lock now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// The laptop is about to sleep (logind `PrepareForSleep(true)`).
    Sleep,
    /// Her session was locked (logind `Lock`, or a screensaver's `ActiveChanged(true)`).
    ScreenLocked,
    /// Another session took the screen (logind's `Active` turned false: a user switch).
    SwitchedAway,
}

/// What this desktop lets Grot notice, for the settings screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Support {
    /// Sleep is seen, and held off until the lock is done (logind on the system bus).
    pub sleep: bool,
    /// A screen lock or user switch is seen (logind's session, or a screensaver on the session bus).
    pub screen_lock: bool,
}

/// The watch over the desktop: started once, for the life of the app.
pub struct Watch {
    support: Support,
    #[cfg(target_os = "linux")]
    inner: linux::Watch,
}

impl Watch {
    /// Starts watching; `away` is called, on a watcher thread, each time she walks away. Never
    /// fails: without a bus the app works as before, and [`Watch::support`] says what is missing.
    pub fn start(away: impl Fn(Cause) + Send + Sync + 'static) -> Watch {
        #[cfg(target_os = "linux")]
        {
            let inner = linux::Watch::start(std::sync::Arc::new(away));
            Watch { support: inner.support(), inner }
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = away;
            Watch { support: Support::default() }
        }
    }

    pub fn support(&self) -> Support {
        self.support
    }

    /// Holds the laptop's sleep back (a logind *delay* inhibitor) while `hold` is true, so the
    /// lock completes before it sleeps; lets go once it is false. Idempotent.
    pub fn hold_sleep(&self, hold: bool) {
        #[cfg(target_os = "linux")]
        self.inner.hold_sleep(hold);
        #[cfg(not(target_os = "linux"))]
        let _ = hold;
    }
}
