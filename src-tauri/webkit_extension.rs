//! Grot's WebKit web-process extension. WebKitGTK loads it into every web process of Grot's
//! window (the window's web-extensions folder, `desktop::web_extensions_dir`) before any page:
//! it makes that process non-dumpable and without core dumps, as the app process is
//! (`harden::harden_process`). `execve` resets `PR_SET_DUMPABLE`, so the web process, which
//! holds the rendered letters and what she types (her passphrase too), would otherwise be
//! readable by anyone with her account through `/proc/PID/mem` or a debugger.
//!
//! Built on its own by `build.rs` (and `cargo xtask bundle` for the packages) with the same
//! `rustc`, as a `cdylib` with no dependencies: it only calls two functions of the C library.

use std::ffi::{c_int, c_void};

const PR_SET_DUMPABLE: c_int = 4;
const RLIMIT_CORE: c_int = 4;

#[repr(C)]
struct Rlimit {
    current: u64,
    max: u64,
}

extern "C" {
    fn prctl(option: c_int, ...) -> c_int;
    fn setrlimit(resource: c_int, limit: *const Rlimit) -> c_int;
}

/// Called by WebKit once, as the web process starts, before it loads any page.
#[no_mangle]
pub extern "C" fn webkit_web_extension_initialize(_extension: *mut c_void) {
    // SAFETY: plain system calls on this process with valid arguments.
    unsafe {
        setrlimit(RLIMIT_CORE, &Rlimit { current: 0, max: 0 });
        prctl(PR_SET_DUMPABLE, 0 as std::ffi::c_ulong);
    }
}
