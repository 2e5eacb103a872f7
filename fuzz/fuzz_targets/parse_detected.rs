//! Fuzz target: format detection, then whichever loader it picks.
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::check("fuzz", data, None);
});
