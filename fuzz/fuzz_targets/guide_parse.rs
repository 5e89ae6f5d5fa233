//! The guidance parser on any Markdown (front matter, marks, headings): an error, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|text: &str| {
    let _ = grot_core::guide::Library::parse(&[("fuzz/nl.md", text)]);
});
