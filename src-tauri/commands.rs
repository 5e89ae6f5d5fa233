//! Tauri commands: thin adapters that parse arguments and call the core. No logic lives here.
//! Every command is declared in `build.rs` and allowed in `capabilities/main.json`.
//! Store work runs in `async` commands, off the UI thread.

use secrecy::{ExposeSecret, SecretString};
use tauri::{Manager, State};

use crate::error::{Error, Result};
use crate::guide::{self, GuideSummary, Lang, Phrase, SearchHit, SectionView, TipsView};
use crate::letters::{Draft, ExportFormat, ExportLabels, Letter, LetterHit, Revision, RevisionSummary, SaveAck, Sort, Summary};
use tauri_plugin_dialog::DialogExt;
use crate::clock::now_ms;
use crate::session::{Session, Status};
use crate::settings::{Bookmark, BookmarkKind, Settings};

// Guidance sits behind the lock too: a locked app shows nothing of its topic.

#[tauri::command]
pub fn guide_list(session: State<Session>, lang: &str) -> Result<Vec<GuideSummary>> {
    session.require_unlocked()?;
    Ok(guide::library()?.toc(lang.parse::<Lang>()?))
}

#[tauri::command]
pub fn guide_section(session: State<Session>, guide: &str, section: &str, lang: &str) -> Result<SectionView> {
    session.require_unlocked()?;
    guide::library()?.section(guide, section, lang.parse()?)
}

#[tauri::command]
pub fn guide_search(session: State<Session>, query: &str, lang: &str) -> Result<Vec<SearchHit>> {
    session.require_unlocked()?;
    guide::library()?.search(query, lang.parse()?)
}

#[tauri::command]
pub fn guide_tips(session: State<Session>, guide: &str, lang: &str) -> Result<TipsView> {
    session.require_unlocked()?;
    guide::library()?.tips(guide, lang.parse()?)
}

#[tauri::command]
pub fn guide_phrases(session: State<Session>, guide: &str, lang: &str) -> Result<Vec<Phrase>> {
    session.require_unlocked()?;
    guide::library()?.letter_phrases(guide, lang.parse()?)
}

#[tauri::command]
pub fn guide_templates(session: State<Session>, lang: &str) -> Result<Vec<guide::Template>> {
    session.require_unlocked()?;
    guide::templates(lang.parse()?)
}

// The lock.

#[tauri::command]
pub fn session_status(session: State<Session>) -> Status {
    session.status()
}

/// Screens whose painting the UI reports.
const SCREENS: [&str; 3] = ["gate", "reader", "letters"];

/// The UI has painted a screen (two animation frames after drawing it). With
/// `GROT_REPORT_PAINT` set, this says so on stdout, which is how the app-level benchmark times
/// start-up (BENCHMARKS.md). Only a name from a fixed list and a number are ever printed.
#[tauri::command(rename_all = "snake_case")]
pub fn app_painted(session: State<Session>, screen: &str, page_ms: Option<u32>) -> Result<()> {
    if session.status() == Status::Handover {
        return Err(Error::HandOver);
    }
    if !SCREENS.contains(&screen) {
        return Err(Error::InvalidInput("unknown screen".into()));
    }
    if std::env::var_os("GROT_REPORT_PAINT").is_some() {
        // With the page's own clock (ms since its navigation began), to tell the page's share.
        println!("painted {screen} {}", page_ms.unwrap_or(0));
    }
    Ok(())
}

#[tauri::command]
/// Answers the recovery code, the one time it is ever shown.
pub async fn vault_begin_setup(session: State<'_, Session>, passphrase: SecretString) -> Result<String> {
    session.begin_setup(&passphrase).map(|code| code.expose_secret().to_string())
}

#[tauri::command]
pub async fn vault_confirm_setup(session: State<'_, Session>, code: SecretString) -> Result<()> {
    session.confirm_setup(&code)
}

#[tauri::command]
pub async fn vault_unlock(session: State<'_, Session>, passphrase: SecretString) -> Result<()> {
    session.unlock(&passphrase)
}

#[tauri::command]
pub async fn vault_unlock_recovery(session: State<'_, Session>, code: SecretString) -> Result<()> {
    session.unlock_with_recovery(&code)
}

#[tauri::command]
pub async fn vault_change_passphrase(session: State<'_, Session>, old: SecretString, new: SecretString) -> Result<()> {
    session.change_passphrase(&old, &new)
}

/// A new recovery code, step one: her passphrase; answers the code, the one time it is shown.
#[tauri::command]
pub async fn vault_new_recovery_begin(session: State<'_, Session>, passphrase: SecretString) -> Result<String> {
    session.begin_new_recovery(&passphrase).map(|code| code.expose_secret().to_string())
}

