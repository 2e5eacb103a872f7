//! Numeric facts: numbers with what they count, their hedges, and the groups of one quantity
//! across sources with a hedge-aware agreement check.
//!
//! "around 2,500 troops" is the interval [2250, 2750]; "over 2000" is (2000, 4000]; "almost
//! 8,000" is [7200, 8000]. Values agree when every pair of intervals meets.

use std::collections::HashMap;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use super::features::{Term, content_key, current, term_of};
use super::{Analysis, Fact, FactValue, SentenceRef};
use crate::corpus::Article;
use crate::text;

/// A month written in full ("january"), as 0 to 11; abbreviations are too ambiguous in prose
/// to date a number.
fn full_month(word: &str) -> Option<usize> {
    text::full_month(word).map(|m| m as usize - 1)
}

/// The head of an age ("a 66-year-old", "LaSalle, 36,").
static AGE: LazyLock<Term> = LazyLock::new(|| term_of(&content_key("age").unwrap_or_default()));

/// The head of a decimal number standing alone ("0.41", "3.2").
static MEASURE: LazyLock<Term> =
    LazyLock::new(|| term_of(&content_key("measure").unwrap_or_default()));

/// The head of a time of day ("7 p.m.").
static TIME: LazyLock<Term> =
    LazyLock::new(|| term_of(&content_key("time of day").unwrap_or_default()));

/// Hedges, longest first, as folded word sequences.
const HEDGES: &[&str] = &[
    "as many as",
    "more than",
    "less than",
    "fewer than",
    "at least",
    "up to",
    "close to",
    "just under",
    "just over",
    "around",
    "about",
    "over",
    "almost",
    "nearly",
    "some",
    "roughly",
    "approximately",
    "approx",
    "estimated",
    "under",
    "below",
    "above",
];

/// The interval of values a hedged number allows.
pub fn interval(value: f64, hedge: Option<&str>) -> (f64, f64) {
    let v = value;
    match hedge {
        None => (v, v),
        Some(
            "around" | "about" | "some" | "roughly" | "approximately" | "approx" | "estimated",
        )
        | Some("close to") => (0.9 * v, 1.1 * v),
        Some("over" | "more than" | "above" | "just over") => (v * (1.0 + 1e-9) + 1e-9, 2.0 * v),
        Some("at least") => (v, 2.0 * v),
        Some("almost" | "nearly" | "just under") => (0.9 * v, v),
        Some("under" | "less than" | "fewer than" | "below") => (0.0, v * (1.0 - 1e-9)),
        Some("up to") => (0.0, v),
        Some("as many as") => (0.5 * v, v),
        Some(_) => (v, v),
    }
}

/// True when the two hedged values can both be true.
pub fn consistent(a: (f64, Option<&str>), b: (f64, Option<&str>)) -> bool {
    let (x, y) = (interval(a.0, a.1), interval(b.0, b.1));
    x.0 <= y.1 + 1e-9 && y.0 <= x.1 + 1e-9
}

/// True when every two of the hedged values are [`consistent`]: their intervals meet two by
/// two, which intervals on a line do exactly when the highest start is not past the lowest
/// end. One pass, however many copies of a story report the number.
fn all_consistent<'a>(values: impl Iterator<Item = (f64, Option<&'a str>)>) -> bool {
    let (mut start, mut end) = (f64::NEG_INFINITY, f64::INFINITY);
    for (value, hedge) in values {
        let (lo, hi) = interval(value, hedge);
        (start, end) = (start.max(lo), end.min(hi));
    }
    start <= end + 1e-9
}

/// One number found in a sentence, before grouping.
#[derive(Debug, Clone)]
pub struct Mention {
    /// Where it stands.
    pub at: SentenceRef,
    /// The value as read.
    pub value: f64,
    /// The hedge where stated.
    pub hedge: Option<String>,
    /// The phrase as written ("around 2,500 troops").
    pub text: String,
    /// What is counted ("troops", "security forces"), or "date" for dates.
    pub label: String,
    /// The month of a date (1..=12), 0 for counts and ranks.
    pub month: usize,
    /// True for a rank ("the 16th largest"): ranks group only with ranks.
    pub rank: bool,
    /// Matching key of the counted noun.
    head: Term,
    /// Content terms of the rest of the sentence, sorted.
    context: Vec<Term>,
    /// Content terms of the label, sorted.
    words: Vec<Term>,
    /// The label counts a span of time or a multiple (see [`spans_or_multiples`]).
    span_like: bool,
}

