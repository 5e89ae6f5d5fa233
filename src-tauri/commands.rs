//! Tauri commands: thin adapters that parse arguments and call the core. No logic lives here.
//! Every command is declared in `build.rs` and allowed in `capabilities/main.json`.

use crate::error::Result;
use crate::guide::{self, GuideSummary, Lang, Phrase, SearchHit, SectionView, TipsView};

#[tauri::command]
pub fn guide_list(lang: &str) -> Result<Vec<GuideSummary>> {
    Ok(guide::library()?.toc(lang.parse::<Lang>()?))
}

#[tauri::command]
pub fn guide_section(guide: &str, section: &str, lang: &str) -> Result<SectionView> {
    guide::library()?.section(guide, section, lang.parse()?)
}

#[tauri::command]
pub fn guide_search(query: &str, lang: &str) -> Result<Vec<SearchHit>> {
    guide::library()?.search(query, lang.parse()?)
}

#[tauri::command]
pub fn guide_tips(guide: &str, lang: &str) -> Result<TipsView> {
    guide::library()?.tips(guide, lang.parse()?)
}

#[tauri::command]
pub fn guide_phrases(guide: &str, lang: &str) -> Result<Vec<Phrase>> {
    guide::library()?.letter_phrases(guide, lang.parse()?)
}
