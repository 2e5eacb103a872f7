//! Paragraphs and sentences of news prose, as byte ranges into the decoded text.
//!
//! Byte-level scanning: only `.`, `!`, `?`, `…` and the CJK full stops are looked at closely,
//! so splitting costs about a microsecond per sentence.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

/// One sentence found by [`sentences`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Byte range into the text, trimmed of surrounding whitespace.
    pub span: Range<usize>,
    /// A line standing alone without final punctuation (or a Markdown `#` line).
    pub heading: bool,
}

/// Longest heading, in bytes; a longer unpunctuated paragraph is a sentence missing its stop.
const MAX_HEADING_BYTES: usize = 160;

/// Trims Unicode whitespace (including NBSP) from both ends of `range`.
pub fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let b = text.as_bytes();
    let visible = |i: usize| (0x21..0x7F).contains(&b[i]);
    if range.is_empty() || visible(range.start) && visible(range.end - 1) {
        // Printable ASCII at both ends (most lines): nothing to trim.
        return range;
    }
    let s = &text[range.clone()];
    let t = s.trim_start();
    let start = range.start + (s.len() - t.len());
    let t = t.trim_end();
    start..start + t.len()
}

/// The lines of `text` as byte ranges without their `\n` or `\r\n`.
fn lines(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 64 + 1);
    let mut start = 0;
    // memchr finds each line break at vector width, whatever the CPU offers.
    for i in memchr::memchr_iter(b'\n', bytes) {
        let end = if i > start && bytes[i - 1] == b'\r' {
            i - 1
        } else {
            i
        };
        out.push(start..end);
        start = i + 1;
    }
    if start < bytes.len() {
        out.push(start..bytes.len());
    }
    out
}

/// Texts from this size find their lines on all cores, in stretches cut after a line break.
const PARALLEL_LINES_FROM: usize = 2 << 20;

/// The lines of `text` (as [`lines`] gives them) and whether each is blank, in parts that
/// follow one another: one part for a small text, one per stretch of a large one.
type LineParts = Vec<(Vec<Range<usize>>, Vec<bool>)>;

/// [`LineParts`] of `text`.
fn line_parts(text: &str) -> LineParts {
    use rayon::prelude::*;
    let blanks = |lines: &[Range<usize>]| lines.iter().map(|r| is_blank(text, r)).collect();
    let stretches = rayon::current_num_threads();
    if text.len() < PARALLEL_LINES_FROM || stretches < 2 {
        let all = lines(text);
        let blank = blanks(&all);
        return vec![(all, blank)];
    }
    // Each stretch ends just after a `\n` (or at the end): its lines are the text's lines.
    let mut cuts = vec![0];
    for k in 1..stretches {
        let from = (text.len() * k / stretches).max(cuts[cuts.len() - 1]);
        match text.as_bytes()[from..].iter().position(|&b| b == b'\n') {
            Some(at) => cuts.push(from + at + 1),
            None => break,
        }
    }
    cuts.push(text.len());
    cuts.dedup();
    cuts.par_windows(2)
        .map(|w| {
            let mut part = lines(&text[w[0]..w[1]]);
            for r in &mut part {
                *r = r.start + w[0]..r.end + w[0];
            }
            let blank = blanks(&part);
            (part, blank)
        })
        .collect()
}

fn is_blank(text: &str, r: &Range<usize>) -> bool {
    let s = &text.as_bytes()[r.clone()];
    match s.first() {
        // Printable ASCII first (most lines): not blank.
        Some(b) if (0x21..0x7F).contains(b) => false,
        _ if s.iter().all(|b| b.is_ascii_whitespace()) => true,
        _ => text[r.clone()].trim().is_empty(),
    }
}

/// True for a line that starts a Markdown block of its own: heading, list item, quote, rule.
fn starts_block(line: &str) -> bool {
    let l = line.trim_start();
    let b = l.as_bytes();
    match b.first() {
        Some(b'#') | Some(b'>') | Some(b'|') => true,
        Some(b'-') | Some(b'*') | Some(b'+') => b.get(1).is_none_or(|c| *c == b' '),
        Some(c) if c.is_ascii_digit() => {
            let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
            matches!(b.get(n), Some(b'.') | Some(b')')) && b.get(n + 1) == Some(&b' ')
        }
        _ => false,
    }
}

fn ends_sentence(line: &str) -> bool {
    let t = line
        .trim_end()
        .trim_end_matches(['"', '\'', ')', '\u{201D}', '\u{2019}']);
    t.ends_with(['.', '!', '?', ':', '\u{2026}'])
}

/// True when a block of lines is prose hard-wrapped at a fixed width (to be read as one
/// paragraph) rather than a stack of separate lines (caption, credit, date, title...).
fn is_hard_wrapped(text: &str, block: &[Range<usize>]) -> bool {
    let (body, _last) = block.split_at(block.len() - 1);
    let mut unpunctuated = 0;
    for r in block {
        if starts_block(&text[r.clone()]) {
            return false;
        }
    }
    for r in body {
        let line = &text[r.clone()];
        let chars = line.chars().count();
        if !(30..=110).contains(&chars) {
            return false;
        }
        if !ends_sentence(line) {
            unpunctuated += 1;
        }
    }
    unpunctuated * 2 >= body.len()
}

