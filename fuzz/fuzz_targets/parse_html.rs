//! Fuzz target: the html loader (`--input-format html`).
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::check(
        "fuzz.html",
        data,
        Some(parallax::corpus::formats::Format::Html),
    );
});