/// Step two: the code typed back; the key rotates and the old code stops working.
#[tauri::command]
pub async fn vault_new_recovery_confirm(session: State<'_, Session>, code: SecretString) -> Result<()> {
    session.confirm_new_recovery(&code)
}

/// The key file is missing: puts back the one kept with the newest backup.
#[tauri::command]
pub async fn vault_restore_key_file(session: State<'_, Session>) -> Result<()> {
    session.restore_key_file()
}

/// The store is missing: puts back the newest backup's store.
#[tauri::command]
pub async fn vault_restore_store(session: State<'_, Session>) -> Result<()> {
    session.restore_store()
}

#[tauri::command]
pub fn session_lock(session: State<Session>) {
    session.lock();
}

#[tauri::command]
pub fn session_touch(session: State<Session>) -> Result<()> {
    session.touch()
}

/// The UI calls this once it has saved everything, after a close request.
#[tauri::command]
pub fn app_quit<R: tauri::Runtime>(app: tauri::AppHandle<R>, session: State<Session>) {
    session.lock();
    app.exit(0);
}

// Letters.

#[tauri::command]
pub async fn letter_save(session: State<'_, Session>, draft: Draft) -> Result<SaveAck> {
    session.with_store(|s| s.save(&draft, now_ms()))
}

#[tauri::command]
pub async fn letter_get(session: State<'_, Session>, id: String) -> Result<Letter> {
    session.with_store(|s| s.letter(&id))
}

#[tauri::command]
pub async fn letter_list(session: State<'_, Session>, sort: Sort, offset: Option<usize>, limit: Option<usize>) -> Result<Vec<Summary>> {
    session.with_store(|s| s.list_page(sort, offset.unwrap_or(0), limit))
}

#[tauri::command]
pub async fn letter_trash(session: State<'_, Session>) -> Result<Vec<Summary>> {
    session.with_store(|s| s.trash())
}

#[tauri::command]
pub async fn letter_delete(session: State<'_, Session>, id: String) -> Result<()> {
    session.with_store(|s| s.delete(&id, now_ms()))
}

#[tauri::command]
pub async fn letter_restore(session: State<'_, Session>, id: String) -> Result<()> {
    session.with_store(|s| s.restore(&id))
}

/// Deletes for good; with `from_backups`, from every backup too (a fresh one replaces them).
#[tauri::command(rename_all = "snake_case")]
pub async fn letter_purge(session: State<'_, Session>, id: String, from_backups: Option<bool>) -> Result<()> {
    session.purge(&id, from_backups.unwrap_or(false))
}

#[tauri::command]
pub async fn letter_search(session: State<'_, Session>, query: String) -> Result<Vec<LetterHit>> {
    session.with_store(|s| s.search(&query))
}

#[tauri::command]
pub async fn letter_revisions(session: State<'_, Session>, id: String) -> Result<Vec<RevisionSummary>> {
    session.with_store(|s| s.revisions(&id))
}

#[tauri::command]
pub async fn letter_revision(session: State<'_, Session>, id: String, revision: i64) -> Result<Revision> {
    session.with_store(|s| s.revision(&id, revision))
}

#[tauri::command]
pub async fn letter_restore_revision(session: State<'_, Session>, id: String, revision: i64) -> Result<Letter> {
    session.with_store(|s| s.restore_revision(&id, revision, now_ms()))
}

