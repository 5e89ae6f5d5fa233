//! The one error type of the app. It reaches the UI as `{ "code": "...", "message": "..." }`
//! (plus `retry_ms` for `too_soon`, `until_ms` for `sealed`); the UI translates by `code` (see `ui/i18n/*.json`, key
//! `errors.<code>`), and `message` is a plain English detail for developers. Messages never
//! contain letter text, passphrases or keys.

use serde::ser::{Serialize, SerializeStruct, Serializer};

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The variants are the code table: each one's stable code is its name in snake_case
/// (`strum`), from which both [`Error::code`] and [`Error::CODES`] come.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq, strum::IntoStaticStr, strum::VariantNames)]
#[strum(serialize_all = "snake_case")]
pub enum Error {
    /// A guide, section, letter or other item that the caller named does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The caller sent something the app cannot accept (unknown language, bad id, ...).
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// The request is well formed but the state refuses it now (no setup in progress, the
    /// letter is in the trash, lock first, nothing is missing to restore, ...).
    #[error("not now: {0}")]
    Precondition(String),
    /// The embedded guidance failed to parse; a build that ships this is broken.
    #[error("content error: {0}")]
    Content(String),
    /// The app is locked: everything private waits for the passphrase.
    #[error("locked")]
    Locked,
    #[error("wrong passphrase")]
    WrongPassphrase,
    #[error("wrong recovery code")]
    WrongRecoveryCode,
    /// Too many wrong tries; the next one is accepted after `retry_ms`.
    #[error("too many tries; wait {retry_ms} ms")]
    TooSoon { retry_ms: u64 },
    #[error("passphrase too short")]
    WeakPassphrase,
    #[error("a vault already exists here")]
    VaultExists,
    #[error("no vault yet")]
    NoVault,
    /// The vault header is damaged or from a newer app.
    #[error("vault: {0}")]
    Vault(String),
    /// The disk is full: nothing was saved, earlier text is intact.
    #[error("disk full")]
    DiskFull,
    /// A letter over the size limit; nothing is cut, nothing is saved.
    #[error("too large: {0}")]
    TooLarge(String),
    /// The letter is sealed until `until_ms`; its text is not given out before then.
    #[error("sealed until {until_ms}")]
    Sealed { until_ms: i64 },
    /// Hand-over reading mode: only the handed-over letter can be read, and leaving needs the
    /// passphrase.
    #[error("hand-over mode")]
    #[strum(serialize = "handover")]
    HandOver,
    /// Reading or writing the store failed for another reason.
    #[error("storage: {0}")]
    Storage(String),
    /// The vault's key file (`vault.json`) is gone while her letters are still here: nothing
    /// may be set up or imported over them; the header can be put back from a backup.
    #[error("the key file is missing")]
    KeyMissing,
    /// The key file is here but the store (`grot.db`) is not: never created anew, offer a backup.
    #[error("the store is missing")]
    StoreMissing,
    /// The key file is there but unreadable (cut short, changed): put back a backup's copy.
    #[error("the key file is damaged")]
    KeyDamaged,
    /// The store does not open with the key her passphrase unwrapped: damaged, or from another
    /// key. Nothing is written over it; a backup can be put back.
    #[error("the store does not open with this key")]
    StoreDamaged,
    /// The file chosen for import is not a backup Grot made (or was changed since).
    #[error("not a Grot backup")]
    NotABackup,
    /// Another copy of the app holds the data folder: this one touches nothing in it.
    #[error("the data folder is in use by another copy of Grot")]
    InUse,
    /// The data folder cannot be written (a read-only disk, or a folder or file that is not
    /// hers to write): nothing was changed, her letters are as they were.
    #[error("cannot write there")]
    CannotWrite,
    /// A version-1 vault cannot rotate its key without a new recovery code.
    #[error("make a new recovery code first")]
    NewRecoveryCodeNeeded,
    /// Her passphrase opened the key file, but its other fields (the recovery code's public key,
    /// salts, parameters, key id) are not the ones written with her key: someone changed the
    /// file. Nothing is opened or moved; a backup can be put back.
    #[error("the key file was changed outside Grot")]
    KeyTampered,
    /// The letter is marked "only for me": it is never handed over, exported or shown in a
    /// conversation until she takes the mark off, with her passphrase.
    #[error("the letter is only for her")]
    OnlyForMe,
    /// What she chose to bring in is not the kind of export she named (or it is damaged, not
    /// UTF-8, empty, or holds a date Grot cannot keep): nothing was brought in.
    #[error("not that kind of file: {0}")]
    NotThatFormat(String),
    /// A zip that would unpack outside itself (`../`) or to far more than it holds (a zip
    /// bomb): refused before anything of it is kept.
    #[error("an unsafe archive: {0}")]
    UnsafeArchive(String),
    /// More than Grot brings in at once (a file over 64 MB, a zip over 1 GB, more than 100,000
    /// letters): nothing was brought in.
    #[error("too much to bring in: {0}")]
    TooMuch(String),
}

