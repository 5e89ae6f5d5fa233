//! The vault header: a random 32-byte data key, wrapped with XChaCha20-Poly1305 under a key
//! derived by Argon2id from the passphrase, and wrapped a second time under the recovery code.
//! The header (`vault.json`) holds only wrapped keys, salts, KDF parameters and the count of
//! failed tries; the data key itself never touches disk. Plain Rust; no Tauri in here.

use std::fs;
use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use data_encoding::{BASE32_NOPAD, BASE64};
use secrecy::{ExposeSecret, SecretBox, SecretString};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

pub const HEADER_FILE: &str = "vault.json";
const FORMAT: u32 = 1;
const KEY_LEN: usize = 32;
const RECOVERY_BYTES: usize = 20;
const AAD_PASSPHRASE: &[u8] = b"grot vault v1: data key under passphrase";
const AAD_RECOVERY: &[u8] = b"grot vault v1: data key under recovery code";
/// Shortest passphrase accepted. The strength hint in the UI asks for more.
pub const MIN_PASSPHRASE_CHARS: usize = 8;
/// Wrong tries allowed before waiting starts; then the wait doubles each time, up to the cap.
const FREE_TRIES: u32 = 3;
const MAX_WAIT_MS: u64 = 5 * 60 * 1000;

/// The key that opens the store. Zeroed when dropped; never serialized, never logged.
pub struct DataKey(SecretBox<[u8; KEY_LEN]>);

impl DataKey {
    fn random() -> DataKey {
        let mut key = Box::new([0u8; KEY_LEN]);
        getrandom::getrandom(key.as_mut()).expect("the operating system has no randomness");
        DataKey(SecretBox::new(key))
    }

    pub fn expose(&self) -> &[u8; KEY_LEN] {
        self.0.expose_secret()
    }

