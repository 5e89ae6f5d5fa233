//! Files, through native dialogs the backend opens (the UI has no file-system permission). Each
//! dialog is modal to the main window, and the session is asked again once it closes: a lock or
//! a hand-over while it was open means nothing is written.

use secrecy::SecretString;
use tauri::{Manager, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::{Error, Result};
use crate::export::{ExportFormat, ExportLabels};
use crate::session::{BackupStatus, Session};
use crate::store::letters::LetterId;

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
    id: LetterId,
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
pub async fn backup_status(session: State<'_, Session>) -> Result<BackupStatus> {
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

/// Puts a backup file from another laptop in place. Over a vault already here (which is kept
/// aside) only with `secret`, her passphrase or recovery code. Only while locked.
#[tauri::command]
pub async fn backup_import<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    session: State<'_, Session>,
    secret: Option<SecretString>,
) -> Result<bool> {
    session.import_backup(secret.as_ref(), || chosen_path(file_dialog(&app).add_filter("Grot", &["grotbackup"]).blocking_pick_file()))
}

/// Her backups with their dates, for the restore screen (also while locked).
#[tauri::command]
pub async fn backup_list(session: State<'_, Session>) -> Result<Vec<crate::backup::Entry>> {
    session.backups()
}

/// Puts the chosen backup back once her passphrase opens it and it checks whole; then unlocked.
#[tauri::command]
pub async fn backup_restore(session: State<'_, Session>, id: String, passphrase: SecretString) -> Result<()> {
    session.restore_backup(&id, &passphrase)
}
