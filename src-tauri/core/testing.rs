//! What the tests share, in one place: a passphrase, a secret from text, a letter id, a sample
//! draft, a new vault's key and an unlocked session. Built for the core's own unit tests and,
//! with the `testing` feature, for the app's integration and durability tests; never in the app.

use std::path::Path;

use secrecy::{ExposeSecret, SecretString};

use crate::session::Session;
use crate::store::letters::{Draft, LetterId};
use crate::vault::{self, DataKey, KdfParams};

/// The passphrase the tests set up their vaults with.
pub const PASS: &str = "correct horse battery";
/// A letter id the tests use when one letter is enough.
pub const ID: &str = "6f1c2a4e-8b1d-4c4e-9a36-0d2f5e7b9c01";

pub fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_string())
}

/// An id the test wrote itself, which is a UUID.
pub fn lid(id: &str) -> LetterId {
    LetterId::parse(id).unwrap()
}

/// A letter to save: titled "Brief", to "Hem".
pub fn sample_draft(id: &str, body: &str, seq: i64) -> Draft {
    Draft { id: lid(id), title: "Brief".into(), recipient: "Hem".into(), body: body.into(), seq }
}

/// A new vault in `dir` under [`PASS`] (cheap KDF parameters): its data key.
pub fn new_key(dir: &Path) -> DataKey {
    let pending = vault::begin(&secret(PASS), KdfParams::TEST).unwrap();
    let code = secret(pending.recovery_code().expose_secret());
    vault::confirm(dir, pending, &code).unwrap().key
}

/// A session set up with [`PASS`] in a folder of its own, unlocked: the folder, the session and
/// its recovery code.
pub fn unlocked() -> (tempfile::TempDir, Session, String) {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::new(dir.path().to_path_buf(), KdfParams::TEST);
    let code = session.begin_setup(&secret(PASS)).unwrap().expose_secret().to_string();
    session.confirm_setup(&secret(&code)).unwrap();
    (dir, session, code)
}
