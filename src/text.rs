//! Shared text normalisation for matching: folding quotes, case, diacritics and spelling variants,
//! word tokens with byte ranges, number words. Used by `claims` and `search`; no terminal code.

use std::ops::Range;
use unicode_normalization::UnicodeNormalization;

/// A word of a text: its byte range in the original and its normalised form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte range into the text it was taken from.
    pub range: Range<usize>,
    /// Lower-cased, folded (diacritics, quotes), spelling-canonical form.
    pub norm: String,
}

/// Folds one character for matching: curly quotes and dashes to ASCII, diacritics removed,
/// non-breaking and other spaces to a plain space. Case is kept; see [`fold`].
pub fn fold_char(c: char) -> Option<char> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => '-',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' | '\u{200A}' | '\u{3000}' => ' ',
        c if c.is_ascii() => c,
        c => {
            // Strip combining marks after canonical decomposition: "é" -> "e".
            let mut base = None;
            for d in std::iter::once(c).nfd() {
                if !is_combining(d) {
                    if base.is_some() {
                        // Decomposes into more than one base char: keep the original.
                        return Some(c);
                    }
                    base = Some(d);
                }
            }
            return base;
        }
    })
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Lower-cases and folds a string for matching (see [`fold_char`]).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if let Some(f) = fold_char(c) {
            for l in f.to_lowercase() {
                out.push(l);
            }
        }
    }
    out
}

/// True for characters that belong inside a word token.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric()
}

/// Splits text into words with byte ranges and normalised forms (see [`word_ranges`] for
/// what a word is).
pub fn words(text: &str) -> Vec<Word> {
    word_ranges(text)
        .map(|range| Word {
            norm: canonical(&fold(&text[range.clone()])),
            range,
        })
        .collect()
}

/// The byte ranges of the words of `text`. A word is a run of letters and digits; an apostrophe
/// joins two runs of letters ("Kazakhstan's") and a comma or dot two runs of digits ("2,030",
/// "3.5"). Hot paths (the search index) use the ranges directly and fold each distinct word once.
pub fn word_ranges(text: &str) -> WordRanges<'_> {
    WordRanges { text, pos: 0 }
}

/// Iterator returned by [`word_ranges`].
#[derive(Debug, Clone)]
pub struct WordRanges<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for WordRanges<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let text = self.text;
        // ASCII is read byte by byte; only other chars are decoded.
        let char_at = |i: usize| -> Option<char> {
            let b = *text.as_bytes().get(i)?;
            if b < 0x80 {
                Some(b as char)
            } else {
                text[i..].chars().next()
            }
        };
        let mut start = self.pos;
        let first = loop {
            let Some(c) = char_at(start) else {
                self.pos = text.len();
                return None;
            };
            if is_word_char(c) {
                break c;
            }
            start += c.len_utf8();
        };
        let mut prev = first;
        let mut end = start + first.len_utf8();
        while let Some(c) = char_at(end) {
            if is_word_char(c) {
                prev = c;
                end += c.len_utf8();
                continue;
            }
            let after = end + c.len_utf8();
            let joins = match char_at(after) {
                Some(next) if is_word_char(next) => {
                    let digits = prev.is_ascii_digit() && next.is_ascii_digit();
                    match c {
                        ',' | '.' => digits,
                        '\'' | '\u{2019}' => !digits,
                        _ => false,
                    }
                }
                _ => false,
            };
            if !joins {
                break;
            }
            end = after;
        }
        self.pos = end;
        Some(start..end)
    }
}

