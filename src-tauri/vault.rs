//! The vault header: a random 32-byte data key, wrapped with XChaCha20-Poly1305 under a key
//! derived by Argon2id from the passphrase, and sealed a second time to the recovery code (a
//! libsodium sealed box to an X25519 key derived from the code by Argon2id, so the data key can
//! be rotated without the code, which only she holds). The header (`vault.json`) holds only
//! wrapped keys, salts, KDF parameters, the recovery code's public key and the count of failed
//! tries; the data key itself never touches disk. Plain Rust; no Tauri in here.

use std::fs;
use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use data_encoding::{BASE32_NOPAD, BASE64, HEXLOWER};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Error, Result};

pub const HEADER_FILE: &str = "vault.json";
/// Version 2 seals the data key to the recovery code's public key; version 1 (still read)
/// wrapped it symmetrically, so rotating its key needs a new recovery code.
const FORMAT: u32 = 2;
const FORMAT_SYMMETRIC_RECOVERY: u32 = 1;
pub const KEY_LEN: usize = 32;
const RECOVERY_BYTES: usize = 20;
const AAD_PASSPHRASE: &[u8] = b"grot vault v1: data key under passphrase";
const AAD_RECOVERY: &[u8] = b"grot vault v1: data key under recovery code";
/// Shortest passphrase accepted. The strength hint in the UI asks for more.
pub const MIN_PASSPHRASE_CHARS: usize = 8;
/// Wrong tries allowed before waiting starts; then the wait doubles each time, up to the cap.
const FREE_TRIES: u32 = 3;
pub const MAX_WAIT_MS: u64 = 5 * 60 * 1000;

/// The key that opens the store. Zeroed when dropped, kept out of swap where the platform lets
/// an unprivileged process lock memory (`mlock` on Unix); never serialized, never logged.
pub struct DataKey(Box<[u8; KEY_LEN]>);

impl DataKey {
    fn zeroed() -> DataKey {
        let key = DataKey(Box::new([0u8; KEY_LEN]));
        crate::harden::lock_memory(key.0.as_ptr(), KEY_LEN);
        key
    }

    fn random() -> DataKey {
        let mut key = DataKey::zeroed();
        getrandom::getrandom(key.0.as_mut()).expect("the operating system has no randomness");
        key
    }

    /// A key from bytes, which the caller wipes.
    fn from_slice(bytes: &[u8]) -> Result<DataKey> {
        if bytes.len() != KEY_LEN {
            return Err(Error::Vault("damaged header".into()));
        }
        let mut key = DataKey::zeroed();
        key.0.copy_from_slice(bytes);
        Ok(key)
    }

    pub fn expose(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// A second copy, for work that outlives the caller (the backup after unlock). Zeroed
    /// when dropped, like the first; copied heap to heap, never through the stack.
    pub(crate) fn duplicate(&self) -> DataKey {
        let mut copy = DataKey::zeroed();
        copy.0.copy_from_slice(self.0.as_ref());
        copy
    }

    /// Whether both are the same key, in constant time.
    pub fn same_as(&self, other: &DataKey) -> bool {
        self.0[..].ct_eq(&other.0[..]).into()
    }
}

impl Drop for DataKey {
    fn drop(&mut self) {
        self.0.zeroize();
        crate::harden::unlock_memory(self.0.as_ptr(), KEY_LEN);
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
    /// Empty for a sealed box, whose nonce comes from its keys.
    nonce: String,
    wrapped: String,
    /// The recovery code's X25519 public key (format 2): the key is sealed to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    public: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Attempts {
    failed: u32,
    last_failed_ms: u64,
}

/// The header as read from disk (or as written). Kept in memory while unlocked, so that every
/// later check of her passphrase is against the key that is open, not against the file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Header {
    format: u32,
    /// Names this data key (random, not secret): a backup made under another key has another.
    #[serde(default)]
    key_id: String,
    passphrase: Slot,
    recovery: Slot,
    #[serde(default)]
    attempts: Attempts,
}

impl Header {
    pub fn key_id(&self) -> &str {
        &self.key_id
    }
}

/// What unlocking gives: the key, and the header it came from.
#[derive(Debug)]
pub struct Unlocked {
    pub key: DataKey,
    pub header: Header,
}

/// A vault key being made: the key and recovery code exist only in memory until the user has
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
        let (typed, mine) = (normalize_recovery(typed.expose_secret()), normalize_recovery(self.recovery.expose_secret()));
        typed.as_bytes().ct_eq(mine.as_bytes()).into()
    }

    /// The new key and its header, once the code is confirmed.
    pub fn into_unlocked(self) -> Unlocked {
        Unlocked { key: self.key, header: self.header }
    }
}

pub fn header_path(dir: &Path) -> PathBuf {
    dir.join(HEADER_FILE)
}

pub fn exists(dir: &Path) -> bool {
    header_path(dir).is_file()
}