/// Where the blank lines of a stretch of text lie: what [`paragraphs`] asks of a text, told
/// stretch by stretch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Blanks {
    /// The stretch has a non-blank line.
    pub text: bool,
    /// A blank line comes before its first non-blank line (or it has only blank lines).
    pub before: bool,
    /// A blank line comes between two of its non-blank lines.
    pub between: bool,
    /// A blank line comes after its last non-blank line.
    pub after: bool,
}

/// The paragraphs of a stretch of text that ends after a line break (or at the text's end),
/// as [`paragraphs`] makes those of a text with no blank line between two non-blank ones (a
/// paragraph per non-blank line), and where its blank lines lie: with the stretches'
/// [`Blanks`], the caller tells whether the whole text is one of those.
pub fn line_paragraphs(text: &str) -> (Vec<Range<usize>>, Blanks) {
    let mut out = lines(text);
    let mut shape = Blanks::default();
    let mut kept = 0;
    for i in 0..out.len() {
        let blank = is_blank(text, &out[i]);
        shape.push(blank);
        if !blank {
            out[kept] = trim_range(text, out[i].clone());
            kept += 1;
        }
    }
    out.truncate(kept);
    (out, shape)
}

impl Blanks {
    /// Takes in the stretch's next line, blank or not.
    fn push(&mut self, blank: bool) {
        if blank {
            if self.text {
                self.after = true;
            } else {
                self.before = true;
            }
        } else {
            self.between |= self.after;
            self.after = false;
            self.text = true;
        }
    }
}

/// Whether the stretches of a text, taken in order, hold a blank line between two non-blank
/// lines: then [`paragraphs`] separates paragraphs by blank lines; else each line is one.
#[derive(Debug, Default)]
pub struct BlankSeparators {
    /// A non-blank line came.
    seen_text: bool,
    /// A blank line came after a non-blank one.
    blank_after_text: bool,
    /// A blank line came between two non-blank ones.
    found: bool,
}

impl BlankSeparators {
    /// Takes in the next stretch; true once a blank line stands between two non-blank ones.
    pub fn follow(&mut self, b: Blanks) -> bool {
        if b.text {
            self.found |= b.between || self.blank_after_text || self.seen_text && b.before;
            self.seen_text = true;
            self.blank_after_text |= b.after;
        } else {
            self.blank_after_text |= self.seen_text && b.before;
        }
        self.found
    }
}

/// Paragraphs of `text`, trimmed, in order. Blank lines separate paragraphs; in a text with
/// no blank line at all each line is a paragraph; a block of lines that is not hard-wrapped
/// prose (a date over a title over a caption) gives one paragraph per line.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    use rayon::prelude::*;
    let parts = line_parts(text);
    let mut separators = BlankSeparators::default();
    let has_blank_separators = parts.iter().any(|(_, blank)| {
        let mut shape = Blanks::default();
        blank.iter().for_each(|&b| shape.push(b));
        separators.follow(shape)
    });
    if !has_blank_separators {
        // Every non-blank line is a paragraph: each part's lines become its paragraphs in
        // place, side by side, and the parts are joined onto the first (no second vector of
        // a large text's lines).
        let mut parts = parts;
        parts.par_iter_mut().for_each(|(lines, blank)| {
            let mut kept = 0;
            for i in 0..lines.len() {
                if !blank[i] {
                    lines[kept] = trim_range(text, lines[i].clone());
                    kept += 1;
                }
            }
            lines.truncate(kept);
        });
        let mut parts = parts.into_iter().map(|p| p.0);
        let mut out = parts.next().unwrap_or_default();
        for part in parts {
            out.extend(part);
        }
        return out;
    }
    let mut all = Vec::with_capacity(parts.iter().map(|p| p.0.len()).sum());
    let mut blank = Vec::with_capacity(all.capacity());
    for (part, b) in parts {
        all.extend(part);
        blank.extend(b);
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < all.len() {
        if blank[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < all.len() && !blank[i] {
            i += 1;
        }
        let block = &all[start..i];
        if block.len() == 1 || is_hard_wrapped(text, block) {
            let r = trim_range(text, block[0].start..block[block.len() - 1].end);
            out.push(r);
        } else {
            out.extend(block.iter().map(|r| trim_range(text, r.clone())));
        }
    }
    out
}

/// Abbreviations after which a full stop never ends a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mme", "Mlle", "Messrs", "Dr", "Prof", "Gen", "Lt", "Col", "Capt", "Cpt",
    "Cmdr", "Cdr", "Sgt", "Maj", "Adm", "Brig", "Cpl", "Pvt", "Sen", "Sens", "Rep", "Reps", "Gov",
    "Govs", "Pres", "Supt", "Insp", "Rev", "Hon", "Amb", "Atty", "Sr", "Jr", "St", "Ste", "Mt",
    "Ft", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "vs", "v", "cf", "approx", "viz", "Vol", "vol", "pp", "Fig", "fig", "Art", "Sec", "Nos", "Ave",
    "Blvd", "Rd", "Ltd", "Inc", "Corp", "Bros", "Dept", "Univ", "Assn", "est", "Calif", "Mass",
    "Conn", "Penn", "Wash", "Ariz", "Colo", "Fla", "Ill", "Ind", "Kan", "Mich", "Minn", "Miss",
    "Tenn", "Tex", "Va", "Wis", "Ore", "Okla", "Nev", "Ky",
];