/// Maps British spellings and possessives to one form: "colour" -> "color",
/// "organised" -> "organized", "centre" -> "center", "Kazakhstan's" -> "kazakhstan".
/// Takes an already folded, lower-case word.
pub fn canonical(word: &str) -> String {
    let w = word.strip_suffix("'s").unwrap_or(word);
    let w = w.strip_suffix('\'').unwrap_or(w);
    // Digits: drop thousands separators so "2,030" and "2030" meet.
    if w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return w.replace(',', "");
    }
    if let Some(&(_, us)) = SPELLINGS.iter().find(|(uk, _)| *uk == w) {
        return us.to_string();
    }
    let mut s = w.to_string();
    // -our -> -or (colour, favour, labour, neighbour, behaviour), not "four", "hour", "your", "our".
    for (uk, us) in [
        ("our", "or"),
        ("ours", "ors"),
        ("oured", "ored"),
        ("ouring", "oring"),
    ] {
        if let Some(stem) = w.strip_suffix(uk)
            && stem.len() >= 3
            && !OUR_KEEP.contains(&w)
        {
            s = format!("{stem}{us}");
            return s;
        }
    }
    // -ise/-isation/-ised/-ising -> -ize..., for words long enough to be verbs of that kind.
    for (uk, us) in [
        ("isation", "ization"),
        ("isations", "izations"),
        ("ise", "ize"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ising", "izing"),
        ("yse", "yze"),
        ("ysed", "yzed"),
    ] {
        if let Some(stem) = w.strip_suffix(uk)
            && stem.len() >= 4
            && !ISE_KEEP.iter().any(|k| w.starts_with(k))
        {
            s = format!("{stem}{us}");
            return s;
        }
    }
    // -tre -> -ter (centre, theatre, metre), not "genre" etc. (those end in -nre).
    if let Some(stem) = w.strip_suffix("tre")
        && stem.len() >= 3
    {
        return format!("{stem}ter");
    }
    if let Some(stem) = w.strip_suffix("tres")
        && stem.len() >= 3
    {
        return format!("{stem}ters");
    }
    s
}

const SPELLINGS: &[(&str, &str)] = &[
    ("defence", "defense"),
    ("offence", "offense"),
    ("licence", "license"),
    ("programme", "program"),
    ("programmes", "programs"),
    ("travelled", "traveled"),
    ("travelling", "traveling"),
    ("cancelled", "canceled"),
    ("labelled", "labeled"),
    ("modelled", "modeled"),
    ("fuelled", "fueled"),
    ("grey", "gray"),
    ("tyre", "tire"),
    ("tyres", "tires"),
    ("kerb", "curb"),
    ("cheque", "check"),
    ("jewellery", "jewelry"),
    ("aluminium", "aluminum"),
    ("manoeuvre", "maneuver"),
    ("judgement", "judgment"),
    ("ageing", "aging"),
    ("sceptical", "skeptical"),
    ("coup d'etat", "coup"),
];

/// Words ending in -our that are not British spellings.
const OUR_KEEP: &[&str] = &[
    "your",
    "four",
    "hour",
    "pour",
    "tour",
    "sour",
    "flour",
    "detour",
    "devour",
    "contour",
    "amour",
    "tambour",
    "troubadour",
    "paramour",
    "velour",
    "dour",
    "scour",
    "ours",
    "yours",
    "fours",
    "hours",
    "tours",
];

/// Word beginnings where -ise is not a British -ize.
const ISE_KEEP: &[&str] = &[
    "advertis",
    "advis",
    "appris",
    "aris",
    "chastis",
    "compris",
    "compromis",
    "concis",
    "devis",
    "disguis",
    "enterpris",
    "excis",
    "exercis",
    "expertis",
    "franchis",
    "improvis",
    "incis",
    "merchandis",
    "precis",
    "premis",
    "promis",
    "revis",
    "supervis",
    "surmis",
    "surpris",
    "televis",
    "wis",
    "ris",
    "bruis",
    "cruis",
    "nois",
    "pois",
    "rais",
    "prais",
    "otherwis",
    "likewis",
    "clockwis",
    "concis",
    "paradis",
    "treatis",
    "demis",
    "vis",
];

/// Reads a number word: "sixteen" -> 16, "two" -> 2, "dozen" -> 12, "thousand" -> 1000.
/// Takes an already folded, lower-case word; hyphenated tens such as "twenty-five" are read too.
pub fn number_word(word: &str) -> Option<u64> {
    if let Some((tens, ones)) = word.split_once('-') {
        let t = number_word(tens)?;
        let o = number_word(ones)?;
        return (t % 10 == 0 && (20..=90).contains(&t) && (1..=9).contains(&o)).then_some(t + o);
    }
    Some(match word {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "dozen" => 12,
        "hundred" => 100,
        "thousand" => 1_000,
        "million" => 1_000_000,
        "billion" => 1_000_000_000,
        _ => return None,
    })
}

