//! Each article's profile: the terms that identify its event (names, places, numbers, rare
//! words), weighted by how rare they are in the loaded set, and its publication day.

use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};

use super::StoryOptions;
use super::dates::{day_number, parse_date};
use crate::corpus::Article;
use crate::text::{
    canonical, fold, full_month, full_weekday, is_stopword, month, stem, word_ranges,
};

/// An article's weighted terms (a unit vector, sorted by term id) and its day, when dated.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// (term id, weight), ids into the set's rare-enough terms, sorted by id.
    pub terms: Vec<(u32, f32)>,
    /// The heaviest of `terms` (ids), through which the article's candidate pairs are found.
    pub probes: Vec<u32>,
    /// When the article says it happened (years, weekdays, months named in the text), weighed
    /// on the scale of `terms`, sorted by id (every id above those of `terms`): too common
    /// to tell stories apart over the whole set, they tell two events apart inside one group
    /// (see [`super::cluster::split`]).
    pub context: Vec<(u32, f32)>,
    /// Days since 1970-01-01 of the article's stated date.
    pub day: Option<i32>,
}

/// Profiles of a set of articles, and how many terms they index.
#[derive(Debug, Clone, Default)]
pub struct Profiles {
    /// One per article, in order.
    pub articles: Vec<Profile>,
    /// Number of distinct term ids.
    pub terms: usize,
    /// Inverse document frequency over the whole set, by term id.
    pub idf: Vec<f32>,
}

/// Term counts of one article: (term hash, weighted count), sorted by hash.
type Counts = Vec<(u64, f32)>;

/// The key of a word saying when, as a context term ([`Profile::context`]): a weekday, a month
/// (capitalised), a year.
fn when_key(raw: &str) -> Option<u64> {
    if let Some(y) = year(raw) {
        return Some(year_key(y));
    }
    let capital = raw.starts_with(|c: char| c.is_uppercase());
    if full_weekday(raw) || (capital && full_month(raw).is_some()) {
        return Some(hash(&format!("\u{1}when {}", raw.to_lowercase())));
    }
    None
}

fn hash(s: &str) -> u64 {
    let mut h = FxHasher::default();
    s.hash(&mut h);
    h.finish()
}

/// The matching key of a word as written, or `None` for words that say nothing about an event
/// (stop words, weekdays, single letters). Numbers stay as written without separators.
fn key(raw: &str) -> Option<u64> {
    let norm = canonical(&fold(raw));
    if norm.len() < 2 && !norm.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if is_stopword(&norm) || full_weekday(&norm) {
        return None;
    }
    Some(hash(&stem(&norm)))
}

/// Marks a context term's key in the id map, apart from an ordinary term of the same hash.
const CONTEXT_SALT: u64 = 0x9e37_79b9_7f4a_7c15;

/// The year a word names, 1900 to 2100.
fn year(raw: &str) -> Option<u16> {
    let y: u16 = raw
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| raw.parse().ok())
        .flatten()?;
    (raw.len() == 4 && (1900..=2100).contains(&y)).then_some(y)
}

/// The key of a year as a context term (apart from the number as written).
fn year_key(y: u16) -> u64 {
    hash(&format!("\u{1}year {y}"))
}

/// True when the word at `start` of `text` opens a sentence or a quotation, where capitals
/// say nothing about names.
fn opens(text: &str, start: usize) -> bool {
    match text[..start].trim_end().chars().next_back() {
        None => true,
        Some(c) => matches!(
            c,
            '"' | '\'' | '`' | ':' | '(' | '[' | '\u{201C}' | '\u{2018}' | '-' | '\u{2014}'
        ),
    }
}

/// Keys of the words seen so far by one worker, by a hash of the spelling: each distinct
/// spelling is folded and stemmed once, not once per article. Keyed by the hash rather than the
/// spelling itself, because comparing spellings reads the text of whichever article first held
/// the word, and over a large set that text is long out of the processor's caches. (Two
/// spellings of one 64-bit hash would count as one word: about one chance in ten million over
/// a million spellings, and one word more or less in a profile changes no story.) A word
/// without a key is kept as [`NO_KEY`], so that an entry takes 16 bytes, not 24: the table
/// outgrows the processor's caches, and each look-up is a likely miss.
#[derive(Default)]
struct KeyCache(FxHashMap<u64, u64>);

/// A word without a key, in the [`KeyCache`] (a word whose key is this number is left out,
/// a chance in 2^64).
const NO_KEY: u64 = u64::MAX;

