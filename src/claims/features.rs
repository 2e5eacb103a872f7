//! Per-sentence matching features: content-word stems (spelling-canonical, synonyms merged,
//! numbers read as values), word bigrams for word order, and the numbers a sentence states.

use std::hash::{Hash, Hasher};

use crate::text;

/// A term as the engine compares it: a hash of its stem (collisions are negligible).
pub type Term = u64;

/// What the linker knows about one sentence.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// Distinct content terms, sorted.
    pub terms: Vec<Term>,
    /// Distinct hashed bigrams of consecutive content terms, sorted.
    pub bigrams: Vec<u64>,
    /// Distinct hashed trigrams of consecutive content terms, sorted (longer shared runs).
    pub trigrams: Vec<u64>,
    /// Distinct numbers stated (digits and number words), in thousandths, sorted.
    pub numbers: Vec<u64>,
    /// Terms that come from capitalised words inside the sentence (names of people and places).
    pub names: Vec<Term>,
    /// Content terms inside quotation marks (the quote may open in an earlier sentence).
    pub quoted: Vec<Term>,
    /// True when the sentence says "not", "no", "never" or a "n't" form.
    pub negated: bool,
    /// Distinct hashed words, stopwords included (surface overlap), sorted.
    pub words: Vec<u64>,
    /// Distinct hashed bigrams of consecutive words, stopwords included, sorted.
    pub word_bigrams: Vec<u64>,
    /// Distinct hashed trigrams of consecutive words, stopwords included, sorted.
    pub word_trigrams: Vec<u64>,
    /// How many words the sentence has, stopwords included.
    pub word_count: usize,
}

/// Words that negate a statement (after normalisation; "n't" forms are checked apart).
const NEGATIONS: &[&str] = &[
    "not", "no", "never", "nobody", "nothing", "none", "neither", "nor", "cannot", "without",
];

/// Groups of words a translation or paraphrase swaps freely; the first is the canonical stem.
const SYNONYMS: &[&[&str]] = &[
    &["method", "technology", "technique", "tactic"],
    &[
        "troop",
        "soldier",
        "serviceman",
        "servicemen",
        "personnel",
        "forces",
    ],
    &["arrest", "detain", "detention", "detainee"],
    &["kill", "die", "dead", "death"],
    &["attack", "assault"],
    &["riot", "unrest", "turmoil"],
    &["protest", "demonstration", "rally"],
    &["begin", "began", "start", "erupt"],
    &["grow", "increase", "rise", "rose", "climb"],
    &["fall", "fell", "decline", "drop", "decrease"],
    &["buy", "bought", "purchase", "acquire"],
    &["sell", "sold"],
    &["big", "large", "major"],
    &["help", "assist", "assistance", "aid"],
    &["govern", "government", "authority"],
    &["allow", "permit"],
    &["implement", "realization", "realize", "realisation"],
];

fn synonym(stem: &str) -> &str {
    static MAP: std::sync::LazyLock<std::collections::HashMap<String, &'static str>> =
        std::sync::LazyLock::new(|| {
            SYNONYMS
                .iter()
                .flat_map(|g| g.iter().map(move |w| (text::stem(w), g[0])))
                .collect()
        });
    MAP.get(stem).copied().unwrap_or(stem)
}

/// Hashes a string into a [`Term`].
pub fn term_of(s: &str) -> Term {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// A normalised content word: `None` for stopwords, punctuation and one-letter words;
/// numbers (digits or number words) come back as `#` and the value ("#16").
pub fn content_key(norm: &str) -> Option<String> {
    if let Some(n) = text::number_word(norm) {
        return Some(format!("#{n}"));
    }
    if norm.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        return Some(format!("#{norm}"));
    }
    if norm.chars().count() < 2 || text::is_stopword(norm) || EXTRA_STOP.contains(&norm) {
        return None;
    }
    Some(synonym(&text::stem(norm)).to_string())
}

/// Reporting and filler words that say nothing about a claim.
const EXTRA_STOP: &[&str] = &[
    "according",
    "added",
    "also",
    "told",
    "say",
    "saying",
    "stated",
    "would",
    "may",
    "might",
    "must",
    "one",
    "mr",
    "ms",
    "mrs",
    "it's",
    "n't",
    "yet",
    "still",
    "however",
];

/// What the engine reads from one normalised word: its surface hash, and for a content word
/// its term and the number it states.
type WordInfo = (u64, Option<(Term, Option<u64>)>);

