//! jrnl's JSON export (`jrnl --export json`): `{"tags": {…}, "entries": [{"title", "body",
//! "date": "2020-06-28", "time": "18:22", "tags", "starred"}]}`, its times on her clock.

use serde::Deserialize;

use super::{letter, local};
use crate::error::Result;
use crate::store::letters::Whole;

#[derive(Deserialize)]
struct Export {
    entries: Vec<Entry>,
    /// Every jrnl export has it; a file without it is not one.
    #[allow(dead_code)]
    tags: serde::de::IgnoredAny,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    date: String,
    #[serde(default)]
    time: Option<String>,
}

pub fn json(text: &str) -> Result<Vec<Whole>> {
    let export: Export = super::json(text, "a jrnl export")?;
    export
        .entries
        .into_iter()
        .map(|e| {
            let at = local(&e.date, e.time.as_deref())?;
            letter(&e.title, e.body.trim_end().to_string(), at, at)
        })
        .collect()
}