#[tauri::command]
pub async fn letter_snapshot(session: State<'_, Session>, id: String, reason: String) -> Result<()> {
    let reason = if reason == "lock" { "lock" } else { "closed" };
    session.with_store(|s| s.snapshot(&id, reason, now_ms()))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn letter_seal(session: State<'_, Session>, id: String, until_ms: i64) -> Result<()> {
    session.with_store(|s| s.seal(&id, until_ms, now_ms()))
}

#[tauri::command]
pub async fn letter_open_early(session: State<'_, Session>, id: String, passphrase: SecretString) -> Result<Letter> {
    session.open_early(&id, &passphrase)
}

/// Marks blaming absolutes and demands in a text being written, with suggestions.
#[tauri::command]
pub async fn tone_check(session: State<'_, Session>, text: String) -> Result<Vec<crate::tone::Flag>> {
    session.require_unlocked()?;
    crate::tone::check(&text)
}

// Hand-over: one letter, read-only, for someone else.

#[tauri::command]
pub async fn handover_start(session: State<'_, Session>, id: String) -> Result<Letter> {
    session.start_handover(&id)
}

#[tauri::command]
pub async fn handover_letter(session: State<'_, Session>) -> Result<Letter> {
    session.handover_letter()
}

#[tauri::command]
pub async fn handover_leave(session: State<'_, Session>, passphrase: SecretString) -> Result<()> {
    session.leave_handover(&passphrase)
}

// Settings and bookmarks.

#[tauri::command]
pub async fn settings_get(session: State<'_, Session>) -> Result<Settings> {
    session.with_store(|s| s.settings())
}

/// Stores the settings; the window title and the recent-files switch follow discreet mode at
/// once (and, through a small non-secret file, from the next start's lock screen on; the
/// program name and class only from the next start, as X11 reads them once per window).
#[tauri::command]
pub async fn settings_set<R: tauri::Runtime>(app: tauri::AppHandle<R>, session: State<'_, Session>, settings: Settings) -> Result<()> {
    session.set_settings(&settings)?;
    let appearance = crate::settings::write_appearance(session.dir(), &settings)?;
    if let Some(window) = app.get_webview_window("main") {
        window.set_title(&appearance.title).map_err(|e| Error::Storage(e.to_string()))?;
    }
    crate::desktop::record_recent_files(&app, !appearance.is_discreet());
    Ok(())
}

#[tauri::command]
pub async fn bookmark_list(session: State<'_, Session>) -> Result<Vec<Bookmark>> {
    session.with_store(|s| s.bookmarks())
}

#[tauri::command]
pub async fn bookmark_set(session: State<'_, Session>, kind: BookmarkKind, target: String, on: bool) -> Result<bool> {
    session.with_store(|s| s.set_bookmark(kind, &target, on, now_ms()))
}

// Files, through native dialogs the backend opens (the UI has no file-system permission). Each
// dialog is modal to the main window, and the session is asked again once it closes: a lock or
// a hand-over while it was open means nothing is written.

fn chosen_path(path: Option<tauri_plugin_dialog::FilePath>) -> Result<Option<std::path::PathBuf>> {
    path.map(|p| p.into_path().map_err(|_| Error::InvalidInput("not a local file".into()))).transpose()
}

fn file_dialog<R: tauri::Runtime>(app: &tauri::AppHandle<R>) -> tauri_plugin_dialog::FileDialogBuilder<R> {
    let chooser = app.dialog().file();
    match app.get_webview_window("main") {
        Some(window) => chooser.set_parent(&window),
        None => chooser,
    }
}

/// Exports a letter as Markdown, plain text or a typeset PDF to a file she chooses. The UI has
/// asked her to confirm that the file will not be encrypted. Answers the file name, or nothing
/// if cancelled.
#[tauri::command]
pub async fn letter_export<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    session: State<'_, Session>,
    id: String,
    format: ExportFormat,
    labels: ExportLabels,
) -> Result<Option<String>> {
    let written = session.export_letter(&id, format, &labels, |name| {
        let mut chooser = file_dialog(&app).set_file_name(name).add_filter(format.extension(), &[format.extension()]);
        if !labels.dialog.is_empty() {
            chooser = chooser.set_title(&labels.dialog);
        }
        chosen_path(chooser.blocking_save_file())
    })?;
    Ok(written.and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string())))
}

#[tauri::command]
pub async fn backup_status(session: State<'_, Session>) -> Result<crate::session::BackupStatus> {
    session.backup_status()
}

/// Writes an encrypted backup file where she chooses.
#[tauri::command]
pub async fn backup_export<R: tauri::Runtime>(app: tauri::AppHandle<R>, session: State<'_, Session>) -> Result<Option<String>> {
    let written = session.export_backup(|| {
        chosen_path(file_dialog(&app).set_file_name("grot.grotbackup").add_filter("Grot", &["grotbackup"]).blocking_save_file())
    })?;
    Ok(written.and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string())))
}

/// Puts a backup file from another laptop in place; `replace` is her explicit choice to replace
/// the vault already here (which is kept aside). Only while locked.
#[tauri::command]
pub async fn backup_import<R: tauri::Runtime>(app: tauri::AppHandle<R>, session: State<'_, Session>, replace: bool) -> Result<bool> {
    if ![Status::New, Status::Locked, Status::KeyMissing].contains(&session.status()) {
        return Err(Error::InvalidInput("lock before importing a backup".into()));
    }
    let picked = file_dialog(&app).add_filter("Grot", &["grotbackup"]).blocking_pick_file();
    let Some(path) = chosen_path(picked)? else { return Ok(false) };
    session.import_backup(&path, replace)?;
    Ok(true)
}