fn parse_number(norm: &str) -> Option<f64> {
    if let Some(n) = text::number_word(norm) {
        return Some(n as f64);
    }
    if norm.bytes().next()?.is_ascii_digit() {
        return norm.replace(',', "").parse().ok();
    }
    None
}

/// A number written with letters after it in one word ("209billion", "175b", "512mhz",
/// "16th"): the number and the letters, `None` when the word is not of that form.
fn split_suffix(norm: &str) -> Option<(f64, &str)> {
    let digits = norm
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .map(|(k, _)| k)?;
    if digits == 0 {
        return None;
    }
    let value = norm[..digits].trim_end_matches(['.', ',']).replace(',', "");
    Some((value.parse().ok()?, &norm[digits..]))
}

/// The factor of a scale word or letter ("billion", "bn", "b" after a sum of money).
fn scale(word: &str, money: bool) -> Option<f64> {
    match word {
        "hundred" => Some(100.0),
        "thousand" => Some(1e3),
        "million" | "mln" | "mn" => Some(1e6),
        "billion" | "bln" | "bn" => Some(1e9),
        "trillion" | "tn" => Some(1e12),
        "k" if money => Some(1e3),
        "m" if money => Some(1e6),
        "b" if money => Some(1e9),
        "t" if money => Some(1e12),
        _ => None,
    }
}

/// The currency a sign written right before a number stands for.
fn currency(before: &str) -> Option<&'static str> {
    let b = before.trim_end();
    if b.len() != before.len() {
        return None;
    }
    [("$", "dollar"), ("€", "euro"), ("£", "pound"), ("¥", "yen")]
        .iter()
        .find(|(sign, _)| b.ends_with(sign))
        .map(|(_, name)| *name)
}

/// True for an ordinal ending after digits ("16th", "1st", "2nd", "3rd").
fn ordinal(suffix: &str) -> bool {
    matches!(suffix, "th" | "st" | "nd" | "rd")
}

/// The words met so far, by word as written: each one's normalised form and its content
/// term, as [`text::words`] and [`super::features::plain_terms`] give them. Normalising a word (folding,
/// spelling, stem) costs several strings, and words repeat.
#[derive(Default)]
pub struct Norms {
    /// Word as written -> its place in `known`.
    at: HashMap<Box<str>, u32, rustc_hash::FxBuildHasher>,
    /// The words' readings, in order of first sight.
    known: Vec<Known>,
}

/// What [`Norms`] reads of a word.
struct Known {
    /// Its normalised form.
    norm: Box<str>,
    /// Its content key ([`content_key`]).
    key: Option<Box<str>>,
    /// Its content term when it is not a number.
    plain: Option<Term>,
}

impl Norms {
    /// The place in `known` of a word as written, read the first time it is met.
    fn place(&mut self, raw: &str) -> usize {
        if let Some(&k) = self.at.get(raw) {
            return k as usize;
        }
        let norm = text::canonical(&text::fold(raw));
        let key = content_key(&norm);
        let plain = key.as_deref().filter(|k| !k.starts_with('#')).map(term_of);
        self.known.push(Known {
            norm: norm.into(),
            key: key.map(Into::into),
            plain,
        });
        let k = self.known.len() - 1;
        self.at.insert(raw.into(), k as u32);
        k
    }
}

/// Runs `f` with this thread's [`Norms`]: one per thread for the whole analysis, where one
/// per rayon job would normalise the same words again in every job. Let go with the word
/// caches (see [`super::features::forget_words`]).
fn with_norms<R>(f: impl FnOnce(&mut Norms) -> R) -> R {
    thread_local! {
        static NORMS: std::cell::RefCell<(u64, Norms)> = Default::default();
    }
    NORMS.with(|n| f(current(&mut n.borrow_mut())))
}

