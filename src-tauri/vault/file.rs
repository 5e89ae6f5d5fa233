//! The header on disk: parsed strictly, written atomically and privately.

use super::*;

/// Parses a header from its bytes; anything malformed is a damaged header, never a panic.
pub fn parse_header(bytes: &[u8]) -> Result<Header> {
    let header: Header = serde_json::from_slice(bytes).map_err(|_| Error::KeyDamaged)?;
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

pub(super) fn read_header(dir: &Path) -> Result<Header> {
    read_header_at(&header_path(dir))
}

/// A crash leaves either the old header or the new one, never half of one.
pub fn write_header_at(path: &Path, header: &Header) -> Result<()> {
    let text = serde_json::to_vec_pretty(header).expect("header serializes");
    crate::files::write_atomically(path, &text)
}

pub(super) fn write_header(dir: &Path, header: &Header) -> Result<()> {
    write_header_at(&header_path(dir), header)
}
