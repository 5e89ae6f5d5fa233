//! End-to-end: the real built `grot` binary, driven through tauri-driver and WebKitWebDriver
//! the way a person uses it. Needs `Xvfb` (each test starts its own display), `tauri-driver` and
//! `WebKitWebDriver`; a missing one fails the run with what to install. Screenshots of the main
//! screens land in `target/screenshots/`.
//!
//! One file per feature; the helpers are in `support/`. Each test has an X display of its own
//! (`support/display.rs`), so tests run side by side.

mod accessibility;
mod answer;
mod away;
mod clipboard;
mod damaged;
mod dumpable;
mod export;
mod feelings;
mod forms;
mod installed;
mod instances;
mod letters;
mod network;
mod practice;
mod privacy;
mod reader;
mod screen_reader;
mod seal_and_handover;
mod spelling;
mod support;
mod takeout;
mod tour;
mod writing;
