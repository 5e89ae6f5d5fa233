//! Letter templates (`content/templates.toml`) and answer starters (`content/starters.toml`),
//! drawn from the guide, in both languages.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::Lang;
use crate::error::{Error, Result};

const TEMPLATES: &str = include_str!("../../../content/templates.toml");
const STARTERS: &str = include_str!("../../../content/starters.toml");

#[derive(Clone, Debug, Deserialize, Serialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    pub lang: String,
    pub title: String,
    pub body: String,
}

#[derive(Deserialize)]
struct File {
    template: Vec<Template>,
}

pub fn parse(text: &str) -> Result<Vec<Template>> {
    let file: File = toml::from_str(text).map_err(|e| Error::Content(format!("templates: {e}")))?;
    for t in &file.template {
        t.lang.parse::<Lang>().map_err(|_| Error::Content(format!("template {}: language {:?}", t.id, t.lang)))?;
    }
    Ok(file.template)
}

fn all() -> Result<&'static [Template]> {
    static PARSED: OnceLock<Result<Vec<Template>>> = OnceLock::new();
    PARSED.get_or_init(|| parse(TEMPLATES)).as_ref().map(Vec::as_slice).map_err(Clone::clone)
}

/// The templates in `lang`, in file order.
pub fn templates(lang: Lang) -> Result<Vec<Template>> {
    Ok(all()?.iter().filter(|t| t.lang == lang.code()).cloned().collect())
}

/// A sentence he can start an answer with, following one of the guide's tips for him.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Starter {
    pub id: String,
    pub lang: String,
    /// The lead of the tip it follows, in the section "what he can do".
    pub tip: String,
    pub label: String,
    pub text: String,
}

#[derive(Deserialize)]
struct Starters {
    starter: Vec<Starter>,
}

pub fn parse_starters(text: &str) -> Result<Vec<Starter>> {
    let file: Starters = toml::from_str(text).map_err(|e| Error::Content(format!("starters: {e}")))?;
    for s in &file.starter {
        s.lang.parse::<Lang>().map_err(|_| Error::Content(format!("starter {}: language {:?}", s.id, s.lang)))?;
    }
    Ok(file.starter)
}

/// The answer starters in `lang`, in file order.
pub fn starters(lang: Lang) -> Result<Vec<Starter>> {
    static PARSED: OnceLock<Result<Vec<Starter>>> = OnceLock::new();
    let all = PARSED.get_or_init(|| parse_starters(STARTERS)).as_ref().map_err(Clone::clone)?;
    Ok(all.iter().filter(|s| s.lang == lang.code()).cloned().collect())
}