    /// A second copy, for work that outlives the caller (the backup after unlock). Zeroed
    /// when dropped, like the first.
    pub(crate) fn duplicate(&self) -> DataKey {
        DataKey(SecretBox::new(Box::new(*self.expose())))
    }
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

/// Argon2id cost. Stored with every wrapped key, so later versions can raise it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

impl KdfParams {
    /// About 0.3 s on the reference machine (2 cores): 64 MiB × 3 measured 0.17 s, so
    /// 112 MiB × 3; see BENCHMARKS.md.
    pub const PASSPHRASE: KdfParams = KdfParams { m_kib: 112 * 1024, t: 3, p: 1 };
    /// The recovery code carries 160 random bits; a lighter cost is plenty.
    pub const RECOVERY: KdfParams = KdfParams { m_kib: 19 * 1024, t: 2, p: 1 };
    /// Cheap parameters for tests that are not about the KDF.
    pub const TEST: KdfParams = KdfParams { m_kib: 64, t: 1, p: 1 };
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Slot {
    kdf: String,
    params: KdfParams,
    salt: String,
    nonce: String,
    wrapped: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Attempts {
    failed: u32,
    last_failed_ms: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Header {
    format: u32,
    passphrase: Slot,
    recovery: Slot,
    #[serde(default)]
    attempts: Attempts,
}

/// A vault being set up: the key and recovery code exist only in memory until the user has
/// confirmed she wrote the code down. A kill before that leaves nothing behind.
pub struct Pending {
    key: DataKey,
    header: Header,
    recovery: SecretString,
}

impl Pending {
    pub fn recovery_code(&self) -> &SecretString {
        &self.recovery
    }

    /// Whether `typed` is this vault's recovery code (ignoring case, spaces and dashes).
    pub fn matches(&self, typed: &SecretString) -> bool {
        normalize_recovery(typed.expose_secret()) == normalize_recovery(self.recovery.expose_secret())
    }
}

pub fn header_path(dir: &Path) -> PathBuf {
    dir.join(HEADER_FILE)
}

pub fn exists(dir: &Path) -> bool {
    header_path(dir).is_file()
}

/// Prepares a new vault for `passphrase`; nothing is written until [`confirm`].
pub fn begin(passphrase: &SecretString, params: KdfParams) -> Result<Pending> {
    check_passphrase(passphrase)?;
    let key = DataKey::random();
    let mut code_bytes = Zeroizing::new([0u8; RECOVERY_BYTES]);
    getrandom::getrandom(code_bytes.as_mut()).expect("the operating system has no randomness");
    let recovery = SecretString::from(format_recovery(&BASE32_NOPAD.encode(code_bytes.as_ref())));
    let header = Header {
        format: FORMAT,
        passphrase: wrap(&key, passphrase.expose_secret().as_bytes(), params, AAD_PASSPHRASE)?,
        recovery: wrap(&key, normalize_recovery(recovery.expose_secret()).as_bytes(), KdfParams::RECOVERY.min(params), AAD_RECOVERY)?,
        attempts: Attempts::default(),
    };
    Ok(Pending { key, header, recovery })
}

/// Writes the vault once the user has typed her recovery code back correctly.
pub fn confirm(dir: &Path, pending: Pending, typed_code: &SecretString) -> Result<DataKey> {
    if !pending.matches(typed_code) {
        return Err(Error::WrongRecoveryCode);
    }
    if exists(dir) {
        return Err(Error::VaultExists);
    }
    create_private_dir(dir)?;
    write_header(dir, &pending.header)?;
    Ok(pending.key)
}

pub fn unlock(dir: &Path, passphrase: &SecretString) -> Result<DataKey> {
    open_slot(dir, passphrase.expose_secret().as_bytes(), false)
}

pub fn unlock_with_recovery(dir: &Path, code: &SecretString) -> Result<DataKey> {
    open_slot(dir, normalize_recovery(code.expose_secret()).as_bytes(), true)
}

/// Rewraps the data key under a new passphrase; the store is not touched.
pub fn change_passphrase(dir: &Path, old: &SecretString, new: &SecretString, params: KdfParams) -> Result<()> {
    check_passphrase(new)?;
    let key = unlock(dir, old)?;
    let mut header = read_header(dir)?;
    header.passphrase = wrap(&key, new.expose_secret().as_bytes(), params, AAD_PASSPHRASE)?;
    write_header(dir, &header)
}

fn open_slot(dir: &Path, secret: &[u8], recovery: bool) -> Result<DataKey> {
    let mut header = read_header(dir)?;
    // The session's clock; the header counts in unsigned milliseconds.
    let now = u64::try_from(crate::session::now_ms()).unwrap_or(0);
    let wait = wait_ms(header.attempts.failed);
    let ready_at = header.attempts.last_failed_ms.saturating_add(wait);
    if now < ready_at {
        return Err(Error::TooSoon { retry_ms: ready_at - now });
    }
    let (slot, aad) = if recovery { (&header.recovery, AAD_RECOVERY) } else { (&header.passphrase, AAD_PASSPHRASE) };
    match unwrap(slot, secret, aad) {
        Ok(key) => {
            if header.attempts.failed > 0 {
                header.attempts = Attempts::default();
                write_header(dir, &header)?;
            }
            Ok(key)
        }
        Err(Error::WrongPassphrase) => {
            header.attempts.failed += 1;
            header.attempts.last_failed_ms = now;
            write_header(dir, &header)?;
            Err(if recovery { Error::WrongRecoveryCode } else { Error::WrongPassphrase })
        }
        Err(other) => Err(other),
    }
}

/// How long to wait after `failed` wrong tries before the next one is accepted.
pub fn wait_ms(failed: u32) -> u64 {
    if failed < FREE_TRIES {
        return 0;
    }
    let doublings = (failed - FREE_TRIES).min(20);
    (1000u64 << doublings).min(MAX_WAIT_MS)
}

fn check_passphrase(passphrase: &SecretString) -> Result<()> {
    if passphrase.expose_secret().chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::WeakPassphrase);
    }
    Ok(())
}

fn derive(secret: &[u8], salt: &[u8], params: KdfParams) -> Result<Zeroizing<[u8; KEY_LEN]>> {
    let argon = Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(params.m_kib, params.t, params.p, Some(KEY_LEN)).map_err(|e| Error::Vault(format!("kdf parameters: {e}")))?,
    );
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    argon.hash_password_into(secret, salt, out.as_mut()).map_err(|e| Error::Vault(format!("kdf: {e}")))?;
    Ok(out)
}

fn wrap(key: &DataKey, secret: &[u8], params: KdfParams, aad: &[u8]) -> Result<Slot> {
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 24];
    getrandom::getrandom(&mut salt).expect("the operating system has no randomness");
    getrandom::getrandom(&mut nonce).expect("the operating system has no randomness");
    let kek = derive(secret, &salt, params)?;
    let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
    let wrapped = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: key.expose(), aad })
        .map_err(|_| Error::Vault("cannot wrap the key".into()))?;
    Ok(Slot {
        kdf: "argon2id".into(),
        params,
        salt: BASE64.encode(&salt),
        nonce: BASE64.encode(&nonce),
        wrapped: BASE64.encode(&wrapped),
    })
}

