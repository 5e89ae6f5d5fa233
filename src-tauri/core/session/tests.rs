use super::*;
use crate::testing::{lid, sample_draft, secret, unlocked, ID, PASS};

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
        session.with_store(|s| s.save(&sample_draft(letter, body, 1), 1)).unwrap();
    }
    assert_eq!(session.start_handover(&lid(id)).unwrap().body, "voor jou");
    assert_eq!(session.status(), Status::Handover);
    assert_eq!(session.handover_letter().unwrap().letter.body, "voor jou");
    assert_eq!(session.with_store(|s| s.letter(&lid(other), crate::clock::now_ms())).unwrap_err(), Error::HandOver);
    assert_eq!(session.require_unlocked().unwrap_err(), Error::HandOver);
    assert!(!session.lock_if_idle(Instant::now() + Duration::from_secs(20 * 60)), "a hand-over has a longer limit");
    assert_eq!(session.leave_handover(&secret(&code)).unwrap_err(), Error::WrongPassphrase, "the recovery code is not the passphrase");
    assert_eq!(session.status(), Status::Handover);
    session.leave_handover(&secret("correct horse battery")).unwrap();
    assert_eq!(session.status(), Status::Unlocked);
    assert_eq!(session.with_store(|s| s.letter(&lid(other), crate::clock::now_ms())).unwrap().body, "niet voor jou");
    // Locking ends a hand-over too; unlocking needs the passphrase all the same.
    session.start_handover(&lid(id)).unwrap();
    session.lock();
    session.unlock(&secret("correct horse battery")).unwrap();
    assert_eq!(session.status(), Status::Unlocked);
}

#[test]
fn opening_a_seal_early_needs_the_passphrase() {
    let (_dir, session, _) = unlocked();
    let id = "6f1c2a4e-8b1d-4c4e-9a36-0d2f5e7b9c01";
    let now = now_ms();
    session.with_store(|s| s.save(&sample_draft(id, "later", 1), now)).unwrap();
    session.with_store(|s| s.seal(&lid(id), now + 3_600_000, now)).unwrap();
    assert_eq!(session.open_early(&lid(id), &secret("not the passphrase")).unwrap_err(), Error::WrongPassphrase);
    assert_eq!(session.with_store(|s| s.letter(&lid(id), crate::clock::now_ms())).unwrap_err().code(), "sealed");
    assert_eq!(session.open_early(&lid(id), &secret("correct horse battery")).unwrap().body, "later");
}

#[test]
fn idle_lock_follows_the_setting() {
    let (_dir, session, _) = unlocked();
    let now = Instant::now();
    assert!(!session.lock_if_idle(now + Duration::from_secs(4 * 60)));
    assert!(session.lock_if_idle(now + Duration::from_secs(5 * 60 + 1)), "default is 5 minutes");
    assert_eq!(session.status(), Status::Locked);
    session.unlock(&secret("correct horse battery")).unwrap();
    let settings = crate::store::settings::Settings { autolock_minutes: 1, ..session.with_store(|s| s.settings()).unwrap() };
    session.set_settings(&settings).unwrap();
    assert!(session.lock_if_idle(Instant::now() + Duration::from_secs(61)));
}

pub(super) fn save(session: &Session, id: &str, body: &str) {
    session.with_store(|s| s.save(&sample_draft(id, body, 1), now_ms())).unwrap();
}

pub(super) fn wait_for_backups(session: &Session, n: usize) {
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
    session.with_store(|s| s.seal(&lid(ID), now + 3_600_000, now)).unwrap();
    // Someone at the unlocked laptop puts a header of their own in place of hers.
    std::fs::write(vault::header_path(dir.path()), their_header("their own passphrase")).unwrap();
    assert_eq!(session.open_early(&lid(ID), &secret("their own passphrase")).unwrap_err(), Error::WrongPassphrase);
    let other = "0b7e9d3a-2c4f-4a1b-8e6d-5f9a1c3b7d22";
    save(&session, other, "voor jou");
    session.start_handover(&lid(other)).unwrap();
    assert_eq!(session.leave_handover(&secret("their own passphrase")).unwrap_err(), Error::WrongPassphrase);
    assert_eq!(session.status(), Status::Handover);
    session.leave_handover(&secret(PASS)).unwrap();
    assert_eq!(
        session.change_passphrase(&secret("their own passphrase"), &secret("a new long passphrase")).unwrap_err(),
        Error::WrongPassphrase
    );
    assert_eq!(session.begin_new_recovery(&secret("their own passphrase")).unwrap_err(), Error::WrongPassphrase);
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
    assert_eq!(session.with_store(|s| s.letter(&lid(ID), crate::clock::now_ms())).unwrap().body, "het werkt weer");
    assert_eq!(session.status(), Status::Unlocked);
}

