//! Per-sentence matching features: content-word stems (spelling-canonical, synonyms merged,
//! numbers read as values), term and word n-grams, the numbers a sentence states, its words in
//! order and the kind of each word ([`WordClass`]); and the pair comparisons built on them
//! (common elements, edit distance and common subsequence, words one side says by kind).

use crate::text;

/// A term as the engine compares it: a hash of its stem (collisions are negligible).
pub type Term = u64;

/// A hashed word or n-gram, at 32 bits. Half the width of a [`Term`] halves the memory of the
/// largest per-sentence sets, and collisions stay negligible: these sets are only compared
/// pair by pair (never looked up across the corpus), and two sets of ~30 hashes share a false
/// match with odds of about 30 * 30 / 2^32 (2e-7) per pair scored. Terms keep 64 bits: they
/// key the IDF table, and their order sets the order in which weights are summed.
pub type Hash32 = u32;

/// Sorted sets laid end to end in one allocation.
#[derive(Debug, Clone)]
struct Packed<T, const N: usize> {
    /// The sets, one after another.
    data: Box<[T]>,
    /// Where each set ends in `data`.
    ends: [u32; N],
}

impl<T, const N: usize> Default for Packed<T, N> {
    fn default() -> Self {
        Packed {
            data: Box::new([]),
            ends: [0; N],
        }
    }
}

impl<T: Copy + Ord, const N: usize> Packed<T, N> {
    /// Packs `sets`, sorting and deduplicating each.
    fn new(sets: &mut [Vec<T>; N]) -> Self {
        let mut data = Vec::with_capacity(sets.iter().map(Vec::len).sum());
        let mut ends = [0u32; N];
        for (set, end) in sets.iter_mut().zip(&mut ends) {
            set.sort_unstable();
            set.dedup();
            data.extend_from_slice(set);
            // A sentence of four billion words is not text the reader loads.
            *end = u32::try_from(data.len()).expect("sentence too long");
        }
        Packed {
            data: data.into_boxed_slice(),
            ends,
        }
    }

    /// Set `k`.
    fn get(&self, k: usize) -> &[T] {
        let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
        &self.data[start..self.ends[k] as usize]
    }

    /// The same sets with set `k` replaced by `set` (sorted and deduplicated).
    fn replaced(&self, k: usize, set: &[T]) -> Self {
        let old = self.get(k).len();
        let start = self.ends[k] as usize - old;
        let mut data = Vec::with_capacity(self.data.len() - old + set.len());
        data.extend_from_slice(&self.data[..start]);
        data.extend_from_slice(set);
        data.extend_from_slice(&self.data[start + old..]);
        let mut ends = self.ends;
        for e in &mut ends[k..] {
            *e = *e - old as u32 + set.len() as u32;
        }
        Packed {
            data: data.into_boxed_slice(),
            ends,
        }
    }
}

/// The 64-bit sets of a sentence, in their order in [`Features`].
#[derive(Clone, Copy)]
enum Wide {
    Terms,
    Names,
    Quoted,
    Numbers,
}

/// The 32-bit sets of a sentence, in their order in [`Features`].
#[derive(Clone, Copy)]
enum Narrow {
    Bigrams,
    Trigrams,
    Words,
    WordBigrams,
    WordTrigrams,
    WordFourgrams,
}

/// What the linker knows about one sentence. Its sets are packed into two buffers (one
/// allocation for the 64-bit ones, one for the 32-bit ones, rather than one per set); read
/// them through the accessors.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// Terms, names, quoted terms and numbers (see [`Wide`]).
    wide: Packed<u64, 4>,
    /// Bigrams, trigrams, words, and word bigrams, trigrams and four-grams (see [`Narrow`]).
    narrow: Packed<Hash32, 6>,
    /// True when the sentence says "not", "no", "never" or a "n't" form.
    pub negated: bool,
    /// The hashed words in sentence order, stopwords included (see [`Features::sequence`]).
    sequence: Box<[Hash32]>,
    /// The class of each of [`Features::words`] (see [`Features::word_classes`]).
    word_classes: Box<[WordClass]>,
}

impl Features {
    /// Distinct content terms, sorted.
    pub fn terms(&self) -> &[Term] {
        self.wide.get(Wide::Terms as usize)
    }

