//! Grot: private guidance and letters to read later.
//!
//! The core (`guide`, `error`) is plain Rust without Tauri; `commands` adapts it to IPC.
//! See ARCHITECTURE.md for the map and the invariants.

mod commands;
pub mod error;
pub mod guide;

/// Adds Grot's commands to a builder. Shared by the real app and the IPC tests, so both
/// exercise exactly the same handler.
pub fn app<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::guide_list,
        commands::guide_section,
        commands::guide_search,
        commands::guide_tips,
        commands::guide_phrases,
    ])
}

pub fn run() {
    app(tauri::Builder::default())
        .run(tauri::generate_context!())
        .expect("Grot could not start its window");
}