/// Labels that take a number after their full stop: "No. 5".
const NUMBER_LABELS: &[&str] = &["No", "no", "Nr", "Art", "Vol", "Para", "Ch", "Op"];

/// Full month names, written with a stop in some styles ("May. 3").
const MONTHS: &[&str] = &["March", "April", "May", "June", "July"];

/// Abbreviations that end a sentence only when a typical sentence opener follows.
const WEAK_ABBREVIATIONS: &[&str] = &["Ltd", "Inc", "Corp", "Bros", "Jr", "Sr"];

/// Words that typically open a sentence: after an initial or a dotted abbreviation
/// ("the U.S. The president..."), one of these means the sentence did end.
const OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "But",
    "And",
    "In",
    "On",
    "At",
    "As",
    "After",
    "Before",
    "When",
    "While",
    "If",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "My",
    "What",
    "Why",
    "How",
    "Who",
    "Some",
    "Many",
    "Most",
    "Meanwhile",
    "However",
    "Still",
    "Yet",
    "So",
    "Now",
    "Then",
    "Last",
    "Earlier",
    "Later",
    "According",
    "Officials",
    "Police",
    "One",
    "Two",
    "Three",
    "No",
    "Not",
    "Also",
];

/// Set lookups for the word lists (a linear scan per candidate stop is too slow), with the Fx
/// hasher: the std one (SipHash) costs more than the rest of a stop's test, and these keys are
/// a fixed list, not input.
type WordSet = HashSet<&'static str, rustc_hash::FxBuildHasher>;

fn word_set(cell: &'static OnceLock<WordSet>, words: &[&'static str]) -> &'static WordSet {
    cell.get_or_init(|| words.iter().copied().collect())
}

/// No word of [`ABBREVIATIONS`], [`NUMBER_LABELS`] or [`MONTHS`] is longer, in bytes: a stop's
/// longer word, without a dot, is read by none of their tests.
const MAX_ABBREVIATION_BYTES: usize = 7;

fn is_abbreviation(w: &str) -> bool {
    static SET: OnceLock<WordSet> = OnceLock::new();
    w.len() <= MAX_ABBREVIATION_BYTES && word_set(&SET, ABBREVIATIONS).contains(w)
}

/// "jan", "mar", "sept": a month abbreviation in lower case, as some styles and typists write it.
fn is_lower_month_abbreviation(w: &str) -> bool {
    matches!(w.len(), 3 | 4)
        && w.bytes().all(|b| b.is_ascii_lowercase())
        && crate::text::month(w).is_some()
}

fn is_opener(w: &str) -> bool {
    static SET: OnceLock<WordSet> = OnceLock::new();
    w.len() <= 10 && word_set(&SET, OPENERS).contains(w)
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

/// Length of a sentence-final mark at `i`: `.`, `!`, `?`, `…`.
fn terminal_len(b: &[u8], i: usize) -> usize {
    match b[i] {
        b'.' | b'!' | b'?' => 1,
        0xE2 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0xA6) => 3,
        _ => 0,
    }
}

/// Length of a closing mark at `i`: quotes and brackets.
fn closer_len(b: &[u8], i: usize) -> usize {
    match b[i] {
        b'"' | b'\'' | b')' | b']' => 1,
        // ” ’
        0xE2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x9D) | Some(0x99)) => 3,
        // »
        0xC2 if b.get(i + 1) == Some(&0xBB) => 2,
        _ => 0,
    }
}

/// Length of a whitespace char at `i` (ASCII space/tab/line break, NBSP, thin/narrow spaces).
fn space_len(b: &[u8], i: usize) -> usize {
    match b[i] {
        b' ' | b'\t' | b'\n' | b'\r' => 1,
        0xC2 if b.get(i + 1) == Some(&0xA0) => 2,
        0xE2 if b.get(i + 1) == Some(&0x80) => match b.get(i + 2) {
            Some(0x80..=0x8A) | Some(0xAF) | Some(0xA8) | Some(0xA9) => 3,
            _ => 0,
        },
        0xE3 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x80) => 3,
        _ => 0,
    }
}