impl KeyCache {
    /// The [`key`] of `raw`, computed the first time its spelling is seen.
    fn key(&mut self, raw: &str) -> Option<u64> {
        let k = *self
            .0
            .entry(hash(raw))
            .or_insert_with(|| key(raw).unwrap_or(NO_KEY));
        (k != NO_KEY).then_some(k)
    }
}

/// Counts the event-identifying terms of one article, and its context terms.
fn counts(article: &Article, cache: &mut KeyCache, opts: &StoryOptions) -> (Counts, Counts) {
    let mut out: FxHashMap<u64, f32> = FxHashMap::default();
    let mut when: FxHashMap<u64, f32> = FxHashMap::default();
    let mut seen = 0usize;
    let mut lead = 0usize;
    for s in &article.sentences {
        if s.boilerplate.is_some() || seen >= opts.max_words {
            continue;
        }
        let text = s.text.as_str();
        let boost = if !s.heading && lead < opts.lead_sentences {
            lead += 1;
            opts.lead_weight
        } else {
            1.0
        };
        for r in word_ranges(text) {
            seen += 1;
            let raw = &text[r.clone()];
            if opts.context_weight > 0.0
                && let Some(k) = when_key(raw)
            {
                *when.entry(k).or_default() += opts.context_weight * boost;
            }
            let Some(k) = cache.key(raw) else {
                continue;
            };
            let name = !s.heading
                && raw.starts_with(|c: char| c.is_uppercase())
                && !opens(text, r.start)
                && month(raw).is_none();
            let w = if name { opts.name_weight } else { 1.0 };
            *out.entry(k).or_default() += w * boost;
        }
    }
    let sorted = |m: FxHashMap<u64, f32>| {
        let mut v: Counts = m.into_iter().collect();
        v.sort_unstable_by_key(|&(k, _)| k);
        v
    };
    (sorted(out), sorted(when))
}

/// What one article says for the grouping on its own, before the set it is in is known: its
/// terms and context terms counted, and its day. The reader reads it as each article loads
/// ([`Readers`]), so that only the set's part of the grouping ([`profiles_of`]) is left once
/// loading ends.
#[derive(Debug, Clone, Default)]
pub struct ArticleTerms {
    counts: Counts,
    when: Counts,
    day: Option<i32>,
}

/// Reads articles' terms on one thread, keeping the keys of the spellings it has seen.
#[derive(Default)]
pub struct TermReader {
    cache: KeyCache,
}

impl TermReader {
    /// The terms of `article`, as the grouping with `opts` counts them.
    pub fn read(&mut self, article: &Article, opts: &StoryOptions) -> ArticleTerms {
        let (counts, when) = counts(article, &mut self.cache, opts);
        ArticleTerms {
            counts,
            when,
            day: article.date.as_deref().and_then(parse_date).map(day_number),
        }
    }
}

/// Term readers shared by the threads that load the articles: each read borrows one (a thread
/// keeps finding the spellings it has seen), so that an article's terms are read as it loads.
#[derive(Default)]
pub struct Readers {
    idle: Mutex<Vec<TermReader>>,
    opts: StoryOptions,
}

impl Readers {
    /// Readers counting terms as the grouping with `opts` does.
    pub fn new(opts: StoryOptions) -> Readers {
        Readers {
            idle: Mutex::default(),
            opts,
        }
    }

    /// The terms of `article` (see [`TermReader::read`]).
    pub fn read(&self, article: &Article) -> ArticleTerms {
        let take = || self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut reader = take().unwrap_or_default();
        let terms = reader.read(article, &self.opts);
        self.idle
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(reader);
        terms
    }
}

/// The terms of every article (in parallel), in order.
pub fn article_terms(articles: &[Article], opts: &StoryOptions) -> Vec<ArticleTerms> {
    articles
        .par_iter()
        // Long runs per worker, so its key cache is reused across many articles.
        .with_min_len(64)
        .map_init(TermReader::default, |reader, a| reader.read(a, opts))
        .collect()
}

/// Builds the profiles: terms per article (in parallel), then the set's part ([`profiles_of`]).
pub fn profiles(articles: &[Article], opts: &StoryOptions) -> Profiles {
    profiles_of(article_terms(articles, opts), opts)
}

