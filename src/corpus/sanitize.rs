//! Terminal safety for every string the reader shows: control characters made visible,
//! tabs expanded, bidi overrides and invisible format characters removed.
//!
//! The notation, chosen so nothing is hidden and nothing is executed:
//! - C0 controls (U+0000–U+001F) in caret notation: ESC is `^[`, BEL is `^G`, NUL is `^@`;
//! - DEL (U+007F) as `^?`;
//! - C1 controls (U+0080–U+009F) as their hex byte in angle brackets: CSI (U+009B) is `<9B>`;
//! - tabs expanded with spaces to the next multiple of [`TAB_WIDTH`] columns;
//! - bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
//!   U+061C) and invisible format characters (zero-width space, word joiner,
//!   invisible operators, U+FEFF, soft hyphen, Mongolian vowel separator) are removed; the
//!   zero-width joiner and non-joiner stay.
//!
//! After either function no string holds a char below U+0020 or in U+007F–U+009F.

/// Tab stops for [`sanitize`], in columns.
pub const TAB_WIDTH: usize = 8;

/// True for characters that are removed outright: bidi controls and invisible format chars.
/// The zero-width joiner and non-joiner stay: Persian, Indic and emoji sequences need them,
/// and they reorder nothing.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{206A}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// Pushes the visible form of a control character.
fn push_control(out: &mut String, c: char) {
    let v = c as u32;
    if v < 0x20 {
        out.push('^');
        out.push(char::from((v as u8) ^ 0x40));
    } else if v == 0x7F {
        out.push_str("^?");
    } else {
        // C1: 0x80..=0x9F.
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        out.push('<');
        out.push(char::from(HEX[(v >> 4) as usize]));
        out.push(char::from(HEX[(v & 0xF) as usize]));
        out.push('>');
    }
}

fn is_control(c: char) -> bool {
    let v = c as u32;
    v < 0x20 || (0x7F..=0x9F).contains(&v)
}

/// Makes a string safe to print: controls visible, tabs expanded, invisible characters removed.
/// Line breaks are controls too (`^J`); use [`display`] for one-line text.
pub fn sanitize(s: &str) -> String {
    if s.bytes().all(|b| (0x20..0x7F).contains(&b)) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut col = 0usize;
    for c in s.chars() {
        if c == '\t' {
            let n = TAB_WIDTH - col % TAB_WIDTH;
            out.extend(std::iter::repeat_n(' ', n));
            col += n;
        } else if is_control(c) {
            push_control(&mut out, c);
            col += if (c as u32) < 0x80 { 2 } else { 4 };
        } else if !is_invisible(c) {
            out.push(c);
            col += 1;
        }
    }
    out
}

/// Cleans an article's text in place so that every output made from it (panes, report, search)
/// is free of control characters: line breaks stay (CRLF, a lone CR, NEL, vertical tab and form
/// feed become `\n`), tabs stay, every other control character is shown in the notation of
/// [`sanitize`] (`^[` for ESC, `<9B>` for CSI), and bidi controls and invisible format
/// characters ([`is_invisible`]) are removed, so that the report's `text` cannot reorder what a
/// terminal shows either. Clean text is left untouched, without a copy; dirty text is mended
/// in place (a large file's text is not copied whole for a few control chars).
pub fn clean_text(text: &mut String) {
    let dirty = dirty_chars(text.as_bytes());
    if dirty.is_empty() {
        return;
    }
    // Each dirty char: where it is, how long, and what stands for it.
    let mut edits: Vec<(usize, usize, String)> = Vec::with_capacity(dirty.len());
    let mut from = 0;
    for at in dirty {
        if at < from {
            // The `\n` of a CRLF already taken (never dirty), kept for safety.
            continue;
        }
        let c = text[at..].chars().next().unwrap_or('\u{FFFD}');
        from = at + c.len_utf8();
        let mut shown = String::new();
        match c {
            '\r' => {
                if text.as_bytes().get(from) == Some(&b'\n') {
                    from += 1;
                }
                shown.push('\n');
            }
            '\u{0B}' | '\u{0C}' | '\u{85}' => shown.push('\n'),
            c if is_control(c) => push_control(&mut shown, c),
            c if is_invisible(c) => {}
            c => shown.push(c),
        }
        edits.push((at, from - at, shown));
    }
    let mut bytes = std::mem::take(text).into_bytes();
    // 1. Front to back, the edits that take no more room than the char, each run of clean
    // bytes moved down over what was saved; a longer one keeps the char's room for now (what
    // stands there is overwritten below), its new place noted.
    let mut longer = Vec::new();
    let (mut read, mut write) = (0, 0);
    for (at, len, shown) in &edits {
        if write != read {
            bytes.copy_within(read..*at, write);
        }
        write += at - read;
        if shown.len() <= *len {
            bytes[write..write + shown.len()].copy_from_slice(shown.as_bytes());
            write += shown.len();
        } else {
            longer.push((write, *len, shown));
            write += len;
        }
        read = at + len;
    }
    if write != read {
        bytes.copy_within(read.., write);
    }
    bytes.truncate(write + (bytes.len() - read));
    // 2. Back to front, the longer ones, each run of clean bytes moved up to make room.
    let grown: usize = longer.iter().map(|(_, len, shown)| shown.len() - len).sum();
    let mut end = bytes.len();
    bytes.resize(end + grown, 0);
    let mut to = bytes.len();
    for (at, len, shown) in longer.into_iter().rev() {
        let run = end - (at + len);
        bytes.copy_within(at + len..end, to - run);
        to -= run;
        bytes[to - shown.len()..to].copy_from_slice(shown.as_bytes());
        to -= shown.len();
        end = at;
    }
    // Whole chars were replaced by whole chars: the bytes are UTF-8.
    *text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
}