/// Length of a CJK full stop at `i` (。！？), which ends a sentence with no space after it.
fn cjk_stop_len(b: &[u8], i: usize) -> usize {
    match (b[i], b.get(i + 1), b.get(i + 2)) {
        (0xE3, Some(0x80), Some(0x82)) => 3,
        (0xEF, Some(0xBC), Some(0x81)) | (0xEF, Some(0xBC), Some(0x9F)) => 3,
        _ => 0,
    }
}

/// The bytes [`word_before`] stops at: whitespace, an opening mark, and the last byte of a
/// no-break space (U+00A0) or of an opening curly quote (“ U+201C, ‘ U+2018).
const ENDS_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let stops = [b' ', b'\n', b'\t', b'(', b'"', b'[', 0xA0, 0x9C, 0x98];
    let mut k = 0;
    while k < stops.len() {
        table[stops[k] as usize] = true;
        k += 1;
    }
    table
};

/// The word before the mark at `end` (exclusive), back to whitespace or an opening mark.
fn word_before(text: &str, start: usize, end: usize) -> &str {
    let b = text.as_bytes();
    let mut i = end;
    while i > start && !ENDS_WORD[b[i - 1] as usize] {
        i -= 1;
    }
    // Never cut into a UTF-8 sequence.
    while i < end && !text.is_char_boundary(i) {
        i += 1;
    }
    &text[i..end]
}

/// The word starting at `i`: letters, digits and apostrophes.
fn word_after(text: &str, i: usize) -> &str {
    let rest = &text[i..];
    let n = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '\''))
        .map_or(rest.len(), |(k, _)| k);
    &rest[..n]
}

/// Decides whether the stop at `mark` (its word ending at `mark`) ends a sentence, given that
/// whitespace follows and the next text starts at `next`.
fn is_boundary(text: &str, start: usize, mark: usize, dot: bool, next: usize) -> bool {
    let b = text.as_bytes();
    let mut n = next;
    // Skip opening quotes and brackets to reach the first letter.
    loop {
        match b.get(n) {
            Some(b'"') | Some(b'\'') | Some(b'(') | Some(b'[') => n += 1,
            Some(0xE2)
                if b.get(n + 1) == Some(&0x80)
                    && matches!(b.get(n + 2), Some(0x9C) | Some(0x98)) =>
            {
                n += 3
            }
            Some(0xC2) if b.get(n + 1) == Some(&0xAB) => n += 2,
            _ => break,
        }
    }
    let Some(c) = char_at(text, n) else {
        return true;
    };
    if c.is_lowercase() || matches!(c, ',' | ';' | ':' | '/' | ')' | ']' | '%') {
        return false;
    }
    if !dot {
        return true;
    }
    let word = word_before(text, start, mark);
    if word.is_empty() {
        // A stop standing alone: tokenised text ("( . 535)") before a digit.
        return !c.is_ascii_digit();
    }
    // "Lt.-Gen." -> "Gen"; "U.S" stays whole for the dotted check.
    let last = match word.bytes().rposition(|c| c == b'-') {
        Some(k) => &word[k + 1..],
        None => word,
    };
    let bare = if last
        .bytes()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
    {
        // (None of the marks trimmed below begins so.)
        last
    } else {
        last.trim_start_matches(['\'', '\u{2018}', '\u{201C}', '$', '\u{a3}', '\u{20ac}'])
    };
    let bb = bare.as_bytes();
    if c.is_ascii_digit()
        && (bb.last().is_some_and(u8::is_ascii_digit)
            || NUMBER_LABELS.contains(&bare)
            || MONTHS.contains(&bare)
            || is_lower_month_abbreviation(bare))
    {
        // "No. 5", "May. 3, 2013", "on mar. 10", and decimals set apart by tokenisers
        // ("$2. 6 million").
        return false;
    }
    if start + word.len() == mark && word.len() <= 3 && word.bytes().all(|d| d.is_ascii_digit()) {
        // A list number opening the line: "1. How much ...".
        return false;
    }
    let has_dot = bb.contains(&b'.');
    if bb.len() > MAX_ABBREVIATION_BYTES && !has_dot {
        // Most words: too long for any rule below but the dotted one, and without a dot.
        return true;
    }
    let mut folded = [0u8; 4];
    let bare = if (2..=4).contains(&bb.len()) && bb.iter().all(u8::is_ascii_uppercase) {
        // "FEB." in capitals.
        let folded = &mut folded[..bb.len()];
        folded.copy_from_slice(bb);
        folded[1..].make_ascii_lowercase();
        match std::str::from_utf8(folded) {
            Ok(upper_month) if is_abbreviation(upper_month) => upper_month,
            _ => bare,
        }
    } else {
        bare
    };
    if is_abbreviation(bare) {
        return WEAK_ABBREVIATIONS.contains(&bare) && is_opener(word_after(text, n));
    }
    if bare == "e.g" || bare == "i.e" || bare == "etc" && c.is_ascii_digit() {
        return false;
    }
    let mut chars = bare.chars();
    let single = matches!((chars.next(), chars.next()), (Some(l), None) if l.is_alphabetic());
    let dotted = has_dot && bare.chars().any(char::is_alphabetic);
    if single || dotted {
        // Initials and dotted abbreviations (J. K. Rowling, U.S., a.m.): a sentence ends here
        // only if what follows opens sentences, and is not itself an initial ("D. A. Lowell").
        let after = word_after(text, n);
        let initial_follows = after.chars().count() == 1 && b.get(n + after.len()) == Some(&b'.');
        return is_opener(after) && !initial_follows;
    }
    true
}

