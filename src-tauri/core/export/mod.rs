//! Letters as files she takes out of Grot: Markdown, plain text or PDF, with a heading in her
//! language. Plaintext by her choice; written by the session, which asks first.

use serde::Deserialize;

use crate::error::Result;
use crate::store::letters::Letter;

pub mod pdf;
pub mod takeout;
mod text;

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Md,
    Txt,
    Pdf,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Md => "md",
            ExportFormat::Txt => "txt",
            ExportFormat::Pdf => "pdf",
        }
    }
}

/// Words around the letter in an export, in the reader's language (the UI translates them).
#[derive(Clone, Debug, Deserialize, ts_rs::TS)]
pub struct ExportLabels {
    /// "Aan Sam", or empty.
    pub to: String,
    /// The date as she reads dates.
    pub date: String,
    /// Shown when the letter has no title.
    pub untitled: String,
    /// Her language (BCP 47), written into a PDF's metadata.
    #[serde(default)]
    pub language: String,
    /// The save dialog's title ("Brief exporteren").
    #[serde(default)]
    pub dialog: String,
    /// With his answers after the letter: one heading per answer, oldest first ("Antwoord,
    /// 3 december 2026, 21:14"). Empty: the letter alone.
    #[serde(default)]
    pub answers: Vec<String>,
}

/// Something that came after the letter, as an export shows it: a heading and the text.
#[derive(Clone, Copy, Debug)]
pub struct After<'a> {
    pub heading: &'a str,
    pub text: &'a str,
}

/// The letter (and what came after it: his answers) as the bytes of a file in `format`.
pub fn export(letter: &Letter, after: &[After], format: ExportFormat, labels: &ExportLabels) -> Result<Vec<u8>> {
    match format {
        ExportFormat::Md => Ok(text::export_text(letter, after, true, labels).into_bytes()),
        ExportFormat::Txt => Ok(text::export_text(letter, after, false, labels).into_bytes()),
        ExportFormat::Pdf => {
            let heading =
                pdf::Heading { title: export_title(letter, labels), to: &labels.to, date: &labels.date, language: &labels.language };
            pdf::letter(&heading, &letter.body, after)
        }
    }
}

fn export_title<'a>(letter: &'a Letter, labels: &'a ExportLabels) -> &'a str {
    if letter.summary.title.trim().is_empty() {
        labels.untitled.as_str()
    } else {
        letter.summary.title.trim()
    }
}

/// A file name from the title that every file system accepts.
pub fn export_file_name(letter: &Letter, format: ExportFormat, untitled: &str) -> String {
    match stem(&letter.summary.title) {
        Some(stem) => format!("{stem}.{}", format.extension()),
        None => untitled_file_name(format, untitled),
    }
}

/// The neutral name (the UI's word for "letter"), for a letter without a title or in discreet mode.
pub fn untitled_file_name(format: ExportFormat, untitled: &str) -> String {
    format!("{}.{}", stem(untitled).unwrap_or_else(|| "brief".into()), format.extension())
}

/// `text` as a file name's stem: letters, digits, spaces and dashes, at most 60 characters;
/// `None` when nothing is left.
fn stem(text: &str) -> Option<String> {
    let cleaned: String = text.chars().map(|c| if c.is_alphanumeric() || c == ' ' || c == '-' { c } else { ' ' }).collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" ").chars().take(60).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::letters::{Draft, Letter};
    use crate::store::tests::new_key;
    use crate::store::Store;
    use crate::testing::lid;

    const A: &str = "6f1c2a4e-8b1d-4c4e-9a36-0d2f5e7b9c01";
    const B: &str = "0b7e9d3a-2c4f-4a1b-8e6d-5f9a1c3b7d22";

    use crate::testing::sample_draft as draft;

    fn stored(title: &str, id: &str, body: &str) -> Letter {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::create(dir.path(), &new_key(dir.path())).unwrap();
        s.save(&Draft { title: title.into(), ..draft(id, body, 1) }, 1).unwrap();
        s.letter(&lid(id), 1).unwrap()
    }

    #[test]
    fn exports_keep_the_text_exactly() {
        let body = "Lieve Sam,\n\n*niet vet* <script>x</script> één 🙂";
        let letter = stored("Voor: later?", A, body);
        let labels = ExportLabels {
            to: "Aan Sam".into(),
            date: "25 nov 2026".into(),
            untitled: "Zonder titel".into(),
            language: "nl".into(),
            dialog: String::new(),
            answers: Vec::new(),
        };
        let md = String::from_utf8(export(&letter, &[], ExportFormat::Md, &labels).unwrap()).unwrap();
        assert!(md.starts_with("# Voor: later?\n\n*Aan Sam*  \n*25 nov 2026*\n\n"));
        assert!(md.ends_with(&format!("{body}\n")));
        let txt = String::from_utf8(export(&letter, &[], ExportFormat::Txt, &labels).unwrap()).unwrap();
        assert!(txt.starts_with("Voor: later?\n============\nAan Sam\n25 nov 2026\n\n"), "{txt}");
        assert_eq!(export_file_name(&letter, ExportFormat::Md, "brief"), "Voor later.md");
        assert_eq!(export_file_name(&stored(" / ", B, "x"), ExportFormat::Txt, "brief"), "brief.txt");
    }
}

#[cfg(test)]
mod thread_tests {
    use super::*;
    use crate::store::letters::{Draft, Letter};
    use crate::store::tests::new_key;
    use crate::store::Store;
    use crate::testing::lid;

    #[test]
    fn the_text_exports_put_each_answer_after_the_letter_under_its_heading() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::create(dir.path(), &new_key(dir.path())).unwrap();
        let id = "6f1c2a4e-8b1d-4c4e-9a36-0d2f5e7b9c01";
        s.save(&Draft { id: lid(id), title: "Voor Sam".into(), recipient: "Sam".into(), body: "Lieve Sam".into(), seq: 1 }, 1).unwrap();
        let letter: Letter = s.letter(&lid(id), 1).unwrap();
        let labels = ExportLabels {
            to: String::new(),
            date: "1 dec".into(),
            untitled: "Brief".into(),
            language: "nl".into(),
            dialog: String::new(),
            answers: Vec::new(),
        };
        let after = [After { heading: "Antwoord, 2 dec", text: "Ik ben er weer." }];
        let md = String::from_utf8(export(&letter, &after, ExportFormat::Md, &labels).unwrap()).unwrap();
        assert!(md.ends_with("Lieve Sam\n\n---\n\n*Antwoord, 2 dec*\n\nIk ben er weer.\n"), "{md}");
        let txt = String::from_utf8(export(&letter, &after, ExportFormat::Txt, &labels).unwrap()).unwrap();
        assert!(txt.ends_with("Lieve Sam\n\nAntwoord, 2 dec\n---------------\nIk ben er weer.\n"), "{txt}");
    }
}
