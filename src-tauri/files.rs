//! Writing a file so that a crash leaves the old file or the new one, never half of one.

use std::fs::{self, File};
use std::io::Write as _;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` beside `path`, flushes them to disk, renames over `path`, and flushes the
/// folder so the rename itself survives a power cut.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomically_with(path, |file| file.write_all(bytes))
}

/// The same for content that is streamed (a backup archive can be large): `write` fills the
/// temporary file, which becomes `path` only when complete.
pub fn write_atomically_with(path: &Path, write: impl FnOnce(&mut File) -> std::io::Result<()>) -> Result<()> {
    let name = path.file_name().ok_or_else(|| Error::InvalidInput("no file name".into()))?;
    let tmp = path.with_file_name(format!(".{}.partial", name.to_string_lossy()));
    let mut file = File::create(&tmp).map_err(Error::io)?;
    if let Err(e) = write(&mut file).and_then(|_| file.sync_all()) {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io(e));
    }
    drop(file);
    fs::rename(&tmp, path).map_err(Error::io)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        File::open(dir).and_then(|d| d.sync_all()).map_err(Error::io)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_whole_file_and_leaves_no_partial() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("brief.md");
        write_atomically(&path, b"eerste").unwrap();
        write_atomically(&path, "tweede, één".as_bytes()).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "tweede, één");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
