//! The tone check on any text: flags lie inside the text, in order, and do not overlap.
#![no_main]

libfuzzer_sys::fuzz_target!(|text: &str| {
    let Ok(flags) = grot_core::tone::check(text) else { return };
    let units = text.encode_utf16().count();
    let mut last = 0;
    for flag in flags {
        assert!(last <= flag.start && flag.start < flag.end && flag.end <= units, "{last} {} {} {units}", flag.start, flag.end);
        last = flag.end;
    }
});
