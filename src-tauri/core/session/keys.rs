//! Setting up, unlocking, and every later check or change of the passphrase and the recovery
//! code: each waits its turn, and while unlocked each is against the open key.

use super::*;

impl Session {
    /// First run, step one: prepares the vault and returns the recovery code to show once.
    pub fn begin_setup(&self, passphrase: &SecretString) -> Result<SecretString> {
        self.refuse_in_handover()?;
        self.require_empty()?;
        let pending = vault::begin(passphrase, self.params)?;
        let code = SecretString::from(pending.recovery_code().expose_secret().to_string());
        let mut inner = self.inner();
        (inner.pending, inner.pending_since) = (Some(pending), Some(Instant::now()));
        inner.deadline_moved();
        Ok(code)
    }

    /// First run, step two: she typed the code back; the vault is written and opened.
    /// A mistyped code can be tried again: the pending vault stays until it matches.
    pub fn confirm_setup(&self, typed: &SecretString) -> Result<()> {
        self.refuse_in_handover()?;
        let pending = take_if_typed_back(&mut self.inner().pending, typed, "no setup in progress")?;
        self.inner().pending_since = None;
        self.require_empty()?;
        let unlocked = vault::confirm(&self.dir, pending, typed)?;
        drop(Store::create(&self.dir, &unlocked.key)?);
        self.open(unlocked)
    }

    pub fn unlock(&self, passphrase: &SecretString) -> Result<()> {
        let _turn = self.turn();
        self.before_unlock()?;
        self.open(self.guess(Against::Unlock, || vault::unlock(&self.dir, passphrase, now_ms()))?)
    }

    pub fn unlock_with_recovery(&self, code: &SecretString) -> Result<()> {
        let _turn = self.turn();
        self.before_unlock()?;
        self.open(self.guess(Against::Unlock, || vault::unlock_with_recovery(&self.dir, code, now_ms()))?)
    }

    fn before_unlock(&self) -> Result<()> {
        self.refuse_in_handover()?;
        self.require_folder()?;
        crate::rotation::recover(&self.dir)?;
        if !vault::exists(&self.dir) && store::any_store_file(&self.dir) {
            return Err(Error::KeyMissing);
        }
        Ok(())
    }

