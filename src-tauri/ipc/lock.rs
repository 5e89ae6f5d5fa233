//! The lock: status, setting up, unlocking, the passphrase and recovery code, and hand-over.

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tauri::State;

use crate::error::Result;
use crate::session::{HandedOver, Session, Status};
use crate::store::letters::{AnswerAck, AnswerDraft, Letter, LetterId};

#[tauri::command]
pub fn session_status(session: State<Session>) -> Result<Status> {
    Ok(session.status())
}

/// The screens whose painting the page reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Screen {
    Gate,
    Reader,
    Letters,
}

impl Screen {
    fn name(self) -> &'static str {
        match self {
            Screen::Gate => "gate",
            Screen::Reader => "reader",
            Screen::Letters => "letters",
        }
    }
}

/// The page has painted a screen (`Session::painted`).
#[tauri::command]
pub fn app_painted(session: State<Session>, screen: Screen, page_ms: Option<u32>) -> Result<()> {
    session.painted(screen.name(), page_ms)
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
pub fn session_lock(session: State<Session>) -> Result<()> {
    session.lock();
    Ok(())
}

#[tauri::command]
pub fn session_touch(session: State<Session>) -> Result<()> {
    session.touch()
}

/// The UI calls this once it has saved everything, after a close request.
#[tauri::command]
pub fn app_quit<R: tauri::Runtime>(app: tauri::AppHandle<R>, session: State<Session>) -> Result<()> {
    session.lock();
    app.exit(0);
    Ok(())
}

// Hand-over: one letter, read-only, for someone else.

#[tauri::command]
pub async fn handover_start(session: State<'_, Session>, id: LetterId) -> Result<Letter> {
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

/// He would rather read it at another moment: the hand-over ends and the app locks.
#[tauri::command]
pub async fn handover_not_now(session: State<'_, Session>) -> Result<()> {
    session.handover_not_now()
}