/// The numeric mentions of one sentence.
pub fn mentions(at: SentenceRef, sentence: &str) -> Vec<Mention> {
    mentions_with(at, sentence, &mut Norms::default())
}

/// [`mentions`], with the normalised words kept in `known` for the next sentences.
pub fn mentions_with(at: SentenceRef, sentence: &str, known: &mut Norms) -> Vec<Mention> {
    // Most sentences hold no number: skip them before tokenising.
    if !sentence.bytes().any(|b| b.is_ascii_digit())
        && !sentence.split(|c: char| !c.is_alphabetic()).any(|w| {
            let mut buf = [0u8; 16];
            let n = w.len();
            (3..=16).contains(&n) && w.is_ascii() && {
                buf[..n].copy_from_slice(w.as_bytes());
                buf[..n].make_ascii_lowercase();
                std::str::from_utf8(&buf[..n])
                    .ok()
                    .and_then(text::number_word)
                    .is_some()
            }
        })
    {
        return Vec::new();
    }
    // Where each word stands.
    let ws: Vec<std::ops::Range<usize>> = text::word_ranges(sentence).collect();
    let places: Vec<usize> = ws
        .iter()
        .map(|w| known.place(&sentence[w.clone()]))
        .collect();
    // The same forms as `text::words` gives, and the same terms as `plain_terms`.
    let norms: Vec<&str> = places.iter().map(|&k| &*known.known[k].norm).collect();
    // Parallel to `norms`: each one's [`content_key`], read once per word.
    let keys: Vec<Option<&str>> = places
        .iter()
        .map(|&k| known.known[k].key.as_deref())
        .collect();
    let mut context: Vec<Term> = places
        .iter()
        .filter_map(|&k| known.known[k].plain)
        .collect();
    context.sort_unstable();
    context.dedup();
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let raw = &sentence[ws[i].clone()];
        let before = &sentence[..ws[i].start];
        let money = currency(before);
        // ".41" is read as 0.41: the dot before the digits belongs to the number.
        let decimal = before.ends_with('.')
            && !before[..before.len() - 1]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_digit());
        let (mut value, unit, is_rank) = match parse_number(norms[i]) {
            Some(v) => (v, None, false),
            None => match split_suffix(norms[i]) {
                Some((v, suffix)) if ordinal(suffix) => (v, None, true),
                Some((v, suffix)) => match scale(suffix, money.is_some()) {
                    Some(f) => (v * f, None, false),
                    None => (v, Some(suffix), false),
                },
                None => {
                    i += 1;
                    continue;
                }
            },
        };
        if decimal && unit.is_none() && !is_rank && raw.bytes().all(|b| b.is_ascii_digit()) {
            value = format!("0.{raw}").parse().unwrap_or(value);
        }
        let start_word = i;
        let mut end_word = i;
        // "2.5 billion", "two thousand", "$175 m"
        if let Some(m) = norms.get(i + 1).and_then(|n| scale(n, money.is_some())) {
            value *= m;
            end_word = i + 1;
        }
        let scaled = end_word > i || value >= 1e6;
        // "480 by 360", "480 x 360", "480x360": a size, known by its second number.
        let by = |k: usize| {
            matches!(norms.get(k), Some(&"by") | Some(&"x"))
                .then(|| norms.get(k + 1).and_then(|n| parse_number(n)))
                .flatten()
        };
        let size = match unit.and_then(|u| u.strip_prefix('x')) {
            Some(rest) => rest.parse::<f64>().ok().map(|m| (m, end_word)),
            None => by(end_word + 1).map(|m| (m, end_word + 2)),
        };
        // "7 p.m.", "11 am": a time of day, counted by its hour.
        let time = norms.get(end_word + 1).is_some_and(|n| {
            matches!(*n, "am" | "pm")
                || ((*n == "a" || *n == "p") && norms.get(end_word + 2) == Some(&"m"))
        });
        // "a 66-year-old woman", "LaSalle, 36, of Bloomington": an age.
        let age = norms.get(end_word + 1) == Some(&"year")
            && norms.get(end_word + 2) == Some(&"old")
            || (1.0..=120.0).contains(&value)
                && value.fract() == 0.0
                && before.trim_end().ends_with(',')
                && sentence[ws[i].end..].trim_start().starts_with(',')
                && i > 0
                && sentence[ws[i - 1].clone()]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
        let prev_month = i.checked_sub(1).and_then(|p| full_month(norms[p]));
        let next_month = norms.get(end_word + 1).and_then(|n| full_month(n));
        // A bare four-digit number is a year unless it counts a plural noun ("2000 troops").
        let counts_plural = norms
            .get(i + 1)
            .is_some_and(|n| n.len() > 3 && n.ends_with('s'))
            && keys[i + 1].is_some();
        let is_year = !raw.contains(',')
            && !counts_plural
            && raw.len() == 4
            && (1900.0..=2100.0).contains(&value)
            && value.fract() == 0.0;
        let special = |label: &str, last: usize| {
            let key = content_key(label).unwrap_or_else(|| label.to_string());
            (label.to_string(), 0, term_of(&key), start_word, last)
        };
        let (label, month, head, first, last) = if let Some((other, last)) = size {
            let label = format!("size by {other}");
            (label.clone(), 0, term_of(&label), start_word, last)
        } else if is_rank {
            // The rank's head is the word after it ("16th largest bank": "largest").
            let Some(k) = (end_word + 1..ws.len().min(end_word + 3))
                .find(|&k| keys[k].is_some_and(|c| !c.starts_with('#')))
            else {
                i = end_word + 1;
                continue;
            };
            let key = keys[k].unwrap_or_default();
            let label = sentence[ws[end_word + 1].start..ws[k].end].to_lowercase();
            (label, 0, term_of(key), start_word, k)
        } else if time {
            let last = if norms[end_word + 1] == "a" || norms[end_word + 1] == "p" {
                end_word + 2
            } else {
                end_word + 1
            };
            special("time of day", last)
        } else if age {
            let last = if norms.get(end_word + 1) == Some(&"year") {
                end_word + 2
            } else {
                end_word
            };
            special("age", last)
        } else if let Some(u) = unit {
            let key = content_key(unit_alias(u)).unwrap_or_else(|| u.to_string());
            (u.to_string(), 0, term_of(&key), start_word, end_word)
        } else if let Some(name) = money {
            special(name, end_word)
        } else if let (Some(m), true) = (
            prev_month,
            (1.0..=31.0).contains(&value) && value.fract() == 0.0,
        ) {
            ("date".to_string(), m + 1, 0, start_word - 1, end_word)
        } else if let (Some(m), true) = (next_month, (1.0..=31.0).contains(&value)) {
            ("date".to_string(), m + 1, 0, start_word, end_word + 1)
        } else if is_year {
            i = end_word + 1;
            continue;
        } else {
            // The counted noun phrase: up to three content words, "of" allowed inside.
            let mut k = end_word + 1;
            let mut phrase_end = end_word;
            let mut taken = 0;
            let mut head_key = None;
            while k < ws.len() && taken < 4 {
                // Stop at punctuation between the words.
                let gap = &sentence[ws[k - 1].end..ws[k].start];
                if gap.chars().any(|c| !c.is_whitespace() && c != '-') {
                    break;
                }
                let n = norms[k];
                let joins = n == "of"
                    || (n == "and" || n == "or")
                        && keys
                            .get(k + 1)
                            .copied()
                            .flatten()
                            .is_some_and(|c| !c.starts_with('#'));
                if joins && taken > 0 && k + 1 < ws.len() {
                    k += 1;
                    continue;
                }
                let alias = unit_alias(n);
                let key = if alias == n {
                    keys[k].map(std::borrow::Cow::Borrowed)
                } else {
                    content_key(alias).map(std::borrow::Cow::Owned)
                };
                match key {
                    Some(key) if !key.starts_with('#') && text::full_month(n).is_none() => {
                        head_key = Some(key);
                        phrase_end = k;
                        taken += 1;
                        k += 1;
                    }
                    _ => break,
                }
            }
            let Some(h) = head_key else {
                // "about 175.4 billion" in a sentence about money: a sum of money; "0.41" or
                // "3.2" alone: a measure, known by its value.
                let money = scaled && (sentence.contains('$') || norms.contains(&"dollars"));
                if money || value.fract() != 0.0 {
                    let name = if money { "dollar" } else { "measure" };
                    let (label, month, head, first, last) = special(name, end_word);
                    out.push(Mention {
                        at,
                        value,
                        hedge: hedge_before(&norms, first).map(|h| h.0.to_string()),
                        text: sentence[ws[hedge_before(&norms, first).map_or(first, |h| h.1)].start
                            ..ws[last].end]
                            .to_string(),
                        label,
                        month,
                        rank: false,
                        head,
                        context: context.clone(),
                        words: Vec::new(),
                        span_like: spans_or_multiples(name),
                    });
                }
                i = end_word + 1;
                continue;
            };
            let mut label = sentence[ws[end_word + 1].start..ws[phrase_end].end].to_lowercase();
            // "two-week state of emergency": the unit goes last ("state of emergency, weeks").
            let unit = norms[end_word + 1];
            if phrase_end > end_word + 1
                && is_time_span(unit)
                && sentence[ws[end_word].end..ws[end_word + 1].start] == *"-"
            {
                let rest = sentence[ws[end_word + 2].start..ws[phrase_end].end].to_lowercase();
                label = format!("{rest}, {unit}s");
            }
            (label, 0, term_of(&h), start_word, phrase_end)
        };
        let text_label = label.clone();
        // Hedge: the longest hedge ending right before the number.
        let (hedge, hedge_start) = match hedge_before(&norms, first) {
            Some((h, start)) if month == 0 => (Some(h.to_string()), start),
            _ => (None, first),
        };
        out.push(Mention {
            at,
            value,
            hedge,
            text: sentence[ws[hedge_start].start..ws[last].end].to_string(),
            label,
            month,
            rank: is_rank,
            head,
            context: context.clone(),
            words: label_terms(&text_label),
            span_like: spans_or_multiples(&text_label),
        });
        i = last.max(end_word) + 1;
    }
    out
}

