//! The header on disk: parsed strictly, written atomically and privately.

use super::*;

/// The largest header read (a real one is about 1 KB).
pub const MAX_HEADER_BYTES: u64 = 64 * 1024;

/// The most Argon2id may be asked for by a header: four times what Grot writes, so a raised
/// cost in a later version still opens, while a file someone wrote cannot make an unlock take
/// gigabytes or minutes.
const MAX_KDF: KdfParams = KdfParams { m_kib: 4 * KdfParams::PASSPHRASE.m_kib, t: 4 * KdfParams::PASSPHRASE.t, p: 4 };

/// Parses a header from its bytes; anything malformed is a damaged header, never a panic.
pub fn parse_header(bytes: &[u8]) -> Result<Header> {
    let header: Header = serde_json::from_slice(bytes).map_err(|_| Error::KeyDamaged)?;
    if !FORMATS_READ.contains(&header.format) {
        return Err(Error::Vault(format!("header format {} is newer than this app", header.format)));
    }
    for slot in [&header.passphrase, &header.recovery] {
        let KdfParams { m_kib, t, p } = slot.params;
        // Argon2's own floor (8 KiB per lane), and the ceiling above.
        if !(1..=MAX_KDF.p).contains(&p) || !(1..=MAX_KDF.t).contains(&t) || m_kib < 8 * p || m_kib > MAX_KDF.m_kib {
            return Err(Error::KeyDamaged);
        }
    }
    Ok(header)
}

pub fn read_header_at(path: &Path) -> Result<Header> {
    match crate::files::read_small(path, MAX_HEADER_BYTES) {
        Ok(bytes) => parse_header(&bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::NoVault),
        // Not a regular file, or far too large: not a header Grot wrote.
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => Err(Error::KeyDamaged),
        Err(e) => Err(Error::io(e)),
    }
}

pub(super) fn read_header(dir: &Path) -> Result<Header> {
    read_header_at(&header_path(dir))
}

/// The header as it is written to a file (and into a backup archive).
pub fn header_bytes(header: &Header) -> Vec<u8> {
    serde_json::to_vec_pretty(header).expect("header serializes")
}

/// A crash leaves either the old header or the new one, never half of one.
pub fn write_header_at(path: &Path, header: &Header) -> Result<()> {
    crate::files::write_atomically(path, &header_bytes(header))
}

pub(super) fn write_header(dir: &Path, header: &Header) -> Result<()> {
    write_header_at(&header_path(dir), header)
}
