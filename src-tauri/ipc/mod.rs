//! The Tauri commands: thin adapters that parse arguments and call the session or the core, one
//! module per domain. No logic lives here. The list of commands is `surface.rs`.

use serde::Serialize;

mod files;
mod guide;
mod letters;
mod lock;
mod settings;

include!("surface.rs");

macro_rules! names {
    ($($module:ident: $($command:ident),+;)+) => {
        &[$($(stringify!($command)),+),+]
    };
}

macro_rules! handler {
    ($($module:ident: $($command:ident),+;)+) => {
        tauri::generate_handler![$($($module::$command),+),+]
    };
}

/// Every command, in the order of `surface.rs`.
pub const COMMANDS: &[&str] = ipc_surface!(names);

/// The invoke handler for exactly the commands of `surface.rs`.
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    ipc_surface!(handler)
}

/// The limits the UI checks before it calls (the backend checks them again), written into
/// `ui/lib/commands.js` so they are never copied by hand.
#[derive(Debug, Serialize)]
pub struct Limits {
    pub max_body_bytes: usize,
    pub max_title_chars: usize,
    pub max_recipient_chars: usize,
    pub max_seq: i64,
    pub min_passphrase_chars: usize,
    pub text_steps: u8,
    pub autolock_minutes: [u32; 2],
    pub handover_lock_minutes: [u32; 2],
}

pub const LIMITS: Limits = Limits {
    max_body_bytes: crate::text::MAX_BODY_BYTES,
    max_title_chars: crate::store::letters::MAX_TITLE_CHARS,
    max_recipient_chars: crate::store::letters::MAX_RECIPIENT_CHARS,
    max_seq: crate::store::letters::MAX_SEQ,
    min_passphrase_chars: crate::vault::MIN_PASSPHRASE_CHARS,
    text_steps: crate::store::settings::TEXT_STEPS,
    autolock_minutes: [*crate::store::settings::AUTOLOCK_RANGE.start(), *crate::store::settings::AUTOLOCK_RANGE.end()],
    handover_lock_minutes: [*crate::store::settings::HANDOVER_LOCK_RANGE.start(), *crate::store::settings::HANDOVER_LOCK_RANGE.end()],
};