/// One name for the ways of writing a unit ("3.2MP", "3.2 MPx", "3.2-megapixel"), so that
/// one value in the same unit is counted alike however it is written.
fn unit_alias(norm: &str) -> &str {
    match norm {
        "mp" | "mpx" | "megapixel" | "megapixels" => "megapixel",
        "gb" | "gigabyte" | "gigabytes" => "gb",
        "mb" | "megabyte" | "megabytes" => "mb",
        "mhz" | "megahertz" => "mhz",
        "ghz" | "gigahertz" => "ghz",
        _ => norm,
    }
}

/// The content terms of a label, sorted.
fn label_terms(label: &str) -> Vec<Term> {
    let mut t: Vec<Term> = text::words(label)
        .iter()
        .filter_map(|w| content_key(unit_alias(&w.norm)))
        .map(|k| term_of(&k))
        .collect();
    t.sort_unstable();
    t.dedup();
    t
}

/// [`HEDGES`] as words.
static HEDGE_WORDS: LazyLock<Vec<(&'static str, Vec<&'static str>)>> = LazyLock::new(|| {
    HEDGES
        .iter()
        .map(|h| (*h, h.split(' ').collect()))
        .collect()
});

/// The longest hedge ending right before word `first`, and where it starts.
fn hedge_before(norms: &[&str], first: usize) -> Option<(&'static str, usize)> {
    HEDGE_WORDS.iter().find_map(|(h, words)| {
        let n = words.len();
        (first >= n && words[..] == norms[first - n..first]).then(|| (*h, first - n))
    })
}