/// True when the text of a one-piece paragraph ends without sentence punctuation.
fn lacks_final_punctuation(s: &str) -> bool {
    const CLOSERS: &[char] = &[
        '"', '\'', '`', ')', ']', '\u{201D}', '\u{2019}', '\u{00BB}', ' ',
    ];
    let t = s.trim_end();
    let inner = t.trim_end_matches(CLOSERS);
    let Some(c) = inner.chars().next_back() else {
        return false;
    };
    if matches!(
        c,
        '.' | '!' | '?' | '\u{2026}' | ':' | ';' | '\u{3002}' | '\u{FF01}' | '\u{FF1F}'
    ) {
        return false;
    }
    // A quote closing on a comma is speech awaiting attribution; a quoted title is not.
    c != ','
}

/// Finds, in order, the bytes that may start a sentence stop: `.`, `!`, `?`, or the lead byte
/// of `…` or a CJK stop, over a stretch of text. The ASCII marks and the lead bytes are each
/// found at vector width by an iterator that goes through the stretch once. One finder serves
/// a run of paragraphs taken in order (see [`each_sentence_with`]): the lead bytes, rare in
/// most text, are then looked for once over many paragraphs instead of once, in vain, in each.
pub struct StopLeads<'a> {
    marks: memchr::Memchr3<'a>,
    leads: memchr::Memchr3<'a>,
    /// Where the stretch starts in the text.
    base: usize,
    /// Where it ends.
    limit: usize,
    /// The next ASCII mark found (or the limit), at or past the position last asked about.
    mark: usize,
    /// The next lead byte found (or the limit), likewise.
    lead: usize,
}

