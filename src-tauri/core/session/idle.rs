//! The idle lock's clock. The next lock is due at a moment known in advance (her idle minutes
//! after the last activity, a hand-over's own, the first run's recovery code on screen for
//! [`RECOVERY_ON_SCREEN`], or at once after a damaged page): the app's watcher sleeps until
//! then, or until that moment comes nearer, and never wakes on a tick. An app left open for
//! hours on battery does nothing while nothing changes.

use std::sync::atomic::Ordering;
use std::sync::PoisonError;

use super::*;

impl Inner {
    /// Whether nothing happened for the idle limit (the hand-over's own in a hand-over).
    pub(super) fn idle_at(&self, now: Instant) -> bool {
        self.idle_deadline().is_some_and(|due| now >= due)
    }

    /// When the idle limit (the hand-over's own in a hand-over) runs out, if unlocked.
    fn idle_deadline(&self) -> Option<Instant> {
        self.open.as_ref().map(|o| o.last_active + if self.handover.is_some() { o.handover_limit } else { o.idle_limit })
    }

    /// When something is next due: the idle lock, the recovery code leaving the screen, or (a
    /// damaged page met while unlocked) now.
    fn due_at(&self, damaged: bool, now: Instant) -> Option<Instant> {
        let idle = if damaged && self.open.is_some() { Some(now) } else { self.idle_deadline() };
        let recovery = self.pending_since.map(|since| since + RECOVERY_ON_SCREEN);
        idle.into_iter().chain(recovery).min()
    }

    /// Wakes the watcher: the next deadline may have come nearer (an unlock, her settings, a
    /// hand-over's end, a recovery code shown) or gone (a lock).
    pub(super) fn deadline_moved(&self) {
        self.wake.notify_all();
    }
}

impl Session {
    /// Sleeps until something is due ([`Session::idle_due`], or [`Session::lock_if_idle`] would
    /// lock). Activity within the same limit only moves the deadline later, so it wakes nothing:
    /// the wait finds out when the old deadline comes, and sleeps on to the new one. Whatever can
    /// bring it nearer (an unlock, her settings, a hand-over's start or end, a recovery code on
    /// screen, a damaged page, a lock) wakes it (`deadline_moved`).
    pub fn wait_until_due(&self) {
        let mut inner = self.inner();
        loop {
            let now = Instant::now();
            let wake = inner.wake.clone();
            inner = match inner.due_at(self.damaged.load(Ordering::SeqCst), now) {
                Some(due) if due <= now => return,
                Some(due) => self.unpoisoned(
                    wake.wait_timeout(inner, due - now).map(|(inner, _)| inner).map_err(|e| PoisonError::new(e.into_inner().0)),
                ),
                None => self.unpoisoned(wake.wait(inner)),
            };
            #[cfg(test)]
            {
                inner.woken += 1;
            }
        }
    }

    /// Waits until the app is locked, or `until`; answers whether it is locked.
    pub fn wait_for_lock(&self, until: Instant) -> bool {
        let mut inner = self.inner();
        while inner.open.is_some() {
            let now = Instant::now();
            if now >= until {
                return false;
            }
            let wake = inner.wake.clone();
            inner = self
                .unpoisoned(wake.wait_timeout(inner, until - now).map(|(inner, _)| inner).map_err(|e| PoisonError::new(e.into_inner().0)));
        }
        true
    }

    /// Locks if nothing happened for the idle minutes (a hand-over has its own, longer limit), or
    /// at once when a damaged page was met; answers whether it locked now.
    pub fn lock_if_idle(&self, now: Instant) -> bool {
        let mut inner = self.inner();
        // The first run's recovery code left on screen: gone, and the page starts again.
        if inner.pending_since.is_some_and(|since| now.saturating_duration_since(since) >= RECOVERY_ON_SCREEN) {
            (inner.pending, inner.pending_since) = (None, None);
            return true;
        }
        let damaged = self.damaged.load(std::sync::atomic::Ordering::SeqCst);
        let idle = inner.open.is_some() && (damaged || inner.idle_at(now));
        if idle {
            inner.lock();
        }
        idle
    }