/// Texts from this size are searched for dirty chars on all cores, each its own stretch.
const PARALLEL_CLEAN_FROM: usize = 4 << 20;

/// Where [`next_dirty`] finds a dirty char, all through `bytes`, in order. A stretch may
/// start inside a char: whether a position holds a dirty char depends only on the bytes
/// from it on, and a char's later bytes never do.
fn dirty_chars(bytes: &[u8]) -> Vec<usize> {
    use rayon::prelude::*;
    let every = |from: usize, to: usize| {
        let mut found = Vec::new();
        let mut at = from;
        while let Some(i) = next_dirty(bytes, at, to) {
            found.push(i);
            at = i + 1;
        }
        found
    };
    let stretches = rayon::current_num_threads();
    if bytes.len() < PARALLEL_CLEAN_FROM || stretches < 2 {
        return every(0, bytes.len());
    }
    let size = bytes.len().div_ceil(stretches);
    (0..stretches)
        .into_par_iter()
        .map(|k| {
            every(
                (k * size).min(bytes.len()),
                ((k + 1) * size).min(bytes.len()),
            )
        })
        .flatten_iter()
        .collect()
}

/// The first position from `from` (and before `to`) of a control character other than a line
/// break or tab, or of an invisible format character (always a char boundary). Runs over
/// every loaded byte: 64 bytes are tested at a time in a form the compiler vectorises, and
/// only in a block holding a control byte or the lead byte of a C1 control or an invisible
/// character are those bytes decoded.
fn next_dirty(bytes: &[u8], from: usize, to: usize) -> Option<usize> {
    // Lead bytes of U+0080–U+00BF (C1, soft hyphen), U+061C, U+180E, U+200B–U+206F, U+FEFF and
    // U+FFF9–U+FFFB. Plain comparisons joined with `|`, which the compiler makes into vector
    // instructions over a whole block.
    let suspect = |b: u8| {
        (b < 0x20) & (b != b'\n') & (b != b'\t')
            | (b == 0x7F)
            | (b == 0xC2)
            | (b == 0xD8)
            | (b == 0xE1)
            | (b == 0xE2)
            | (b == 0xEF)
    };
    let exact = |i: usize| {
        let b = bytes[i];
        if !suspect(b) {
            return false;
        }
        if b < 0x80 {
            return true;
        }
        let head = &bytes[i..(i + 3).min(bytes.len())];
        let valid = match std::str::from_utf8(head) {
            Ok(s) => s,
            Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or(""),
        };
        valid
            .chars()
            .next()
            .is_some_and(|c| is_control(c) || is_invisible(c))
    };
    // A wider first test, fewer operations a byte: a control byte, or any byte from DEL up.
    // Only blocks it catches are tested exactly (in plain ASCII text, almost none).
    let maybe = |b: u8| (b < 0x20) & (b != b'\n') & (b != b'\t') | (b >= 0x7F);
    let rest = bytes.get(from..to)?;
    let mut blocks = rest.chunks_exact(64);
    for (c, block) in blocks.by_ref().enumerate() {
        let mut hit = 0u8;
        for &b in block {
            hit |= u8::from(maybe(b));
        }
        if hit != 0 {
            // One bit per suspect byte (in plain text, a curly quote or two): only those are
            // decoded.
            let mut suspects = block
                .iter()
                .enumerate()
                .fold(0u64, |m, (k, &b)| m | u64::from(suspect(b)) << k);
            let start = from + c * 64;
            while suspects != 0 {
                let i = start + suspects.trailing_zeros() as usize;
                if exact(i) {
                    return Some(i);
                }
                suspects &= suspects - 1;
            }
        }
    }
    (to - blocks.remainder().len()..to).find(|&i| exact(i))
}