impl<'a> StopLeads<'a> {
    /// A finder for paragraphs of `text`, taken in order, that lie within `stretch`.
    pub fn over(text: &'a str, stretch: Range<usize>) -> StopLeads<'a> {
        let bytes = &text.as_bytes()[stretch.clone()];
        let mut leads = StopLeads {
            marks: memchr::memchr3_iter(b'.', b'!', b'?', bytes),
            leads: memchr::memchr3_iter(0xE2, 0xE3, 0xEF, bytes),
            base: stretch.start,
            limit: stretch.end,
            mark: 0,
            lead: 0,
        };
        leads.mark = leads.marks.next().map_or(leads.limit, |k| leads.base + k);
        leads.lead = leads.leads.next().map_or(leads.limit, |k| leads.base + k);
        leads
    }

    /// The first position from `i` holding a stop's first byte (at or past the limit when
    /// there is none). Never asked about a position before one asked about already.
    fn next(&mut self, i: usize) -> usize {
        let (base, limit) = (self.base, self.limit);
        while self.mark < i {
            self.mark = self.marks.next().map_or(limit, |k| base + k);
        }
        while self.lead < i {
            self.lead = self.leads.next().map_or(limit, |k| base + k);
        }
        self.mark.min(self.lead)
    }
}

/// Splits one paragraph (a byte range of `text`) into sentences, appending to `out`.
pub fn sentences_into(text: &str, para: Range<usize>, out: &mut Vec<Piece>) {
    each_sentence(text, para, |span, heading| {
        out.push(Piece { span, heading })
    });
}

/// Splits one paragraph (a byte range of `text`) into sentences, handing each one's span and
/// heading flag to `sentence` in order, without collecting them: the one splitter behind
/// [`sentences_into`], for callers that only count or test the pieces.
pub fn each_sentence(text: &str, para: Range<usize>, sentence: impl FnMut(Range<usize>, bool)) {
    let mut leads = StopLeads::over(text, para.clone());
    each_sentence_with(text, para, &mut leads, sentence);
}

/// [`each_sentence`], the stops found by `leads`: one finder for a run of paragraphs split
/// in order, each ending by the finder's limit.
pub fn each_sentence_with(
    text: &str,
    para: Range<usize>,
    leads: &mut StopLeads<'_>,
    mut sentence: impl FnMut(Range<usize>, bool),
) {
    // The last piece is held back: only a paragraph of one piece can be a heading.
    let mut held: Option<Range<usize>> = None;
    let mut pieces = 0;
    let may_head = cut(text, para, leads, &mut |span| {
        if let Some(before) = held.replace(span) {
            sentence(before, false);
        }
        pieces += 1;
    });
    if let Some(last) = held {
        let s = &text[last.clone()];
        let heading = may_head
            && pieces == 1
            && (s.starts_with('#')
                || (last.len() <= MAX_HEADING_BYTES
                    && lacks_final_punctuation(s)
                    // Quoted speech with its attribution is a sentence missing its stop.
                    && !s.contains(",\"")
                    && !s.contains(",\u{201D}")));
        sentence(last, heading);
    }
}

/// Cuts one paragraph into sentence spans, handing each to `piece` in order. False for a URL
/// line (one piece, never a heading).
fn cut(
    text: &str,
    para: Range<usize>,
    leads: &mut StopLeads<'_>,
    piece: &mut impl FnMut(Range<usize>),
) -> bool {
    let para = trim_range(text, para);
    if para.is_empty() {
        return true;
    }
    let b = text.as_bytes();
    let head = &b[para.start..para.end.min(para.start + 8)];
    if head.starts_with(b"http:") || head.starts_with(b"https:") || head.starts_with(b"www.") {
        // A URL line, even a tokenised one ("http: / / www. example. com / 1. 2"), is whole.
        piece(para);
        return false;
    }
    let end = para.end;
    let mut start = para.start;
    let mut i = para.start;
    while i < end {
        // Only a few bytes can start a stop; everything else is skipped at once.
        i = leads.next(i);
        if i >= end {
            break;
        }
        let cjk = cjk_stop_len(b, i);
        if cjk > 0 {
            let mut j = i + cjk;
            while j < end && closer_len(b, j) > 0 {
                j += closer_len(b, j);
            }
            let mut k = j;
            while k < end && space_len(b, k) > 0 {
                k += space_len(b, k);
            }
            if k < end {
                piece(start..j);
                start = k;
            }
            i = k.max(i + cjk);
            continue;
        }
        let t = terminal_len(b, i);
        if t == 0 {
            i += 1;
            continue;
        }
        let mark = i;
        let mut j = i + t;
        let mut run = 1;
        while j < end && terminal_len(b, j) > 0 {
            j += terminal_len(b, j);
            run += 1;
        }
        let dot = t == 1 && b[i] == b'.' && run == 1;
        while j < end && closer_len(b, j) > 0 {
            j += closer_len(b, j);
        }
        let mut k = j;
        while k < end && space_len(b, k) > 0 {
            k += space_len(b, k);
        }
        if k == j || k >= end {
            // No space after it ("3.5", "U.S.A", "gtag.js"), or the paragraph's end.
            i = j.max(i + 1);
            continue;
        }
        // Tokenised text sets closing quotes apart ("gun . ”"): keep them with the sentence.
        let mut sentence_end = j;
        loop {
            let q = closer_len(b, k);
            if q == 0 || b[k] == b'"' || b[k] == b'\'' || b[k] == b'(' {
                break;
            }
            let after = k + q;
            if after < end && space_len(b, after) == 0 {
                break;
            }
            sentence_end = after;
            k = after;
            while k < end && space_len(b, k) > 0 {
                k += space_len(b, k);
            }
            if k >= end {
                break;
            }
        }
        if k >= end {
            i = end;
            continue;
        }
        if is_boundary(text, start, mark, dot, k) {
            piece(start..sentence_end);
            start = k;
        }
        i = k;
    }
    if start < end {
        piece(trim_range(text, start..end));
    }
    true
}

/// Splits one paragraph into sentences.
pub fn sentences(text: &str, para: Range<usize>) -> Vec<Piece> {
    let mut out = Vec::new();
    sentences_into(text, para, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text, 0..text.len())
            .into_iter()
            .map(|p| &text[p.span])
            .collect()
    }

    #[test]
    fn no_listed_word_is_longer_than_the_stop_test_reads() {
        for w in ABBREVIATIONS.iter().chain(NUMBER_LABELS).chain(MONTHS) {
            assert!(w.len() <= MAX_ABBREVIATION_BYTES, "{w}");
        }
        // A long word ends its sentence; a long dotted one only before a sentence opener.
        assert_eq!(
            split(
                "It was unprecedented. (5) See news.example.com. Reuters said so at news.example.com. The end."
            ),
            [
                "It was unprecedented.",
                "(5) See news.example.com. Reuters said so at news.example.com.",
                "The end."
            ]
        );
    }

    #[test]
    fn a_lower_case_month_abbreviation_does_not_end_a_sentence() {
        let text = "The bank collapsed on mar. 10 as depositors rushed. Regulators stepped in.";
        assert_eq!(
            split(text),
            [
                "The bank collapsed on mar. 10 as depositors rushed.",
                "Regulators stepped in."
            ]
        );
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        let t = "Mr. Smith met Dr. Jones in St. Petersburg on Jan. 5. Lt.-Gen. Sultan Gamaletdinov \
                 spoke. Gen. Lee and J. K. Rowling agreed, vs. the rest. Room No. 5 was shut.";
        assert_eq!(
            split(t),
            [
                "Mr. Smith met Dr. Jones in St. Petersburg on Jan. 5.",
                "Lt.-Gen. Sultan Gamaletdinov spoke.",
                "Gen. Lee and J. K. Rowling agreed, vs. the rest.",
                "Room No. 5 was shut."
            ]
        );
    }

