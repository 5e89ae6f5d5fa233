//! Declares the app's commands (so only those a capability lists are callable) and embeds
//! every guide under `content/` into the binary.

use std::fmt::Write as _;
use std::path::Path;

/// Every command the UI may call. Keep in step with `capabilities/main.json` and
/// `commands.rs`; the IPC tests check all three agree.
const COMMANDS: &[&str] = &[
    "app_painted",
    "guide_list",
    "guide_section",
    "guide_search",
    "guide_tips",
    "guide_phrases",
    "guide_templates",
    "session_status",
    "vault_begin_setup",
    "vault_confirm_setup",
    "vault_unlock",
    "vault_unlock_recovery",
    "vault_change_passphrase",
    "vault_new_recovery_begin",
    "vault_new_recovery_confirm",
    "vault_restore_key_file",
    "vault_restore_store",
    "session_lock",
    "session_touch",
    "app_quit",
    "letter_save",
    "letter_get",
    "letter_list",
    "letter_trash",
    "letter_delete",
    "letter_restore",
    "letter_purge",
    "letter_search",
    "letter_revisions",
    "letter_revision",
    "letter_restore_revision",
    "letter_snapshot",
    "letter_seal",
    "letter_open_early",
    "tone_check",
    "handover_start",
    "handover_letter",
    "handover_leave",
    "settings_get",
    "settings_set",
    "bookmark_list",
    "bookmark_set",
    "letter_export",
    "backup_status",
    "backup_export",
    "backup_import",
];

fn main() {
    embed_content();
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build step failed");
}

/// Writes `$OUT_DIR/content.rs`: a static list of (relative path, text) for every
/// `content/<guide>/<lang>.md`, so a new guide is picked up by dropping its files in.
fn embed_content() {
    let root = Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")).join("content");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    for guide in std::fs::read_dir(&root).expect("content/ is missing") {
        let guide = guide.expect("unreadable content/ entry").path();
        if !guide.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&guide).expect("unreadable guide folder") {
            let file = file.expect("unreadable guide file").path();
            if file.extension().is_some_and(|e| e == "md") {
                files.push(file);
            }
        }
    }
    files.sort();
    let mut out = String::from("pub static FILES: &[(&str, &str)] = &[\n");
    for file in &files {
        let rel = file.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        writeln!(out, "    ({rel:?}, include_str!({:?})),", file.display().to_string()).unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("content.rs");
    std::fs::write(dest, out).expect("cannot write content.rs");
}
