//! Fuzz target: the markdown loader (`--input-format markdown`).
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::check(
        "fuzz.markdown",
        data,
        Some(parallax::corpus::formats::Format::Markdown),
    );
});