fn unwrap(slot: &Slot, secret: &[u8], aad: &[u8]) -> Result<DataKey> {
    if slot.kdf != "argon2id" {
        return Err(Error::Vault(format!("unknown kdf {:?}", slot.kdf)));
    }
    let decode = |s: &str| BASE64.decode(s.as_bytes()).map_err(|_| Error::Vault("damaged header".into()));
    let (salt, nonce, wrapped) = (decode(&slot.salt)?, decode(&slot.nonce)?, decode(&slot.wrapped)?);
    if nonce.len() != 24 {
        return Err(Error::Vault("damaged header".into()));
    }
    let kek = derive(secret, &salt, slot.params)?;
    let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
    let plain = Zeroizing::new(
        cipher
            .decrypt(XNonce::from_slice(&nonce), Payload { msg: &wrapped, aad })
            .map_err(|_| Error::WrongPassphrase)?,
    );
    let bytes: [u8; KEY_LEN] = plain.as_slice().try_into().map_err(|_| Error::Vault("damaged header".into()))?;
    Ok(DataKey(SecretBox::new(Box::new(bytes))))
}

fn read_header(dir: &Path) -> Result<Header> {
    let text = match fs::read_to_string(header_path(dir)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Error::NoVault),
        Err(e) => return Err(Error::io(e)),
    };
    let header: Header = serde_json::from_str(&text).map_err(|_| Error::Vault("damaged header".into()))?;
    if header.format != FORMAT {
        return Err(Error::Vault(format!("header format {} is newer than this app", header.format)));
    }
    Ok(header)
}

/// A crash leaves either the old header or the new one, never half of one.
fn write_header(dir: &Path, header: &Header) -> Result<()> {
    let text = serde_json::to_vec_pretty(header).expect("header serializes");
    crate::files::write_atomically(&header_path(dir), &text)
}

/// The data folder, readable by its owner only (other accounts on a shared laptop see nothing,
/// not even file names).
fn create_private_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(Error::io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(Error::io)?;
    }
    Ok(())
}

/// Groups of four, easy to copy by hand: `ABCD-EFGH-…`.
fn format_recovery(code: &str) -> String {
    code.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join("-")
}

/// Upper case, without spaces or dashes, and the digits people type for look-alike letters.
fn normalize_recovery(code: &str) -> Zeroizing<String> {
    Zeroizing::new(
        code.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| match c.to_ascii_uppercase() {
                '0' => 'O',
                '1' => 'I',
                '8' => 'B',
                other => other,
            })
            .collect(),
    )
}

