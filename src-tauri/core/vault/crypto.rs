//! The primitives: Argon2id derivation, XChaCha20-Poly1305 wrapping, the sealed box to the
//! recovery code, and the recovery code's written form.

use super::*;

pub(super) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes).expect("the operating system has no randomness");
    bytes
}

pub(super) fn new_key_id() -> String {
    HEXLOWER.encode(&random_bytes::<16>())
}

pub(super) fn derive(secret: &[u8], salt: &[u8], params: KdfParams) -> Result<Zeroizing<[u8; KEY_LEN]>> {
    let argon = Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(params.m_kib, params.t, params.p, Some(KEY_LEN)).map_err(|e| Error::Vault(format!("kdf parameters: {e}")))?,
    );
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    argon.hash_password_into(secret, salt, out.as_mut()).map_err(|e| Error::Vault(format!("kdf: {e}")))?;
    Ok(out)
}

pub(super) fn wrap(key: &DataKey, secret: &[u8], params: KdfParams, aad: &[u8]) -> Result<Slot> {
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
pub(super) fn recovery_secret(code: &[u8], salt: &[u8], params: KdfParams) -> Result<crypto_box::SecretKey> {
    let seed = derive(code, salt, params)?;
    Ok(crypto_box::SecretKey::from_bytes(*seed))
}

pub(super) fn seal(key: &DataKey, public: &crypto_box::PublicKey) -> Result<Vec<u8>> {
    public.seal(&mut crypto_box::aead::OsRng, key.expose()).map_err(|_| Error::Vault("cannot seal the key".into()))
}

pub(super) fn decode_public(public: &str) -> Result<crypto_box::PublicKey> {
    let bytes: [u8; KEY_LEN] = BASE64.decode(public.as_bytes()).ok().and_then(|b| b.try_into().ok()).ok_or(Error::KeyDamaged)?;
    Ok(crypto_box::PublicKey::from_bytes(bytes))
}

pub(super) fn seal_to_new_code(key: &DataKey, code: &str, params: KdfParams) -> Result<Slot> {
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

pub(super) fn decode(s: &str) -> Result<Vec<u8>> {
    BASE64.decode(s.as_bytes()).map_err(|_| Error::KeyDamaged)
}

pub(super) fn open_recovery(slot: &Slot, code: &[u8]) -> Result<DataKey> {
    if slot.public.is_none() {
        return unwrap(slot, code, AAD_RECOVERY);
    }
    check_kdf(slot)?;
    let secret = recovery_secret(code, &decode(&slot.salt)?, slot.params)?;
    let plain = Zeroizing::new(secret.unseal(&decode(&slot.wrapped)?).map_err(|_| Error::WrongPassphrase)?);
    DataKey::from_slice(&plain)
}

pub(super) fn check_kdf(slot: &Slot) -> Result<()> {
    if slot.kdf != "argon2id" {
        return Err(Error::Vault(format!("unknown kdf {:?}", slot.kdf)));
    }
    Ok(())
}

pub(super) fn unwrap(slot: &Slot, secret: &[u8], aad: &[u8]) -> Result<DataKey> {
    check_kdf(slot)?;
    let (salt, nonce, wrapped) = (decode(&slot.salt)?, decode(&slot.nonce)?, decode(&slot.wrapped)?);
    if nonce.len() != 24 {
        return Err(Error::KeyDamaged);
    }
    let kek = derive(secret, &salt, slot.params)?;
    let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
    let plain =
        Zeroizing::new(cipher.decrypt(XNonce::from_slice(&nonce), Payload { msg: &wrapped, aad }).map_err(|_| Error::WrongPassphrase)?);
    DataKey::from_slice(&plain)
}

/// Groups of four, easy to copy by hand: `ABCD-EFGH-…`.
pub(super) fn format_recovery(code: &str) -> String {
    code.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join("-")
}

/// Upper case, without spaces or dashes, and the digits people type for look-alike letters.
pub(super) fn normalize_recovery(code: &str) -> Zeroizing<String> {
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
    pub(super) fn min(self, other: KdfParams) -> KdfParams {
        KdfParams { m_kib: self.m_kib.min(other.m_kib), t: self.t.min(other.t), p: self.p.min(other.p) }
    }
}
