//! Files written the careful way: a crash leaves the old file or the new one, never half of one;
//! temporary files have unpredictable names, are created exclusively (a planted symlink is never
//! followed) and readable by their owner only; a failure leaves nothing behind.

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
/// temporary file, which becomes `path` (mode 0600) only when complete. On any failure the
/// temporary file is removed, so no partial plaintext stays behind.
pub fn write_atomically_with(path: &Path, write: impl FnOnce(&mut File) -> std::io::Result<()>) -> Result<()> {
    let name = path.file_name().ok_or_else(|| Error::InvalidInput("no file name".into()))?;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    // tempfile: a random name, O_CREAT|O_EXCL (never through a symlink), mode 0600.
    let mut tmp =
        tempfile::Builder::new().prefix(&format!(".{}.", name.to_string_lossy())).suffix(".partial").tempfile_in(dir).map_err(Error::io)?;
    write(tmp.as_file_mut()).and_then(|_| tmp.as_file().sync_all()).map_err(Error::io)?;
    tmp.persist(path).map_err(|e| Error::io(e.error))?;
    sync_dir(dir)
}

/// The same, for plaintext she takes out of Grot (a folder she chose, not Grot's own): on Linux
/// the file is written without any name (`O_TMPFILE`) and linked in only when complete and on
/// disk, so a kill (`kill -9`, a power cut) mid-way leaves nothing of her letters behind, not
/// even a hidden `.partial` file. Where the file system has no unnamed files, as
/// [`write_atomically_with`].
pub fn write_whole_or_nothing(path: &Path, write: impl FnOnce(&mut File) -> std::io::Result<()>) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt as _;
        use std::os::unix::io::{AsRawFd as _, FromRawFd as _};
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let c_dir = std::ffi::CString::new(dir.as_os_str().as_bytes()).map_err(|_| Error::InvalidInput("a NUL in the path".into()))?;
        // SAFETY: a NUL-terminated path; the descriptor returned is owned by `file` at once.
        let fd = unsafe { libc::open(c_dir.as_ptr(), libc::O_TMPFILE | libc::O_WRONLY | libc::O_CLOEXEC, 0o600) };
        if fd >= 0 {
            // SAFETY: `fd` is a fresh descriptor that nothing else owns.
            let mut file = unsafe { File::from_raw_fd(fd) };
            write(&mut file).and_then(|()| file.sync_all()).map_err(Error::io)?;
            let c_path =
                std::ffi::CString::new(path.as_os_str().as_bytes()).map_err(|_| Error::InvalidInput("a NUL in the path".into()))?;
            let proc_path = std::ffi::CString::new(format!("/proc/self/fd/{}", file.as_raw_fd())).expect("no NUL");
            // SAFETY: both paths are NUL-terminated; linkat only reads them.
            let linked =
                unsafe { libc::linkat(libc::AT_FDCWD, proc_path.as_ptr(), libc::AT_FDCWD, c_path.as_ptr(), libc::AT_SYMLINK_FOLLOW) };
            if linked != 0 {
                let e = std::io::Error::last_os_error();
                if e.raw_os_error() != Some(libc::EEXIST) {
                    return Err(Error::io(e));
                }
                // She chose to replace a file of hers in the save dialog, which asked first:
                // the whole new file goes in under a random name, then over hers in one step.
                let tmp = tempfile::Builder::new().prefix(".grot.").tempfile_in(dir).map_err(Error::io)?.into_temp_path();
                std::fs::remove_file(&tmp).map_err(Error::io)?;
                let c_tmp = std::ffi::CString::new(tmp.as_os_str().as_bytes()).expect("no NUL");
                // SAFETY: as above.
                if unsafe { libc::linkat(libc::AT_FDCWD, proc_path.as_ptr(), libc::AT_FDCWD, c_tmp.as_ptr(), libc::AT_SYMLINK_FOLLOW) } != 0
                {
                    return Err(Error::io(std::io::Error::last_os_error()));
                }
                tmp.persist(path).map_err(|e| Error::io(e.error))?;
            }
            return sync_dir(dir);
        }
    }
    write_atomically_with(path, write)
}