    #[test]
    fn dotted_abbreviations_split_only_before_an_opener() {
        let t = "The U.S. and U.N. envoys met U.S. President Biden. He left the U.S. The talks \
                 ended at 3 p.m. Tuesday.";
        assert_eq!(
            split(t),
            [
                "The U.S. and U.N. envoys met U.S. President Biden.",
                "He left the U.S.",
                "The talks ended at 3 p.m. Tuesday."
            ]
        );
    }

    #[test]
    fn tokenised_text_holds_together() {
        let t = "Crooks took $2. 6 million. Deputy D. A. Lowell spoke at 10: 55 P. M. FEB. 2, 2009. \
                 The F. B. I. agreed.";
        assert_eq!(
            split(t),
            [
                "Crooks took $2. 6 million.",
                "Deputy D. A. Lowell spoke at 10: 55 P. M. FEB. 2, 2009.",
                "The F. B. I. agreed."
            ]
        );
        assert_eq!(
            split("1. How much will it cost?"),
            ["1. How much will it cost?"]
        );
    }

    #[test]
    fn decimals_and_thousands_stay_whole() {
        let t = "It involved 2,030 troops. Prices rose 3.5 percent to $1,200.50 per unit. Done.";
        assert_eq!(
            split(t),
            [
                "It involved 2,030 troops.",
                "Prices rose 3.5 percent to $1,200.50 per unit.",
                "Done."
            ]
        );
    }

    #[test]
    fn quotes_closing_a_sentence_stay_with_it() {
        let t = "He called it \u{201C}misinformation.\u{201D} Putin agreed. \"We act.\" Then \
                 \u{201C}Don\u{2019}t move!\u{201D} it clicked.";
        assert_eq!(
            split(t),
            [
                "He called it \u{201C}misinformation.\u{201D}",
                "Putin agreed.",
                "\"We act.\"",
                "Then \u{201C}Don\u{2019}t move!\u{201D} it clicked."
            ]
        );
    }

    #[test]
    fn curly_comma_quote_with_attribution_stays_together() {
        let t = "\u{201C}Religious radicals, bandits, looters, and petty hooligans emerged right on \
                 cue,\u{201D} Tokayev said. He added that evidence would follow, etc. Talks \
                 resume Feb. 3 at No. 10.";
        assert_eq!(
            split(t),
            [
                "\u{201C}Religious radicals, bandits, looters, and petty hooligans emerged right on cue,\u{201D} Tokayev said.",
                "He added that evidence would follow, etc.",
                "Talks resume Feb. 3 at No. 10."
            ]
        );
    }

    #[test]
    fn comma_quote_with_attribution_is_one_sentence() {
        let t = "\"Those who were protesting are one group, but those who took up arms are a \
                 totally different group with different aims,\" the Russian leader stressed";
        let pieces = sentences(t, 0..t.len());
        assert_eq!(pieces.len(), 1);
        assert!(
            !pieces[0].heading,
            "a long unpunctuated lead is not a heading"
        );
    }

    #[test]
    fn quoted_speech_spanning_sentences_splits_at_real_ends() {
        let t = "\"A hot phase unfolded. The main goal became obvious - the seizure of power. \
                 We are talking about an attempted coup,\" Tokayev said, according to Sputnik.";
        assert_eq!(
            split(t),
            [
                "\"A hot phase unfolded.",
                "The main goal became obvious - the seizure of power.",
                "We are talking about an attempted coup,\" Tokayev said, according to Sputnik."
            ]
        );
    }

    #[test]
    fn ellipsis_ends_a_sentence_only_before_a_capital() {
        let t = "forces took advantage of the situation\u{2026} At the same time, militant \
                 groups\u{2026} including those trained abroad, were involved.";
        assert_eq!(
            split(t),
            [
                "forces took advantage of the situation\u{2026}",
                "At the same time, militant groups\u{2026} including those trained abroad, were involved."
            ]
        );
    }

    #[test]
    fn nbsp_counts_as_space() {
        let t = "Mass protests began on January 2,\u{a0}after the decision. Protests then \
                 spread.\u{a0}Rioters torched buildings.\u{a0}";
        assert_eq!(
            split(t),
            [
                "Mass protests began on January 2,\u{a0}after the decision.",
                "Protests then spread.",
                "Rioters torched buildings."
            ]
        );
    }

    #[test]
    fn headings_stand_alone() {
        let t = "Kazakh President said country weathered an attempted coup";
        let p = sentences(t, 0..t.len());
        assert_eq!(p.len(), 1);
        assert!(p[0].heading);
        let t = "It was said.";
        assert!(!sentences(t, 0..t.len())[0].heading);
        let t = "# Notes on the summit.";
        assert!(sentences(t, 0..t.len())[0].heading);
    }