/// The one-line display form: every run of whitespace (tabs, line breaks, non-breaking and
/// other Unicode spaces) becomes one space, the ends are trimmed, then it is made safe as by
/// [`sanitize`].
pub fn display(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    display_into(s, &mut out);
    out
}

/// [`display`] into a buffer (cleared first).
pub fn display_into(s: &str, out: &mut String) {
    out.clear();
    let mut pending_space = false;
    // Fast path over plain ASCII runs; the per-char path only for the rest.
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b' ' || b == b'\t' || b == b'\n' || b == b'\r' || b == 0x0B || b == 0x0C {
            pending_space = !out.is_empty();
            i += 1;
            continue;
        }
        if (0x21..0x7F).contains(&b) {
            let start = i;
            while i < bytes.len() && (0x21..0x7F).contains(&bytes[i]) {
                i += 1;
            }
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push_str(&s[start..i]);
            continue;
        }
        // A non-ASCII or control char: decode it.
        let c = s[i..].chars().next().unwrap_or('\u{FFFD}');
        i += c.len_utf8();
        if c.is_whitespace() && !is_control(c) || c == '\u{85}' {
            pending_space = !out.is_empty();
        } else if is_invisible(c) {
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            if is_control(c) {
                push_control(out, c);
            } else {
                out.push(c);
            }
        }
    }
}

/// True when [`clean_text`] would leave `s` as it is: loaded text, as every reader of it may
/// assume.
pub(crate) fn is_clean(s: &str) -> bool {
    next_dirty(s.as_bytes(), 0, s.len()).is_none()
}

