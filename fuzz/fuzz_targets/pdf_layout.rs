//! The PDF layout on any title, text and answer (split at NULs): a PDF or an error, never a
//! panic, whatever the line breaks, widths or scripts.
#![no_main]

use grot_core::export::pdf::{letter, Heading};
use grot_core::export::After;

libfuzzer_sys::fuzz_target!(|input: &str| {
    let (title, body) = input.split_once('\0').unwrap_or(("", input));
    if body.len() > 20_000 {
        return; // the layout is linear; long inputs only slow the search down
    }
    let heading = Heading { title, to: "Aan Sam", date: "1 december 2026", language: "nl" };
    // What follows a second NUL is an answer, under a heading of its own.
    let (body, answer) = body.split_once('\0').map_or((body, None), |(b, a)| (b, Some(a)));
    let after: Vec<After> = answer.map(|text| After { heading: "Antwoord, 2 december 2026", text }).into_iter().collect();
    if let Ok(pdf) = letter(&heading, body, &after) {
        assert!(pdf.starts_with(b"%PDF-"));
    }
});
