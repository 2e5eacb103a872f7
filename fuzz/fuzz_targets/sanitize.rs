//! Fuzz target: the terminal-safety functions keep their promise on any text.
#![no_main]

use parallax::corpus::sanitize;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    assert!(sanitize::is_safe(&sanitize::sanitize(&text)));
    let shown = sanitize::display(&text);
    assert!(sanitize::is_safe(&shown));
    assert!(!shown.contains('\n'));
    let mut cleaned = text.into_owned();
    sanitize::clean_text(&mut cleaned);
    assert!(
        !cleaned
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
    );
});
