//! The header's public fields bound to the data key: HMAC-SHA-256 under a key HKDF derives from
//! the data key. Only someone holding the key (her passphrase or recovery code opened it) can
//! write a header that passes; the failed-try count is left out, as it must change without it.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::*;

const MAC_INFO: &[u8] = b"grot vault header mac v3";

/// What the MAC covers, in a fixed order: everything but the MAC and the count of failed tries.
#[derive(Serialize)]
struct Covered<'a> {
    format: u32,
    key_id: &'a str,
    passphrase: &'a Slot,
    recovery: &'a Slot,
}

fn mac_of(header: &Header, key: &DataKey) -> Hmac<Sha256> {
    let mut mac_key = Zeroizing::new([0u8; KEY_LEN]);
    hkdf::Hkdf::<Sha256>::new(None, key.expose()).expand(MAC_INFO, mac_key.as_mut()).expect("32 bytes is a valid HKDF length");
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(mac_key.as_ref()).expect("HMAC takes any key length");
    let covered = Covered { format: header.format, key_id: &header.key_id, passphrase: &header.passphrase, recovery: &header.recovery };
    mac.update(&serde_json::to_vec(&covered).expect("header fields serialize"));
    mac
}

impl Header {
    /// This header with its MAC under `key`.
    pub(super) fn sealed(mut self, key: &DataKey) -> Header {
        self.mac = Some(BASE64.encode(&mac_of(&self, key).finalize().into_bytes()));
        self
    }

    /// Whether every public field is as it was written with `key` (compared in constant time).
    /// A header without a MAC (an older format included), or with one that does not match, was
    /// not written with the key: [`Error::KeyTampered`].
    pub fn authenticate(&self, key: &DataKey) -> Result<()> {
        let tag = self.mac.as_deref().and_then(|m| BASE64.decode(m.as_bytes()).ok()).ok_or(Error::KeyTampered)?;
        mac_of(self, key).verify_slice(&tag).map_err(|_| Error::KeyTampered)
    }

    /// As [`Header::authenticate`], but a header from before format 3, just opened by her
    /// secret, passes as it is: the session binds it to the key (or refuses it) once it sees
    /// the store (`Session::open`). Only where a secret has just opened a header from disk.
    pub(super) fn authenticate_unless_older(&self, key: &DataKey) -> Result<()> {
        if self.is_unauthenticated() {
            return Ok(());
        }
        self.authenticate(key)
    }
}
