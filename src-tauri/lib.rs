//! Grot: private guidance and letters to read later. The desktop app: the adapters that know
//! Tauri, GTK and D-Bus, over the core (`grot_core`, `src-tauri/core/`), whose modules this
//! crate names as its own so both halves read `crate::session`, `crate::store` and so on.
//!
//! Layers, bottom up (ARCHITECTURE.md; `tests/integration/architecture.rs` fails on an import that
//! goes up): the core's; then `spelling` (which dictionaries); `desktop`, `away`; `ipc`; `app`.

pub use grot_core::{backup, clock, error, export, files, guide, harden, import, lang, rotation, session, store, text, tone, vault};

mod app;
pub mod away;
pub mod desktop;
pub mod ipc;
pub mod spelling;

pub use app::{app, run};
