//! Per-sentence matching features: content-word stems (spelling-canonical, synonyms merged,
//! numbers read as values), word bigrams for word order, and the numbers a sentence states.

use std::hash::{Hash, Hasher};

use crate::text;

/// A term as the engine compares it: a 32-bit hash of its stem (or of a word or n-gram).
///
/// 32 bits halve the memory of the per-sentence sets, and collisions stay negligible: a pair
/// of sentences is only ever compared set against set, where two sets of ~30 hashes share a
/// false match with odds of about 30 * 30 / 2^32 (2e-7) per pair; across a vocabulary of
/// 30,000 terms (the IDF table) one collision is expected with odds of about 0.1, and it
/// would only merge the document frequencies of two terms.
pub type Term = u32;

/// What the linker knows about one sentence. The hashed sets are packed into one buffer
/// (one allocation per sentence rather than one per set); read them through the accessors.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// The sets of [`Set`], sorted and deduplicated, one after another.
    packed: Box<[Term]>,
    /// Where each set ends in `packed`.
    ends: [u32; N_SETS],
    /// Distinct numbers stated (digits and number words), in thousandths, sorted.
    numbers: Box<[u64]>,
    /// True when the sentence says "not", "no", "never" or a "n't" form.
    pub negated: bool,
    /// How many words the sentence has, stopwords included.
    pub word_count: usize,
}

/// The hashed sets of a sentence, in their order in [`Features`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Set {
    Terms,
    Bigrams,
    Trigrams,
    Names,
    Quoted,
    Words,
    WordBigrams,
    WordTrigrams,
}

const N_SETS: usize = 8;

impl Features {
    /// Packs the sets (indexed by [`Set`]), sorting and deduplicating each.
    fn pack(
        sets: &mut [Vec<Term>; N_SETS],
        mut numbers: Vec<u64>,
        negated: bool,
        word_count: usize,
    ) -> Features {
        let mut packed = Vec::with_capacity(sets.iter().map(Vec::len).sum());
        let mut ends = [0u32; N_SETS];
        for (set, end) in sets.iter_mut().zip(&mut ends) {
            set.sort_unstable();
            set.dedup();
            packed.extend_from_slice(set);
            // A sentence of four billion words is not text the reader loads.
            *end = u32::try_from(packed.len()).expect("sentence too long");
        }
        numbers.sort_unstable();
        numbers.dedup();
        Features {
            packed: packed.into_boxed_slice(),
            ends,
            numbers: numbers.into_boxed_slice(),
            negated,
            word_count,
        }
    }

    fn set(&self, set: Set) -> &[Term] {
        let k = set as usize;
        let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
        &self.packed[start..self.ends[k] as usize]
    }

    /// Distinct content terms, sorted.
    pub fn terms(&self) -> &[Term] {
        self.set(Set::Terms)
    }

    /// Distinct hashed bigrams of consecutive content terms, sorted.
    pub fn bigrams(&self) -> &[Term] {
        self.set(Set::Bigrams)
    }

    /// Distinct hashed trigrams of consecutive content terms, sorted (longer shared runs).
    pub fn trigrams(&self) -> &[Term] {
        self.set(Set::Trigrams)
    }

    /// Terms that come from capitalised words inside the sentence (names of people and places).
    pub fn names(&self) -> &[Term] {
        self.set(Set::Names)
    }

    /// Content terms inside quotation marks (the quote may open in an earlier sentence).
    pub fn quoted(&self) -> &[Term] {
        self.set(Set::Quoted)
    }

    /// Distinct hashed words, stopwords included (surface overlap), sorted.
    pub fn words(&self) -> &[Term] {
        self.set(Set::Words)
    }

    /// Distinct hashed bigrams of consecutive words, stopwords included, sorted.
    pub fn word_bigrams(&self) -> &[Term] {
        self.set(Set::WordBigrams)
    }

    /// Distinct hashed trigrams of consecutive words, stopwords included, sorted.
    pub fn word_trigrams(&self) -> &[Term] {
        self.set(Set::WordTrigrams)
    }

    /// Distinct numbers stated (digits and number words), in thousandths, sorted.
    pub fn numbers(&self) -> &[u64] {
        &self.numbers
    }

