//! Fuzz target: the text loader (`--input-format text`).
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::check(
        "fuzz.text",
        data,
        Some(parallax::corpus::formats::Format::Text),
    );
});