/// The profiles of a set from its articles' terms (one per article, in order, read with the
/// same `opts`): document frequencies over the set, then TF-IDF weights over the terms seen in
/// at least two articles and at most [`StoryOptions::df_cap`] of them, the `index_terms`
/// heaviest kept per article.
pub fn profiles_of(terms: Vec<ArticleTerms>, opts: &StoryOptions) -> Profiles {
    let n = terms.len();
    let mut df: FxHashMap<u64, u32> = FxHashMap::default();
    let mut when_df: FxHashMap<u64, u32> = FxHashMap::default();
    for t in &terms {
        for &(k, _) in &t.counts {
            *df.entry(k).or_default() += 1;
        }
        for &(k, _) in &t.when {
            *when_df.entry(k).or_default() += 1;
        }
    }
    let cap = opts.df_cap(n) as u32;
    // Dense ids for the terms that can tie two articles and are rare enough to index.
    let mut ids: FxHashMap<u64, (u32, f32)> = FxHashMap::default();
    for (&k, &d) in &df {
        if d >= 2 && d <= cap {
            let id = ids.len() as u32;
            ids.insert(k, (id, (n as f32 / d as f32).ln()));
        }
    }
    drop(df);
    // Context terms last, so that each article's context ids sort after its terms.
    let first_context = ids.len() as u32;
    let mut when_ids: FxHashMap<u64, (u32, f32)> = FxHashMap::default();
    for (&k, &d) in &when_df {
        if d >= 2 && d < n as u32 {
            let id = first_context + when_ids.len() as u32;
            when_ids.insert(k, (id, (n as f32 / d as f32).ln()));
        }
    }
    for (k, v) in when_ids.drain() {
        ids.insert(k ^ CONTEXT_SALT, v);
    }
    let mut idf = vec![0.0; ids.len()];
    for &(id, w) in ids.values() {
        idf[id as usize] = w;
    }
    let profiles = terms
        .into_par_iter()
        .map(|ArticleTerms { counts, when, day }| {
            let mut terms: Vec<(u32, f32)> = counts
                .into_iter()
                .filter_map(|(k, tf)| {
                    let &(id, idf) = ids.get(&k)?;
                    Some((id, (1.0 + tf.ln()) * idf))
                })
                .collect();
            if terms.len() > opts.index_terms {
                terms.select_nth_unstable_by(opts.index_terms, |a, b| b.1.total_cmp(&a.1));
                terms.truncate(opts.index_terms);
            }
            if terms.len() > opts.probe_terms {
                terms.select_nth_unstable_by(opts.probe_terms, |a, b| b.1.total_cmp(&a.1));
            }
            let probes = terms.iter().take(opts.probe_terms).map(|t| t.0).collect();
            let norm = terms.iter().map(|t| t.1 * t.1).sum::<f32>().sqrt();
            if norm > 0.0 {
                terms.iter_mut().for_each(|t| t.1 /= norm);
            }
            terms.sort_unstable_by_key(|t| t.0);
            let mut context: Vec<(u32, f32)> = when
                .into_iter()
                .filter_map(|(k, tf)| {
                    let &(id, idf) = ids.get(&(k ^ CONTEXT_SALT))?;
                    Some((id, (1.0 + tf.ln()) * idf / norm.max(f32::MIN_POSITIVE)))
                })
                .collect();
            context.sort_unstable_by_key(|t| t.0);
            Profile {
                terms,
                probes,
                context,
                day,
            }
        })
        .collect();
    Profiles {
        articles: profiles,
        terms: ids.len(),
        idf,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;

    fn article(text: &str) -> Article {
        Article::from_document(Document {
            origin: "a.txt".into(),
            text: text.into(),
            ..Document::default()
        })
    }

    #[test]
    fn names_weigh_more_than_the_same_word_at_sentence_start() {
        let opts = StoryOptions::default();
        let a = article("Reid checked in on Tuesday. The actress Reid was well.");
        let (c, _) = counts(&a, &mut KeyCache::default(), &opts);
        let reid = c.iter().find(|t| t.0 == key("Reid").unwrap()).unwrap().1;
        let actress = c.iter().find(|t| t.0 == key("actress").unwrap()).unwrap().1;
        assert!(reid > 2.0 * actress, "{reid} vs {actress}");
        assert!(key("Tuesday").is_none() && key("the").is_none());
        assert_eq!(key("2,030"), key("2030"));
    }

    #[test]
    fn years_weekdays_and_months_are_context_terms() {
        let opts = StoryOptions::default();
        let a = article("The quake struck on Sunday, March 14, 2013. Aid may come.");
        let (_, when) = counts(&a, &mut KeyCache::default(), &opts);
        let keys: Vec<u64> = when.iter().map(|t| t.0).collect();
        for word in ["Sunday", "March", "2013"] {
            assert!(keys.contains(&when_key(word).unwrap()), "{word}");
        }
        assert_eq!(
            when.len(),
            3,
            "the verb \"may\" and the day 14 are not context"
        );
    }
}
