//! Another app's export read on any bytes (Mini Diarium's JSON and Markdown, Day One's JSON,
//! jrnl's JSON; the first byte picks which): an error, never a panic, and every letter read is
//! one the store takes (a title on one line within its length, a moment Grot can write back).
#![no_main]

use grot_core::import::{parse, Source};
use grot_core::store::letters::MAX_TITLE_CHARS;

const SOURCES: [Source; 4] = [Source::MiniDiariumJson, Source::MiniDiariumMarkdown, Source::DayOne, Source::Jrnl];

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Some((pick, rest)) = bytes.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let source = SOURCES[usize::from(*pick) % SOURCES.len()];
    if let Ok(read) = parse(source, text) {
        for letter in &read.letters {
            assert!(letter.title.chars().count() <= MAX_TITLE_CHARS, "a title within its length");
            assert!(!letter.title.chars().any(char::is_control), "a title on one line");
            assert!(letter.updated_ms >= letter.created_ms);
            assert!(jiff::Timestamp::from_millisecond(letter.created_ms).is_ok(), "a moment that writes back");
        }
    }
});
