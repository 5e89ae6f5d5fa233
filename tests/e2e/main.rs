//! End-to-end: the real built `grot` binary, driven through tauri-driver and WebKitWebDriver
//! the way a person uses it. Needs an X display (scripts/test starts Xvfb), `tauri-driver` and
//! `WebKitWebDriver`; a missing one fails the run with what to install. Screenshots of the main
//! screens land in `target/screenshots/`.

//!
//! One file per feature; the helpers are in `support.rs`.

mod accessibility;
mod answer;
mod away;
mod clipboard;
mod damaged;
mod dumpable;
mod export;
mod installed;
mod instances;
mod letters;
mod network;
mod privacy;
mod reader;
mod seal_and_handover;
mod spelling;
mod support;
mod tour;
mod writing;
/// One app at a time: windows on one X display compete for focus. (An async mutex: the guard
/// is held across the whole test.)
pub static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