/// Prepares a new key for `passphrase`, with a new recovery code; nothing is written until
/// [`confirm`] (first run) or the key rotation (a new recovery code) puts it in place.
pub fn begin(passphrase: &SecretString, params: KdfParams) -> Result<Pending> {
    check_passphrase(passphrase)?;
    let key = DataKey::random();
    let mut code_bytes = Zeroizing::new([0u8; RECOVERY_BYTES]);
    getrandom::getrandom(code_bytes.as_mut()).expect("the operating system has no randomness");
    let recovery = SecretString::from(format_recovery(&BASE32_NOPAD.encode(code_bytes.as_ref())));
    let header = Header {
        format: FORMAT,
        key_id: new_key_id(),
        passphrase: wrap(&key, passphrase.expose_secret().as_bytes(), params, AAD_PASSPHRASE)?,
        recovery: seal_to_new_code(&key, &normalize_recovery(recovery.expose_secret()), KdfParams::RECOVERY.min(params))?,
        attempts: Attempts::default(),
    };
    Ok(Pending { key, header, recovery })
}

/// Writes the vault once the user has typed her recovery code back correctly.
pub fn confirm(dir: &Path, pending: Pending, typed_code: &SecretString) -> Result<Unlocked> {
    if !pending.matches(typed_code) {
        return Err(Error::WrongRecoveryCode);
    }
    if exists(dir) {
        return Err(Error::VaultExists);
    }
    crate::files::create_private_dir(dir)?;
    write_header(dir, &pending.header)?;
    Ok(pending.into_unlocked())
}

pub fn unlock(dir: &Path, passphrase: &SecretString, now_ms: i64) -> Result<Unlocked> {
    open_slot(dir, passphrase.expose_secret().as_bytes(), false, now_ms)
}

pub fn unlock_with_recovery(dir: &Path, code: &SecretString, now_ms: i64) -> Result<Unlocked> {
    open_slot(dir, normalize_recovery(code.expose_secret()).as_bytes(), true, now_ms)
}

/// Whether `passphrase` is the one that opens `key` under `header` (the header held in memory
/// since unlock): derives, unwraps, and compares the keys in constant time. A header swapped on
/// disk, or one from another data folder, has no say.
pub fn verify(header: &Header, key: &DataKey, passphrase: &SecretString) -> Result<()> {
    match unwrap(&header.passphrase, passphrase.expose_secret().as_bytes(), AAD_PASSPHRASE) {
        Ok(found) if found.same_as(key) => Ok(()),
        Ok(_) | Err(Error::WrongPassphrase) => Err(Error::WrongPassphrase),
        Err(other) => Err(other),
    }
}

/// A new data key for a new passphrase: wrapped under it, and sealed to the same recovery code
/// (its public key is in the header, so the code itself is not needed). A version-1 header has
/// no public key: its owner makes a new recovery code instead, which rotates the key too.
pub fn rekey_for_passphrase(header: &Header, new: &SecretString, params: KdfParams) -> Result<Unlocked> {
    check_passphrase(new)?;
    let public = header.recovery.public.as_deref().ok_or(Error::NewRecoveryCodeNeeded)?;
    let key = DataKey::random();
    let recovery = Slot { wrapped: BASE64.encode(&seal(&key, &decode_public(public)?)?), ..header.recovery.clone() };
    let header = Header {
        format: FORMAT,
        key_id: new_key_id(),
        passphrase: wrap(&key, new.expose_secret().as_bytes(), params, AAD_PASSPHRASE)?,
        recovery,
        attempts: Attempts::default(),
    };
    Ok(Unlocked { key, header })
}

fn open_slot(dir: &Path, secret: &[u8], recovery: bool, now_ms: i64) -> Result<Unlocked> {
    let mut header = read_header(dir)?;
    let now = u64::try_from(now_ms).unwrap_or(0);
    // A last failure "in the future" (the clock moved back, or an edited file) counts from now:
    // never a wait longer than the longest one.
    if header.attempts.last_failed_ms > now {
        header.attempts.last_failed_ms = now;
        write_header(dir, &header)?;
    }
    let ready_at = header.attempts.last_failed_ms.saturating_add(wait_ms(header.attempts.failed));
    if now < ready_at {
        return Err(Error::TooSoon { retry_ms: ready_at - now });
    }
    let opened = if recovery { open_recovery(&header.recovery, secret) } else { unwrap(&header.passphrase, secret, AAD_PASSPHRASE) };
    match opened {
        Ok(key) => {
            if header.attempts.failed > 0 {
                header.attempts = Attempts::default();
                write_header(dir, &header)?;
            }
            Ok(Unlocked { key, header })
        }
        Err(Error::WrongPassphrase) => {
            header.attempts.failed = header.attempts.failed.saturating_add(1);
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

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes).expect("the operating system has no randomness");
    bytes
}

fn new_key_id() -> String {
    HEXLOWER.encode(&random_bytes::<16>())
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
    let salt = random_bytes::<16>();
    let nonce = random_bytes::<24>();
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
        public: None,
    })
}

/// The recovery code's key pair: an X25519 secret derived from the code by Argon2id.
fn recovery_secret(code: &[u8], salt: &[u8], params: KdfParams) -> Result<crypto_box::SecretKey> {
    let seed = derive(code, salt, params)?;
    Ok(crypto_box::SecretKey::from_bytes(*seed))
}

