//! The PDF layout on any title and text (split at the first NUL): a PDF or an error, never a
//! panic, whatever the line breaks, widths or scripts.
#![no_main]

use grot_lib::export::pdf::{letter, Heading};

libfuzzer_sys::fuzz_target!(|input: &str| {
    let (title, body) = input.split_once('\0').unwrap_or(("", input));
    if body.len() > 20_000 {
        return; // the layout is linear; long inputs only slow the search down
    }
    let heading = Heading { title, to: "Aan Sam", date: "1 december 2026", language: "nl" };
    if let Ok(pdf) = letter(&heading, body) {
        assert!(pdf.starts_with(b"%PDF-"));
    }
});