/// Flushes a folder, so renames and removals in it survive a power cut.
pub fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(Error::io)
}

/// A folder readable by its owner only (other accounts on a shared laptop see nothing, not
/// even file names), created with that mode rather than narrowed afterwards.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(Error::io)?;
    // An existing folder loses what others may do, and keeps what she may: a folder she made
    // read-only stays so (and is then said to be, `CannotWrite`), never quietly undone.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir).map_err(Error::io)?.permissions().mode();
        if mode & 0o077 != 0 {
            fs::set_permissions(dir, fs::Permissions::from_mode(mode & 0o700)).map_err(Error::io)?;
        }
    }
    Ok(())
}

/// The data folder's lock file: held (an advisory `flock`) by the one process that may use the
/// folder, and let go by the kernel when that process ends, however it ends.
pub const LOCK_FILE: &str = "grot.lock";

/// Takes the data folder for this process: `Some(file)` to hold for as long as it uses the
/// folder, or `None` while another process (a second copy of the app) holds it.
pub fn lock_folder(dir: &Path) -> Result<Option<File>> {
    create_private_dir(dir)?;
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(dir.join(LOCK_FILE)).map_err(Error::io)?;
    match file.try_lock() {
        Ok(()) => {
            // The lock file may be writable in a folder that is not (or no longer): find out
            // now, not halfway through her first save. An unnamed file leaves nothing behind.
            tempfile::tempfile_in(dir).map_err(Error::io)?;
            Ok(Some(file))
        }
        Err(fs::TryLockError::WouldBlock) => Ok(None),
        Err(fs::TryLockError::Error(e)) => Err(Error::io(e)),
    }
}

/// SQLite says only "disk I/O error" when it cannot grow its shared-memory or WAL file on a
/// full disk: the folder's free space tells that apart from a failing disk.
pub fn when_full(dir: &Path, e: Error) -> Error {
    match e {
        Error::Storage(_) if no_space_left(dir) => Error::DiskFull,
        e => e,
    }
}

/// Whether the file system holding `dir` has less room than one SQLite page cache's worth.
#[cfg(not(unix))]
fn no_space_left(_dir: &Path) -> bool {
    false
}

#[cfg(unix)]
fn no_space_left(dir: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(path) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else { return false };
    let mut stat = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: `path` is a NUL-terminated string and `stat` is written by a successful call.
    if unsafe { libc::statvfs(path.as_ptr(), stat.as_mut_ptr()) } != 0 {
        return false;
    }
    let stat = unsafe { stat.assume_init() };
    // The casts are no-ops on 64-bit Linux, widening on 32-bit.
    #[allow(clippy::unnecessary_cast)]
    let free = (stat.f_bavail as u64).saturating_mul(stat.f_frsize as u64);
    free < 256 * 1024
}

/// Creates a new file readable by its owner only; fails if anything (a symlink too) is there.
pub fn create_private_file(path: &Path) -> Result<File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map_err(Error::io)
}

/// Reads a small file that someone else with her account may have replaced: only a regular
/// file (never through a symlink, never a FIFO or a device, which could block or never end) of
/// at most `cap` bytes. Anything else is `InvalidData`; a missing file is `NotFound`.
pub fn read_small(path: &Path, cap: u64) -> std::io::Result<Vec<u8>> {
    let too_large = |e: std::io::Error| if e.kind() == std::io::ErrorKind::FileTooLarge { invalid("too large") } else { e };
    read_opened(open_small(path, cap).map_err(too_large)?, cap).map_err(too_large)
}

/// Opens such a file for reading: a regular file, never through a symlink, without waiting on a
/// FIFO. A link or anything not a regular file is `InvalidData`, one over `cap` bytes
/// `FileTooLarge` (its caller may say so), a missing one `NotFound`.
pub fn open_small(path: &Path, cap: u64) -> std::io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    // No following a link, and no waiting on a FIFO's writer at open.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW | libc::O_NONBLOCK);
    let file = options.open(path).map_err(|e| if e.raw_os_error() == Some(libc::ELOOP) { invalid("a link") } else { e })?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(invalid("not a regular file"));
    }
    if meta.len() > cap {
        return Err(std::io::Error::new(std::io::ErrorKind::FileTooLarge, "too large"));
    }
    Ok(file)
}

