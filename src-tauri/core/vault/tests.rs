use super::*;
use std::fs;

const NOW: i64 = 1_800_000_000_000;

use crate::testing::secret;

fn new_vault(dir: &Path, pass: &str) -> (DataKey, String) {
    let pending = begin(&secret(pass), KdfParams::TEST).unwrap();
    let code = pending.recovery_code().expose_secret().to_string();
    let key = confirm(dir, pending, &secret(&code)).unwrap().key;
    (key, code)
}

fn unlock_key(dir: &Path, pass: &str) -> Result<DataKey> {
    unlock(dir, &secret(pass), NOW).map(|u| u.key)
}

#[test]
fn unlocks_with_passphrase_and_recovery_code_to_the_same_key() {
    let dir = tempfile::tempdir().unwrap();
    let (key, code) = new_vault(dir.path(), "correct horse battery");
    assert!(unlock_key(dir.path(), "correct horse battery").unwrap().same_as(&key));
    assert!(unlock_with_recovery(dir.path(), &secret(&code), NOW).unwrap().key.same_as(&key));
    // Typed sloppily: lower case, spaces instead of dashes.
    let sloppy = code.to_lowercase().replace('-', " ");
    assert!(unlock_with_recovery(dir.path(), &secret(&sloppy), NOW).unwrap().key.same_as(&key));
    assert_eq!(unlock_with_recovery(dir.path(), &secret("AAAA-BBBB"), NOW).unwrap_err(), Error::WrongRecoveryCode);
}

#[cfg(unix)]
#[test]
fn the_data_folder_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("grot");
    new_vault(&dir, "correct horse battery");
    assert_eq!(fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
    assert_eq!(fs::metadata(header_path(&dir)).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn nothing_is_written_until_the_recovery_code_is_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let pending = begin(&secret("correct horse battery"), KdfParams::TEST).unwrap();
    assert!(!exists(dir.path()));
    let err = confirm(dir.path(), pending, &secret("WRONG-CODE")).err().unwrap();
    assert_eq!(err, Error::WrongRecoveryCode);
    assert!(!exists(dir.path()));
}

#[test]
fn the_header_holds_no_key_material_in_the_clear() {
    let dir = tempfile::tempdir().unwrap();
    let (key, code) = new_vault(dir.path(), "correct horse battery");
    let header = fs::read(header_path(dir.path())).unwrap();
    let text = String::from_utf8_lossy(&header);
    assert!(!text.contains("correct horse"));
    assert!(!text.contains(&code) && !text.contains(&code.replace('-', "")));
    assert!(!header.windows(KEY_LEN).any(|w| w == key.expose()));
    assert!(!text.contains(&BASE64.encode(key.expose())));
    assert!(!text.contains(&HEXLOWER.encode(key.expose())));
}

#[test]
fn wrong_passphrase_is_refused_and_waits_grow() {
    let dir = tempfile::tempdir().unwrap();
    new_vault(dir.path(), "correct horse battery");
    for _ in 0..FREE_TRIES {
        assert_eq!(unlock_key(dir.path(), "wrong guess!").unwrap_err(), Error::WrongPassphrase);
    }
    match unlock_key(dir.path(), "correct horse battery") {
        Err(Error::TooSoon { retry_ms }) => assert_eq!(retry_ms, 1000),
        other => panic!("expected a wait, got {other:?}"),
    }
    assert!(exists(dir.path()), "wrong tries never remove the vault");
    assert_eq!(wait_ms(2), 0);
    assert_eq!(wait_ms(3), 1000);
    assert_eq!(wait_ms(4), 2000);
    assert_eq!(wait_ms(6), 8000);
    assert_eq!(wait_ms(100), MAX_WAIT_MS);
    assert_eq!(wait_ms(u32::MAX), MAX_WAIT_MS);
}

#[test]
fn a_right_passphrase_after_the_wait_resets_the_count() {
    let dir = tempfile::tempdir().unwrap();
    new_vault(dir.path(), "correct horse battery");
    for _ in 0..FREE_TRIES {
        let _ = unlock_key(dir.path(), "wrong guess!");
    }
    // As if the wait had passed.
    unlock(dir.path(), &secret("correct horse battery"), NOW + 2000).unwrap();
    assert_eq!(read_header(dir.path()).unwrap().attempts.failed, 0);
}

#[test]
fn a_failure_in_the_future_never_locks_her_out_longer_than_the_longest_wait() {
    let dir = tempfile::tempdir().unwrap();
    new_vault(dir.path(), "correct horse battery");
    // An edited file (or a clock moved back a year): failures "a year from now".
    let mut header = read_header(dir.path()).unwrap();
    header.attempts = Attempts { failed: 50, last_failed_ms: (NOW + 365 * 86_400_000) as u64 };
    write_header(dir.path(), &header).unwrap();
    match unlock_key(dir.path(), "correct horse battery") {
        Err(Error::TooSoon { retry_ms }) => assert!(retry_ms <= MAX_WAIT_MS, "{retry_ms}"),
        other => panic!("expected a wait, got {other:?}"),
    }
    let later = NOW + MAX_WAIT_MS as i64;
    unlock(dir.path(), &secret("correct horse battery"), later).expect("the longest wait is enough");
}

#[test]
fn verify_checks_against_the_open_key_not_the_file() {
    let mine = tempfile::tempdir().unwrap();
    let theirs = tempfile::tempdir().unwrap();
    let (key, _) = new_vault(mine.path(), "correct horse battery");
    new_vault(theirs.path(), "their own passphrase");
    let header = unlock(mine.path(), &secret("correct horse battery"), NOW).unwrap().header;
    verify(&header, &key, &secret("correct horse battery")).unwrap();
    assert_eq!(verify(&header, &key, &secret("their own passphrase")).unwrap_err(), Error::WrongPassphrase);
    // Their header, with their passphrase, does not open her key either.
    let swapped = read_header(theirs.path()).unwrap();
    assert_eq!(verify(&swapped, &key, &secret("their own passphrase")).unwrap_err(), Error::WrongPassphrase);
}

#[test]
fn a_new_passphrase_gets_a_new_key_that_the_recovery_code_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let (old_key, code) = new_vault(dir.path(), "correct horse battery");
    let before = read_header(dir.path()).unwrap();
    let next = rekey_for_passphrase(&before, &old_key, &secret("a new long passphrase"), KdfParams::TEST).unwrap();
    assert!(!next.key.same_as(&old_key));
    assert_ne!(next.header.key_id, before.key_id);
    write_header(dir.path(), &next.header).unwrap();
    assert!(unlock_key(dir.path(), "a new long passphrase").unwrap().same_as(&next.key));
    assert_eq!(unlock_key(dir.path(), "correct horse battery").unwrap_err(), Error::WrongPassphrase);
    assert!(unlock_with_recovery(dir.path(), &secret(&code), NOW).unwrap().key.same_as(&next.key));
    assert_eq!(rekey_for_passphrase(&before, &old_key, &secret("short"), KdfParams::TEST).err().unwrap(), Error::WeakPassphrase);
}

