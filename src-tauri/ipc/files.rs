//! Files, through native dialogs the backend opens (the UI has no file-system permission). Each
//! dialog is modal to the main window, and the session is asked again once it closes: a lock or
//! a hand-over while it was open means nothing is written.

use secrecy::SecretString;
use tauri::{Manager, State};
use tauri_plugin_dialog::DialogExt;

use crate::error::{Error, Result};
use crate::export::takeout::TakeoutLabels;
use crate::export::{ExportFormat, ExportLabels};
use crate::import::Source;
use crate::session::{BackupStatus, Preview, Session, TakenOut, TakeoutTo};
use crate::store::letters::{BroughtIn, LetterId};

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

/// The dialog with the title the page wrote in her language (none: the system's own).
fn titled<R: tauri::Runtime>(chooser: tauri_plugin_dialog::FileDialogBuilder<R>, title: &str) -> tauri_plugin_dialog::FileDialogBuilder<R> {
    if title.is_empty() {
        chooser
    } else {
        chooser.set_title(title)
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
        let chooser = titled(file_dialog(&app), &labels.dialog).set_file_name(name).add_filter(format.extension(), &[format.extension()]);
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

/// Every letter as a Markdown file, in a new folder inside one she picks or in one `.zip` she
/// names, after her passphrase (the page has warned that the files are not encrypted).
#[tauri::command]
pub async fn letters_take_out<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    session: State<'_, Session>,
    passphrase: SecretString,
    labels: TakeoutLabels,
    to: TakeoutTo,
) -> Result<Option<TakenOut>> {
    session.take_out_all(&passphrase, &labels, to, |name| {
        let chooser = folder_dialog(&app, &labels.dialog);
        chosen_path(match to {
            TakeoutTo::Folder => chooser.blocking_pick_folder(),
            TakeoutTo::Zip => chooser.set_file_name(name).add_filter("zip", &["zip"]).blocking_save_file(),
        })
    })
}

/// A folder dialog that opens in her home folder (not on "Recent", where no folder can be picked).
fn folder_dialog<R: tauri::Runtime>(app: &tauri::AppHandle<R>, title: &str) -> tauri_plugin_dialog::FileDialogBuilder<R> {
    let chooser = match std::env::home_dir() {
        Some(home) => file_dialog(app).set_directory(home),
        None => file_dialog(app),
    };
    titled(chooser, title)
}

/// Reads the export she picks (a folder or a file, as `source` needs) and shows what it holds;
/// nothing is brought in before `letters_import_confirm`.
#[tauri::command]
pub async fn letters_import_preview<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    session: State<'_, Session>,
    passphrase: SecretString,
    source: Source,
    dialog: String,
) -> Result<Option<Preview>> {
    session.import_preview(&passphrase, source, || {
        let chooser = folder_dialog(&app, &dialog);
        chosen_path(match source.is_folder() {
            true => chooser.blocking_pick_folder(),
            false => chooser.add_filter(source.extensions().join(", "), source.extensions()).blocking_pick_file(),
        })
    })
}

/// Brings in what the preview showed, all of it or nothing.
#[tauri::command]
pub async fn letters_import_confirm(session: State<'_, Session>) -> Result<BroughtIn> {
    session.import_confirm()
}

/// Undoes the import she just said yes to: every letter it added to the trash. Answers how many.
#[tauri::command]
pub async fn letters_import_undo(session: State<'_, Session>) -> Result<usize> {
    session.import_undo()
}

/// Drops what the preview read.
#[tauri::command]
pub async fn letters_import_cancel(session: State<'_, Session>) -> Result<()> {
    session.import_cancel()
}
