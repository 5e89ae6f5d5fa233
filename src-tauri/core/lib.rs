//! Grot's core: private guidance and letters to read later, without a window.
//!
//! Layers, bottom up (ARCHITECTURE.md; `tests/integration/architecture.rs` fails on an import that goes up):
//! the base (`error`, `clock`, `files`, `text`, `harden`, `lang`); the domain (`vault`, `guide`, `store`
//! with its letters and settings, `tone`, `export`); and the orchestration (`rotation`, `backup`,
//! `session`). No Tauri: the adapters that know it (`desktop`, `away`, `spelling`, `ipc`, `app`) are
//! the app's crate, one level up, which Cargo keeps from being imported here.

pub mod backup;
pub mod clock;
pub mod error;
pub mod export;
pub mod files;
pub mod guide;
pub mod harden;
pub mod import;
pub mod lang;
pub mod rotation;
pub mod session;
pub mod store;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod text;
pub mod tone;
pub mod vault;
