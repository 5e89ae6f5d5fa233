//! The vault header: a random 32-byte data key, wrapped with XChaCha20-Poly1305 under a key
//! derived by Argon2id from the passphrase, and sealed a second time to the recovery code (a
//! libsodium sealed box to an X25519 key derived from the code by Argon2id, so the data key can
//! be rotated without the code, which only she holds). The header (`vault.json`) holds only
//! wrapped keys, salts, KDF parameters, the recovery code's public key and the count of failed
//! tries; the data key itself never touches disk. Plain Rust; no Tauri in here.

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

mod crypto;
mod file;
mod key;
mod mac;
#[cfg(test)]
mod tests;

use crypto::{decode_public, format_recovery, new_key_id, normalize_recovery, open_recovery, seal, seal_to_new_code, unwrap, wrap};
pub use file::{header_bytes, parse_header, read_header_at, write_header_at, MAX_HEADER_BYTES};
use file::{read_header, write_header};
pub use key::DataKey;

pub const HEADER_FILE: &str = "vault.json";
/// Version 3 binds every public field to the data key (`mac`); version 2 sealed the data key to
/// the recovery code's public key without that binding; version 1 wrapped it symmetrically, so
/// rotating its key needs a new recovery code. 1 and 2 are still read, and become 3 at the
/// first unlock (`Header::upgrade`).
const FORMAT: u32 = 3;
const FORMATS_READ: [u32; 3] = [1, 2, FORMAT];
pub const KEY_LEN: usize = 32;
const RECOVERY_BYTES: usize = 20;
const AAD_PASSPHRASE: &[u8] = b"grot vault v1: data key under passphrase";
const AAD_RECOVERY: &[u8] = b"grot vault v1: data key under recovery code";
/// Shortest passphrase accepted. The strength hint in the UI asks for more.
pub const MIN_PASSPHRASE_CHARS: usize = 8;
/// Wrong tries allowed before waiting starts; then the wait doubles each time, up to the cap.
const FREE_TRIES: u32 = 3;
pub const MAX_WAIT_MS: u64 = 5 * 60 * 1000;

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
    /// HMAC-SHA-256 of every field above, under a key derived from the data key (format 3):
    /// whoever can write the file but does not hold the key cannot change a salt, a parameter,
    /// the key id or the recovery code's public key unnoticed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mac: Option<String>,
    /// Not authenticated: the count must grow without the key. An edited count can only shorten
    /// or lengthen the wait (capped); the running app keeps its own (`session`).
    #[serde(default)]
    attempts: Attempts,
}

impl Header {
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// Written before format 3: its public fields are not yet bound to the key.
    pub fn is_unauthenticated(&self) -> bool {
        self.format < FORMAT
    }

    /// The wrong tries counted in the file, for the running app to start from.
    pub fn failed_tries(&self) -> u32 {
        self.attempts.failed
    }

    /// How long ago the last of them was, at `now_ms` (none "in the future": a clock moved
    /// back, or an edited file, counts from now).
    pub fn since_last_failed_ms(&self, now_ms: i64) -> u64 {
        u64::try_from(now_ms).unwrap_or(0).saturating_sub(self.attempts.last_failed_ms)
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
        mac: None,
        attempts: Attempts::default(),
    }
    .sealed(&key);
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

/// Whether `secret` (her passphrase, or her recovery code) opens `header`, whose other fields
/// must then be the ones written with that key. Reads and writes no file: for a check before
/// something replaces her vault, counted by the caller.
pub fn check_secret(header: &Header, secret: &SecretString) -> Result<()> {
    let key = match unwrap(&header.passphrase, secret.expose_secret().as_bytes(), AAD_PASSPHRASE) {
        Err(Error::WrongPassphrase) if looks_like_recovery_code(secret) => {
            open_recovery(&header.recovery, normalize_recovery(secret.expose_secret()).as_bytes())?
        }
        other => other?,
    };
    header.authenticate_unless_older(&key)
}

/// Whether `secret` has the shape of a recovery code (32 letters and digits of base 32, in any
/// grouping), so that one field can take either.
fn looks_like_recovery_code(secret: &SecretString) -> bool {
    let code = normalize_recovery(secret.expose_secret());
    code.len() == 32 && code.chars().all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c))
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
/// `header` must be the one `key` came from, authenticated by it: the public key the new key is
/// sealed to is the one her recovery code made, not one someone wrote into the file.
pub fn rekey_for_passphrase(header: &Header, key: &DataKey, new: &SecretString, params: KdfParams) -> Result<Unlocked> {
    check_passphrase(new)?;
    let public = header.recovery.public.as_deref().ok_or(Error::NewRecoveryCodeNeeded)?;
    header.authenticate(key)?;
    let key = DataKey::random();
    let recovery = Slot { wrapped: BASE64.encode(&seal(&key, &decode_public(public)?)?), ..header.recovery.clone() };
    let header = Header {
        format: FORMAT,
        key_id: new_key_id(),
        passphrase: wrap(&key, new.expose_secret().as_bytes(), params, AAD_PASSPHRASE)?,
        recovery,
        mac: None,
        attempts: Attempts::default(),
    }
    .sealed(&key);
    Ok(Unlocked { key, header })
}

/// Binds a header written before format 3 to the key that opened it, and writes it: done at
/// the first unlock that finds one, once the store has said it never had an authenticated
/// header (`session`), so a header cannot be "downgraded" to slip a field past the check.
pub fn upgrade(dir: &Path, unlocked: &mut Unlocked) -> Result<()> {
    if !unlocked.header.is_unauthenticated() {
        return Ok(());
    }
    let mut header = unlocked.header.clone();
    header.format = FORMAT;
    let header = header.sealed(&unlocked.key);
    write_header(dir, &header)?;
    unlocked.header = header;
    Ok(())
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
            // The secret was right; now the fields it did not cover must be the ones written
            // with this key. Refused before anything is opened or written.
            header.authenticate_unless_older(&key)?;
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

/// Counts a wrong try made elsewhere than at unlock (the restore screen, an import over her
/// vault, a check while unlocked) in the key file too, so that a restart does not forget it.
/// Nothing to count in when there is no key file.
pub fn count_failed_try(dir: &Path, now_ms: i64) -> Result<()> {
    let mut header = match read_header(dir) {
        Ok(header) => header,
        Err(Error::NoVault) => return Ok(()),
        Err(e) => return Err(e),
    };
    header.attempts.failed = header.attempts.failed.saturating_add(1);
    header.attempts.last_failed_ms = u64::try_from(now_ms).unwrap_or(0);
    write_header(dir, &header)
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
