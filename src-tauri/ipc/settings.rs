//! Settings and bookmarks.

use tauri::{Manager, State};

use crate::clock::now_ms;
use crate::error::{Error, Result};
use crate::session::Session;
use crate::store::settings::{Bookmark, BookmarkKind, Settings};

#[tauri::command]
pub async fn settings_get(session: State<'_, Session>) -> Result<Settings> {
    session.with_store(|s| s.settings())
}

/// Stores the settings; the window title and the recent-files switch follow discreet mode at
/// once (and, through a small non-secret file, from the next start's lock screen on; the
/// program name and class only from the next start, as X11 reads them once per window).
#[tauri::command]
pub async fn settings_set<R: tauri::Runtime>(app: tauri::AppHandle<R>, session: State<'_, Session>, settings: Settings) -> Result<()> {
    let appearance = session.set_settings(&settings)?;
    if let Some(window) = app.get_webview_window("main") {
        window.set_title(&appearance.title).map_err(|e| Error::Storage(e.to_string()))?;
    }
    crate::desktop::record_recent_files(&app, !appearance.is_discreet());
    Ok(())
}

/// What this desktop lets Grot notice (sleep, a screen lock), for the settings screen: without
/// D-Bus (or on a platform without a watch yet) the lock on sleep is said to be unavailable.
#[tauri::command]
pub async fn away_support<R: tauri::Runtime>(app: tauri::AppHandle<R>, session: State<'_, Session>) -> Result<crate::away::Support> {
    session.require_unlocked()?;
    Ok(app.try_state::<crate::away::Support>().map(|s| *s).unwrap_or_default())
}

/// Spell checking for a letter in `lang` (its own language, else the app's): her setting, the
/// letter's language first and the other second, with the dictionaries that are here; says
/// which are missing.
#[tauri::command]
pub async fn spelling_for<R: tauri::Runtime>(app: tauri::AppHandle<R>, session: State<'_, Session>, lang: String) -> Result<crate::spelling::Spelling> {
    if !crate::store::letters::LANGS.contains(&lang.as_str()) {
        return Err(Error::InvalidInput("language is nl or en".into()));
    }
    let on = session.with_store(|s| s.settings())?.spell_check;
    let spelling = crate::spelling::plan(&lang, on, crate::spelling::installed);
    if let Some(window) = app.get_webview_window("main") {
        crate::desktop::use_spelling(&window, spelling.languages.clone()).map_err(|e| Error::Storage(e.to_string()))?;
    }
    Ok(spelling)
}

#[tauri::command]
pub async fn bookmark_list(session: State<'_, Session>) -> Result<Vec<Bookmark>> {
    session.with_store(|s| s.bookmarks())
}

#[tauri::command]
pub async fn bookmark_set(session: State<'_, Session>, kind: BookmarkKind, target: String, on: bool) -> Result<bool> {
    session.with_store(|s| s.set_bookmark(kind, &target, on, now_ms()))
}
