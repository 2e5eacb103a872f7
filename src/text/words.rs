//! Word tokens with byte ranges, number words and stop words.

use std::ops::Range;

use super::{canonical, fold};

/// A word of a text: its byte range in the original and its normalised form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte range into the text it was taken from.
    pub range: Range<usize>,
    /// Lower-cased, folded (diacritics, quotes), spelling-canonical form.
    pub norm: String,
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

/// Common English function words, ignored when comparing content.
pub fn is_stopword(norm: &str) -> bool {
    STOPWORDS.binary_search(&norm).is_ok()
}

/// Sorted, so [`is_stopword`] can binary-search it.
pub(super) const STOPWORDS: &[&str] = &[
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
