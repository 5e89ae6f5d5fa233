//! Guidance. It sits behind the lock too: a locked app shows nothing of its topic.

use tauri::State;

use crate::error::Result;
use crate::guide::{self, Form, GuideSummary, Lang, Phrase, SearchHit, SectionView, Template, TipsView};
use crate::session::Session;

#[tauri::command]
pub fn guide_list(session: State<Session>, lang: Lang) -> Result<Vec<GuideSummary>> {
    session.require_unlocked()?;
    Ok(guide::library()?.toc(lang))
}

#[tauri::command]
pub fn guide_section(session: State<Session>, guide: String, section: String, lang: Lang) -> Result<SectionView> {
    session.require_unlocked()?;
    guide::library()?.section(&guide, &section, lang)
}

#[tauri::command]
pub fn guide_search(session: State<Session>, query: String, lang: Lang) -> Result<Vec<SearchHit>> {
    session.require_unlocked()?;
    guide::library()?.search(&query, lang)
}

#[tauri::command]
pub fn guide_tips(session: State<Session>, guide: String, lang: Lang) -> Result<TipsView> {
    session.require_unlocked()?;
    guide::library()?.tips(&guide, lang)
}

#[tauri::command]
pub fn guide_phrases(session: State<Session>, guide: String, lang: Lang) -> Result<Vec<Phrase>> {
    session.require_unlocked()?;
    guide::library()?.letter_phrases(&guide, lang)
}

#[tauri::command]
pub fn guide_templates(session: State<Session>, lang: Lang) -> Result<Vec<Template>> {
    session.require_unlocked()?;
    guide::templates(lang)
}

/// The guided forms: a letter step by step, each step with its why from the guide.
#[tauri::command]
pub fn guide_forms(session: State<Session>, lang: Lang) -> Result<Vec<Form>> {
    session.require_unlocked()?;
    guide::forms(lang)
}
