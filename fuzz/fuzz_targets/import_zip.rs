//! A zip brought in on any bytes, as a take-out of Grot and as Day One's export: an error,
//! never a panic, and never more read than the caps allow.
#![no_main]

use grot_core::import::{read, Source};

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let mut file = tempfile::NamedTempFile::new().expect("a temporary file");
    std::io::Write::write_all(&mut file, bytes).expect("written");
    for source in [Source::GrotZip, Source::DayOne] {
        let _ = read(source, file.path());
    }
});
