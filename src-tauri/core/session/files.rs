//! Files outside the store: backups, exports, imports and putting back what is missing. Each
//! holds the files lock, and asks the session again after any dialog.

use super::*;

impl Session {
    pub fn backup_status(&self) -> Result<BackupStatus> {
        self.require_unlocked()?;
        let error = lock_ignoring_poison(&self.backup_error).clone();
        Ok(BackupStatus { latest_ms: crate::backup::latest_ms(&self.dir)?, error })
    }

    /// The open key, for work on the files outside the state lock (a backup).
    pub(super) fn key_copy(&self) -> Result<DataKey> {
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
    /// name it suggests. A letter only for her is refused. The letter is read again after the dialog: if the app was locked or
    /// handed over while the dialog was open, nothing is written.
    pub fn export_letter(
        &self,
        id: &LetterId,
        format: ExportFormat,
        labels: &ExportLabels,
        choose: impl FnOnce(&str) -> Result<Option<PathBuf>>,
    ) -> Result<Option<PathBuf>> {
        // In discreet mode the save dialog proposes no title: a dialog left on screen (or a
        // file name seen over her shoulder) says nothing of what she wrote.
        let name = self.with_store(|s| {
            let letter = s.letter(id, now_ms())?;
            s.refuse_private(id)?;
            Ok(if s.settings()?.discreet {
                export::untitled_file_name(format, &labels.untitled)
            } else {
                export::export_file_name(&letter, format, &labels.untitled)
            })
        })?;
        let Some(path) = choose(&name)? else { return Ok(None) };
        // Marked "only for me" while the dialog was open: nothing is written either.
        let letter = self.with_store(|s| s.refuse_private(id).and_then(|()| s.letter(id, now_ms())))?;
        // His answers, when she asked for them, each under the heading the UI wrote for it.
        let answers = if labels.answers.is_empty() { Vec::new() } else { self.with_store(|s| s.thread(id, now_ms()))?.answers };
        if answers.len() != labels.answers.len() {
            return Err(Error::InvalidInput("one heading per answer".into()));
        }
        let after: Vec<export::After> =
            labels.answers.iter().zip(&answers).map(|(heading, a)| export::After { heading, text: &a.body }).collect();
        let bytes = export::export(&letter, &after, format, labels)?;
        crate::files::write_atomically(&path, &bytes)?;
        Ok(Some(path))
    }

    /// Puts a backup file (chosen by `choose`, a dialog) in place of, or (when there is none)
    /// as, this laptop's vault. Only while locked: an open store is never swapped out from
    /// under itself. Replacing a vault needs her passphrase or recovery code first, checked
    /// against the vault here (or, when its key file is missing, the one her newest backup
    /// holds) and counted like every other guess; into an empty folder, none is asked. What was
    /// here is kept aside (`replaced-<time>/`) and offered on the restore screen.
    pub fn import_backup(&self, secret: Option<&SecretString>, choose: impl FnOnce() -> Result<Option<PathBuf>>) -> Result<bool> {
        let replace = {
            let _turn = self.turn();
            self.require_locked()?;
            match (self.status(), secret) {
                (Status::New, _) => false,
                // No secret: say what is here, as before.
                (Status::KeyMissing, None) => return Err(Error::KeyMissing),
                (_, None) => return Err(Error::VaultExists),
                (_, Some(secret)) => {
                    let header = match vault::read_header_at(&vault::header_path(&self.dir)) {
                        Err(Error::NoVault) => crate::backup::newest_header(&self.dir).map_err(|_| Error::KeyMissing)?,
                        other => other?,
                    };
                    self.guess(Against::Header, || vault::check_secret(&header, secret))?;
                    true
                }
            }
        };
        let Some(file) = choose()? else { return Ok(false) };
        // Asked again after the dialog: she may have unlocked, or someone else set up a vault.
        self.require_locked()?;
        if !replace && self.status() != Status::New {
            return Err(Error::VaultExists);
        }
        let _files = lock_ignoring_poison(&self.files);
        crate::backup::import(&file, &self.dir, replace)?;
        Ok(true)
    }

    /// The key file is missing: puts back the header kept with the newest backup.
    pub fn restore_key_file(&self) -> Result<()> {
        self.refuse_in_handover()?;
        self.require_folder()?;
        if self.status() != Status::KeyMissing {
            return Err(Error::Precondition("the key file is not missing".into()));
        }
        let _files = lock_ignoring_poison(&self.files);
        crate::backup::restore_header(&self.dir)
    }

    /// The store is missing (the key file is here): puts back the newest backup's store.
    pub fn restore_store(&self) -> Result<()> {
        self.refuse_in_handover()?;
        self.require_folder()?;
        if self.status() != Status::Locked || self.dir.join(store::DB_FILE).exists() {
            return Err(Error::Precondition("the store is not missing".into()));
        }
        let _files = lock_ignoring_poison(&self.files);
        crate::backup::restore_store(&self.dir, now_ms())
    }

    /// Removes a letter from the trash for good; with `from_backups`, also from every backup
    /// (a fresh backup without it is made first, then the older ones go).
    pub fn purge(&self, id: &LetterId, from_backups: bool) -> Result<()> {
        self.with_store(|s| s.purge(id))?;
        if from_backups {
            self.replace_backups(None)?;
        }
        Ok(())
    }

    /// A fresh backup under the open key; once it opens, every other backup under it is
    /// removed, and those under `rotated_from` (the key this process just rotated away from).
    pub(super) fn replace_backups(&self, rotated_from: Option<&str>) -> Result<()> {
        let key = self.key_copy()?;
        let _files = lock_ignoring_poison(&self.files);
        let outcome = crate::backup::replace_all(&self.dir, &key, now_ms(), rotated_from);
        *lock_ignoring_poison(&self.backup_error) = outcome.as_ref().err().map(|e| e.code().to_string());
        outcome.map(|_| ())
    }

    /// Her backups and the vaults kept aside, newest first, with their dates: listed while
    /// locked too (the restore screen), as they say nothing but when she unlocked; never during
    /// a hand-over.
    pub fn backups(&self) -> Result<Vec<crate::backup::Entry>> {
        self.refuse_in_handover()?;
        self.require_folder()?;
        crate::backup::entries(&self.dir)
    }

    /// Puts the backup `id` back in place of what is here, and unlocks it: only once her
    /// passphrase opens its header and SQLite finds its store whole. What was here is moved
    /// aside (`damaged-<time>/`), never deleted. Only while locked.
    pub fn restore_backup(&self, id: &str, passphrase: &SecretString) -> Result<()> {
        let _turn = self.turn();
        self.require_locked()?;
        let unlocked = {
            let _files = lock_ignoring_poison(&self.files);
            let staging = crate::backup::stage(&self.dir, id, now_ms())?;
            // The backup's own count of wrong tries is thrown away with the copy; the live count
            // is what counts.
            let checked = self
                .guess(Against::Header, || vault::unlock(&staging, passphrase, now_ms()))
                .and_then(|u| crate::backup::fold_wal(&staging, &u.key).and_then(|_| crate::backup::verify(&staging, &u.key)).map(|_| u));
            match checked {
                Ok(unlocked) => {
                    crate::backup::put_in_place(&self.dir, &staging, now_ms())?;
                    self.damaged.store(false, std::sync::atomic::Ordering::SeqCst);
                    unlocked
                }
                Err(e) => {
                    let _ = std::fs::remove_dir_all(&staging);
                    return Err(e);
                }
            }
        };
        self.open(unlocked)
    }
}
