//! The vault header parser on any bytes: a damaged header is an error, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let _ = grot_core::vault::parse_header(bytes);
});
