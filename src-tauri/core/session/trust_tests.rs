//! The second review's holes, driven as the other person at the laptop would: through the real
//! files in the data folder and the session's own entry points.

use super::tests::{save, wait_for_backups};
use super::*;
use crate::testing::{lid, secret, unlocked, ID, PASS};
use serde_json::Value;

fn header_json(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(vault::header_path(dir)).unwrap()).unwrap()
}

fn write_header_json(dir: &Path, header: &Value) {
    std::fs::write(vault::header_path(dir), serde_json::to_vec_pretty(header).unwrap()).unwrap();
}

/// Someone else's vault in a folder of its own: its header as JSON, and its recovery code.
fn their_vault() -> (tempfile::TempDir, Value, String) {
    let theirs = tempfile::tempdir().unwrap();
    let pending = vault::begin(&secret("zijn eigen wachtwoord"), KdfParams::TEST).unwrap();
    let code = pending.recovery_code().expose_secret().to_string();
    let unlocked = vault::confirm(theirs.path(), pending, &secret(&code)).unwrap();
    drop(Store::create(theirs.path(), &unlocked.key).unwrap());
    let header = header_json(theirs.path());
    (theirs, header, code)
}

#[test]
fn a_swapped_public_field_of_the_key_file_is_refused_at_unlock() {
    let (dir, session, code) = unlocked();
    session.lock();
    let hers = header_json(dir.path());
    let (_theirs, theirs, _) = their_vault();
    // The recovery code's public key, a salt, the cost, the key id, the format: each changed
    // alone, her passphrase slot untouched.
    let swaps: [(&str, &str, Value); 5] = [
        ("recovery", "public", theirs["recovery"]["public"].clone()),
        ("recovery", "salt", theirs["recovery"]["salt"].clone()),
        ("recovery", "params", serde_json::json!({"m_kib": 8, "t": 1, "p": 1})),
        ("key_id", "", theirs["key_id"].clone()),
        ("mac", "", Value::Null),
    ];
    for (field, inner, value) in swaps {
        let mut changed = hers.clone();
        if inner.is_empty() {
            changed[field] = value;
        } else {
            changed[field][inner] = value;
        }
        write_header_json(dir.path(), &changed);
        let before = std::fs::read(vault::header_path(dir.path())).unwrap();
        assert_eq!(session.unlock(&secret(PASS)).unwrap_err(), Error::KeyTampered, "{field}.{inner} changed");
        assert_eq!(session.status(), Status::Locked);
        assert_eq!(std::fs::read(vault::header_path(dir.path())).unwrap(), before, "nothing written or moved");
        assert!(dir.path().join(store::DB_FILE).is_file());
    }
    write_header_json(dir.path(), &hers);
    session.unlock_with_recovery(&secret(&code)).unwrap();
}

#[test]
fn a_new_passphrase_is_never_sealed_to_a_public_key_someone_wrote_in() {
    let (dir, session, code) = unlocked();
    save(&session, ID, "alleen voor mij");
    session.lock();
    let (_theirs, theirs, their_code) = their_vault();
    let hers = header_json(dir.path());
    let mut changed = hers.clone();
    changed["recovery"]["public"] = theirs["recovery"]["public"].clone();
    write_header_json(dir.path(), &changed);
    // The attack of the review: she unlocks, then changes her passphrase.
    assert_eq!(session.unlock(&secret(PASS)).unwrap_err(), Error::KeyTampered);
    assert!(session.change_passphrase(&secret(PASS), &secret("een nieuw lang wachtwoord")).is_err());
    assert_eq!(vault::unlock_with_recovery(dir.path(), &secret(&their_code), now_ms()).unwrap_err(), Error::WrongRecoveryCode);
    // Her own key file back: her passphrase and her code work as ever.
    write_header_json(dir.path(), &hers);
    session.unlock_with_recovery(&secret(&code)).unwrap();
}

