//! Settings and bookmarks.

use tauri::{Manager, State};

use crate::away::Support;
use crate::clock::now_ms;
use crate::desktop;
use crate::error::Result;
use crate::lang::Lang;
use crate::session::Session;
use crate::spelling::Spelling;
use crate::store::settings::{Bookmark, BookmarkKind, Settings};

#[tauri::command]
pub async fn settings_get(session: State<'_, Session>) -> Result<Settings> {
    session.with_store(|s| s.settings())
}

/// Stores the settings; the window follows at once (`desktop::follow_appearance`).
#[tauri::command]
pub async fn settings_set<R: tauri::Runtime>(app: tauri::AppHandle<R>, session: State<'_, Session>, settings: Settings) -> Result<()> {
    desktop::follow_appearance(&app, &session.set_settings(&settings)?)
}

/// What this desktop lets Grot notice (sleep, a screen lock), for the settings screen: without
/// D-Bus (or on a platform without a watch yet) the lock on sleep is said to be unavailable.
#[tauri::command]
pub async fn away_support<R: tauri::Runtime>(app: tauri::AppHandle<R>, session: State<'_, Session>) -> Result<Support> {
    session.require_unlocked().map(|()| app.try_state::<Support>().map(|s| *s).unwrap_or_default())
}

/// Spell checking for a letter in `lang` (`desktop::spell_check`).
#[tauri::command]
pub async fn spelling_for<R: tauri::Runtime>(app: tauri::AppHandle<R>, session: State<'_, Session>, lang: Lang) -> Result<Spelling> {
    desktop::spell_check(&app, session.with_store(|s| s.settings())?.spell_check, lang)
}

#[tauri::command]
pub async fn bookmark_list(session: State<'_, Session>) -> Result<Vec<Bookmark>> {
    session.with_store(|s| s.bookmarks())
}

#[tauri::command]
pub async fn bookmark_set(session: State<'_, Session>, kind: BookmarkKind, target: String, on: bool) -> Result<bool> {
    session.with_store(|s| s.set_bookmark(kind, &target, on, now_ms()))
}