/// A version-1 header (recovery slot wrapped symmetrically) as earlier builds wrote it.
fn version_one(dir: &Path, pass: &str, code: &str) -> DataKey {
    let key = DataKey::random();
    let header = Header {
        format: 1,
        key_id: String::new(),
        passphrase: wrap(&key, pass.as_bytes(), KdfParams::TEST, AAD_PASSPHRASE).unwrap(),
        recovery: wrap(&key, normalize_recovery(code).as_bytes(), KdfParams::TEST, AAD_RECOVERY).unwrap(),
        mac: None,
        attempts: Attempts::default(),
    };
    crate::files::create_private_dir(dir).unwrap();
    write_header(dir, &header).unwrap();
    key
}

#[test]
fn version_one_headers_still_unlock_and_ask_for_a_new_code_to_rotate() {
    let dir = tempfile::tempdir().unwrap();
    let key = version_one(dir.path(), "correct horse battery", "ABCD-EFGH-IJKL");
    assert!(unlock_key(dir.path(), "correct horse battery").unwrap().same_as(&key));
    let unlocked = unlock_with_recovery(dir.path(), &secret("abcd efgh ijkl"), NOW).unwrap();
    assert!(unlocked.key.same_as(&key));
    let err = rekey_for_passphrase(&unlocked.header, &unlocked.key, &secret("a new long passphrase"), KdfParams::TEST).err().unwrap();
    assert_eq!(err, Error::NewRecoveryCodeNeeded);
}

#[test]
fn short_passphrases_and_second_vaults_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(begin(&secret("short"), KdfParams::TEST).err().unwrap(), Error::WeakPassphrase);
    new_vault(dir.path(), "correct horse battery");
    let pending = begin(&secret("another passphrase"), KdfParams::TEST).unwrap();
    let code = pending.recovery_code().expose_secret().to_string();
    assert_eq!(confirm(dir.path(), pending, &secret(&code)).err().unwrap(), Error::VaultExists);
}

#[test]
fn a_damaged_header_is_an_error_not_a_reset() {
    let dir = tempfile::tempdir().unwrap();
    new_vault(dir.path(), "correct horse battery");
    fs::write(header_path(dir.path()), b"{ not json").unwrap();
    assert_eq!(unlock_key(dir.path(), "correct horse battery").unwrap_err(), Error::KeyDamaged);
    assert!(exists(dir.path()));
    assert_eq!(unlock_key(tempfile::tempdir().unwrap().path(), "x").unwrap_err(), Error::NoVault);
}

#[test]
fn passphrases_with_any_unicode_work() {
    let dir = tempfile::tempdir().unwrap();
    let pass = "wachtwoord met ë, 🙂 en 日本語";
    let (key, _) = new_vault(dir.path(), pass);
    assert!(unlock_key(dir.path(), pass).unwrap().same_as(&key));
}

#[test]
fn a_header_asking_for_an_absurd_cost_is_refused_before_any_derivation() {
    let dir = tempfile::tempdir().unwrap();
    new_vault(dir.path(), "correct horse battery");
    let good: serde_json::Value = serde_json::from_slice(&fs::read(header_path(dir.path())).unwrap()).unwrap();
    for (field, value) in [("m_kib", 4_000_000u64), ("t", 1_000_000), ("p", 255), ("p", 0), ("t", 0), ("m_kib", 0)] {
        let mut bad = good.clone();
        bad["passphrase"]["params"][field] = value.into();
        fs::write(header_path(dir.path()), serde_json::to_vec(&bad).unwrap()).unwrap();
        let started = std::time::Instant::now();
        assert_eq!(unlock_key(dir.path(), "correct horse battery").unwrap_err(), Error::KeyDamaged, "{field} = {value}");
        assert!(started.elapsed() < std::time::Duration::from_secs(2), "refused, not derived");
    }
    // A key file that is not a small regular file is not read at all.
    fs::remove_file(header_path(dir.path())).unwrap();
    fs::write(header_path(dir.path()), vec![b' '; 70 * 1024]).unwrap();
    assert_eq!(unlock_key(dir.path(), "correct horse battery").unwrap_err(), Error::KeyDamaged);
}
