//! Guided forms (`content/forms.toml`): a letter written step by step, each step with one line
//! of why from the guide section it names, in both languages. The page assembles the steps into
//! a letter that opens in the composer; nothing here is stored.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::Lang;
use crate::error::{Error, Result};

const FORMS: &str = include_str!("../../../content/forms.toml");

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Form {
    pub id: String,
    pub lang: String,
    pub title: String,
    /// One line: when this form helps.
    pub lead: String,
    /// The letter's first line ("Lieve …,") and its last ("Liefs,").
    pub greeting: String,
    pub closing: String,
    #[serde(alias = "step")]
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    /// What the step asks.
    pub prompt: String,
    /// Why, in one line, from the guide section `section`.
    pub why: String,
    pub section: String,
    /// How the step's text begins, for her to go on from (none: an empty field).
    #[serde(default)]
    pub start: Option<String>,
}

#[derive(Deserialize)]
struct File {
    form: Vec<Form>,
}

pub fn parse_forms(text: &str) -> Result<Vec<Form>> {
    let file: File = toml::from_str(text).map_err(|e| Error::Content(format!("forms: {e}")))?;
    for f in &file.form {
        f.lang.parse::<Lang>().map_err(|_| Error::Content(format!("form {}: language {:?}", f.id, f.lang)))?;
        if f.steps.is_empty() {
            return Err(Error::Content(format!("form {} has no steps", f.id)));
        }
        if let Some(s) = f.steps.iter().find(|s| s.why.contains('\n') || s.why.trim().is_empty()) {
            return Err(Error::Content(format!("form {}, step {}: the why is one line", f.id, s.id)));
        }
    }
    Ok(file.form)
}

/// The guided forms in `lang`, in file order.
pub fn forms(lang: Lang) -> Result<Vec<Form>> {
    static PARSED: OnceLock<Result<Vec<Form>>> = OnceLock::new();
    let all = PARSED.get_or_init(|| parse_forms(FORMS)).as_ref().map_err(Clone::clone)?;
    Ok(all.iter().filter(|f| f.lang == lang.code()).cloned().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_without_steps_or_with_a_why_of_two_lines_is_refused() {
        let head = "[[form]]\nid = \"f\"\nlang = \"nl\"\ntitle = \"t\"\nlead = \"l\"\ngreeting = \"g\"\nclosing = \"c\"\n";
        assert_eq!(parse_forms(&format!("{head}step = []\n")).unwrap_err().code(), "content");
        let two_lines = "[[form.step]]\nid = \"s\"\nprompt = \"p\"\nwhy = \"a\\nb\"\nsection = \"intro\"\n";
        assert_eq!(parse_forms(&format!("{head}{two_lines}")).unwrap_err().code(), "content");
        let de = head.replace("\"nl\"", "\"de\"") + &two_lines.replace("a\\nb", "ab");
        assert_eq!(parse_forms(&de).unwrap_err().code(), "content");
        let good = head.to_string() + &two_lines.replace("a\\nb", "ab");
        assert_eq!(parse_forms(&good).unwrap()[0].steps[0].start, None);
    }
}