    #[test]
    fn dateline_stays_one_piece() {
        let t = "MOSCOW, January 10. /TASS/. Russia comprehends the danger, Putin said.";
        assert_eq!(
            split(t),
            [
                "MOSCOW, January 10. /TASS/.",
                "Russia comprehends the danger, Putin said."
            ]
        );
    }

    #[test]
    fn spans_are_offsets_into_the_text() {
        let text = "Title line\n\nOne here. Two there.\n";
        let paras = paragraphs(text);
        assert_eq!(paras.len(), 2);
        let p = sentences(text, paras[1].clone());
        assert_eq!(&text[p[1].span.clone()], "Two there.");
        assert_eq!(p[1].span, 22..32);
    }

    #[test]
    fn a_large_text_has_the_lines_of_a_small_one() {
        // Past the size where lines are found in parallel stretches: the stretches meet at
        // line breaks, `\r\n` and blank lines included.
        let pieces = [
            "A line.\r\n",
            "\n",
            " \r\n",
            "Hard wrapped prose line\n",
            "Caf\u{e9}.\n",
        ];
        let mut text = String::new();
        let mut i = 0usize;
        while text.len() <= PARALLEL_LINES_FROM * 2 {
            text.push_str(pieces[i % pieces.len()]);
            i = i.wrapping_mul(31).wrapping_add(7) % 1009;
        }
        text.push_str("last line without a break");
        let all = lines(&text);
        let blank: Vec<bool> = all.iter().map(|r| is_blank(&text, r)).collect();
        let parts = line_parts(&text);
        // (One part when the pool has one thread.)
        assert_eq!(parts.len() > 1, rayon::current_num_threads() > 1);
        let joined: Vec<Range<usize>> = parts.iter().flat_map(|p| p.0.clone()).collect();
        let joined_blank: Vec<bool> = parts.iter().flat_map(|p| p.1.clone()).collect();
        assert_eq!((joined, joined_blank), (all, blank));
    }

    #[test]
    fn a_large_text_without_blank_lines_has_a_paragraph_per_line() {
        // Blank lines only before the first line and after the last: every other line is a
        // paragraph of its own, trimmed, wherever the parallel stretches meet.
        let pieces = [
            "  A line.  \r\n",
            "Caf\u{e9} au lait\n",
            "\u{a0}Third (3)\n",
        ];
        let mut text = String::from("\n \n");
        let mut i = 0usize;
        while text.len() <= PARALLEL_LINES_FROM * 2 {
            text.push_str(pieces[i % pieces.len()]);
            i += 1;
        }
        text.push_str("last line\n\n");
        let expected: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let found: Vec<&str> = paragraphs(&text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn paragraphs_by_blank_lines_or_by_lines() {
        let t = "One line.\nAnother line.\nThird.";
        assert_eq!(
            paragraphs(t).len(),
            3,
            "no blank lines: each line a paragraph"
        );
        let t = "January 11, 2022\nA Title Here\nIMAGE SOURCE: KREMLIN\n\nBody text.\r\n\r\n\u{a0}\n\nEnd.";
        let p: Vec<&str> = paragraphs(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            p,
            [
                "January 11, 2022",
                "A Title Here",
                "IMAGE SOURCE: KREMLIN",
                "Body text.",
                "End."
            ]
        );
        let wrapped = "This paragraph was wrapped by an editor at about seventy\n\
                       columns so that its lines run on into each other without\n\
                       any stop.\n\nNext.";
        assert_eq!(paragraphs(wrapped).len(), 2);
    }

    #[test]
    fn any_input_gives_valid_spans_without_panicking() {
        let pieces = [
            "A",
            ".",
            " ",
            "\n",
            "\n\n",
            "\u{a0}",
            "\u{201D}",
            "\u{201C}",
            "\"",
            "'",
            "\u{2026}",
            "?",
            "!",
            "U.S.",
            "Mr.",
            "3.5",
            "#",
            "\r\n",
            "\u{3002}",
            "é",
            "\u{202E}",
            "\x1b[",
            "(L)",
            "No.",
            "http: / /",
            "\t",
            "``",
            "''",
            "Jan.",
            "1.",
            "$2. 6",
        ];
        let mut total = 0;
        for text in crate::corpus::random_texts(&pieces, 0x2545_f491_4f6c_dd1d, 40, 2000) {
            total += text.len();
            for para in paragraphs(&text) {
                for p in sentences(&text, para.clone()) {
                    assert!(
                        para.start <= p.span.start && p.span.end <= para.end,
                        "{text:?}"
                    );
                    assert!(!p.span.is_empty(), "{text:?}");
                    assert!(text.get(p.span.clone()).is_some(), "{text:?}");
                }
            }
        }
        assert!(total > 20_000, "the generator produced text");
    }

    #[test]
    fn cjk_full_stops_split() {
        let t = "普京发表讲话。他说局势稳定。";
        assert_eq!(split(t), ["普京发表讲话。", "他说局势稳定。"]);
    }
}