    /// Terms that come from capitalised words inside the sentence (names of people and places).
    pub fn names(&self) -> &[Term] {
        self.wide.get(Wide::Names as usize)
    }

    /// Content terms inside quotation marks (the quote may open in an earlier sentence).
    pub fn quoted(&self) -> &[Term] {
        self.wide.get(Wide::Quoted as usize)
    }

    /// Distinct numbers stated (digits and number words), in thousandths, sorted.
    pub fn numbers(&self) -> &[u64] {
        self.wide.get(Wide::Numbers as usize)
    }

    /// Distinct hashed bigrams of consecutive content terms, sorted.
    pub fn bigrams(&self) -> &[Hash32] {
        self.narrow.get(Narrow::Bigrams as usize)
    }

    /// Distinct hashed trigrams of consecutive content terms, sorted (longer shared runs).
    pub fn trigrams(&self) -> &[Hash32] {
        self.narrow.get(Narrow::Trigrams as usize)
    }

    /// Distinct hashed words, stopwords included (surface overlap), sorted.
    pub fn words(&self) -> &[Hash32] {
        self.narrow.get(Narrow::Words as usize)
    }

    /// Distinct hashed bigrams of consecutive words, stopwords included, sorted.
    pub fn word_bigrams(&self) -> &[Hash32] {
        self.narrow.get(Narrow::WordBigrams as usize)
    }

    /// Distinct hashed trigrams of consecutive words, stopwords included, sorted.
    pub fn word_trigrams(&self) -> &[Hash32] {
        self.narrow.get(Narrow::WordTrigrams as usize)
    }

    /// Distinct hashed runs of four consecutive words, stopwords included, sorted.
    pub fn word_fourgrams(&self) -> &[Hash32] {
        self.narrow.get(Narrow::WordFourgrams as usize)
    }

    /// The hashed words in sentence order, stopwords included (for edit distance and word
    /// order).
    pub fn sequence(&self) -> &[Hash32] {
        &self.sequence
    }

    /// The [`WordClass`] of each of [`Features::words`], in the same order.
    pub fn word_classes(&self) -> &[WordClass] {
        &self.word_classes
    }

