//! When she walks away: what her settings say, and telling the desktop watch whether to hold the
//! laptop's sleep back (only while unlocked, and only if she wants the lock on sleep). The watch
//! itself (D-Bus) is an adapter; this knows only the session.

use super::*;

/// Told `true` while the laptop's sleep should wait for the lock, `false` once it need not.
/// Called with the session's state lock held: it must not call back into the session.
pub(super) type OnChange = Arc<dyn Fn(bool) + Send + Sync>;

/// Told once at every lock, as the store and the key are dropped (`app.rs`: the web process
/// ends). Called with the session's state lock held: it must not call back into the session.
pub(super) type OnLock = Arc<dyn Fn() + Send + Sync>;

impl Inner {
    /// Tells whoever asked (`Session::on_lock`) that the app just locked.
    pub(super) fn tell_locked(&self) {
        if let Some(on_lock) = &self.on_lock {
            on_lock();
        }
    }

    /// Tells the watchers what holds now: the sleep inhibitor, and the idle lock's clock.
    pub(super) fn changed(&self) {
        if let Some(on_change) = &self.on_change {
            on_change(self.open.as_ref().is_some_and(|o| o.when_away));
        }
        self.deadline_moved();
    }
}

impl Session {
    /// Sets who is told, at every unlock, lock and change of her settings, whether the laptop's
    /// sleep should wait for the lock (`app.rs`: the logind inhibitor).
    pub fn on_change(&self, f: impl Fn(bool) + Send + Sync + 'static) {
        let mut inner = self.inner();
        inner.on_change = Some(Arc::new(f));
        inner.changed();
    }

    /// Sets who is told at every lock.
    pub fn on_lock(&self, f: impl Fn() + Send + Sync + 'static) {
        self.inner().on_lock = Some(Arc::new(f));
    }

    /// Whether she wants the app locked now that she walked away (sleep, screen lock, user
    /// switch); false when it is locked already.
    pub fn locks_when_away(&self) -> bool {
        self.inner().open.as_ref().is_some_and(|o| o.when_away)
    }

    /// Whether she wants the app locked when its window is minimised.
    pub fn locks_when_minimised(&self) -> bool {
        self.inner().open.as_ref().is_some_and(|o| o.when_minimised)
    }

    /// Whether the app is unlocked (a hand-over included).
    pub fn is_unlocked(&self) -> bool {
        self.inner().open.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{secret, unlocked, PASS};

    #[test]
    fn sleep_is_held_back_exactly_while_unlocked_and_she_wants_the_lock() {
        let (_dir, session, _) = unlocked();
        let told = Arc::new(Mutex::new(Vec::new()));
        let log = told.clone();
        session.on_change(move |hold| log.lock().unwrap().push(hold));
        assert!(session.locks_when_away() && !session.locks_when_minimised(), "the defaults");
        session.lock();
        assert!(!session.locks_when_away());
        session.unlock(&secret(PASS)).unwrap();
        let mut settings = session.with_store(|s| s.settings()).unwrap();
        settings.lock_when_away = false;
        settings.lock_when_minimised = true;
        session.set_settings(&settings).unwrap();
        assert!(!session.locks_when_away() && session.locks_when_minimised());
        session.lock();
        session.unlock(&secret(PASS)).unwrap();
        // Unlocked; locked; unlocked; setting off; locked; unlocked with it off.
        assert_eq!(*told.lock().unwrap(), [true, false, true, false, false, false]);
    }
}