#[test]
fn a_key_file_written_back_in_the_old_format_is_refused_once_the_store_knows_better() {
    let (dir, session, _) = unlocked();
    session.lock();
    let mut old = header_json(dir.path());
    old["format"] = 2.into();
    old.as_object_mut().unwrap().remove("mac");
    write_header_json(dir.path(), &old);
    assert_eq!(session.unlock(&secret(PASS)).unwrap_err(), Error::KeyTampered);
}

#[test]
fn a_key_file_from_before_format_3_is_bound_to_its_key_at_the_next_unlock() {
    let (dir, session, code) = unlocked();
    // A store from before migration 5 has never seen an authenticated header.
    session.with_store(|s| Ok(s.conn.execute("DELETE FROM vault_binding", [])?)).unwrap();
    session.lock();
    let mut old = header_json(dir.path());
    old["format"] = 2.into();
    old.as_object_mut().unwrap().remove("mac");
    write_header_json(dir.path(), &old);
    session.unlock(&secret(PASS)).unwrap();
    let upgraded = header_json(dir.path());
    assert_eq!((upgraded["format"].as_u64(), upgraded["mac"].is_string()), (Some(3), true));
    assert!(session.with_store(|s| s.header_authenticated()).unwrap());
    session.lock();
    session.unlock_with_recovery(&secret(&code)).unwrap();
}

#[test]
fn replacing_her_vault_from_the_lock_screen_needs_her_passphrase_or_code() {
    let (dir, session, code) = unlocked();
    save(&session, ID, "haar brief");
    wait_for_backups(&session, 1);
    session.lock();
    // His vault, as a backup file.
    let (theirs, _, _) = their_vault();
    let file = dir.path().join("zijn.grotbackup");
    let their_key = vault::unlock(theirs.path(), &secret("zijn eigen wachtwoord"), now_ms()).unwrap().key;
    crate::backup::export(theirs.path(), &their_key, &file).unwrap();
    let without_count = |mut header: Value| {
        header.as_object_mut().unwrap().remove("attempts");
        header
    };
    let hers = without_count(header_json(dir.path()));
    let chosen = || Ok(Some(file.clone()));
    assert_eq!(session.import_backup(None, chosen).unwrap_err(), Error::VaultExists);
    assert_eq!(session.import_backup(Some(&secret("zijn eigen wachtwoord")), chosen).unwrap_err(), Error::WrongPassphrase);
    assert_eq!(without_count(header_json(dir.path())), hers, "nothing moved (the wrong try is counted)");
    assert_eq!(header_json(dir.path())["attempts"]["failed"], 1, "and counted in the file too");
    // With her recovery code (or passphrase) it goes, and hers is kept aside and offered.
    assert!(session.import_backup(Some(&secret(&code)), chosen).unwrap());
    let offered = session.backups().unwrap();
    let aside = offered.iter().find(|e| e.kind == crate::backup::Kind::Replaced).expect("her vault is offered");
    assert!(offered.iter().any(|e| e.kind == crate::backup::Kind::Backup), "her backup too");
    session.restore_backup(&aside.id.clone(), &secret(PASS)).unwrap();
    assert_eq!(session.with_store(|s| s.letter(&lid(ID), now_ms())).unwrap().body, "haar brief");
}

#[test]
fn his_vault_in_her_folder_never_sweeps_her_backups_away() {
    let (dir, session, _) = unlocked();
    save(&session, ID, "haar brief");
    wait_for_backups(&session, 1);
    session.lock();
    let hers: Vec<PathBuf> = crate::backup::list(dir.path()).unwrap();
    // With a terminal: her key file and store moved out, his put in.
    let (theirs, _, _) = their_vault();
    for name in [vault::HEADER_FILE, store::DB_FILE] {
        std::fs::rename(dir.path().join(name), dir.path().join(format!("{name}.weg"))).unwrap();
        std::fs::copy(theirs.path().join(name), dir.path().join(name)).unwrap();
    }
    session.unlock(&secret("zijn eigen wachtwoord")).unwrap();
    wait_for_backups(&session, hers.len() + 1);
    for backup in &hers {
        assert!(backup.join(store::DB_FILE).is_file(), "{} was removed", backup.display());
    }
}

