//! Fuzz target: paragraphs and sentences of any text; every span lies on char boundaries
//! inside its paragraph.
#![no_main]

use parallax::corpus::split;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut pieces = Vec::new();
    for para in split::paragraphs(text) {
        pieces.clear();
        split::sentences_into(text, para.clone(), &mut pieces);
        for p in &pieces {
            assert!(p.span.start >= para.start && p.span.end <= para.end);
            assert!(text.get(p.span.clone()).is_some());
        }
    }
});