/// Units of a span of time, singular.
const TIME_SPANS: &[&str] = &[
    "second", "minute", "hour", "day", "week", "month", "year", "decade",
];

/// Whether `word` (lower case) is a unit of a span of time, singular or plural.
fn is_time_span(word: &str) -> bool {
    let singular = word.strip_suffix('s').unwrap_or(word);
    TIME_SPANS.contains(&singular)
}

/// Whether a fact's label counts a span of time or a multiple ("days", "two-week state of
/// emergency, weeks", "fold increase", "percent"), rather than things.
fn spans_or_multiples(label: &str) -> bool {
    const MULTIPLES: &[&str] = &["fold", "times", "percent", "cent", "%"];
    label
        .split(|c: char| !c.is_alphanumeric() && c != '%')
        .any(|w| is_time_span(w) || MULTIPLES.contains(&w))
}

fn shared(a: &[Term], b: &[Term]) -> usize {
    super::features::common_sorted(a, b)
}

/// The numeric mentions of `articles`, in order: what finding the facts reads of the articles
/// alone, before the links are known (so it can be read while they are found; [`group`] does
/// the rest).
pub fn mentions_of(articles: &[Article]) -> Vec<Mention> {
    use rayon::prelude::*;
    articles
        .par_iter()
        .enumerate()
        .flat_map_iter(|(ai, a)| {
            with_norms(|known| {
                a.sentences
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.boilerplate.is_none())
                    .flat_map(|(si, s)| {
                        mentions_with(
                            SentenceRef {
                                article: ai,
                                sentence: si,
                            },
                            &s.text,
                            known,
                        )
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect()
}

/// The numeric facts of the articles whose [`mentions_of`] are `items`: the mentions of one
/// quantity grouped across sources. Only quantities stated by at least two sources are
/// returned, disagreements first.
pub fn group(items: Vec<Mention>, analysis: &Analysis) -> Vec<Fact> {
    let same_claim = |a: SentenceRef, b: SentenceRef| {
        let (ca, cb) = (analysis.claims_of(a), analysis.claims_of(b));
        ca.iter().any(|c| cb.contains(c))
    };
    // The cheap tests first: whether the sentences share a claim, and how much context they
    // share, are looked up only when the answer depends on them.
    let related = |x: &Mention, y: &Mention| -> bool {
        if x.at.article == y.at.article || (x.month == 0) != (y.month == 0) || x.rank != y.rank {
            return false;
        }
        let claim = || same_claim(x.at, y.at);
        let context = || shared(&x.context, &y.context);
        if x.month > 0 {
            // Dates group when equal and in related sentences, or when their sentences share
            // a claim (then a different day is a real disagreement).
            // A different day needs more than a shared claim: two dates in linked sentences are
            // often of two events ("protests began on January 2", "the government resigned on
            // January 6"); much shared wording says they date one.
            let same_day = x.value == y.value;
            return x.month == y.month
                && ((same_day && (claim() || context() >= 1)) || (claim() && context() >= 4));
        }
        let ratio = x.value.max(y.value) / x.value.min(y.value).max(1e-9);
        let alike = || {
            x.head == y.head
                || shared(&x.words, &y.words) > 0
                || x.head == *MEASURE
                || y.head == *MEASURE
        };
        // One value in words alike ("16 GB", "16GB"; "3.2 MPx camera", "3.2-megapixel
        // camera") in sentences about the same thing.
        let special = x.head == *AGE || x.head == *TIME;
        let equal = || x.value == y.value && alike() && (special || claim() || context() >= 1);
        // Values of one quantity that may differ ("around 2,500 troops", "2,030 troops").
        // Two ages (or times) of one story are often of different people: apart unless
        // their sentences share a claim.
        let same_head =
            || x.head == y.head && ratio <= 3.0 && (claim() || (!special && context() >= 2));
        // One value counted in other words ("250 units of equipment", "250 pieces of military
        // hardware"; "nine regional centres", "nine regions"): equal values in sentences that
        // share a claim, or much context. Not for a span of time or a multiple ("two days",
        // "a two-fold increase"): the same small number there is no sign of one count.
        let same_value =
            || x.value == y.value && !x.span_like && !y.span_like && (claim() || context() >= 3);
        equal() || same_head() || same_value()
    };
    // Greedy grouping: a mention joins the first group it relates to member by member. Only
    // groups with the same counted noun (or month, for dates) or the same value can match, so
    // look only there, and at a bounded number of the latest such groups and of their
    // members, so the work stays linear in the mentions.
    const GROUPS_LOOKED_AT: usize = 16;
    const MEMBERS_LOOKED_AT: usize = 8;
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut by_key: FxHashMap<(Term, usize, bool), Vec<usize>> = FxHashMap::default();
    let mut by_value: FxHashMap<(u64, usize, bool), Vec<usize>> = FxHashMap::default();
    for (i, it) in items.iter().enumerate() {
        let key = (it.head, it.month, it.rank);
        let value = (it.value.to_bits(), it.month, it.rank);
        let mut cands: Vec<usize> = [by_key.get(&key), by_value.get(&value)]
            .into_iter()
            .flatten()
            .flat_map(|b| b.iter().rev().take(GROUPS_LOOKED_AT).copied())
            .collect();
        cands.sort_unstable();
        cands.dedup();
        let found = cands.into_iter().find(|&g| {
            let m = &groups[g];
            let looked =
                m.iter().take(MEMBERS_LOOKED_AT / 2).chain(m.iter().skip(
                    (MEMBERS_LOOKED_AT / 2).max(m.len().saturating_sub(MEMBERS_LOOKED_AT / 2)),
                ));
            looked.into_iter().all(|&j| related(&items[j], it))
        });
        let g = match found {
            Some(g) => {
                groups[g].push(i);
                g
            }
            None => {
                groups.push(vec![i]);
                groups.len() - 1
            }
        };
        let b = by_key.entry(key).or_default();
        if b.last() != Some(&g) {
            b.push(g);
        }
        let b = by_value.entry(value).or_default();
        if b.last() != Some(&g) {
            b.push(g);
        }
    }
    let mut facts: Vec<Fact> = groups
        .into_iter()
        .filter(|g| g.len() >= 2)
        .map(|g| {
            let values: Vec<FactValue> = g
                .iter()
                .map(|&j| {
                    let m = &items[j];
                    FactValue {
                        at: m.at,
                        value: m.value,
                        hedge: m.hedge.clone(),
                        text: m.text.clone(),
                    }
                })
                .collect();
            let agree = if items[g[0]].month > 0 {
                values.windows(2).all(|w| w[0].value == w[1].value)
            } else {
                all_consistent(values.iter().map(|v| (v.value, v.hedge.as_deref())))
            };
            Fact {
                label: items[g[0]].label.clone(),
                values,
                agree,
            }
        })
        .collect();
    facts.sort_by(|a, b| {
        a.agree
            .cmp(&b.agree)
            .then(b.values.len().cmp(&a.values.len()))
            .then(a.values[0].at.cmp(&b.values[0].at))
    });
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT: SentenceRef = SentenceRef {
        article: 0,
        sentence: 0,
    };

    fn one(s: &str) -> Mention {
        let m = mentions(AT, s);
        assert_eq!(m.len(), 1, "{s}: {m:?}");
        m.into_iter().next().unwrap()
    }

    #[test]
    fn values_agree_when_every_two_of_them_can_both_be_true() {
        let hedges = [
            None,
            Some("around"),
            Some("over"),
            Some("at least"),
            Some("almost"),
            Some("under"),
            Some("up to"),
            Some("as many as"),
        ];
        let values = [0.0, 1.0, 9.0, 10.0, 11.0, 12.0, 20.0, 2030.0, 2500.0];
        let hedged: Vec<(f64, Option<&str>)> = values
            .iter()
            .flat_map(|&v| hedges.iter().map(move |&h| (v, h)))
            .collect();
        // Every set of up to three hedged values: all agree exactly when each two do.
        let n = hedged.len();
        for i in 0..n {
            for j in i..n {
                for k in j..n {
                    let set = [hedged[i], hedged[j], hedged[k]];
                    let pairwise = (0..3).all(|a| (a + 1..3).all(|b| consistent(set[a], set[b])));
                    assert_eq!(all_consistent(set.into_iter()), pairwise, "{set:?}");
                }
            }
        }
        assert!(!all_consistent(
            [(2500.0, Some("around")), (2030.0, None)].into_iter()
        ));
    }

    #[test]
    fn reads_numbers_hedges_and_counted_nouns() {
        let m = one("the alliance deployed around 2,500 troops in Kazakhstan");
        assert_eq!(
            (m.value, m.hedge.as_deref(), m.label.as_str()),
            (2500.0, Some("around"), "troops")
        );
        assert_eq!(m.text, "around 2,500 troops");
        let m = one("Sixteen security forces were killed");
        assert_eq!((m.value, m.label.as_str()), (16.0, "security forces"));
        let m = one("the detention of almost 8,000 people.");
        assert_eq!((m.value, m.hedge.as_deref()), (8000.0, Some("almost")));
        let m = one("Tokayev declared a two-week state of emergency");
        assert_eq!(m.value, 2.0);
        let m = one("Protests erupted on January 2, escalating");
        assert_eq!((m.label.as_str(), m.month, m.value), ("date", 1, 2.0));
        let m = one("250 units of equipment of the mission");
        assert_eq!(m.label, "units of equipment");
        assert!(mentions(AT, "a 2014 revolution").is_empty());
    }

    #[test]
    fn spans_of_time_and_multiples_are_told_from_counted_things() {
        for label in [
            "days",
            "state of emergency, weeks",
            "fold increase",
            "percent",
            "hours",
        ] {
            assert!(spans_or_multiples(label), "{label}");
        }
        for label in [
            "troops",
            "regional centres",
            "units of equipment",
            "people",
            "daylight",
        ] {
            assert!(!spans_or_multiples(label), "{label}");
        }
    }

    #[test]
    fn a_unit_written_three_ways_is_one_unit() {
        let glued = one("a 3.2MP autofocus camera");
        let short = one("a 3.2 MPx camera");
        let long = one("a 3.2-megapixel camera");
        assert_eq!(glued.value, 3.2);
        assert!(shared(&glued.words, &short.words) > 0);
        assert!(shared(&glued.words, &long.words) > 0);
    }

    #[test]
    fn money_units_ranks_sizes_ages_and_times_are_read() {
        let m = one("Its assets of $209billion make it large");
        assert_eq!((m.value, m.label.as_str()), (209e9, "dollar"));
        let m = one("a deal worth 209 billion dollars");
        assert_eq!(
            (m.value, m.head),
            (209e9, one("$209billion in assets").head)
        );
        assert_eq!(one("a $175B deal").value, 175e9);
        let m = one("assets of about 175.4 billion, in dollars");
        assert_eq!((m.value, m.hedge.as_deref()), (175.4e9, Some("about")));
        let m = one("it is the 16th largest bank");
        assert!(m.rank && m.value == 16.0 && m.label == "largest");
        assert_eq!(one("a 512MHz processor").label, "mhz");
        assert_eq!(one("a 480 by 360-pixel display").value, 480.0);
        assert_eq!(
            one("a 480x360 display").head,
            one("a 480 x 360 screen").head
        );
        assert_eq!(one("Anthony LaSalle, 36, of Bloomington").label, "age");
        assert_eq!(
            one("the 36-year-old driver").head,
            one("LaSalle, 36, was").head
        );
        let m = one("she was struck about 7 p.m. outside");
        assert_eq!((m.value, m.label.as_str()), (7.0, "time of day"));
        assert_eq!(one("his blood-alcohol level was.41").value, 0.41);
        assert_eq!(one("his blood-alcohol level was 0.41, more").value, 0.41);
    }

    #[test]
    fn hedged_values_agree_only_when_their_ranges_meet() {
        assert!(consistent((2000.0, Some("over")), (2030.0, None)));
        assert!(!consistent((2500.0, Some("around")), (2030.0, None)));
        assert!(consistent(
            (8000.0, Some("almost")),
            (8000.0, Some("nearly"))
        ));
        assert!(consistent((16.0, None), (16.0, None)));
        assert!(!consistent((16.0, None), (17.0, None)));
        assert!(!consistent((100.0, Some("over")), (100.0, None)));
    }
}