impl Error {
    /// The stable, machine-readable code the UI switches on.
    pub fn code(&self) -> &'static str {
        self.into()
    }

    /// Every code, for the tests that check each one has a translation.
    pub const CODES: &'static [&'static str] = <Error as strum::VariantNames>::VARIANTS;

    pub fn io(e: std::io::Error) -> Error {
        match e.raw_os_error() {
            Some(libc::ENOSPC | libc::EDQUOT) => Error::DiskFull,
            Some(libc::EROFS | libc::EACCES | libc::EPERM) => Error::CannotWrite,
            _ => Error::Storage(e.kind().to_string()),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        use rusqlite::ffi::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => Error::DiskFull,
            Some(ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => Error::CannotWrite,
            // A page whose HMAC does not match (a flipped bit, a cut file, another key's file):
            // SQLCipher says "not a database" on the first page, "malformed" on any other.
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => Error::StoreDamaged,
            // SQLite's own text names the failing operation, never the data in it.
            _ => Error::Storage(e.to_string()),
        }
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let extra = match self {
            Error::TooSoon { retry_ms } => Some(("retry_ms", *retry_ms as i64)),
            Error::Sealed { until_ms } => Some(("until_ms", *until_ms)),
            _ => None,
        };
        let mut s = serializer.serialize_struct("Error", 2 + usize::from(extra.is_some()))?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("message", &self.to_string())?;
        match extra {
            Some(("retry_ms", v)) => s.serialize_field("retry_ms", &v)?,
            Some((_, v)) => s.serialize_field("until_ms", &v)?,
            None => {}
        }
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_to_code_and_message() {
        let json = serde_json::to_value(Error::NotFound("section x".into())).unwrap();
        assert_eq!(json, serde_json::json!({"code": "not_found", "message": "not found: section x"}));
        let json = serde_json::to_value(Error::TooSoon { retry_ms: 2000 }).unwrap();
        assert_eq!(json["code"], "too_soon");
        assert_eq!(json["retry_ms"], 2000);
    }

    #[test]
    fn codes_lists_every_variant_once() {
        let all = [
            Error::NotFound(String::new()),
            Error::InvalidInput(String::new()),
            Error::Precondition(String::new()),
            Error::Content(String::new()),
            Error::Locked,
            Error::WrongPassphrase,
            Error::WrongRecoveryCode,
            Error::TooSoon { retry_ms: 0 },
            Error::WeakPassphrase,
            Error::VaultExists,
            Error::NoVault,
            Error::Vault(String::new()),
            Error::DiskFull,
            Error::TooLarge(String::new()),
            Error::Sealed { until_ms: 0 },
            Error::HandOver,
            Error::Storage(String::new()),
            Error::KeyMissing,
            Error::StoreMissing,
            Error::KeyDamaged,
            Error::StoreDamaged,
            Error::NotABackup,
            Error::InUse,
            Error::CannotWrite,
            Error::NewRecoveryCodeNeeded,
            Error::KeyTampered,
            Error::OnlyForMe,
            Error::NotThatFormat(String::new()),
            Error::UnsafeArchive(String::new()),
            Error::TooMuch(String::new()),
        ];
        let codes: Vec<&str> = all.iter().map(Error::code).collect();
        assert_eq!(codes, Error::CODES);
        // The contract with the UI and its translations: renaming a variant must not change these.
        let stable = [
            "not_found",
            "invalid_input",
            "precondition",
            "content",
            "locked",
            "wrong_passphrase",
            "wrong_recovery_code",
            "too_soon",
            "weak_passphrase",
            "vault_exists",
            "no_vault",
            "vault",
            "disk_full",
            "too_large",
            "sealed",
            "handover",
            "storage",
            "key_missing",
            "store_missing",
            "key_damaged",
            "store_damaged",
            "not_a_backup",
            "in_use",
            "cannot_write",
            "new_recovery_code_needed",
            "key_tampered",
            "only_for_me",
            "not_that_format",
            "unsafe_archive",
            "too_much",
        ];
        assert_eq!(codes, stable);
        let unique: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), codes.len());
    }

    #[test]
    fn a_full_disk_is_its_own_error() {
        assert_eq!(Error::io(std::io::Error::from_raw_os_error(28)), Error::DiskFull);
        assert_eq!(Error::io(std::io::Error::from_raw_os_error(libc::EIO)).code(), "storage");
    }

    #[test]
    fn a_folder_that_cannot_be_written_is_its_own_error() {
        for errno in [libc::EROFS, libc::EACCES, libc::EPERM] {
            assert_eq!(Error::io(std::io::Error::from_raw_os_error(errno)), Error::CannotWrite);
        }
    }
}
