//! Damaged and missing files: the app says what is wrong, offers a backup, and never writes
//! over what is there.

use super::tests::{save, wait_for_backups};
use super::*;
use crate::testing::{lid, secret, unlocked, ID, PASS};

/// A vault with one letter and one backup, locked, and the letter's text.
fn locked_with_a_backup() -> (tempfile::TempDir, Session) {
    let (dir, session, _) = unlocked();
    save(&session, ID, "blijft bewaard");
    wait_for_backups(&session, 1);
    session.lock();
    (dir, session)
}

fn flip_a_byte(path: &Path, at: u64) {
    use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
    let mut file = std::fs::OpenOptions::new().read(true).write(true).open(path).unwrap();
    let mut byte = [0u8];
    file.seek(SeekFrom::Start(at)).unwrap();
    file.read_exact(&mut byte).unwrap();
    file.seek(SeekFrom::Start(at)).unwrap();
    file.write_all(&[byte[0] ^ 0x55]).unwrap();
}

fn letter(session: &Session) -> String {
    session.with_store(|s| s.letter(&lid(ID), now_ms())).unwrap().body
}

#[test]
fn a_bit_flipped_store_is_said_and_a_checked_backup_puts_it_back() {
    let (dir, session) = locked_with_a_backup();
    let db = dir.path().join(store::DB_FILE);
    flip_a_byte(&db, 100);
    let damaged = std::fs::read(&db).unwrap();
    assert_eq!(session.unlock(&secret(PASS)).unwrap_err(), Error::StoreDamaged);
    assert_eq!(std::fs::read(&db).unwrap(), damaged, "nothing written over it");
    let backups = session.backups().unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(session.restore_backup(&backups[0].id, &secret("not the passphrase")).unwrap_err(), Error::WrongPassphrase);
    assert_eq!(std::fs::read(&db).unwrap(), damaged, "a wrong passphrase moves nothing");
    assert_eq!(session.restore_backup("../../etc", &secret(PASS)).unwrap_err().code(), "not_found");
    session.restore_backup(&backups[0].id, &secret(PASS)).unwrap();
    assert_eq!(session.status(), Status::Unlocked);
    assert_eq!(letter(&session), "blijft bewaard");
    // What was there is kept aside, byte for byte.
    let aside = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("damaged-"))
        .expect("a damaged- folder");
    assert_eq!(std::fs::read(aside.join(store::DB_FILE)).unwrap(), damaged);
    assert!(
        !std::fs::read_dir(dir.path()).unwrap().any(|e| e.unwrap().file_name().to_string_lossy().starts_with("restoring-")),
        "no staging left"
    );
}

#[test]
fn a_damaged_backup_is_checked_and_refused_before_anything_moves() {
    let (dir, session) = locked_with_a_backup();
    let backup = crate::backup::list(dir.path()).unwrap().remove(0);
    let size = std::fs::metadata(backup.join(store::DB_FILE)).unwrap().len();
    flip_a_byte(&backup.join(store::DB_FILE), size - 100);
    let before = std::fs::read(dir.path().join(store::DB_FILE)).unwrap();
    let id = session.backups().unwrap()[0].id.clone();
    assert!(session.restore_backup(&id, &secret(PASS)).is_err(), "a backup that does not check whole is refused");
    assert_eq!(std::fs::read(dir.path().join(store::DB_FILE)).unwrap(), before, "her store stays");
    assert_eq!(session.status(), Status::Locked);
    session.unlock(&secret(PASS)).unwrap();
    assert_eq!(letter(&session), "blijft bewaard");
}

#[test]
fn a_cut_short_key_file_is_said_and_a_backup_puts_it_back() {
    let (dir, session) = locked_with_a_backup();
    let header = vault::header_path(dir.path());
    let bytes = std::fs::read(&header).unwrap();
    std::fs::write(&header, &bytes[..bytes.len() / 2]).unwrap();
    assert_eq!(session.unlock(&secret(PASS)).unwrap_err(), Error::KeyDamaged);
    assert_eq!(session.unlock_with_recovery(&secret("AAAA-BBBB")).unwrap_err(), Error::KeyDamaged);
    assert_eq!(session.begin_setup(&secret("a fresh passphrase")).unwrap_err(), Error::VaultExists, "never a first run");
    let id = session.backups().unwrap()[0].id.clone();
    session.restore_backup(&id, &secret(PASS)).unwrap();
    assert_eq!(letter(&session), "blijft bewaard");
}

#[test]
fn a_damaged_wal_loses_no_letter_that_reached_the_store() {
    let (dir, session, _) = unlocked();
    save(&session, ID, "blijft bewaard");
    // The background checkpoint folds the WAL into the store every few seconds in the app (every
    // 100 ms in tests): a letter saved before that is in grot.db itself.
    std::thread::sleep(Duration::from_millis(400));
    session.lock();
    let wal = dir.path().join(store::COMPANIONS[0]);
    if wal.exists() && std::fs::metadata(&wal).unwrap().len() > 40 {
        flip_a_byte(&wal, 40);
    } else {
        std::fs::write(&wal, b"not a write-ahead log at all").unwrap();
    }
    session.unlock(&secret(PASS)).unwrap();
    assert_eq!(letter(&session), "blijft bewaard");
}

#[test]
fn while_unlocked_no_backup_is_put_back() {
    let (_dir, session, _) = unlocked();
    wait_for_backups(&session, 1);
    let id = session.backups().unwrap()[0].id.clone();
    assert_eq!(session.restore_backup(&id, &secret(PASS)).unwrap_err().code(), "precondition");
}

#[test]
fn a_damaged_page_met_later_locks_and_the_next_unlock_offers_a_backup() {
    let (dir, session) = locked_with_a_backup();
    // A page the store does not read to open: it opens, and the damage shows when the page is
    // read (here by a search, which reads the index).
    let db = dir.path().join(store::DB_FILE);
    let pages = std::fs::metadata(&db).unwrap().len() / 4096;
    let page = (1..pages)
        .rev()
        .find(|&page| {
            let copy = tempfile::tempdir().unwrap();
            std::fs::copy(&db, copy.path().join(store::DB_FILE)).unwrap();
            std::fs::copy(vault::header_path(dir.path()), vault::header_path(copy.path())).unwrap();
            flip_a_byte(&copy.path().join(store::DB_FILE), page * 4096 + 200);
            let probe = Session::new(copy.path().to_path_buf(), KdfParams::TEST);
            probe.unlock(&secret(PASS)).is_ok()
                && probe
                    .with_store(|s| {
                        s.search("bewaard", now_ms()).and_then(|_| s.letter(&lid(ID), now_ms())).and_then(|_| s.check_integrity())
                    })
                    .is_err()
        })
        .expect("a page that is read only after opening");
    flip_a_byte(&db, page * 4096 + 200);
    session.unlock(&secret(PASS)).unwrap();
    let read =
        session.with_store(|s| s.search("bewaard", now_ms()).and_then(|_| s.letter(&lid(ID), now_ms())).and_then(|_| s.check_integrity()));
    assert_eq!(read.unwrap_err(), Error::StoreDamaged);
    assert_eq!(session.status(), Status::Locked, "locked at once");
    assert_eq!(session.unlock(&secret(PASS)).unwrap_err(), Error::StoreDamaged, "the next unlock says so");
    assert_eq!(session.unlock(&secret("not the passphrase")).unwrap_err(), Error::WrongPassphrase, "after the passphrase is checked");
    let id = session.backups().unwrap()[0].id.clone();
    session.restore_backup(&id, &secret(PASS)).unwrap();
    assert_eq!(letter(&session), "blijft bewaard");
}
