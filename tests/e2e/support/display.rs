//! Each test's own X display, so tests run side by side and no window takes another test's
//! focus. Whatever talks to X (the app through tauri-driver, xdotool, xclip, xwininfo, import)
//! is pointed at it through [`on_display`] or [`display`]. Every test runs on a thread of its own
//! (libtest's), and the server ends with it.

use std::cell::{OnceCell, RefCell};
use std::ffi::OsStr;
use std::process::Command;

use grot_testsupport::xvfb::Xvfb;

thread_local! {
    static SERVER: OnceCell<Xvfb> = const { OnceCell::new() };
    /// A display lent to a blocking thread by its test ([`off_thread`]).
    static LENT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// This test's display (`:N`), started on first use.
pub fn display() -> String {
    if let Some(lent) = LENT.with(|lent| lent.borrow().clone()) {
        return lent;
    }
    SERVER.with(|server| server.get_or_init(Xvfb::start).name())
}

/// Runs `f` on a blocking thread (to answer a native dialog while the page waits for it), on this
/// test's display.
pub async fn off_thread<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let display = display();
    tokio::task::spawn_blocking(move || {
        LENT.with(|lent| *lent.borrow_mut() = Some(display));
        f()
    })
    .await
    .expect("the blocking step panicked")
}

/// `program`, to be run on this test's display.
pub fn on_display(program: impl AsRef<OsStr>) -> Command {
    let mut command = Command::new(program);
    command.env("DISPLAY", display());
    command
}