#[test]
fn every_place_that_takes_her_secret_counts_against_one_live_counter() {
    let (dir, session, _) = unlocked();
    wait_for_backups(&session, 1);
    session.lock();
    let backup = session.backups().unwrap()[0].id.clone();
    // Two wrong unlocks, one wrong try on the restore screen: the fourth place waits.
    for _ in 0..2 {
        assert_eq!(session.unlock(&secret("raden maar")).unwrap_err(), Error::WrongPassphrase);
    }
    assert_eq!(session.restore_backup(&backup, &secret("raden maar")).unwrap_err(), Error::WrongPassphrase);
    let chosen = || Ok(Some(dir.path().join("none")));
    assert!(matches!(session.import_backup(Some(&secret(PASS)), chosen), Err(Error::TooSoon { .. })));
    assert!(matches!(session.restore_backup(&backup, &secret(PASS)), Err(Error::TooSoon { .. })));
    // Even with the file's count put back to nothing, the running app waits.
    let mut header = header_json(dir.path());
    header["attempts"] = serde_json::json!({"failed": 0, "last_failed_ms": 0});
    write_header_json(dir.path(), &header);
    assert!(matches!(session.unlock(&secret(PASS)), Err(Error::TooSoon { .. })));
}

#[test]
fn the_restore_screen_cannot_be_used_to_guess_without_waiting() {
    let (_dir, session, _) = unlocked();
    wait_for_backups(&session, 1);
    session.lock();
    let backup = session.backups().unwrap()[0].id.clone();
    for _ in 0..3 {
        assert_eq!(session.restore_backup(&backup, &secret("raden maar")).unwrap_err(), Error::WrongPassphrase);
    }
    assert!(matches!(session.restore_backup(&backup, &secret(PASS)), Err(Error::TooSoon { .. })));
}

/// Runs `f` with a lock falling after its `step`-th step (see `LOCK_AFTER_STEPS`); and whether
/// it fell (`f` had that many steps).
fn with_a_lock_after_step<T>(step: u32, f: impl FnOnce() -> T) -> (T, bool) {
    super::LOCK_AFTER_STEPS.set(Some(step));
    let out = f();
    let fell = super::LOCK_AFTER_STEPS.get().is_none();
    super::LOCK_AFTER_STEPS.set(None);
    (out, fell)
}

#[test]
fn a_lock_never_falls_between_reading_the_letter_and_entering_the_handover() {
    let (_dir, session, _) = unlocked();
    save(&session, ID, "voor jou");
    for step in 0.. {
        let (_, fell) = with_a_lock_after_step(step, || session.start_handover(&lid(ID)));
        if !fell {
            assert_eq!(session.status(), Status::Handover);
            break;
        }
        assert_eq!(session.status(), Status::Locked, "a lock after step {step}");
        // Her passphrase must bring her back to her letters.
        assert_eq!(session.unlock(&secret(PASS)), Ok(()), "a lock after step {step}");
        assert_eq!(session.status(), Status::Unlocked, "a lock after step {step}: unlocked into a hand-over nobody started");
    }
}

#[test]
fn a_lock_never_falls_between_checking_her_passphrase_and_keeping_a_new_recovery_code() {
    let (_dir, session, _) = unlocked();
    for step in 0.. {
        let (begun, fell) = with_a_lock_after_step(step, || session.begin_new_recovery(&secret(PASS)));
        if !fell {
            assert!(begun.is_ok());
            break;
        }
        assert_eq!(begun.map(|_| ()), Err(Error::Locked), "a lock after step {step}");
        session.unlock(&secret(PASS)).unwrap();
        assert!(session.inner().renewal.is_none(), "a lock after step {step} left a new code waiting to be typed back");
    }
}