/// The [`WordInfo`] of a normalised word, cached per thread (words repeat).
fn cached_term(norm: &str) -> WordInfo {
    use std::cell::RefCell;
    use std::collections::HashMap;
    type Cache = HashMap<String, WordInfo>;
    thread_local! {
        static CACHE: RefCell<Cache> = RefCell::new(HashMap::new());
    }
    CACHE.with(|c| {
        if let Some(v) = c.borrow().get(norm) {
            return *v;
        }
        let content = content_key(norm).map(|key| {
            // In thousandths, so that 4.4 and 4.6 stay apart.
            let number = key
                .strip_prefix('#')
                .and_then(|rest| rest.parse::<f64>().ok())
                .filter(|v| v.is_finite() && *v >= 0.0 && *v < 1e15)
                .map(|v| (v * 1000.0).round() as u64);
            (term_of(&key), number)
        });
        let v = (term_of(norm), content);
        let mut c = c.borrow_mut();
        if c.len() > 200_000 {
            c.clear();
        }
        c.insert(norm.to_string(), v);
        v
    })
}

/// Computes the features of `sentence` (its displayed text).
pub fn features(sentence: &str) -> Features {
    let words = text::words(sentence);
    let mut f = Features::default();
    let mut prev: Option<Term> = None;
    let mut prev2: Option<Term> = None;
    let (mut prev_word, mut prev_word2): (Option<u64>, Option<u64>) = (None, None);
    f.word_count = words.len();
    for (i, w) in words.iter().enumerate() {
        if NEGATIONS.contains(&w.norm.as_str()) || w.norm.ends_with("n't") {
            f.negated = true;
        }
        let (h, content) = cached_term(&w.norm);
        f.words.push(h);
        if let Some(p) = prev_word {
            f.word_bigrams.push(p.rotate_left(21) ^ h);
            if let Some(q) = prev_word2 {
                f.word_trigrams
                    .push(q.rotate_left(42) ^ p.rotate_left(21) ^ h);
            }
        }
        prev_word2 = prev_word;
        prev_word = Some(h);
        let Some((t, number)) = content else {
            // A stopword breaks the bigram chain only if it is long (keeps "Almaty and nine").
            if w.norm.len() > 3 {
                prev = None;
                prev2 = None;
            }
            continue;
        };
        if let Some(n) = number {
            f.numbers.push(n);
        }
        let raw = &sentence[w.range.clone()];
        if i > 0 && raw.chars().next().is_some_and(char::is_uppercase) {
            f.names.push(t);
        }
        if let Some(p) = prev {
            f.bigrams.push(p.rotate_left(17) ^ t);
            if let Some(q) = prev2 {
                f.trigrams.push(q.rotate_left(34) ^ p.rotate_left(17) ^ t);
            }
        }
        prev2 = prev;
        prev = Some(t);
        f.terms.push(t);
    }
    for v in [
        &mut f.terms,
        &mut f.bigrams,
        &mut f.trigrams,
        &mut f.names,
        &mut f.words,
        &mut f.word_bigrams,
        &mut f.word_trigrams,
    ] {
        v.sort_unstable();
        v.dedup();
    }
    f.numbers.sort_unstable();
    f.numbers.dedup();
    f
}

/// Content terms of the parts of `quotes` (byte ranges into `text`) that fall inside `span`.
pub fn quoted_terms(
    text: &str,
    span: &std::ops::Range<usize>,
    quotes: &[std::ops::Range<usize>],
) -> Vec<Term> {
    let mut out = Vec::new();
    for q in quotes {
        let (s, e) = (q.start.max(span.start), q.end.min(span.end));
        if s < e
            && let Some(part) = text.get(s..e)
        {
            out.extend(
                text::words(part)
                    .iter()
                    .filter_map(|w| content_key(&w.norm))
                    .map(|k| term_of(&k)),
            );
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Counts the common elements of two sorted, deduplicated slices.
pub fn common_sorted<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_stems_synonyms_and_number_words_meet() {
        let a = features("Sixteen security forces were killed in the colour revolution.");
        let b = features("16 security personnel died during color revolutions");
        assert!(a.numbers == [16_000] && b.numbers == [16_000]);
        assert_ne!(features("up 4.4%").numbers, features("up 4.6%").numbers);
        // sixteen/16, security, killed/died, colour/color, revolution(s)
        assert!(common_sorted(&a.terms, &b.terms) >= 5);
        let m = features("\"Maidan methods\" were used");
        let t = features("\u{201C}Maidan technologies\u{201D} were used");
        assert_eq!(m.terms, t.terms);
    }

    #[test]
    fn names_are_capitalised_words_after_the_first() {
        let f = features("Putin met Tokayev in Almaty.");
        assert_eq!(f.names.len(), 2);
    }
}