/// The bytes of a file [`open_small`] opened, bounded again while reading: it may have grown
/// after its size was read (`FileTooLarge` then).
pub fn read_opened(file: File, cap: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let mut bytes = Vec::with_capacity(file.metadata()?.len().min(cap) as usize);
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Err(std::io::Error::new(std::io::ErrorKind::FileTooLarge, "too large"));
    }
    Ok(bytes)
}

fn invalid(why: &'static str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, why)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_small_file_is_read_only_when_it_is_a_small_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("appearance.json");
        fs::write(&path, b"{}").unwrap();
        assert_eq!(read_small(&path, 16).unwrap(), b"{}");
        fs::write(&path, vec![b' '; 17]).unwrap();
        assert_eq!(read_small(&path, 16).unwrap_err().kind(), std::io::ErrorKind::InvalidData);
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        assert_eq!(read_small(&link, 1024).unwrap_err().kind(), std::io::ErrorKind::InvalidData);
        // A FIFO with no writer: answered at once, never a wait.
        let fifo = dir.path().join("fifo");
        let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        assert_eq!(read_small(&fifo, 1024).unwrap_err().kind(), std::io::ErrorKind::InvalidData);
        assert_eq!(read_small(dir.path(), 1024).unwrap_err().kind(), std::io::ErrorKind::InvalidData);
        assert_eq!(read_small(&dir.path().join("none"), 1024).unwrap_err().kind(), std::io::ErrorKind::NotFound);
    }

    #[test]
    fn replaces_the_whole_file_and_leaves_no_partial() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("brief.md");
        write_atomically(&path, b"eerste").unwrap();
        write_atomically(&path, "tweede, één".as_bytes()).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "tweede, één");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn her_take_out_appears_whole_or_not_at_all_and_nothing_hidden_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("brieven.zip");
        // Half written, then a failure: nothing at all in the folder, not even a hidden file.
        let err = write_whole_or_nothing(&path, |file| {
            file.write_all(b"de helft van haar brieven")?;
            Err(std::io::Error::other("the disk went away"))
        });
        assert!(err.is_err());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0, "nothing left behind");
        write_whole_or_nothing(&path, |file| file.write_all(b"alle brieven")).unwrap();
        // Over a file she chose to replace: the new one whole, nothing beside it.
        write_whole_or_nothing(&path, |file| file.write_all(b"alle brieven, nieuw")).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"alle brieven, nieuw");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["brieven.zip"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }

    #[test]
    fn a_failed_write_leaves_no_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("brief.md");
        let err = write_atomically_with(&path, |file| {
            file.write_all(b"half a letter")?;
            Err(std::io::Error::other("disk went away"))
        });
        assert!(err.is_err());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0, "nothing left behind");
    }

    #[test]
    fn one_holder_of_the_folder_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock_folder(dir.path()).unwrap().expect("the first takes it");
        assert!(lock_folder(dir.path()).unwrap().is_none(), "a second open of the lock file is refused");
        drop(first);
        assert!(lock_folder(dir.path()).unwrap().is_some(), "free again once the holder lets go");
    }

    #[cfg(unix)]
    #[test]
    fn a_planted_symlink_is_never_followed_and_files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, b"untouched").unwrap();
        // The names earlier builds used for their temporary file, planted in advance.
        for planted in [".brief.md.partial", ".brief.md.tmp"] {
            std::os::unix::fs::symlink(&victim, dir.path().join(planted)).unwrap();
        }
        let path = dir.path().join("brief.md");
        write_atomically(&path, b"lieve jan").unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"untouched");
        assert_eq!(fs::read(&path).unwrap(), b"lieve jan");
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        // Every temporary name is new: two writes never use the same one.
        assert!(fs::symlink_metadata(dir.path().join(".brief.md.partial")).unwrap().file_type().is_symlink());
        let file = create_private_file(&dir.path().join("new")).unwrap();
        assert_eq!(file.metadata().unwrap().permissions().mode() & 0o777, 0o600);
        assert!(create_private_file(&dir.path().join(".brief.md.partial")).is_err(), "never through a symlink");
    }
}