#[test]
fn in_discreet_mode_the_save_dialog_proposes_no_title() {
    let (_dir, session, _) = unlocked();
    let draft = crate::store::letters::Draft {
        id: lid(ID),
        title: "Waarom ik boos was".into(),
        recipient: String::new(),
        body: "tekst".into(),
        seq: 1,
    };
    session.with_store(|s| s.save(&draft, now_ms())).unwrap();
    let labels = export::ExportLabels {
        to: String::new(),
        date: String::new(),
        untitled: "Brief".into(),
        language: "nl".into(),
        dialog: String::new(),
        answers: Vec::new(),
    };
    let proposed = |session: &Session| {
        let mut name = String::new();
        session
            .export_letter(&lid(ID), ExportFormat::Md, &labels, |n| {
                name = n.to_string();
                Ok(None)
            })
            .unwrap();
        name
    };
    assert_eq!(proposed(&session), "Waarom ik boos was.md");
    let discreet = Settings { discreet: true, ..session.with_store(|s| s.settings()).unwrap() };
    session.set_settings(&discreet).unwrap();
    assert_eq!(proposed(&session), "Brief.md", "a dialog left on screen says nothing of her letter");
}

#[test]
fn the_first_runs_recovery_code_does_not_wait_on_screen_for_ever() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::new(dir.path().to_path_buf(), KdfParams::TEST);
    let code = session.begin_setup(&secret(PASS)).unwrap();
    assert!(!session.lock_if_idle(Instant::now() + RECOVERY_ON_SCREEN - Duration::from_secs(1)), "still hers to type back");
    assert!(session.lock_if_idle(Instant::now() + RECOVERY_ON_SCREEN), "gone after ten minutes: the page starts again");
    assert_eq!(session.confirm_setup(&code).unwrap_err(), Error::Precondition("no setup in progress".into()));
    assert_eq!(session.status(), Status::New, "nothing was written");
    let code = session.begin_setup(&secret(PASS)).unwrap();
    session.confirm_setup(&code).unwrap();
}

#[test]
fn the_idle_minutes_are_told_before_anything_locks_so_the_page_saves_first() {
    let (_dir, session, _) = unlocked();
    save(&session, ID, "voor jou");
    session.start_handover(&lid(ID)).unwrap();
    let limit = session.inner().open.as_ref().unwrap().handover_limit;
    assert!(!session.idle_due(Instant::now() + limit - Duration::from_secs(1)));
    assert!(session.idle_due(Instant::now() + limit), "the hand-over's own limit has passed");
    assert_eq!(session.status(), Status::Handover, "told, not yet locked: his answer is saved first");
    assert!(session.lock_if_idle(Instant::now() + limit));
    assert!(!session.idle_due(Instant::now() + limit), "locked: nothing more to tell");
}

#[test]
fn wrong_tries_on_the_restore_screen_outlive_a_restart() {
    let (dir, session, _) = unlocked();
    wait_for_backups(&session, 1);
    session.lock();
    let backup = session.backups().unwrap()[0].id.clone();
    for _ in 0..3 {
        assert_eq!(session.restore_backup(&backup, &secret("raden maar")).unwrap_err(), Error::WrongPassphrase);
    }
    // He closes the window and starts the app again.
    drop(session);
    let session = Session::new(dir.path().to_path_buf(), KdfParams::TEST);
    assert!(matches!(session.restore_backup(&backup, &secret("raden maar")), Err(Error::TooSoon { .. })));
    assert!(matches!(session.unlock(&secret(PASS)), Err(Error::TooSoon { .. })));
    // Started again once the wait is long over, she is not kept waiting anew.
    drop(session);
    let mut header = header_json(dir.path());
    header["attempts"]["last_failed_ms"] = (now_ms() - 10 * 60 * 1000).into();
    write_header_json(dir.path(), &header);
    let session = Session::new(dir.path().to_path_buf(), KdfParams::TEST);
    session.unlock(&secret(PASS)).unwrap();
}

