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
    /// The [`WordClass`] of each of [`Features::words`], in the same order.
    pub word_classes: Vec<WordClass>,
    /// Distinct hashed bigrams of consecutive words, stopwords included, sorted.
    pub word_bigrams: Vec<u64>,
    /// Distinct hashed trigrams of consecutive words, stopwords included, sorted.
    pub word_trigrams: Vec<u64>,
    /// How many words the sentence has, stopwords included.
    pub word_count: usize,
    /// The hashed words in sentence order, stopwords included (for edit distance and word
    /// order).
    pub sequence: Vec<u64>,
}

/// What kind of word a word is, for counting what one sentence says and the other does not:
/// a paraphrase may drop function words, attribution and dates far more freely than names,
/// numbers or other content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum WordClass {
    /// A function word ("the", "of", "would").
    Function,
    /// A word of attribution ("said", "told", "according").
    Attribution,
    /// A day, month or other word of time ("Tuesday", "March", "yesterday").
    Time,
    /// A number, in digits or words.
    Number,
    /// A capitalised word inside the sentence (a name of a person, place or body).
    Name,
    /// Any other word: the content.
    Content,
}

/// How many [`WordClass`]es there are.
pub const WORD_CLASSES: usize = 6;

/// Words of attribution (after normalisation).
const ATTRIBUTION: &[&str] = &[
    "according",
    "added",
    "adding",
    "announced",
    "claimed",
    "noted",
    "reported",
    "said",
    "say",
    "saying",
    "says",
    "stated",
    "tell",
    "telling",
    "tells",
    "told",
];

/// Words of time other than month names (after normalisation).
const TIME_WORDS: &[&str] = &[
    "afternoon",
    "day",
    "evening",
    "friday",
    "monday",
    "month",
    "morning",
    "night",
    "saturday",
    "sunday",
    "thursday",
    "today",
    "tomorrow",
    "tonight",
    "tuesday",
    "wednesday",
    "week",
    "year",
    "yesterday",
];

/// The class of the normalised word `norm`, given whether it has a number value, whether it is
/// a content word, whether it is capitalised and whether it is so inside the sentence.
fn word_class(
    norm: &str,
    number: bool,
    content: bool,
    capital: bool,
    inner_capital: bool,
) -> WordClass {
    // "may" is a month only when written "May".
    let month = text::month(norm).is_some() && (norm != "may" || capital);
    if number {
        WordClass::Number
    } else if ATTRIBUTION.binary_search(&norm).is_ok() {
        WordClass::Attribution
    } else if TIME_WORDS.binary_search(&norm).is_ok() || month {
        WordClass::Time
    } else if !content {
        WordClass::Function
    } else if inner_capital {
        WordClass::Name
    } else {
        WordClass::Content
    }
}

/// Counts, by [`WordClass`], the distinct words of `a` (with their classes) that `b` does not
/// have (both sorted).
pub fn unmatched_by_class(a: &[u64], classes: &[WordClass], b: &[u64]) -> [u32; WORD_CLASSES] {
    let mut out = [0; WORD_CLASSES];
    let mut j = 0;
    for (w, c) in a.iter().zip(classes) {
        while j < b.len() && b[j] < *w {
            j += 1;
        }
        if j >= b.len() || b[j] != *w {
            out[*c as usize] += 1;
        }
    }
    out
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
    let mut classed: Vec<(u64, WordClass)> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        if NEGATIONS.contains(&w.norm.as_str()) || w.norm.ends_with("n't") {
            f.negated = true;
        }
        let (h, content) = cached_term(&w.norm);
        let raw = &sentence[w.range.clone()];
        let capital = raw.chars().next().is_some_and(char::is_uppercase);
        let inner_capital = i > 0 && capital;
        let number = content.is_some_and(|c| c.1.is_some()) || text::number_word(&w.norm).is_some();
        classed.push((
            h,
            word_class(&w.norm, number, content.is_some(), capital, inner_capital),
        ));
        f.sequence.push(h);
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
        if inner_capital {
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
        &mut f.word_bigrams,
        &mut f.word_trigrams,
    ] {
        v.sort_unstable();
        v.dedup();
    }
    f.numbers.sort_unstable();
    f.numbers.dedup();
    classed.sort_unstable();
    classed.dedup_by_key(|w| w.0);
    (f.words, f.word_classes) = classed.into_iter().unzip();
    f
}

