//! The reverse channel: what the backend calls in the page. Declared here once, so the page's
//! contract (`ui/lib/contract.d.ts`) lists exactly these, and `app.rs` calls nothing else.

/// A function of the page's `window` the backend calls with `webview.eval`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageCall {
    /// The session locked from the backend (idle, away, panic): the page reloads to the gate.
    Locked,
    /// She walked away (sleep, a screen lock): the page saves and locks.
    Away,
    /// The window is closing: the page saves, then calls `app_quit`.
    BeforeQuit,
}

impl PageCall {
    pub const ALL: [PageCall; 3] = [PageCall::Locked, PageCall::Away, PageCall::BeforeQuit];

    /// The name of the function on the page's `window`.
    pub fn function(self) -> &'static str {
        match self {
            PageCall::Locked => "grotLocked",
            PageCall::Away => "grotAway",
            PageCall::BeforeQuit => "grotBeforeQuit",
        }
    }

    /// The script that calls it, if the page has it (a page still loading may not).
    pub fn script(self) -> String {
        let f = self.function();
        format!("window.{f} && window.{f}()")
    }
}
