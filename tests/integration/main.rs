//! The integration tests that need no display and no harness of their own, in one binary: each
//! test binary links the whole app with Tauri, so one link instead of five.
//!
//! - `architecture`: the invariants of ARCHITECTURE.md a grep can prove of the Rust;
//! - `page`: the page's invariants (no HTML parsed, nothing stored, strings, CSP, modules);
//! - `ipc`: every command through Tauri's IPC with the real capability;
//! - `backup`: backups, export and import, malicious archives;
//! - `contract`: the page's typed contract and the capability, generated from `src-tauri/ipc`;
//! - `content`: the guidance against its source;
//! - `deletions`: every place that deletes or replaces a file, against SECURITY.md's table;
//! - `practice`: letters from practice (only for me, his "not now", notices) through IPC;
//! - `pdf`: the typeset PDF read back with `pdftotext`;
//! - `packaging`: the packages' metadata against Cargo.toml and CHANGELOG.md.

mod architecture;
mod backup;
mod bad_input;
mod content;
mod contract;
mod deletions;
mod handover;
mod ipc;
mod packaging;
mod page;
mod pdf;
mod practice;
mod private_calls;
