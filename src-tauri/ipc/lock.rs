//! The lock: status, setting up, unlocking, the passphrase and recovery code, and hand-over.

use secrecy::{ExposeSecret, SecretString};
use tauri::State;

use crate::error::{Error, Result};
use crate::session::{HandedOver, Session, Status};
use crate::store::letters::{AnswerAck, AnswerDraft, Letter};

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

// Hand-over: one letter, read-only, for someone else.

#[tauri::command]
pub async fn handover_start(session: State<'_, Session>, id: String) -> Result<Letter> {
    session.start_handover(&id)
}

/// The handed-over letter, the answer written so far in this hand-over, and starters for it.
#[tauri::command]
pub async fn handover_letter(session: State<'_, Session>) -> Result<HandedOver> {
    session.handover_letter()
}

/// Saves the reader's answer to the handed-over letter (only the one begun in this hand-over).
#[tauri::command]
pub async fn handover_answer_save(session: State<'_, Session>, answer: AnswerDraft) -> Result<AnswerAck> {
    session.save_answer(&answer)
}

#[tauri::command]
pub async fn handover_leave(session: State<'_, Session>, passphrase: SecretString) -> Result<()> {
    session.leave_handover(&passphrase)
}