/// Spells a small number as a word, the inverse of [`number_word`] for 0..=20 and the tens.
pub fn number_to_word(n: u64) -> Option<&'static str> {
    const SMALL: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    const TENS: [&str; 8] = [
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    match n {
        0..=20 => Some(SMALL[n as usize]),
        30 | 40 | 50 | 60 | 70 | 80 | 90 => Some(TENS[(n / 10 - 2) as usize]),
        100 => Some("hundred"),
        1000 => Some("thousand"),
        _ => None,
    }
}

/// A light suffix-stripping stemmer for matching (not for display): "regional" and "region",
/// "deployed" and "deployment", "technologies" and "technology" meet. Takes a word already
/// passed through [`canonical`]; digits and short words are returned unchanged.
pub fn stem(norm: &str) -> String {
    if norm.len() < 3 || !norm.is_ascii() || norm.bytes().any(|b| b.is_ascii_digit()) {
        return norm.to_string();
    }
    let mut w = norm.to_string();
    // Plurals and third person.
    if let Some(s) = w.strip_suffix("ies")
        && s.len() >= 2
    {
        w = format!("{s}y");
    } else if let Some(s) = w.strip_suffix("sses") {
        w = format!("{s}ss");
    } else if w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
        && w.len() > 3
    {
        w.pop();
    }
    // One inflectional ending.
    for suf in ["ingly", "edly", "ing", "ed"] {
        if let Some(s) = w.strip_suffix(suf)
            && s.len() >= 2
            && s.bytes().any(is_vowel)
        {
            w = undouble(s);
            break;
        }
    }
    // One derivational ending.
    for suf in [
        "ational", "ization", "ation", "ition", "ement", "ment", "ness", "ional", "ally", "ful",
        "ity", "ive", "ous", "ly", "al", "ion",
    ] {
        if let Some(s) = w.strip_suffix(suf)
            && s.len() >= 4
            && s.bytes().any(is_vowel)
        {
            w = match suf {
                "ional" => format!("{s}ion"),
                _ => s.to_string(),
            };
            break;
        }
    }
    // A final silent "e" and "y"/"i" variants meet: "use"/"used", "apply"/"applied".
    if w.len() >= 3 && (w.ends_with('e') || w.ends_with('y') || w.ends_with('i')) {
        w.pop();
    }
    w
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// "stopp" -> "stop", "plann" -> "plan", but "kill" and "pass" stay.
fn undouble(s: &str) -> String {
    let b = s.as_bytes();
    let n = b.len();
    if n >= 3
        && b[n - 1] == b[n - 2]
        && !matches!(b[n - 1], b'l' | b's' | b'z')
        && !is_vowel(b[n - 1])
    {
        s[..n - 1].to_string()
    } else {
        s.to_string()
    }
}

const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Reads a month written in full ("January", "may") as 1 to 12; any case.
pub fn full_month(word: &str) -> Option<u32> {
    // The names are ASCII, so an ASCII comparison finds them without lower-casing a copy.
    MONTH_NAMES
        .iter()
        .position(|m| m.eq_ignore_ascii_case(word))
        .map(|i| i as u32 + 1)
}

/// Reads a month name or its abbreviation ("January", "jan", "Sept") as 1 to 12; any case.
pub fn month(word: &str) -> Option<u32> {
    full_month(word).or_else(|| {
        let abbr = if word.eq_ignore_ascii_case("sept") {
            "sep"
        } else {
            word
        };
        (abbr.len() == 3)
            .then(|| {
                MONTH_NAMES
                    .iter()
                    .position(|m| m[..3].eq_ignore_ascii_case(abbr))
            })
            .flatten()
            .map(|i| i as u32 + 1)
    })
}

const WEEKDAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// True for a day of the week written in full ("Monday", "friday"); any case.
pub fn full_weekday(word: &str) -> bool {
    WEEKDAY_NAMES.iter().any(|d| d.eq_ignore_ascii_case(word))
}

/// True for a day of the week in full or abbreviated ("Tue", "Tues", "Thurs"); any case.
pub fn weekday(word: &str) -> bool {
    const ABBREVIATIONS: [&str; 10] = [
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    ];
    full_weekday(word) || ABBREVIATIONS.iter().any(|d| d.eq_ignore_ascii_case(word))
}

/// Common English function words, ignored when comparing content.
pub fn is_stopword(norm: &str) -> bool {
    STOPWORDS.binary_search(&norm).is_ok()
}

/// Sorted, so [`is_stopword`] can binary-search it.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "said",
    "same",
    "says",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_in_full_and_abbreviated() {
        assert_eq!(full_month("MAY"), Some(5));
        assert_eq!(full_month("Mayday"), None);
        assert_eq!(
            (month("Sept"), month("dec"), month("Decem")),
            (Some(9), Some(12), None)
        );
        assert_eq!(month("jux"), None);
    }

    #[test]
    fn weekdays_in_full_and_abbreviated() {
        assert!(full_weekday("Wednesday") && full_weekday("sunday"));
        assert!(!full_weekday("Wed") && !full_weekday("Sundays"));
        assert!(weekday("Wed") && weekday("THURS") && weekday("Friday"));
        assert!(!weekday("Sunday's") && !weekday("we"));
    }

    #[test]
    fn stopwords_are_sorted() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn folds_quotes_case_and_diacritics() {
        assert_eq!(fold("\u{201C}Maidan\u{201D} Café"), "\"maidan\" cafe");
        assert_eq!(fold("country\u{2019}s"), "country's");
    }

    #[test]
    fn british_and_american_spellings_meet() {
        for (uk, us) in [
            ("colour", "color"),
            ("organised", "organized"),
            ("stabilise", "stabilize"),
            ("centre", "center"),
            ("centres", "centers"),
            ("defence", "defense"),
            ("realisation", "realization"),
        ] {
            assert_eq!(canonical(uk), canonical(us), "{uk} vs {us}");
        }
        for keep in [
            "four",
            "hour",
            "your",
            "promise",
            "otherwise",
            "exercise",
            "genre",
        ] {
            assert_eq!(canonical(keep), keep);
        }
    }

    #[test]
    fn words_keep_numbers_and_possessives_whole() {
        let text = "Kazakhstan\u{2019}s 2,030 troops, 3.5 km; well-organised.";
        let norms: Vec<_> = words(text).into_iter().map(|w| w.norm).collect();
        assert_eq!(
            norms,
            [
                "kazakhstan",
                "2030",
                "troops",
                "3.5",
                "km",
                "well",
                "organized"
            ]
        );
        let w = &words(text)[1];
        assert_eq!(&text[w.range.clone()], "2,030");
    }

    #[test]
    fn joiners_join_only_between_their_kind() {
        let text = "\u{201C}Maidan technologies\u{201D} \u{2014} don't 1,2 a.b 7' x";
        let got: Vec<&str> = word_ranges(text).map(|r| &text[r]).collect();
        assert_eq!(
            got,
            ["Maidan", "technologies", "don't", "1,2", "a", "b", "7", "x"]
        );
    }

    #[test]
    fn months_read_in_full_and_abbreviated() {
        assert_eq!(month("January"), Some(1));
        assert_eq!(month("sept"), Some(9));
        assert_eq!(month("Dec"), Some(12));
        assert_eq!(month("may"), Some(5));
        assert_eq!(month("mon"), None);
        assert_eq!(month("march"), Some(3));
        assert_eq!(month("marching"), None);
        assert_eq!(full_month("Sept"), None);
        assert_eq!(full_month("June"), Some(6));
    }

    #[test]
    fn number_words_read_as_numbers() {
        assert_eq!(number_word("sixteen"), Some(16));
        assert_eq!(number_word("twenty-five"), Some(25));
        assert_eq!(number_word("troops"), None);
        assert_eq!(number_to_word(16), Some("sixteen"));
    }
    #[test]
    fn stems_meet_across_inflection_and_derivation() {
        for (a, b) in [
            ("regional", "region"),
            ("regions", "region"),
            ("deployed", "deployment"),
            ("technologies", "technology"),
            ("used", "use"),
            ("killed", "kill"),
            ("stopped", "stop"),
            ("revolutions", "revolution"),
            ("organized", "organize"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} vs {b}");
        }
        assert_eq!(stem("2030"), "2030");
        assert_ne!(stem("troops"), stem("trip"));
    }
}
