//! A letter as Markdown or plain text.

use super::{export_title, ExportLabels};
use crate::store::letters::Letter;

/// A letter as Markdown or plain text: title, recipient, date, then the text exactly as written.
pub fn export_text(letter: &Letter, markdown: bool, labels: &ExportLabels) -> String {
    let title = export_title(letter, labels);
    let mut out = String::with_capacity(letter.body.len() + 200);
    if markdown {
        out.push_str(&format!("# {title}\n\n"));
        if !labels.to.is_empty() {
            out.push_str(&format!("*{}*  \n", labels.to));
        }
        out.push_str(&format!("*{}*\n\n", labels.date));
    } else {
        out.push_str(&format!("{title}\n{}\n", "=".repeat(title.chars().count().max(3))));
        if !labels.to.is_empty() {
            out.push_str(&format!("{}\n", labels.to));
        }
        out.push_str(&format!("{}\n\n", labels.date));
    }
    out.push_str(&letter.body);
    if !letter.body.ends_with('\n') {
        out.push('\n');
    }
    out
}