/// True when `s` holds nothing a terminal would act on (the invariant both functions keep).
pub fn is_safe(s: &str) -> bool {
    !s.chars().any(|c| is_control(c) || is_invisible(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_are_shown_not_run() {
        let hostile = "red \x1b[31mALERT\x1b[0m \x1b]0;title\x07 done";
        let shown = display(hostile);
        assert_eq!(shown, "red ^[[31mALERT^[[0m ^[]0;title^G done");
        assert!(is_safe(&shown));
        assert!(is_safe(&sanitize(hostile)));
    }

    #[test]
    fn c1_csi_is_shown_in_hex() {
        let shown = display("a\u{9b}31mb\u{85}c\u{7f}");
        assert_eq!(shown, "a<9B>31mb c^?");
        let shown = sanitize("x\u{9b}2Jy\u{90}");
        assert_eq!(shown, "x<9B>2Jy<90>");
        assert!(is_safe(&shown));
    }

    #[test]
    fn a_large_text_is_cleaned_alike_wherever_its_dirty_chars_fall() {
        // Large enough to be searched in stretches; dirty chars begin just before, at and
        // after every place a stretch may begin, so some straddle one.
        let len = PARALLEL_CLEAN_FROM + 1001;
        for dirty in ["\u{9b}", "\u{200b}", "\r\n", "\x1b", "\u{feff}"] {
            let mut shown = dirty.to_string();
            clean_text(&mut shown);
            for offset in 0..4 {
                let (mut text, mut want) = (String::new(), String::new());
                for stretches in (2..=8).rev() {
                    let at = len.div_ceil(stretches) + offset - 2;
                    let gap = "a".repeat(at - text.len());
                    text.push_str(&gap);
                    text.push_str(dirty);
                    want.push_str(&gap);
                    want.push_str(&shown);
                }
                let gap = "a".repeat(len - text.len());
                text.push_str(&gap);
                want.push_str(&gap);
                clean_text(&mut text);
                assert!(text == want, "{dirty:?} at {offset}");
            }
        }
    }

    #[test]
    fn joiners_stay_in_words_and_emoji_sequences() {
        // Persian "mikhaham" (I want) with its non-joiner, and a family emoji.
        let text = "\u{645}\u{6cc}\u{200C}\u{62e}\u{648}\u{627}\u{647}\u{645} \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
        let mut cleaned = text.to_string();
        clean_text(&mut cleaned);
        assert_eq!(cleaned, text);
        assert_eq!(sanitize(text), text);
    }

    #[test]
    fn article_text_loses_bidi_controls_and_keeps_quotes_and_dashes() {
        let mut text =
            "\u{201c}pay \u{202E}gnp.exe\u{202C}\u{201d} \u{2014} now\u{200B}\u{2066}x\u{2069}\u{FEFF}"
                .to_string();
        clean_text(&mut text);
        assert_eq!(text, "\u{201c}pay gnp.exe\u{201d} \u{2014} nowx");
        let mut plain = "\u{201c}quoted\u{201d} \u{2014} caf\u{e9}".to_string();
        clean_text(&mut plain);
        assert_eq!(plain, "\u{201c}quoted\u{201d} \u{2014} caf\u{e9}");
    }

    #[test]
    fn bidi_overrides_and_invisible_chars_are_removed() {
        let s = "pay \u{202E}gnp.exe\u{202C} now\u{200B}\u{FEFF} \u{2066}x\u{2069}\u{00AD}";
        assert_eq!(display(s), "pay gnp.exe now x");
        assert_eq!(sanitize(s), "pay gnp.exe now x");
    }

    #[test]
    fn tabs_are_expanded_to_tab_stops() {
        assert_eq!(sanitize("a\tb"), "a       b");
        assert_eq!(sanitize("abcdefgh\tc"), "abcdefgh        c");
        assert_eq!(display("a\t\tb"), "a b");
    }

    #[test]
    fn whitespace_collapses_including_nbsp() {
        assert_eq!(
            display("  News \u{a0} / \u{a0} More\r\n\u{2028}Russia \u{3000} "),
            "News / More Russia"
        );
        assert_eq!(display("line\nbreak"), "line break");
        assert_eq!(sanitize("line\nbreak"), "line^Jbreak");
    }

    #[test]
    fn article_text_keeps_lines_and_tabs_and_shows_other_controls() {
        let mut t = "a\r\nb\rc\td\x1b[31me\u{9b}f\u{85}g".to_string();
        clean_text(&mut t);
        assert_eq!(t, "a\nb\nc\td^[[31me<9B>f\ng");
        let mut clean = "Plain “text”\n\twith tabs.".to_string();
        let before = clean.as_ptr();
        clean_text(&mut clean);
        assert_eq!(clean.as_ptr(), before, "clean text is not copied");
    }

    #[test]
    fn a_control_char_is_found_anywhere_in_a_long_text() {
        // A C1 control (two bytes) across a 64-byte block boundary, and one deep in the text.
        for at in [0, 62, 63, 64, 1000] {
            let mut t = format!("{}\u{85}{}", "a".repeat(at), "b".repeat(100));
            clean_text(&mut t);
            assert_eq!(
                t,
                format!("{}\n{}", "a".repeat(at), "b".repeat(100)),
                "{at}"
            );
        }
        let mut nbsp = format!("{}\u{a0}x", "a".repeat(63));
        let before = nbsp.clone();
        clean_text(&mut nbsp);
        assert_eq!(nbsp, before);
    }

    #[test]
    fn long_texts_are_cleaned_as_char_by_char() {
        let reference = |text: &str| {
            let mut out = String::new();
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\n' | '\t' => out.push(c),
                    '\r' => {
                        chars.next_if_eq(&'\n');
                        out.push('\n');
                    }
                    '\u{0B}' | '\u{0C}' | '\u{85}' => out.push('\n'),
                    c if is_control(c) => push_control(&mut out, c),
                    c if is_invisible(c) => {}
                    c => out.push(c),
                }
            }
            out
        };
        let pieces = [
            "plain words ",
            "\r\n",
            "\r",
            "\n",
            "\t",
            "\x1b[1m",
            "\u{9b}",
            "\u{a0}",
            "\u{85}",
            "\u{7f}",
            "caf\u{e9} ",
            "\x00",
            "a much longer run of ordinary text to cross blocks ",
            // Removed: mended in place, these and the longer notations above move the text
            // both ways.
            "\u{200b}",
            "\u{feff}",
            "\u{202e}",
        ];
        for text in crate::corpus::random_texts(&pieces, 0x9e37_79b9_7f4a_7c15, 40, 500) {
            let mut cleaned = text.clone();
            clean_text(&mut cleaned);
            assert_eq!(cleaned, reference(&text), "{text:?}");
        }
    }

    #[test]
    fn every_control_char_is_neutralised() {
        let all: String = (0u32..=0xA0).filter_map(char::from_u32).collect();
        assert!(is_safe(&display(&all)));
        assert!(is_safe(&sanitize(&all)));
        assert!(sanitize(&all).contains("^@^A"));
    }
}