impl KdfParams {
    fn min(self, other: KdfParams) -> KdfParams {
        KdfParams { m_kib: self.m_kib.min(other.m_kib), t: self.t.min(other.t), p: self.p.min(other.p) }
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    fn secret(s: &str) -> SecretString {
        SecretString::from(s.to_string())
    }

    fn new_vault(dir: &Path, pass: &str) -> (DataKey, String) {
        let pending = begin(&secret(pass), KdfParams::TEST).unwrap();
        let code = pending.recovery_code().expose_secret().to_string();
        let key = confirm(dir, pending, &secret(&code)).unwrap();
        (key, code)
    }

    #[test]
    fn unlocks_with_passphrase_and_recovery_code_to_the_same_key() {
        let dir = tempfile::tempdir().unwrap();
        let (key, code) = new_vault(dir.path(), "correct horse battery");
        assert_eq!(unlock(dir.path(), &secret("correct horse battery")).unwrap().expose(), key.expose());
        assert_eq!(unlock_with_recovery(dir.path(), &secret(&code)).unwrap().expose(), key.expose());
        // Typed sloppily: lower case, spaces instead of dashes.
        let sloppy = code.to_lowercase().replace('-', " ");
        assert_eq!(unlock_with_recovery(dir.path(), &secret(&sloppy)).unwrap().expose(), key.expose());
    }

    #[cfg(unix)]
    #[test]
    fn the_data_folder_is_private_to_its_owner() {
        use std::os::unix::fs::PermissionsExt;
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("grot");
        new_vault(&dir, "correct horse battery");
        assert_eq!(fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
    }

    #[test]
    fn nothing_is_written_until_the_recovery_code_is_confirmed() {
        let dir = tempfile::tempdir().unwrap();
        let pending = begin(&secret("correct horse battery"), KdfParams::TEST).unwrap();
        assert!(!exists(dir.path()));
        let err = confirm(dir.path(), pending, &secret("WRONG-CODE")).unwrap_err();
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
        assert!(!text.contains(&data_encoding::HEXLOWER.encode(key.expose())));
    }

    #[test]
    fn wrong_passphrase_is_refused_and_waits_grow() {
        let dir = tempfile::tempdir().unwrap();
        new_vault(dir.path(), "correct horse battery");
        for _ in 0..FREE_TRIES {
            assert_eq!(unlock(dir.path(), &secret("wrong guess!")).unwrap_err(), Error::WrongPassphrase);
        }
        match unlock(dir.path(), &secret("correct horse battery")) {
            Err(Error::TooSoon { retry_ms }) => assert!(retry_ms > 0 && retry_ms <= 1000),
            other => panic!("expected a wait, got {other:?}"),
        }
        assert!(exists(dir.path()), "wrong tries never remove the vault");
        assert_eq!(wait_ms(2), 0);
        assert_eq!(wait_ms(3), 1000);
        assert_eq!(wait_ms(4), 2000);
        assert_eq!(wait_ms(6), 8000);
        assert_eq!(wait_ms(100), MAX_WAIT_MS);
    }

    #[test]
    fn a_right_passphrase_after_the_wait_resets_the_count() {
        let dir = tempfile::tempdir().unwrap();
        new_vault(dir.path(), "correct horse battery");
        for _ in 0..FREE_TRIES {
            let _ = unlock(dir.path(), &secret("wrong guess!"));
        }
        let mut header = read_header(dir.path()).unwrap();
        header.attempts.last_failed_ms -= 2000; // as if the wait had passed
        write_header(dir.path(), &header).unwrap();
        unlock(dir.path(), &secret("correct horse battery")).unwrap();
        assert_eq!(read_header(dir.path()).unwrap().attempts.failed, 0);
    }

    #[test]
    fn change_passphrase_rewraps_only_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let (key, code) = new_vault(dir.path(), "correct horse battery");
        let before = read_header(dir.path()).unwrap();
        change_passphrase(dir.path(), &secret("correct horse battery"), &secret("a new long passphrase"), KdfParams::TEST).unwrap();
        assert_eq!(unlock(dir.path(), &secret("a new long passphrase")).unwrap().expose(), key.expose());
        assert_eq!(unlock(dir.path(), &secret("correct horse battery")).unwrap_err(), Error::WrongPassphrase);
        assert_eq!(unlock_with_recovery(dir.path(), &secret(&code)).unwrap().expose(), key.expose());
        assert_eq!(read_header(dir.path()).unwrap().recovery.wrapped, before.recovery.wrapped);
    }

    #[test]
    fn short_passphrases_and_second_vaults_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(begin(&secret("short"), KdfParams::TEST).err().unwrap(), Error::WeakPassphrase);
        new_vault(dir.path(), "correct horse battery");
        let pending = begin(&secret("another passphrase"), KdfParams::TEST).unwrap();
        let code = pending.recovery_code().expose_secret().to_string();
        assert_eq!(confirm(dir.path(), pending, &secret(&code)).unwrap_err(), Error::VaultExists);
    }

    #[test]
    fn a_damaged_header_is_an_error_not_a_reset() {
        let dir = tempfile::tempdir().unwrap();
        new_vault(dir.path(), "correct horse battery");
        fs::write(header_path(dir.path()), b"{ not json").unwrap();
        assert!(matches!(unlock(dir.path(), &secret("correct horse battery")), Err(Error::Vault(_))));
        assert!(exists(dir.path()));
        assert_eq!(unlock(tempfile::tempdir().unwrap().path(), &secret("x")).unwrap_err(), Error::NoVault);
    }

    #[test]
    fn passphrases_with_any_unicode_work() {
        let dir = tempfile::tempdir().unwrap();
        let pass = "wachtwoord met ë, 🙂 en 日本語";
        let (key, _) = new_vault(dir.path(), pass);
        assert_eq!(unlock(dir.path(), &secret(pass)).unwrap().expose(), key.expose());
    }
}