    /// These features with `quoted` (sorted and deduplicated, as [`quoted_terms`] gives them)
    /// as the quoted terms.
    pub fn with_quoted(self, quoted: &[Term]) -> Features {
        if quoted == self.quoted() {
            return self;
        }
        let q = Set::Quoted as usize;
        let (start, end) = (self.ends[q - 1] as usize, self.ends[q] as usize);
        let mut packed = Vec::with_capacity(self.packed.len() - (end - start) + quoted.len());
        packed.extend_from_slice(&self.packed[..start]);
        packed.extend_from_slice(quoted);
        packed.extend_from_slice(&self.packed[end..]);
        let mut ends = self.ends;
        for e in &mut ends[q..] {
            *e = *e - (end - start) as u32 + quoted.len() as u32;
        }
        Features {
            packed: packed.into_boxed_slice(),
            ends,
            ..self
        }
    }
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

/// The 64-bit hash of a string; n-grams are combined from these before they are folded.
fn hash64(s: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// Folds a 64-bit hash into a [`Term`] (both halves count).
fn fold(h: u64) -> Term {
    (h ^ (h >> 32)) as Term
}

/// Hashes a string into a [`Term`].
pub fn term_of(s: &str) -> Term {
    fold(hash64(s))
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
/// its term and the number it states (hashes at 64 bits, folded once combined into n-grams).
type WordInfo = (u64, Option<(u64, Option<u64>)>);

/// The [`WordInfo`] of a normalised word, cached per thread (words repeat). The cache is
/// keyed by the word's 64-bit hash rather than the word, which spares a string per entry (two
/// words meeting in 64 bits would already be one word to the engine).
fn cached_term(norm: &str) -> WordInfo {
    use std::cell::RefCell;
    use std::collections::HashMap;
    type Cache = HashMap<u64, Option<(u64, Option<u64>)>>;
    thread_local! {
        static CACHE: RefCell<Cache> = RefCell::new(HashMap::new());
    }
    let h = hash64(norm);
    CACHE.with(|c| {
        if let Some(v) = c.borrow().get(&h) {
            return (h, *v);
        }
        let content = content_key(norm).map(|key| {
            // In thousandths, so that 4.4 and 4.6 stay apart.
            let number = key
                .strip_prefix('#')
                .and_then(|rest| rest.parse::<f64>().ok())
                .filter(|v| v.is_finite() && *v >= 0.0 && *v < 1e15)
                .map(|v| (v * 1000.0).round() as u64);
            (hash64(&key), number)
        });
        let mut c = c.borrow_mut();
        if c.len() > 200_000 {
            c.clear();
        }
        c.insert(h, content);
        (h, content)
    })
}

/// Computes the features of `sentence` (its displayed text); no quoted terms (see
/// [`Features::with_quoted`]).
pub fn features(sentence: &str) -> Features {
    use std::cell::RefCell;
    thread_local! {
        // The sets as they are collected, kept between sentences to spare the allocations.
        static SCRATCH: RefCell<[Vec<Term>; N_SETS]> = RefCell::new(Default::default());
    }
    let words = text::words(sentence);
    let mut numbers = Vec::new();
    let mut negated = false;
    let mut prev: Option<u64> = None;
    let mut prev2: Option<u64> = None;
    let (mut prev_word, mut prev_word2): (Option<u64>, Option<u64>) = (None, None);
    SCRATCH.with(|scratch| {
        let sets = &mut *scratch.borrow_mut();
        for set in sets.iter_mut() {
            set.clear();
        }
        let put =
            |sets: &mut [Vec<Term>; N_SETS], set: Set, h: u64| sets[set as usize].push(fold(h));
        for (i, w) in words.iter().enumerate() {
            if NEGATIONS.contains(&w.norm.as_str()) || w.norm.ends_with("n't") {
                negated = true;
            }
            let (h, content) = cached_term(&w.norm);
            put(sets, Set::Words, h);
            if let Some(p) = prev_word {
                put(sets, Set::WordBigrams, p.rotate_left(21) ^ h);
                if let Some(q) = prev_word2 {
                    put(
                        sets,
                        Set::WordTrigrams,
                        q.rotate_left(42) ^ p.rotate_left(21) ^ h,
                    );
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
                numbers.push(n);
            }
            let raw = &sentence[w.range.clone()];
            if i > 0 && raw.chars().next().is_some_and(char::is_uppercase) {
                put(sets, Set::Names, t);
            }
            if let Some(p) = prev {
                put(sets, Set::Bigrams, p.rotate_left(17) ^ t);
                if let Some(q) = prev2 {
                    put(
                        sets,
                        Set::Trigrams,
                        q.rotate_left(34) ^ p.rotate_left(17) ^ t,
                    );
                }
            }
            prev2 = prev;
            prev = Some(t);
            put(sets, Set::Terms, t);
        }
        Features::pack(sets, numbers, negated, words.len())
    })
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
        assert!(a.numbers() == [16_000] && b.numbers() == [16_000]);
        assert_ne!(features("up 4.4%").numbers(), features("up 4.6%").numbers());
        // sixteen/16, security, killed/died, colour/color, revolution(s)
        assert!(common_sorted(a.terms(), b.terms()) >= 5);
        let m = features("\"Maidan methods\" were used");
        let t = features("\u{201C}Maidan technologies\u{201D} were used");
        assert_eq!(m.terms(), t.terms());
    }

    #[test]
    fn names_are_capitalised_words_after_the_first() {
        let f = features("Putin met Tokayev in Almaty.");
        assert_eq!(f.names().len(), 2);
    }

    #[test]
    fn packed_sets_read_back_sorted_and_apart() {
        let mut sets: [Vec<Term>; N_SETS] = Default::default();
        for (k, set) in sets.iter_mut().enumerate() {
            // Set k holds k distinct values, given unsorted and repeated; set 0 is empty.
            let k = k as Term;
            set.extend((0..k).rev().map(|v| 100 * k + v));
            set.extend((0..k).map(|v| 100 * k + v));
        }
        let f = Features::pack(&mut sets, vec![7, 3, 7], true, 9);
        let read = [
            f.terms(),
            f.bigrams(),
            f.trigrams(),
            f.names(),
            f.quoted(),
            f.words(),
            f.word_bigrams(),
            f.word_trigrams(),
        ];
        for (k, got) in read.into_iter().enumerate() {
            let k = k as Term;
            assert_eq!(got, (0..k).map(|v| 100 * k + v).collect::<Vec<_>>());
        }
        assert_eq!(f.numbers(), [3, 7]);
        assert!(f.negated && f.word_count == 9);
        let g = f.clone().with_quoted(&[1, 2, 3, 4, 5, 6]);
        assert_eq!(g.quoted(), [1, 2, 3, 4, 5, 6]);
        assert_eq!(
            (g.terms(), g.names(), g.words(), g.word_trigrams()),
            (f.terms(), f.names(), f.words(), f.word_trigrams())
        );
        assert!(g.clone().with_quoted(&[]).quoted().is_empty());
        assert!(Features::default().word_trigrams().is_empty());
    }
}
