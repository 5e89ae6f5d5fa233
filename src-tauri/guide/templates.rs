//! Letter templates drawn from the guide (`content/templates.toml`), in both languages.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::Lang;
use crate::error::{Error, Result};

const TEMPLATES: &str = include_str!("../../content/templates.toml");

#[derive(Clone, Debug, Deserialize, Serialize)]
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
