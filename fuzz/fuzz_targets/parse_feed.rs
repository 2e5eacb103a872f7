//! Fuzz target: the feed loader (`--input-format feed`).
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::check(
        "fuzz.feed",
        data,
        Some(parallax::corpus::formats::Format::Feed),
    );
});
