//! The Tauri commands: thin adapters that parse arguments and call the session or the core, one
//! module per domain. No logic lives here. The list of commands, with their types, is
//! `surface.rs`; `contract` turns it into the page's typed bindings.

use serde::Serialize;

// First: the modules below use the list.
include!("surface.rs");

pub mod contract;
mod files;
mod guide;
mod letters;
mod lock;
mod page;
mod settings;

pub use lock::Screen;
pub use page::PageCall;

macro_rules! names {
    ($($module:ident { $($mode:tt $command:ident [$($given:ident),*] ($($arg:ident: $ty:ty $(as $wire:ty)?),*) -> $answer:ty;)+ })+) => {
        &[$($(stringify!($command)),+),+]
    };
}

macro_rules! handler {
    ($($module:ident { $($mode:tt $command:ident [$($given:ident),*] ($($arg:ident: $ty:ty $(as $wire:ty)?),*) -> $answer:ty;)+ })+) => {
        tauri::generate_handler![$($($module::$command),+),+]
    };
}

/// Every command, in the order of `surface.rs`.
pub const COMMANDS: &[&str] = ipc_surface!(names);

/// The invoke handler for exactly the commands of `surface.rs`.
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    ipc_surface!(handler)
}

/// The list against the code: for each command, a function with exactly the declared arguments
/// that calls the adapter and answers the declared type. Never called; if an adapter takes or
/// answers other than `surface.rs` says, this does not compile.
#[allow(dead_code, unreachable_code, unused_variables, clippy::diverging_sub_expression)]
mod declared {
    use super::contract::types::*;

    macro_rules! given {
        (session) => {{
            let session: tauri::State<'static, crate::session::Session> = unreachable!();
            session
        }};
        (app) => {{
            let app: tauri::AppHandle<tauri::Wry> = unreachable!();
            app
        }};
    }

    macro_rules! answer {
        (sync, $call:expr) => {
            $call
        };
        (async, $call:expr) => {
            $call.await
        };
    }

    macro_rules! checks {
        ($($module:ident { $($mode:tt $command:ident [$($given:ident),*] ($($arg:ident: $ty:ty $(as $wire:ty)?),*) -> $answer:ty;)+ })+) => {
            $($(
                async fn $command($($arg: $ty),*) -> crate::error::Result<$answer> {
                    answer!($mode, super::$module::$command($(given!($given),)* $($arg),*))
                }
            )+)+
        };
    }

    ipc_surface!(checks);
}

/// The limits the UI checks before it calls (the backend checks them again), written into
/// `ui/lib/commands.js` so they are never copied by hand.
#[derive(Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Limits {
    pub max_body_bytes: usize,
    pub max_title_chars: usize,
    pub max_recipient_chars: usize,
    pub max_seq: i64,
    pub min_passphrase_chars: usize,
    pub text_steps: u8,
    pub autolock_minutes: [u32; 2],
    pub handover_lock_minutes: [u32; 2],
    /// The reading time a letter shows: its words at this pace.
    pub words_per_minute: u32,
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
    words_per_minute: crate::store::letters::WORDS_PER_MINUTE,
};
