//! Hardening the process the way password managers do: no core dumps (a dump would hold the
//! key and decrypted pages), no same-user debugger, files private to their owner, and the data
//! key kept out of swap. Base layer: plain Rust over `libc`, no Tauri.

/// Called first thing in `run()`, before any thread or WebKit process exists, so that every
/// child inherits the core limit and the file mode mask.
pub fn harden_process() {
    #[cfg(unix)]
    // SAFETY: plain system calls on this process with valid arguments; none touches Rust memory.
    unsafe {
        let none = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        libc::setrlimit(libc::RLIMIT_CORE, &none);
        // Only the owner may read what the app creates (exports, backups, WebKit's files).
        libc::umask(0o077);
    }
    #[cfg(target_os = "linux")]
    // SAFETY: as above. Not dumpable also means no same-user ptrace and a root-owned /proc entry.
    unsafe {
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

/// Keeps `len` bytes at `ptr` in RAM (never swapped out). Best effort: where the limit on locked
/// memory is used up, or on platforms without `mlock`, the key is still zeroed on drop.
pub fn lock_memory(ptr: *const u8, len: usize) {
    #[cfg(unix)]
    // SAFETY: mlock only reads the address range, which the caller owns for `len` bytes.
    unsafe {
        libc::mlock(ptr.cast(), len);
    }
    #[cfg(not(unix))]
    let _ = (ptr, len);
}

pub fn unlock_memory(ptr: *const u8, len: usize) {
    #[cfg(unix)]
    // SAFETY: as for `lock_memory`.
    unsafe {
        libc::munlock(ptr.cast(), len);
    }
    #[cfg(not(unix))]
    let _ = (ptr, len);
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn no_core_dumps_and_no_debugger() {
        harden_process();
        // SAFETY: reading this process's own limits and flags.
        unsafe {
            let mut limit = libc::rlimit { rlim_cur: 1, rlim_max: 1 };
            assert_eq!(libc::getrlimit(libc::RLIMIT_CORE, &mut limit), 0);
            assert_eq!((limit.rlim_cur, limit.rlim_max), (0, 0));
            assert_eq!(libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
        }
    }

    #[test]
    fn a_key_page_is_locked_in_memory() {
        let key = Box::new([7u8; 32]);
        lock_memory(key.as_ptr(), key.len());
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let locked: u64 = status.lines().find(|l| l.starts_with("VmLck:")).unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
        assert!(locked >= 4, "VmLck {locked} kB");
        unlock_memory(key.as_ptr(), key.len());
    }
}