#[test]
fn a_right_answer_to_a_header_of_his_own_buys_no_fresh_tries() {
    let (dir, session, _) = unlocked();
    session.lock();
    for _ in 0..3 {
        assert_eq!(session.unlock(&secret("raden maar")).unwrap_err(), Error::WrongPassphrase);
    }
    std::thread::sleep(Duration::from_millis(1100));
    // His own key file in her folder, his own passphrase: the import check says yes...
    let mut hers = header_json(dir.path());
    let (_theirs, theirs, _) = their_vault();
    write_header_json(dir.path(), &theirs);
    assert!(!session.import_backup(Some(&secret("zijn eigen wachtwoord")), || Ok(None)).unwrap(), "checked, then cancelled");
    // Hers back, with the file's count put back to nothing too.
    hers["attempts"] = serde_json::json!({"failed": 0, "last_failed_ms": 0});
    write_header_json(dir.path(), &hers);
    // ...and her passphrase is still behind the wait that grows.
    assert_eq!(session.unlock(&secret("raden maar")).unwrap_err(), Error::WrongPassphrase);
    assert!(matches!(session.unlock(&secret(PASS)), Err(Error::TooSoon { .. })), "the count went on from four");
}

#[test]
fn a_backup_takes_the_key_file_only_when_her_key_wrote_it() {
    let (dir, session, _) = unlocked();
    let key = session.key_copy().unwrap();
    let (_theirs, theirs, _) = their_vault();
    write_header_json(dir.path(), &theirs);
    assert_eq!(
        crate::backup::snapshot(dir.path(), &key, 1).unwrap_err(),
        Error::KeyTampered,
        "a stranger's header is not paired with her store"
    );
    let export = dir.path().join("export.grotbackup");
    assert_eq!(crate::backup::export(dir.path(), &key, &export).unwrap_err(), Error::KeyTampered);
    assert!(!export.exists());
    // A FIFO where the key file was: refused at once, never a wait.
    std::fs::remove_file(vault::header_path(dir.path())).unwrap();
    let fifo = std::ffi::CString::new(vault::header_path(dir.path()).to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    assert_eq!(crate::backup::snapshot(dir.path(), &key, 2).unwrap_err(), Error::KeyDamaged);
    assert!(crate::backup::list(dir.path()).unwrap().iter().all(|b| b.file_name().unwrap() != "0000000000001"));
}

/// Guesses sent at once, from many threads: each one counts, so the wait starts after the
/// free tries whatever the timing.
fn guess_in_parallel(guess: impl Fn() -> Result<()> + Sync) -> Vec<Error> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..6).map(|_| scope.spawn(&guess)).collect();
        handles.into_iter().map(|h| h.join().unwrap().unwrap_err()).collect()
    })
}

#[test]
fn guesses_in_parallel_each_count() {
    let dir = tempfile::tempdir().unwrap();
    // A derivation slow enough (tens of ms) for unserialised guesses to overlap.
    let session = Session::new(dir.path().to_path_buf(), KdfParams { m_kib: 16 * 1024, t: 2, p: 1 });
    let code = session.begin_setup(&secret(PASS)).unwrap();
    session.confirm_setup(&code).unwrap();
    save(&session, ID, "voor jou");
    session.start_handover(&lid(ID)).unwrap();
    let errors = guess_in_parallel(|| session.leave_handover(&secret("raden maar")));
    let waits = errors.iter().filter(|e| matches!(e, Error::TooSoon { .. })).count();
    assert_eq!(waits, 3, "3 free tries, then waits: {errors:?}");
    // One live counter: the wait goes on at the lock screen.
    session.lock();
    let errors = guess_in_parallel(|| session.unlock(&secret("raden maar")));
    assert!(errors.iter().all(|e| matches!(e, Error::TooSoon { .. })), "the hand-over's guesses count here too: {errors:?}");
    // Once the wait is over, the next guess counts and the wait grows.
    std::thread::sleep(Duration::from_millis(1100));
    let errors = guess_in_parallel(|| session.unlock(&secret("raden maar")));
    let wrong = errors.iter().filter(|e| **e == Error::WrongPassphrase).count();
    assert_eq!(wrong, 1, "one try, then a longer wait: {errors:?}");
}
