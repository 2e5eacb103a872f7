//! Fuzz target: the json loader (`--input-format json`).
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::check(
        "fuzz.json",
        data,
        Some(parallax::corpus::formats::Format::Json),
    );
});