    /// Whether the idle minutes (a hand-over's own, in a hand-over) have passed, without
    /// locking: the app then lets the page save what is typed and lock, as when she walks away.
    pub fn idle_due(&self, now: Instant) -> bool {
        self.inner().idle_at(now)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;

    use super::*;
    use crate::testing::{lid, sample_draft, secret, unlocked, PASS};

    /// Starts the app's watcher on `session`: it tells once when something is due.
    fn watch(session: &Arc<Session>) -> mpsc::Receiver<()> {
        let (told, due) = mpsc::channel();
        let session = session.clone();
        std::thread::spawn(move || {
            session.wait_until_due();
            let _ = told.send(());
        });
        due
    }

    /// Makes the last activity `ago` older, the way time passing does: nobody is told.
    fn age(session: &Session, ago: Duration) {
        let mut inner = session.inner();
        let open = inner.open.as_mut().unwrap();
        open.last_active -= ago;
    }

    /// Long enough for a woken thread to run on any machine; the waits below that expect
    /// nothing only check that no wakeup came early.
    const TOLD: Duration = Duration::from_secs(10);
    const QUIET: Duration = Duration::from_millis(300);

    #[test]
    fn the_watch_wakes_when_her_idle_minutes_run_out_and_not_before() {
        let (_dir, session, _) = unlocked();
        let session = Arc::new(session);
        let limit = session.inner().open.as_ref().unwrap().idle_limit;
        age(&session, limit - Duration::from_millis(500));
        let due = watch(&session);
        assert!(due.recv_timeout(Duration::from_millis(100)).is_err(), "half a second early");
        due.recv_timeout(TOLD).expect("told when the minutes ran out");
        assert!(session.idle_due(Instant::now()));
    }

    #[test]
    fn locked_the_watch_sleeps_and_after_an_unlock_waits_for_her_minutes() {
        let (_dir, session, _) = unlocked();
        let session = Arc::new(session);
        session.lock();
        let due = watch(&session);
        assert!(due.recv_timeout(QUIET).is_err(), "locked: nothing is ever due");
        session.unlock(&secret("correct horse battery")).unwrap();
        assert!(due.recv_timeout(QUIET).is_err(), "just unlocked: her minutes have only begun");
        assert!(session.is_unlocked());
    }

    #[test]
    fn the_recovery_code_on_screen_and_a_damaged_page_each_wake_the_watch() {
        let dir = tempfile::tempdir().unwrap();
        let session = Arc::new(Session::new(dir.path().to_path_buf(), KdfParams::TEST));
        let due = watch(&session);
        assert!(due.recv_timeout(QUIET).is_err(), "nothing set up, nothing due");
        drop(session.begin_setup(&secret(PASS)).unwrap());
        // Aged after the setup woke the watch, which may already have read the code's deadline
        // (ten minutes on): the watch is told, as it would be had the minutes really passed.
        let mut inner = session.inner();
        inner.pending_since = Some(Instant::now() - RECOVERY_ON_SCREEN + Duration::from_millis(200));
        inner.deadline_moved();
        drop(inner);
        due.recv_timeout(TOLD).expect("the code's ten minutes on screen are over");
        assert!(session.lock_if_idle(Instant::now()));

        let (_dir, session, _) = unlocked();
        let session = Arc::new(session);
        let due = watch(&session);
        assert!(due.recv_timeout(QUIET).is_err());
        session.damaged.store(true, Ordering::SeqCst);
        session.inner().deadline_moved();
        due.recv_timeout(TOLD).expect("a damaged page locks at once");
        assert!(session.lock_if_idle(Instant::now()) && !session.is_unlocked());
    }

    #[test]
    fn a_hand_over_wakes_the_watch_for_its_own_limit_which_may_be_shorter() {
        let (_dir, session, _) = unlocked();
        let session = Arc::new(session);
        let mut settings = session.with_store(|s| s.settings()).unwrap();
        (settings.autolock_minutes, settings.handover_lock_minutes) = (240, 5);
        session.set_settings(&settings).unwrap();
        session.with_store(|s| s.save(&sample_draft("00000000-0000-4000-8000-000000000001", "voor jou", 1), 1)).unwrap();
        let _due = watch(&session);
        let woken = || session.inner().woken;
        // Asleep toward her 240 minutes.
        std::thread::sleep(QUIET);
        let before = woken();
        session.start_handover(&lid("00000000-0000-4000-8000-000000000001")).unwrap();
        let started = Instant::now();
        while woken() == before {
            assert!(started.elapsed() < TOLD, "the watch slept on toward her 240 minutes in a 5-minute hand-over");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    #[test]
    fn a_lock_away_waits_for_the_page_to_lock_and_no_longer() {
        let (_dir, session, _) = unlocked();
        let session = Arc::new(session);
        assert!(!session.wait_for_lock(Instant::now() + Duration::from_millis(50)), "still unlocked when the grace ran out");
        let page = session.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            page.lock();
        });
        assert!(session.wait_for_lock(Instant::now() + TOLD), "the page locked");
    }
}
