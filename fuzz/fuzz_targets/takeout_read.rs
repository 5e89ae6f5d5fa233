//! A letter file brought back into Grot ("Take all letters" read back) on any bytes: a file
//! that is not one is an error, never a panic, and what reads back writes out the same.
#![no_main]

use grot_core::export::takeout::{letter_file, read_letter_file, TakeoutLabels};

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    if let Ok(letter) = read_letter_file(text) {
        let labels = TakeoutLabels {
            index: String::new(),
            answer: "Antwoord".into(),
            untitled: String::new(),
            folder: String::new(),
            dialog: String::new(),
        };
        if let Ok(again) = letter_file(&letter, &labels) {
            assert_eq!(read_letter_file(&again).as_ref().ok(), Some(&letter), "what reads back writes out the same");
        }
    }
});