#[test]
fn a_handover_locks_completely_after_its_own_idle_limit() {
    let (_dir, session, _) = unlocked();
    save(&session, ID, "voor jou");
    session.start_handover(&lid(ID)).unwrap();
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
    assert_eq!(
        session.with_store(|s| s.letter(&lid(ID), crate::clock::now_ms())).unwrap().body,
        "blijft bewaard",
        "still open, on the new key"
    );
    let backups = crate::backup::list(dir.path()).unwrap();
    assert_eq!(backups.len(), 1, "one fresh backup; the ones under the old key are gone");
    let new_header = std::fs::read(vault::header_path(dir.path())).unwrap();
    assert_eq!(std::fs::read(backups[0].join(vault::HEADER_FILE)).unwrap(), new_header);
    session.lock();
    // The old header put back, with the old passphrase: it opens nothing current.
    std::fs::write(vault::header_path(dir.path()), &old_header).unwrap();
    assert_eq!(session.unlock(&secret(PASS)).unwrap_err().code(), "store_damaged");
    std::fs::write(vault::header_path(dir.path()), &new_header).unwrap();
    assert_eq!(session.unlock(&secret(PASS)).unwrap_err(), Error::WrongPassphrase);
    session.unlock(&secret("a new long passphrase")).unwrap();
    session.lock();
    session.unlock_with_recovery(&secret(&code)).unwrap();
    assert_eq!(session.with_store(|s| s.letter(&lid(ID), crate::clock::now_ms())).unwrap().body, "blijft bewaard");
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
    assert_eq!(session.with_store(|s| s.letter(&lid(ID), crate::clock::now_ms())).unwrap().body, "blijft bewaard");
    session.lock();
    // The old header with the old code opens the old key only, which opens nothing now.
    std::fs::write(vault::header_path(dir.path()), &old_header).unwrap();
    assert_eq!(session.unlock_with_recovery(&secret(&old_code)).unwrap_err().code(), "store_damaged");
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
    assert_eq!(session.import_backup(None, || Ok(Some(file.clone()))).unwrap_err(), Error::KeyMissing);
    session.restore_key_file().unwrap();
    assert_eq!(session.status(), Status::Locked);
    session.unlock(&secret(PASS)).unwrap();
    assert_eq!(session.with_store(|s| s.letter(&lid(ID), crate::clock::now_ms())).unwrap().body, "blijft bewaard");
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
    assert_eq!(session.with_store(|s| s.letter(&lid(ID), crate::clock::now_ms())).unwrap().body, "blijft bewaard");
    let aside =
        std::fs::read_dir(dir.path()).unwrap().filter_map(|e| e.ok()).find(|e| e.file_name().to_string_lossy().starts_with("damaged-"));
    assert!(aside.is_some_and(|e| e.path().join(store::COMPANIONS[0]).exists()), "the stray WAL is kept aside");
}

#[test]
fn an_export_is_not_written_once_the_app_locked_or_handed_over() {
    let (dir, session, _) = unlocked();
    save(&session, ID, "geheime tekst");
    let labels = ExportLabels {
        to: String::new(),
        date: "1 december".into(),
        untitled: "Brief".into(),
        language: "nl".into(),
        dialog: String::new(),
        answers: Vec::new(),
    };
    let dest = dir.path().join("brief.md");
    // The idle lock (or the panic key) while the save dialog is open.
    let err = session.export_letter(&lid(ID), ExportFormat::Md, &labels, |_| {
        session.lock();
        Ok(Some(dest.clone()))
    });
    assert_eq!(err.unwrap_err(), Error::Locked);
    assert!(!dest.exists());
    session.unlock(&secret(PASS)).unwrap();
    let err = session.export_letter(&lid(ID), ExportFormat::Md, &labels, |_| {
        session.start_handover(&lid(ID)).unwrap();
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
    session.with_store(|s| s.delete(&lid(ID), now_ms())).unwrap();
    session.purge(&lid(ID), true).unwrap();
    let backups = crate::backup::list(dir.path()).unwrap();
    assert_eq!(backups.len(), 1);
    let key = session.key_copy().unwrap();
    let copy = rusqlite::Connection::open(backups[0].join(store::DB_FILE)).unwrap();
    store::key_connection(&copy, &key).unwrap();
    let left: i64 = copy.query_row("SELECT count(*) FROM letters", [], |r| r.get(0)).unwrap();
    assert_eq!(left, 0);
    assert!(!crate::store::letters::tests::index_holds(&copy, "ermee"), "no word of it in the backup's search index");
}

#[test]
fn a_second_session_on_the_folder_touches_nothing_until_the_first_is_gone() {
    let (dir, first, _) = unlocked();
    let second = Session::new(dir.path().to_path_buf(), KdfParams::TEST);
    assert_eq!(second.status(), Status::InUse);
    assert_eq!(second.unlock(&secret(PASS)).unwrap_err(), Error::InUse);
    assert_eq!(second.restore_key_file().unwrap_err(), Error::InUse);
    assert_eq!(first.status(), Status::Unlocked, "the first goes on as before");
    drop(first);
    assert_eq!(second.status(), Status::Locked);
    second.unlock(&secret(PASS)).unwrap();
}