fn seal(key: &DataKey, public: &crypto_box::PublicKey) -> Result<Vec<u8>> {
    public.seal(&mut crypto_box::aead::OsRng, key.expose()).map_err(|_| Error::Vault("cannot seal the key".into()))
}

fn decode_public(public: &str) -> Result<crypto_box::PublicKey> {
    let bytes: [u8; KEY_LEN] = BASE64
        .decode(public.as_bytes())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| Error::Vault("damaged header".into()))?;
    Ok(crypto_box::PublicKey::from_bytes(bytes))
}

fn seal_to_new_code(key: &DataKey, code: &str, params: KdfParams) -> Result<Slot> {
    let salt = random_bytes::<16>();
    let public = recovery_secret(code.as_bytes(), &salt, params)?.public_key();
    Ok(Slot {
        kdf: "argon2id".into(),
        params,
        salt: BASE64.encode(&salt),
        nonce: String::new(),
        wrapped: BASE64.encode(&seal(key, &public)?),
        public: Some(BASE64.encode(public.as_bytes())),
    })
}

fn decode(s: &str) -> Result<Vec<u8>> {
    BASE64.decode(s.as_bytes()).map_err(|_| Error::Vault("damaged header".into()))
}

fn open_recovery(slot: &Slot, code: &[u8]) -> Result<DataKey> {
    if slot.public.is_none() {
        return unwrap(slot, code, AAD_RECOVERY);
    }
    check_kdf(slot)?;
    let secret = recovery_secret(code, &decode(&slot.salt)?, slot.params)?;
    let plain = Zeroizing::new(secret.unseal(&decode(&slot.wrapped)?).map_err(|_| Error::WrongPassphrase)?);
    DataKey::from_slice(&plain)
}

fn check_kdf(slot: &Slot) -> Result<()> {
    if slot.kdf != "argon2id" {
        return Err(Error::Vault(format!("unknown kdf {:?}", slot.kdf)));
    }
    Ok(())
}

fn unwrap(slot: &Slot, secret: &[u8], aad: &[u8]) -> Result<DataKey> {
    check_kdf(slot)?;
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
    DataKey::from_slice(&plain)
}

/// Parses a header from its bytes; anything malformed is a damaged header, never a panic.
pub fn parse_header(bytes: &[u8]) -> Result<Header> {
    let header: Header = serde_json::from_slice(bytes).map_err(|_| Error::Vault("damaged header".into()))?;
    if header.format != FORMAT && header.format != FORMAT_SYMMETRIC_RECOVERY {
        return Err(Error::Vault(format!("header format {} is newer than this app", header.format)));
    }
    Ok(header)
}

pub fn read_header_at(path: &Path) -> Result<Header> {
    match fs::read(path) {
        Ok(bytes) => parse_header(&bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::NoVault),
        Err(e) => Err(Error::io(e)),
    }
}

fn read_header(dir: &Path) -> Result<Header> {
    read_header_at(&header_path(dir))
}

/// A crash leaves either the old header or the new one, never half of one.
pub fn write_header_at(path: &Path, header: &Header) -> Result<()> {
    let text = serde_json::to_vec_pretty(header).expect("header serializes");
    crate::files::write_atomically(path, &text)
}

fn write_header(dir: &Path, header: &Header) -> Result<()> {
    write_header_at(&header_path(dir), header)
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

    const NOW: i64 = 1_800_000_000_000;

    fn secret(s: &str) -> SecretString {
        SecretString::from(s.to_string())
    }

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
        let next = rekey_for_passphrase(&before, &secret("a new long passphrase"), KdfParams::TEST).unwrap();
        assert!(!next.key.same_as(&old_key));
        assert_ne!(next.header.key_id, before.key_id);
        write_header(dir.path(), &next.header).unwrap();
        assert!(unlock_key(dir.path(), "a new long passphrase").unwrap().same_as(&next.key));
        assert_eq!(unlock_key(dir.path(), "correct horse battery").unwrap_err(), Error::WrongPassphrase);
        assert!(unlock_with_recovery(dir.path(), &secret(&code), NOW).unwrap().key.same_as(&next.key));
        assert_eq!(rekey_for_passphrase(&before, &secret("short"), KdfParams::TEST).err().unwrap(), Error::WeakPassphrase);
    }

    /// A version-1 header (recovery slot wrapped symmetrically) as earlier builds wrote it.
    fn version_one(dir: &Path, pass: &str, code: &str) -> DataKey {
        let key = DataKey::random();
        let header = Header {
            format: FORMAT_SYMMETRIC_RECOVERY,
            key_id: String::new(),
            passphrase: wrap(&key, pass.as_bytes(), KdfParams::TEST, AAD_PASSPHRASE).unwrap(),
            recovery: wrap(&key, normalize_recovery(code).as_bytes(), KdfParams::TEST, AAD_RECOVERY).unwrap(),
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
        let err = rekey_for_passphrase(&unlocked.header, &secret("a new long passphrase"), KdfParams::TEST).err().unwrap();
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
        assert!(matches!(unlock_key(dir.path(), "correct horse battery"), Err(Error::Vault(_))));
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
}