    pub(super) fn open(&self, mut unlocked: Unlocked) -> Result<()> {
        // The header's AEAD already proved the passphrase: a store that does not open with its
        // key answers `StoreDamaged` (damaged, or another key's), never a wrong passphrase.
        let store = Store::open(&self.dir, &unlocked.key)?;
        if self.damaged.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(Error::StoreDamaged);
        }
        bind_header(&self.dir, &store, &mut unlocked)?;
        let Unlocked { key, header } = unlocked;
        self.backup_later(key.duplicate());
        let settings = store.settings()?;
        let mut inner = self.inner();
        inner.open = Some(Open {
            store,
            key,
            header,
            last_active: Instant::now(),
            idle_limit: minutes(settings.autolock_minutes),
            handover_limit: minutes(settings.handover_lock_minutes),
            when_away: settings.lock_when_away,
            when_minimised: settings.lock_when_minimised,
        });
        inner.changed();
        Ok(())
    }

    /// A backup on every unlock, beside the work and a moment later: the first screens after
    /// unlocking must not share the two cores with copying the whole store. The copy of the
    /// key lives only until the backup is done.
    fn backup_later(&self, key: DataKey) {
        let (dir, files, report, damaged) = (self.dir.clone(), self.files.clone(), self.backup_error.clone(), self.damaged.clone());
        let state = self.inner.clone();
        std::thread::spawn(move || {
            std::thread::sleep(BACKUP_AFTER_UNLOCK);
            let _files = lock_ignoring_poison(&files);
            // The copy reads every page: a damaged one is found here, and no good backup is
            // pruned for a copy of a damaged store.
            let outcome = crate::backup::snapshot(&dir, &key, now_ms());
            if outcome.as_ref().is_err_and(|e| *e == Error::StoreDamaged) {
                // Under the state lock, so the idle lock's clock (`idle.rs`), which reads the
                // flag under it before it sleeps, cannot miss the news: it locks the app now.
                let inner = state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                damaged.store(true, std::sync::atomic::Ordering::SeqCst);
                inner.deadline_moved();
            }
            *lock_ignoring_poison(&report) = outcome.err().map(|e| e.code().to_string());
        });
    }

    /// Checks `passphrase` against the open key. The caller holds [`Self::turn`]. Wrong tries
    /// count against the live count and wait longer each time, as at unlock.
    pub(super) fn verify_open(&self, passphrase: &SecretString) -> Result<()> {
        let (header, key) = {
            let inner = self.inner();
            let open = inner.open.as_ref().ok_or(Error::Locked)?;
            (open.header.clone(), open.key.duplicate())
        };
        // Derived outside the state lock: saves and reads go on meanwhile.
        self.guess(Against::OpenKey, || vault::verify(&header, &key, passphrase))
    }

    /// A new passphrase, and with it a new data key (the store re-encrypted, a fresh backup,
    /// the backups under the old key removed): no old copy of the header opens anything now.
    pub fn change_passphrase(&self, old: &SecretString, new: &SecretString) -> Result<()> {
        let _turn = self.turn();
        self.require_unlocked()?;
        self.verify_open(old)?;
        let (header, key) = self.inner().open.as_ref().map(|o| (o.header.clone(), o.key.duplicate())).ok_or(Error::Locked)?;
        self.rotate(vault::rekey_for_passphrase(&header, &key, new, self.params)?)
    }

    /// A new recovery code, step one: her passphrase, then the code to show once.
    pub fn begin_new_recovery(&self, passphrase: &SecretString) -> Result<SecretString> {
        let _turn = self.turn();
        self.require_unlocked()?;
        self.verify_open(passphrase)?;
        let pending = vault::begin(passphrase, self.params)?;
        let code = SecretString::from(pending.recovery_code().expose_secret().to_string());
        // In the same step as the check that it is still open: a lock in between leaves no
        // renewal waiting on a locked session.
        let mut inner = self.inner();
        if inner.open.is_none() || inner.handover.is_some() {
            return Err(Error::Locked);
        }
        inner.renewal = Some(pending);
        Ok(code)
    }

    /// Step two: the code typed back; the key rotates, and the old code opens nothing current.
    pub fn confirm_new_recovery(&self, typed: &SecretString) -> Result<()> {
        let _turn = self.turn();
        self.require_unlocked()?;
        let pending = take_if_typed_back(&mut self.inner().renewal, typed, "no new recovery code in progress")?;
        self.rotate(pending.into_unlocked())
    }

    /// Re-encrypts the store under `next` (crash-safe, see `rotation`), then replaces the
    /// backups. Everything else waits meanwhile.
    fn rotate(&self, next: Unlocked) -> Result<()> {
        let rotated_from;
        {
            let _files = lock_ignoring_poison(&self.files);
            let mut inner = self.inner();
            let open = inner.open.take().ok_or(Error::Locked)?;
            let Open { store, key, header, last_active, idle_limit, handover_limit, when_away, when_minimised } = open;
            rotated_from = header.key_id().to_string();
            let rebuilt =
                |store, key, header| Open { store, key, header, last_active, idle_limit, handover_limit, when_away, when_minimised };
            match crate::rotation::rotate(&self.dir, store, &next) {
                Ok(store) => inner.open = Some(rebuilt(store, next.key.duplicate(), next.header.clone())),
                // Stopped before the commit: nothing changed on disk, she goes on as she was.
                Err(crate::rotation::Failed { error, store: Some(store) }) => {
                    inner.open = Some(rebuilt(*store, key, header));
                    return Err(error);
                }
                // Stopped after it: the app locks; the new passphrase opens it.
                Err(crate::rotation::Failed { error, store: None }) => {
                    inner.changed();
                    inner.tell_locked();
                    return Err(error);
                }
            }
        }
        // The rotation stands even if this backup fails; the settings screen says so. Only
        // here, right after a rotation this process made, do backups under the key it rotated
        // from go.
        let _ = self.replace_backups(Some(&rotated_from));
        Ok(())
    }
}

/// Binds the header to the store it opened: a store that has seen an authenticated header
/// refuses one in an older format (someone wrote it back to slip a changed field past the
/// check); a store that has not gets its header upgraded and remembers it.
fn bind_header(dir: &Path, store: &Store, unlocked: &mut Unlocked) -> Result<()> {
    if unlocked.header.is_unauthenticated() {
        if store.header_authenticated()? {
            return Err(Error::KeyTampered);
        }
        vault::upgrade(dir, unlocked)?;
    }
    store.set_header_authenticated(now_ms())
}

/// The code waiting to be typed back, once it is: a mistyped code leaves it waiting.
fn take_if_typed_back(slot: &mut Option<vault::Pending>, typed: &SecretString, none: &str) -> Result<vault::Pending> {
    let pending = slot.as_ref().ok_or_else(|| Error::Precondition(none.into()))?;
    if !pending.matches(typed) {
        return Err(Error::WrongRecoveryCode);
    }
    Ok(slot.take().expect("checked above"))
}