    /// These features with `quoted` (sorted and deduplicated, as [`quoted_terms`] gives them)
    /// as the quoted terms.
    pub fn with_quoted(self, quoted: &[Term]) -> Features {
        if quoted == self.quoted() {
            return self;
        }
        Features {
            wide: self.wide.replaced(Wide::Quoted as usize, quoted),
            ..self
        }
    }
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

/// Words of time other than the names of months and days (after normalisation).
const TIME_WORDS: &[&str] = &[
    "afternoon",
    "day",
    "evening",
    "month",
    "morning",
    "night",
    "today",
    "tomorrow",
    "tonight",
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
    let month = || text::month(norm).is_some() && (norm != "may" || capital);
    if number {
        WordClass::Number
    } else if ATTRIBUTION.binary_search(&norm).is_ok() {
        WordClass::Attribution
    } else if TIME_WORDS.binary_search(&norm).is_ok() || month() || text::full_weekday(norm) {
        WordClass::Time
    } else if !content {
        WordClass::Function
    } else if inner_capital {
        WordClass::Name
    } else {
        WordClass::Content
    }
}

/// Counts the distinct words two sentences share, and by [`WordClass`] those each says that
/// the other does not, in one pass over the two sorted word sets.
pub fn word_overlap(
    a: &Features,
    b: &Features,
) -> (usize, [u32; WORD_CLASSES], [u32; WORD_CLASSES]) {
    let (wa, ca, wb, cb) = (a.words(), a.word_classes(), b.words(), b.word_classes());
    let (mut only_a, mut only_b) = ([0; WORD_CLASSES], [0; WORD_CLASSES]);
    let (mut i, mut j, mut common) = (0, 0, 0);
    // Without branches on the comparison, as in [`common_sorted`].
    while i < wa.len() && j < wb.len() {
        let (x, y) = (wa[i], wb[j]);
        only_a[ca[i] as usize] += u32::from(x < y);
        only_b[cb[j] as usize] += u32::from(y < x);
        common += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    for c in &ca[i..] {
        only_a[*c as usize] += 1;
    }
    for c in &cb[j..] {
        only_b[*c as usize] += 1;
    }
    (common, only_a, only_b)
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

/// FNV-1a over bytes, 64 bits: a hash whose algorithm is fixed, so terms, their order and
/// the order in which weights are summed (and so every score) are the same on every build.
fn fnv64(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    // FNV mixes the last bytes weakly into the high bits, which `fold` relies on too.
    h ^ (h >> 29)
}

/// The 64-bit hash of a string; n-grams are combined from these before they are folded.
fn hash64(s: &str) -> u64 {
    fnv64(s.bytes())
}

/// One hash of a sentence's words in order (see [`Features::sequence`]): sentences with the
/// same hash and length are taken for copies of one another.
pub fn hash_words(words: &[Hash32]) -> u64 {
    fnv64(words.iter().flat_map(|w| w.to_le_bytes()))
}

/// Folds a 64-bit hash into a [`Hash32`] (both halves count).
fn fold(h: u64) -> Hash32 {
    (h ^ (h >> 32)) as Hash32
}

/// Hashes a string into a [`Term`].
pub fn term_of(s: &str) -> Term {
    hash64(s)
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

/// The word caches' generation: each thread's caches start afresh once it has moved on (see
/// [`forget_words`]).
static WORD_GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Lets every thread's word caches go: an analysis calls it when done, so a long run (the
/// report's stories, one after another) holds one story's words at a time rather than every
/// story's in every thread (about 7 MB of `report`'s peak over ECB+ otherwise). A thread
/// frees its caches the next time it reads a word; an analysis running meanwhile only reads
/// its words afresh.
pub fn forget_words() {
    WORD_GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
}

/// A thread's word cache, emptied (and its memory freed) first when it is of an older
/// generation (see [`forget_words`]).
pub(super) fn current<C: Default>(cache: &mut (u64, C)) -> &mut C {
    let now = WORD_GENERATION.load(std::sync::atomic::Ordering::Relaxed);
    if cache.0 != now {
        *cache = (now, Default::default());
    }
    &mut cache.1
}

/// What the engine reads from one normalised word: its surface hash (64 bits, folded into a
/// [`Hash32`] once combined into n-grams), and for a content word its term and the number it
/// states.
type WordInfo = (u64, Option<(Term, Option<u64>)>);

/// The [`WordInfo`] of a normalised word, cached per thread (words repeat). The cache is
/// keyed by the word's 64-bit hash rather than the word, which spares a string per entry (two
/// words meeting in 64 bits would already be one word to the engine).
fn cached_term(norm: &str) -> WordInfo {
    use std::cell::RefCell;
    use std::collections::HashMap;
    type Cache = (u64, HashMap<u64, Option<(Term, Option<u64>)>>);
    thread_local! {
        static CACHE: RefCell<Cache> = RefCell::new(Default::default());
    }
    let h = hash64(norm);
    CACHE.with(|c| {
        if let Some(v) = current(&mut c.borrow_mut()).get(&h) {
            return (h, *v);
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
        let mut c = c.borrow_mut();
        let c = current(&mut c);
        if c.len() > 200_000 {
            c.clear();
        }
        c.insert(h, content);
        (h, content)
    })
}

/// The term of a normalised word when it is a content word (a number included), as the
/// features have it.
pub fn content_term(norm: &str) -> Option<Term> {
    cached_term(norm).1.map(|c| c.0)
}

/// What the engine reads from one word as written, all of it a function of its normalised
/// form: see [`word_facts`].
#[derive(Debug, Clone, Copy)]
struct WordFacts {
    /// The [`WordInfo`] of its normalised form.
    info: WordInfo,
    /// It negates ("not", "never", a "n't" form).
    negates: bool,
    /// Its class when not capitalised; `Month` marks a month name (a class only when
    /// capitalised, for "may").
    class: RawClass,
    /// Its normalised form is longer than three bytes (a long stopword breaks the bigram
    /// chain).
    long: bool,
    /// Its term when it is a content word other than a number (see [`plain_terms`]).
    plain: Option<Term>,
}

/// The class of a word before its capital is known (see [`word_class`]).
#[derive(Debug, Clone, Copy, PartialEq)]
enum RawClass {
    /// A class whatever the capital.
    Fixed(WordClass),
    /// "may": a month only when capitalised.
    May,
    /// A content word: a name when capitalised inside the sentence.
    Content,
}

/// The [`WordFacts`] of a word as written (`raw`, a range [`text::word_ranges`] gives), cached
/// per thread and keyed by a 64-bit hash of the raw bytes: words repeat, and normalising a
/// word (folding, spelling, two strings) costs more than all the rest the engine does with it.
/// The normalised form is a function of the raw word, so the facts are the same as computed
/// from [`text::words`]; two raw words meeting in 64 bits would be one word to the engine, as
/// two normalised ones already are (see [`cached_term`]).
fn word_facts(raw: &str) -> WordFacts {
    use std::cell::RefCell;
    use std::collections::HashMap;
    type Cache = (u64, HashMap<u64, WordFacts, rustc_hash::FxBuildHasher>);
    thread_local! {
        static CACHE: RefCell<Cache> = RefCell::new(Default::default());
    }
    let key = fnv64(raw.bytes());
    CACHE.with(|c| {
        if let Some(v) = current(&mut c.borrow_mut()).get(&key) {
            return *v;
        }
        let norm = text::canonical(&text::fold(raw));
        let info = cached_term(&norm);
        let content = info.1;
        let number = content.is_some_and(|c| c.1.is_some()) || text::number_word(&norm).is_some();
        let class = if norm == "may" {
            RawClass::May
        } else {
            match word_class(&norm, number, content.is_some(), false, false) {
                WordClass::Content => RawClass::Content,
                k => RawClass::Fixed(k),
            }
        };
        let facts = WordFacts {
            info,
            negates: NEGATIONS.contains(&norm.as_str()) || norm.ends_with("n't"),
            class,
            long: norm.len() > 3,
            plain: content_key(&norm)
                .filter(|k| !k.starts_with('#'))
                .map(|k| term_of(&k)),
        };
        let mut c = c.borrow_mut();
        let c = current(&mut c);
        if c.len() > 200_000 {
            c.clear();
        }
        c.insert(key, facts);
        facts
    })
}

/// The content terms of a text's words, each with its byte range, in order (as
/// [`content_term`] over [`text::words`] gives them, read through the per-thread word cache).
pub fn content_words(text: &str) -> Vec<(Term, std::ops::Range<usize>)> {
    text::word_ranges(text)
        .filter_map(|r| Some((word_facts(&text[r.clone()]).info.1?.0, r)))
        .collect()
}

/// The distinct terms of a text's content words, numbers included, sorted: the
/// [`Features::terms`] of `text`, without the rest of its features.
pub fn content_terms(text: &str) -> Vec<Term> {
    let mut terms: Vec<Term> = text::word_ranges(text)
        .filter_map(|r| Some(word_facts(&text[r]).info.1?.0))
        .collect();
    terms.sort_unstable();
    terms.dedup();
    terms
}

/// The distinct terms of a text's content words other than numbers, sorted (as
/// [`content_key`] over [`text::words`] gives them, read through the per-thread word cache).
pub fn plain_terms(text: &str) -> Vec<Term> {
    let mut terms: Vec<Term> = text::word_ranges(text)
        .filter_map(|r| word_facts(&text[r]).plain)
        .collect();
    terms.sort_unstable();
    terms.dedup();
    terms
}

/// Computes the features of `sentence` (its displayed text); no quoted terms (see
/// [`Features::with_quoted`]).
pub fn features(sentence: &str) -> Features {
    use std::cell::RefCell;
    type Sets = (
        [Vec<u64>; 4],
        [Vec<Hash32>; 6],
        Vec<(Hash32, WordClass)>,
        Vec<Hash32>,
    );
    thread_local! {
        // The sets as they are collected, kept between sentences to spare the allocations.
        static SCRATCH: RefCell<Sets> = RefCell::new(Default::default());
    }
    let mut negated = false;
    let mut prev: Option<Term> = None;
    let mut prev2: Option<Term> = None;
    let (mut prev_word, mut prev_word2): (Option<u64>, Option<u64>) = (None, None);
    let mut prev_word3: Option<u64> = None;
    SCRATCH.with(|scratch| {
        let (wide, narrow, classed, sequence) = &mut *scratch.borrow_mut();
        classed.clear();
        sequence.clear();
        for set in wide.iter_mut() {
            set.clear();
        }
        for set in narrow.iter_mut() {
            set.clear();
        }
        let mut put = |set: Narrow, h: u64| narrow[set as usize].push(fold(h));
        for (i, range) in text::word_ranges(sentence).enumerate() {
            let raw = &sentence[range];
            let facts = word_facts(raw);
            negated |= facts.negates;
            let (h, content) = facts.info;
            put(Narrow::Words, h);
            sequence.push(fold(h));
            let capital = raw.chars().next().is_some_and(char::is_uppercase);
            let inner_capital = i > 0 && capital;
            let class = match facts.class {
                RawClass::Fixed(k) => k,
                RawClass::May if capital => WordClass::Time,
                RawClass::May => WordClass::Function,
                RawClass::Content if inner_capital => WordClass::Name,
                RawClass::Content => WordClass::Content,
            };
            classed.push((fold(h), class));
            if let Some(p) = prev_word {
                put(Narrow::WordBigrams, p.rotate_left(21) ^ h);
                if let Some(q) = prev_word2 {
                    put(
                        Narrow::WordTrigrams,
                        q.rotate_left(42) ^ p.rotate_left(21) ^ h,
                    );
                    if let Some(r) = prev_word3 {
                        // Rotations that are not multiples of 16, so that folding to 32 bits
                        // keeps the order of the words ("a b a b" must not hash to 0).
                        put(
                            Narrow::WordFourgrams,
                            r.rotate_left(51) ^ q.rotate_left(34) ^ p.rotate_left(17) ^ h,
                        );
                    }
                }
            }
            prev_word3 = prev_word2;
            prev_word2 = prev_word;
            prev_word = Some(h);
            let Some((t, number)) = content else {
                // A stopword breaks the bigram chain only if it is long (keeps "Almaty and nine").
                if facts.long {
                    prev = None;
                    prev2 = None;
                }
                continue;
            };
            if let Some(n) = number {
                wide[Wide::Numbers as usize].push(n);
            }
            if inner_capital {
                wide[Wide::Names as usize].push(t);
            }
            if let Some(p) = prev {
                put(Narrow::Bigrams, p.rotate_left(17) ^ t);
                if let Some(q) = prev2 {
                    put(Narrow::Trigrams, q.rotate_left(34) ^ p.rotate_left(17) ^ t);
                }
            }
            prev2 = prev;
            prev = Some(t);
            wide[Wide::Terms as usize].push(t);
        }
        // In the order of the words set: sorted by hash, one class per distinct word.
        classed.sort_unstable();
        classed.dedup_by_key(|w| w.0);
        let narrow = Packed::new(narrow);
        debug_assert_eq!(classed.len(), narrow.get(Narrow::Words as usize).len());
        Features {
            wide: Packed::new(wide),
            narrow,
            negated,
            sequence: sequence.as_slice().into(),
            word_classes: classed.iter().map(|w| w.1).collect(),
        }
    })
}

/// How two sentences compare in word order: edit distance, common subsequence, and the share
/// of each side's runs of four words the other says too (the smaller and the larger share).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SequenceStats {
    /// Word-level edit distance.
    pub edit: usize,
    /// Longest common subsequence of words.
    pub subsequence: usize,
    /// Common four-word runs over the larger count of runs (0 when either side has none).
    pub four_grams_min: f32,
    /// Common four-word runs over the smaller count of runs (0 when either side has none).
    pub four_grams_max: f32,
}

/// Compares two sentences in word order (see [`SequenceStats`]).
pub(crate) fn sequence_stats(a: &Features, b: &Features) -> SequenceStats {
    let (ga, gb) = (a.word_fourgrams(), b.word_fourgrams());
    let common = common_sorted(ga, gb) as f32;
    let (x, y) = (ga.len() as f32, gb.len() as f32);
    let (four_grams_min, four_grams_max) = if x == 0.0 || y == 0.0 {
        (0.0, 0.0)
    } else {
        (common / x.max(y), common / x.min(y))
    };
    let (edit, subsequence) = edit_and_subsequence(a.sequence(), b.sequence());
    SequenceStats {
        edit,
        subsequence,
        four_grams_min,
        four_grams_max,
    }
}

/// How many words of each sentence the word-order features compare: comparing in order costs
/// the product of the two lengths, and a "sentence" of thousands of words (text with no
/// full stops) would otherwise cost seconds per pair.
pub(crate) const ORDER_WORDS: usize = 128;

/// Word-level edit distance (insertions, deletions and substitutions of whole words) and the
/// length of the longest common subsequence of words (the words both say, in the same order),
/// in one pass over the first [`ORDER_WORDS`] words of each sequence.
pub(crate) fn edit_and_subsequence(a: &[Hash32], b: &[Hash32]) -> (usize, usize) {
    let (a, b) = (
        &a[..a.len().min(ORDER_WORDS)],
        &b[..b.len().min(ORDER_WORDS)],
    );
    let (mut edit, mut common) = ([0usize; ORDER_WORDS + 1], [0usize; ORDER_WORDS + 1]);
    for (j, e) in edit.iter_mut().enumerate() {
        *e = j;
    }
    edit_and_subsequence_in(a, b, &mut edit[..=b.len()], &mut common[..=b.len()])
}

/// [`edit_and_subsequence`] over rows set up by the caller: `edit` holds 0..=b.len() and
/// `common` zeros, one more than `b` each.
fn edit_and_subsequence_in(
    a: &[Hash32],
    b: &[Hash32],
    edit: &mut [usize],
    common: &mut [usize],
) -> (usize, usize) {
    for (i, x) in a.iter().enumerate() {
        let (mut edit_diagonal, mut common_diagonal) = (edit[0], 0);
        edit[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let same = x == y;
            let e = (edit[j + 1] + 1)
                .min(edit[j] + 1)
                .min(edit_diagonal + usize::from(!same));
            let c = if same {
                common_diagonal + 1
            } else {
                common[j + 1].max(common[j])
            };
            edit_diagonal = edit[j + 1];
            common_diagonal = common[j + 1];
            edit[j + 1] = e;
            common[j + 1] = c;
        }
    }
    (edit[b.len()], common[b.len()])
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
            out.extend(content_terms(part));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Counts the common elements of two sorted, deduplicated slices.
pub fn common_sorted<T: Ord>(a: &[T], b: &[T]) -> usize {
    // Without branches on the comparison: the sets are small and their order unpredictable,
    // so a mispredicted branch per step would cost more than the step.
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (&a[i], &b[j]);
        n += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
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
    fn edit_distance_and_common_subsequence_count_whole_words() {
        let a = features("The stock rose 2 percent on Friday");
        let b = features("The stock fell 2 percent on Friday in late trading");
        let (sa, sb) = (a.sequence(), b.sequence());
        // one substitution (rose/fell) and three insertions; six words said in the same order
        assert_eq!(edit_and_subsequence(sa, sb), (4, 6));
        assert_eq!(edit_and_subsequence(sb, sa), (4, 6));
        assert_eq!(edit_and_subsequence(sa, &[]), (sa.len(), 0));
        // order matters for the subsequence, not for the word sets
        let c = features("on Friday the stock rose 2 percent");
        assert_eq!(edit_and_subsequence(sa, c.sequence()).1, 5);
        // only "2 percent on friday" is said word for word by both, of 4 and 7 runs of four
        let stats = sequence_stats(&a, &b);
        assert_eq!(a.word_fourgrams().len(), 4);
        assert_eq!(
            (stats.four_grams_min, stats.four_grams_max),
            (1.0 / 7.0, 1.0 / 4.0)
        );
        // only the first ORDER_WORDS words of a very long "sentence" are compared in order
        let long = "word ".repeat(ORDER_WORDS + 50) + "end";
        let l = features(&long);
        assert_eq!(l.sequence().len(), ORDER_WORDS + 51);
        assert_eq!(edit_and_subsequence(l.sequence(), sa), (ORDER_WORDS, 0));
        assert_eq!(edit_and_subsequence(sa, l.sequence()), (ORDER_WORDS, 0));
        let same = edit_and_subsequence(l.sequence(), l.sequence());
        assert_eq!(same, (0, ORDER_WORDS));
        // a four-word run keeps its order through the 32-bit hash
        let swapped = features("Almaty reached troops on");
        let run = features("troops reached Almaty on");
        assert_eq!(
            common_sorted(run.word_fourgrams(), swapped.word_fourgrams()),
            0
        );
        assert_ne!(
            features("yes no yes no").word_fourgrams(),
            features("up down up down").word_fourgrams()
        );
    }

    #[test]
    fn words_one_side_says_are_counted_by_class() {
        let a = features("Shares of Intel rose 5 percent on Tuesday, the company said.");
        let b = features("Intel shares rose 5 percent.");
        let (common, extra, none) = word_overlap(&a, &b);
        assert_eq!(common, b.words().len()); // intel, shares, rose, 5, percent
        let class = |c: WordClass| extra[c as usize];
        assert_eq!(class(WordClass::Time), 1); // tuesday
        assert_eq!(class(WordClass::Attribution), 1); // said
        assert_eq!(class(WordClass::Content), 1); // company
        assert_eq!(class(WordClass::Function), 3); // of, on, the
        assert_eq!(class(WordClass::Number) + class(WordClass::Name), 0);
        assert_eq!(none, [0; WORD_CLASSES]);
    }

    #[test]
    fn names_are_capitalised_words_after_the_first() {
        let f = features("Putin met Tokayev in Almaty.");
        assert_eq!(f.names().len(), 2);
    }

    #[test]
    fn packed_sets_read_back_sorted_and_apart() {
        let mut sets: [Vec<u32>; 5] = Default::default();
        for (k, set) in sets.iter_mut().enumerate() {
            // Set k holds k distinct values, given unsorted and repeated; set 0 is empty.
            let k = k as u32;
            set.extend((0..k).rev().map(|v| 100 * k + v));
            set.extend((0..k).map(|v| 100 * k + v));
        }
        let p = Packed::new(&mut sets);
        let want = |k: u32| (0..k).map(|v| 100 * k + v).collect::<Vec<_>>();
        for k in 0..5 {
            assert_eq!(p.get(k), want(k as u32));
        }
        let q = p.replaced(2, &[7, 8, 9, 10]);
        assert_eq!(q.get(2), [7, 8, 9, 10]);
        for k in [0, 1, 3, 4] {
            assert_eq!(q.get(k), p.get(k));
        }
        let r = q.replaced(4, &[]).replaced(0, &[1]);
        assert_eq!((r.get(0), r.get(4)), (&[1][..], &[][..]));
        assert_eq!((r.get(2), r.get(3)), (q.get(2), q.get(3)));
        assert!(Packed::<u64, 4>::default().get(3).is_empty());
    }

    #[test]
    fn quoted_terms_join_the_features() {
        let text = "Putin spoke of \"Maidan methods\" on Monday";
        let f = features(text);
        assert!(f.quoted().is_empty());
        let spans = crate::claims::quotes::quoted_spans(text);
        let q = quoted_terms(text, &(0..text.len()), &spans);
        let g = f.clone().with_quoted(&q);
        assert_eq!(g.quoted(), q);
        assert_eq!(q.len(), 2);
        assert_eq!(
            (g.terms(), g.names(), g.numbers()),
            (f.terms(), f.names(), f.numbers())
        );
        assert_eq!(g.word_trigrams(), f.word_trigrams());
    }

    #[test]
    fn words_read_afresh_after_an_analysis_mean_the_same() {
        let text = "Sixteen security forces weren't killed in Almaty on May 5, Tokayev said.";
        let before = features(text);
        forget_words();
        let after = features(text);
        assert_eq!(
            (
                before.terms(),
                before.names(),
                before.numbers(),
                before.negated
            ),
            (after.terms(), after.names(), after.numbers(), after.negated)
        );
        assert_eq!(before.word_trigrams(), after.word_trigrams());
        assert_eq!(plain_terms(text), {
            forget_words();
            plain_terms(text)
        });
    }
}
