//! Zip files, both ways: a take-out written as one `.zip`, and a zip read back (Grot's, or Day
//! One's). Reading trusts nothing the archive says about itself: every entry's name must stay
//! inside the archive (no `..`, no absolute path), and no entry is read past a cap, whatever
//! size it claims, so a zip bomb is refused after the cap, not after the disk or memory is full.

use std::fs::File;
use std::io::{Read as _, Write as _};
use std::path::Path;

use zip::write::SimpleFileOptions;

use crate::error::{Error, Result};

/// An archive of hers is at most this large on disk.
pub const MAX_ARCHIVE_BYTES: u64 = super::MAX_TOTAL_BYTES;

/// A zip opened for reading, its names checked.
pub struct Archive {
    zip: zip::ZipArchive<File>,
    /// Every entry's name, by index; a folder's ends with `/`.
    pub names: Vec<String>,
    /// Bytes read out of it so far, against [`super::MAX_TOTAL_BYTES`].
    unpacked: u64,
}

impl Archive {
    /// Opens a zip: a regular file (never through a link) of at most [`MAX_ARCHIVE_BYTES`],
    /// at most [`super::MAX_LETTERS`] entries, every name inside the archive.
    pub fn open(path: &Path) -> Result<Archive> {
        Archive::from_file(open_file(path)?)
    }

    /// The same, from a file [`open_file`] opened.
    pub fn from_file(file: File) -> Result<Archive> {
        let mut zip = zip::ZipArchive::new(file).map_err(|_| Error::NotThatFormat("not a zip file".into()))?;
        if zip.len() > super::MAX_LETTERS {
            return Err(Error::TooMuch(format!("a zip of more than {} entries", super::MAX_LETTERS)));
        }
        let mut names = Vec::with_capacity(zip.len());
        for i in 0..zip.len() {
            let entry = zip.by_index_raw(i).map_err(|_| Error::NotThatFormat("a damaged zip".into()))?;
            let name = entry.name().map_err(|_| Error::NotThatFormat("an entry name that does not read".into()))?.to_string();
            // Nothing is unpacked to disk, but a name that would leave the folder says what the
            // archive is for.
            if entry.enclosed_name().is_none() || name.starts_with('/') || name.contains('\\') {
                return Err(Error::UnsafeArchive("an entry whose name leads outside the archive".into()));
            }
            names.push(name);
        }
        Ok(Archive { zip, names, unpacked: 0 })
    }

    /// The bytes of entry `i`, refused past `cap` (whatever size the entry claims) or once the
    /// archive has given out [`super::MAX_TOTAL_BYTES`] in all.
    pub fn read(&mut self, i: usize, cap: u64) -> Result<Vec<u8>> {
        let entry = self.zip.by_index(i).map_err(|_| Error::NotThatFormat("a damaged zip".into()))?;
        let mut bytes = Vec::new();
        entry.take(cap + 1).read_to_end(&mut bytes).map_err(|_| Error::NotThatFormat("a damaged zip".into()))?;
        self.unpacked += bytes.len() as u64;
        if bytes.len() as u64 > cap || self.unpacked > super::MAX_TOTAL_BYTES {
            return Err(Error::UnsafeArchive(format!(
                "unpacks to more than {cap} bytes for one entry, or {} in all",
                super::MAX_TOTAL_BYTES
            )));
        }
        Ok(bytes)
    }
}

/// A regular file of at most [`MAX_ARCHIVE_BYTES`], opened without following a link and
/// without waiting on a FIFO.
pub fn open_file(path: &Path) -> Result<File> {
    super::open(path, MAX_ARCHIVE_BYTES)
}

/// Writes `files` (name, text) into a new zip at `path`, inside one folder named `folder`, each
/// entry dated `taken_ms`: the file appears only when complete (a failure leaves nothing), and
/// is hers alone to read (0600).
pub fn write(path: &Path, folder: &str, files: &[(String, String)], taken_ms: i64) -> Result<()> {
    let when = zip_time(taken_ms);
    crate::files::write_whole_or_nothing(path, |file| {
        let mut zip = zip::ZipWriter::new(file);
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(when)
            .unix_permissions(0o600);
        for (name, text) in files {
            zip.start_file(format!("{folder}/{name}"), options).map_err(std::io::Error::other)?;
            zip.write_all(text.as_bytes())?;
        }
        zip.finish().map_err(std::io::Error::other)?;
        Ok(())
    })
}

/// A moment as a zip's date (UTC; a zip has no zone, and none before 1980).
fn zip_time(ms: i64) -> zip::DateTime {
    let at = jiff::Timestamp::from_millisecond(ms).unwrap_or(jiff::Timestamp::UNIX_EPOCH).to_zoned_datetime(jiff::tz::TimeZone::UTC);
    let year = u16::try_from(at.year()).unwrap_or(1980);
    zip::DateTime::from_date_and_time(year, at.month() as u8, at.day() as u8, at.hour() as u8, at.minute() as u8, at.second() as u8)
        .unwrap_or_default()
}