/// How two word sequences compare in order: edit distance, common subsequence, and the share
/// of each side's runs of four words the other says too (the smaller and the larger share).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SequenceStats {
    /// Word-level edit distance.
    pub edit: usize,
    /// Longest common subsequence of words.
    pub subsequence: usize,
    /// Common four-word runs over the larger count of runs (0 when either side has none).
    pub four_grams_min: f32,
    /// Common four-word runs over the smaller count of runs (0 when either side has none).
    pub four_grams_max: f32,
}

/// Compares two word sequences (see [`SequenceStats`]).
pub fn common_sequence_stats(a: &[u64], b: &[u64]) -> SequenceStats {
    let (ga, gb) = (four_grams(a), four_grams(b));
    let common = common_sorted(&ga, &gb) as f32;
    let (x, y) = (ga.len() as f32, gb.len() as f32);
    let (four_grams_min, four_grams_max) = if x == 0.0 || y == 0.0 {
        (0.0, 0.0)
    } else {
        (common / x.max(y), common / x.min(y))
    };
    SequenceStats {
        edit: edit_distance(a, b),
        subsequence: common_subsequence(a, b),
        four_grams_min,
        four_grams_max,
    }
}

/// Word-level edit distance (insertions, deletions and substitutions of whole words).
pub fn edit_distance(a: &[u64], b: &[u64]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(x != y));
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Length of the longest common subsequence of words (the words both say, in the same order).
pub fn common_subsequence(a: &[u64], b: &[u64]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let next = if x == y {
                diagonal + 1
            } else {
                row[j + 1].max(row[j])
            };
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Hashes of the runs of four consecutive words, sorted and deduplicated.
pub fn four_grams(sequence: &[u64]) -> Vec<u64> {
    let mut out: Vec<u64> = sequence
        .windows(4)
        .map(|w| w[0].rotate_left(48) ^ w[1].rotate_left(32) ^ w[2].rotate_left(16) ^ w[3])
        .collect();
    out.sort_unstable();
    out.dedup();
    out
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
    fn edit_distance_and_common_subsequence_count_whole_words() {
        let a = features("The stock rose 2 percent on Friday").sequence;
        let b = features("The stock fell 2 percent on Friday in late trading").sequence;
        // one substitution (rose/fell) and three insertions
        assert_eq!(edit_distance(&a, &b), 4);
        assert_eq!(edit_distance(&b, &a), 4);
        assert_eq!(edit_distance(&a, &[]), a.len());
        assert_eq!(common_subsequence(&a, &b), 6);
        // order matters for the subsequence, not for the word sets
        let c = features("on Friday the stock rose 2 percent").sequence;
        assert_eq!(common_subsequence(&a, &c), 5);
        assert_eq!(four_grams(&a).len(), 4);
        // only "2 percent on friday" is said word for word by both
        assert_eq!(common_sorted(&four_grams(&a), &four_grams(&b)), 1);
    }

    #[test]
    fn words_one_side_says_are_counted_by_class() {
        let a = features("Shares of Intel rose 5 percent on Tuesday, the company said.");
        let b = features("Intel shares rose 5 percent.");
        let extra = unmatched_by_class(&a.words, &a.word_classes, &b.words);
        let class = |c: WordClass| extra[c as usize];
        assert_eq!(class(WordClass::Time), 1); // tuesday
        assert_eq!(class(WordClass::Attribution), 1); // said
        assert_eq!(class(WordClass::Content), 1); // company
        assert_eq!(class(WordClass::Function), 3); // of, on, the
        assert_eq!(class(WordClass::Number) + class(WordClass::Name), 0);
        let none = unmatched_by_class(&b.words, &b.word_classes, &a.words);
        assert_eq!(none, [0; WORD_CLASSES]);
    }

    #[test]
    fn names_are_capitalised_words_after_the_first() {
        let f = features("Putin met Tokayev in Almaty.");
        assert_eq!(f.names.len(), 2);
    }
}
