//! The tone check: marks blaming absolutes and demands ("jij altijd", "je moet", "you never")
//! and suggests an I-statement, with the guide section that explains why. Local and rule-based;
//! the rules are data in `content/tone.toml`. Plain Rust; no Tauri in here.

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

const RULES: &str = include_str!("../../content/tone.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    rule: Vec<RuleSpec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    id: String,
    pattern: String,
    suggestion: String,
    section: String,
    /// Words that, right before a match, turn it around ("niet jouw schuld" is comfort, not
    /// blame). The regex crate has no look-behind, so this is checked here.
    #[serde(default)]
    unless_preceded_by: Vec<String>,
}

pub struct Rule {
    pub id: String,
    regex: Regex,
    unless_preceded_by: Vec<String>,
    pub suggestion: String,
    /// A section of the `grot` guide.
    pub section: String,
}

/// One passage to reconsider. Offsets are in UTF-16 code units, as the composer's text field
/// counts them, so the UI can select the passage.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
pub struct Flag {
    pub rule: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub suggestion: String,
    pub section: String,
}

pub fn parse(toml_text: &str) -> Result<Vec<Rule>> {
    let file: RuleFile = toml::from_str(toml_text).map_err(|e| Error::Content(format!("tone rules: {e}")))?;
    file.rule
        .into_iter()
        .map(|spec| {
            let regex = RegexBuilder::new(&spec.pattern)
                .case_insensitive(true)
                .size_limit(1 << 20)
                .build()
                .map_err(|e| Error::Content(format!("tone rule {}: {e}", spec.id)))?;
            let unless_preceded_by = spec.unless_preceded_by.iter().map(|w| w.to_lowercase()).collect();
            Ok(Rule { id: spec.id, regex, unless_preceded_by, suggestion: spec.suggestion, section: spec.section })
        })
        .collect()
}

pub fn rules() -> Result<&'static [Rule]> {
    static PARSED: OnceLock<Result<Vec<Rule>>> = OnceLock::new();
    PARSED.get_or_init(|| parse(RULES)).as_ref().map(Vec::as_slice).map_err(Clone::clone)
}

/// Every passage of `text` that a rule marks, in order; overlapping marks keep the first.
pub fn check(text: &str) -> Result<Vec<Flag>> {
    if text.len() > crate::text::MAX_BODY_BYTES {
        return Err(Error::TooLarge("text for the tone check".into()));
    }
    let mut found: Vec<(usize, usize, &Rule)> = Vec::new();
    for rule in rules()? {
        found.extend(
            rule.regex
                .find_iter(text)
                .filter(|m| !rule.unless_preceded_by.contains(&word_before(text, m.start())))
                .map(|m| (m.start(), m.end(), rule)),
        );
    }
    found.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
    let mut flags: Vec<Flag> = Vec::new();
    let mut covered = 0;
    // The marks come in order, so one walk through the text gives every UTF-16 offset (counting
    // from the start for each mark made a long letter with many marks quadratic).
    let mut offsets = Utf16Offsets::new(text);
    for (start, end, rule) in found {
        if start < covered {
            continue;
        }
        covered = end;
        flags.push(Flag {
            rule: rule.id.clone(),
            start: offsets.at(start),
            end: offsets.at(end),
            text: text[start..end].to_string(),
            suggestion: rule.suggestion.clone(),
            section: rule.section.clone(),
        });
    }
    Ok(flags)
}

/// The word just before byte `at`, lower-cased ("" at the start).
fn word_before(text: &str, at: usize) -> String {
    let before = text[..at].trim_end();
    let start = before.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
    before[start..].to_lowercase()
}

/// UTF-16 offsets of byte offsets asked for in increasing order, walking the text once.
struct Utf16Offsets<'a> {
    text: &'a str,
    byte: usize,
    utf16: usize,
}

impl<'a> Utf16Offsets<'a> {
    fn new(text: &'a str) -> Self {
        Utf16Offsets { text, byte: 0, utf16: 0 }
    }

    /// The UTF-16 offset of byte `at` (a char boundary, not before the last one asked for).
    fn at(&mut self, at: usize) -> usize {
        debug_assert!(at >= self.byte, "offsets are asked for in order");
        self.utf16 += self.text[self.byte..at].chars().map(char::len_utf16).sum::<usize>();
        self.byte = at;
        self.utf16
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules_parse_and_link_to_real_sections() {
        let lib = crate::guide::library().unwrap();
        let sections: Vec<String> = lib.toc(crate::guide::Lang::Nl)[0].sections.iter().map(|s| s.id.clone()).collect();
        for rule in rules().unwrap() {
            assert!(sections.contains(&rule.section), "rule {} links to unknown section {}", rule.id, rule.section);
            assert!(!rule.suggestion.is_empty());
        }
    }

    #[test]
    fn flags_carry_utf16_offsets_and_the_matched_text() {
        let text = "Lieve 🙂 Sam, jij luistert nooit.";
        let flags = check(text).unwrap();
        assert_eq!(flags.len(), 1);
        let f = &flags[0];
        assert_eq!(f.text, "jij luistert nooit");
        let utf16: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16(&utf16[f.start..f.end]).unwrap(), "jij luistert nooit");
        assert_eq!(f.section, "bigger-problem");
    }

    /// Emoji (two UTF-16 units), combining marks and a zero-width joiner before, between and
    /// inside the marks: each mark's offsets select exactly its text in the field.
    #[test]
    fn offsets_are_right_with_emoji_and_combining_marks() {
        let text =
            "👩\u{200d}❤\u{fe0f}\u{200d}👨 Jij luistert nooit. Cafe\u{301} 🙂🙂 je moet stoppen. e\u{301}\u{302} Jij luistert nooit 🙂.";
        let flags = check(text).unwrap();
        assert!(flags.len() >= 3, "{flags:?}");
        let utf16: Vec<u16> = text.encode_utf16().collect();
        for f in &flags {
            assert_eq!(String::from_utf16(&utf16[f.start..f.end]).unwrap(), f.text, "{f:?}");
        }
    }

    #[test]
    fn overlapping_marks_are_reported_once() {
        let flags = check("Nooit doe jij eens iets, jij doet nooit eens iets.").unwrap();
        let mut last_end = 0;
        for f in &flags {
            assert!(f.start >= last_end, "overlap: {flags:?}");
            last_end = f.end;
        }
        assert!(flags.len() >= 2);
    }

    #[test]
    fn broken_rules_are_content_errors() {
        assert_eq!(parse("[[rule]]\nid='x'\npattern='('\nsuggestion='s'\nsection='intro'\n").err().unwrap().code(), "content");
        assert_eq!(parse("nonsense = 1").err().unwrap().code(), "content");
    }

    #[test]
    fn a_negation_turns_blame_into_comfort() {
        assert!(check("Het is niet jouw schuld.").unwrap().is_empty());
        assert!(check("It's not your fault.").unwrap().is_empty());
        assert_eq!(check("Het is jouw schuld.").unwrap().len(), 1);
        assert_eq!(word_before("Het is niet jouw", 12), "niet");
        assert_eq!(word_before("jouw", 0), "");
    }

    #[test]
    fn an_empty_text_has_nothing_to_flag() {
        assert!(check("").unwrap().is_empty());
    }
}
