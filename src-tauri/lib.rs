//! Grot: private guidance and letters to read later.
//!
//! Layers, bottom up (ARCHITECTURE.md; `tests/integration/architecture.rs` fails on an import that goes up):
//! the base (`error`, `clock`, `files`, `text`, `harden`, `lang`); the domain (`vault`, `guide`, `store`
//! with its letters and settings, `tone`, `export`); the orchestration (`rotation`, `backup`,
//! `session`); and the adapters that know Tauri (`desktop`, `ipc`, `app`), built with the `desktop`
//! feature (on by default; the fuzz targets build the core without it).

#[cfg(feature = "desktop")]
mod app;
#[cfg(feature = "desktop")]
pub mod away;
pub mod backup;
pub mod clock;
#[cfg(feature = "desktop")]
pub mod desktop;
pub mod error;
pub mod export;
pub mod files;
pub mod guide;
pub mod harden;
#[cfg(feature = "desktop")]
pub mod ipc;
pub mod lang;
pub mod rotation;
pub mod session;
#[cfg(feature = "desktop")]
pub mod spelling;
pub mod store;
pub mod text;
pub mod tone;
pub mod vault;

#[cfg(feature = "desktop")]
pub use app::{app, run};
