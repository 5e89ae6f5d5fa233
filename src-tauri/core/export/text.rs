//! A letter as Markdown or plain text.

use super::{export_title, After, ExportLabels};
use crate::store::letters::Letter;

/// A letter as Markdown or plain text: title, recipient, date, then the text exactly as written;
/// then each answer under its heading.
pub fn export_text(letter: &Letter, after: &[After], markdown: bool, labels: &ExportLabels) -> String {
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
    push_text(&mut out, &letter.body);
    for part in after {
        if markdown {
            out.push_str(&format!("\n---\n\n*{}*\n\n", part.heading));
        } else {
            out.push_str(&format!("\n{}\n{}\n", part.heading, "-".repeat(part.heading.chars().count().max(3))));
        }
        push_text(&mut out, part.text);
    }
    out
}

fn push_text(out: &mut String, text: &str) {
    out.push_str(text);
    if !text.ends_with('\n') {
        out.push('\n');
    }
}
