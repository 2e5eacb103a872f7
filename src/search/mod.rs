//! The search index and ranking over every sentence and quote. No terminal code here.
//!
//! The contract the reader relies on is [`Index`], [`Allowed`] and [`Hit`]. [`Session`] adds what
//! typing needs (narrowing from the previous keystroke, per-source counts, partial results) and
//! [`Searcher`] runs a session on a background thread where a new keystroke cancels the last.
//!
//! How a sentence matches: the query is split into words, and every query word must match one
//! word of the sentence, or run across two adjacent ones (AND over query words). A query word
//! matches a word exactly, as a spelling or number equivalent ("colour"/"color", "sixteen"/"16"),
//! as its beginning or inside it, or, from four letters on, fuzzily (SkimMatcherV2, anchored at the
//! word's start and spanning little more than the query) or with two letters swapped, and from
//! five letters on with any one typo (a letter wrong, missing or extra), or as another form of
//! the same word (the same stem: "trained" finds "training", "attempted" finds "attempt").
//! One- and two-letter query words and numbers match literally. Fuzzy matching is never run over a whole
//! sentence: letters scattered over twenty words match almost anything.
//!
//! Ranking: each query word scores by how it matched (exact > equivalent > prefix > inside >
//! across > fuzzy > other form), query words found next to each other in the query's order earn a phrase bonus,
//! and ties keep reading order. A query with an upper-case letter is case-sensitive (smart case).
//!
//! For the reader (search prompt):
//!
//! ```text
//! let index = Arc::new(Index::new(&corpus));          // once, after loading
//! let mut searcher = Searcher::with_notify(index.clone(), move || waker.wake());
//! // each keystroke (cancels the search under way; Tab's scope goes in `allowed`):
//! let generation = searcher.submit(&prompt, Arc::new(move |a, s| scope_allows(a, s)), 200);
//! // in the event loop (never blocks):
//! if let Some(update) = searcher.try_recv() {
//!     update.results.hits         // best first; `ranges` index `Sentence::text` bytes
//!     update.results.per_article  // hit count per source, indexed like `Corpus::articles`
//!     update.results.complete     // false for "best so far" while a slow search runs
//! }
//! // highlighting every hit in the visible part of a pane:
//! let prepared = index.prepare(&prompt);               // once per query
//! prepared.and_then(|p| p.hit(&index, article, sentence)).map(|hit| hit.ranges);
//! // a pane's hits in reading order, for `n`/`N`:
//! prepared.map(|p| p.article_hits(&index, article));
//! ```
//!
//! The index keeps each distinct word once (folded, lower-cased, canonical, its number), so a
//! query word is compared with the vocabulary, not with every sentence; sentences are then
//! scanned as arrays of word ids on all cores.

mod background;
pub mod prefilter;
mod term;

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;

use crate::corpus::{Corpus, SentenceRef};
use crate::text;
use term::{Matched, Term, VocabWord};

pub use background::{Allowed, Searcher, Update, panic_message};

/// One matching sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The sentence hit.
    pub at: SentenceRef,
    /// Higher is better.
    pub score: i64,
    /// Matched byte ranges in the sentence's display text (`Sentence::text`), sorted and merged.
    pub ranges: Vec<Range<usize>>,
}

/// The outcome of one search: the best hits and how many sentences matched in each article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Results {
    /// The query searched for.
    pub query: String,
    /// The best hits, best first, at most the limit asked for.
    pub hits: Vec<Hit>,
    /// How many allowed sentences matched in all (may exceed `hits.len()`).
    pub total: usize,
    /// How many allowed sentences matched in each article, indexed like `Corpus::articles`.
    pub per_article: Vec<usize>,
    /// False for "best so far" results sent while the search is still running.
    pub complete: bool,
}

/// Bonus when the next query word matches the word right after the previous one's.
const ADJACENT: i64 = 300;
/// Bonus when the next query word matches later in the sentence than the previous one.
const IN_ORDER: i64 = 30;
/// At most this many matches of one query word in one sentence are weighed for the phrase bonus.
const MAX_CANDIDATES: usize = 16;
/// Sentences per parallel work item.
const SCAN_CHUNK: usize = 1024;
/// Searches over more candidate sentences than this run in waves, and may send "best so far"
/// results between them.
const WAVE: usize = 40_000;
/// A search still running after this long sends "best so far" results after each wave.
const PARTIAL_AFTER: std::time::Duration = std::time::Duration::from_millis(8);

/// Gives each distinct word a number: an open-addressing hash table over words kept in one
/// string (the std map hashes for attack resistance and allocates per key; this is the index's
/// hot loop).
#[derive(Default)]
struct Interner {
    /// 0 when empty, else the hash's high half and the word's id + 1.
    slots: Vec<u64>,
    /// The words, one after another.
    bytes: String,
    /// End of each word in `bytes`.
    ends: Vec<u32>,
}

impl Interner {
    fn len(&self) -> usize {
        self.ends.len()
    }

    #[inline]
    fn word(&self, id: u32) -> &str {
        let id = id as usize;
        let start = if id == 0 {
            0
        } else {
            self.ends[id - 1] as usize
        };
        &self.bytes[start..self.ends[id] as usize]
    }

    #[inline]
    fn hash(word: &[u8]) -> u64 {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut h = word.len() as u64;
        let mut chunks = word.chunks_exact(8);
        for chunk in &mut chunks {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(chunk);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let last = rest
                .iter()
                .rev()
                .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
            h = (h.rotate_left(5) ^ last).wrapping_mul(K);
        }
        // The product's high bits are the well mixed ones; the table indexes by the low bits.
        h.rotate_left(26)
    }

    #[inline]
    fn intern(&mut self, word: &str) -> u32 {
        if self.len() * 2 >= self.slots.len() {
            self.grow();
        }
        let hash = Self::hash(word.as_bytes());
        let tag = hash >> 32;
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let slot = self.slots[i];
            if slot == 0 {
                self.bytes.push_str(word);
                self.ends.push(self.bytes.len() as u32);
                let id = self.len() as u32 - 1;
                self.slots[i] = (tag << 32) | u64::from(id + 1);
                return id;
            }
            if slot >> 32 == tag {
                let id = (slot as u32) - 1;
                if self.word(id) == word {
                    return id;
                }
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1024);
        self.slots = vec![0; size];
        let mask = size - 1;
        for id in 0..self.len() as u32 {
            let hash = Self::hash(self.word(id).as_bytes());
            let mut i = hash as usize & mask;
            while self.slots[i] != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = ((hash >> 32) << 32) | u64::from(id + 1);
        }
    }
}

/// The search index over a corpus's sentences, built once. `Send + Sync`: share it in an `Arc`.
pub struct Index {
    /// (article, sentence) of each indexed sentence.
    entries: Vec<(u32, u32)>,
    /// The entries' texts and word ids, in parts built in parallel.
    parts: Vec<Part>,
    /// Where each entry lies in `parts`.
    spans: Vec<Span>,
    /// The distinct words.
    vocab: Vec<VocabWord>,
    /// Number of articles in the corpus (for per-article counts).
    articles: usize,
    /// 0..entries.len(), the candidates of a search that cannot narrow.
    all: Arc<Vec<u32>>,
    skim: SkimMatcherV2,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("sentences", &self.entries.len())
            .field(
                "words",
                &self.parts.iter().map(|p| p.words.len()).sum::<usize>(),
            )
            .field("distinct_words", &self.vocab.len())
            .finish()
    }
}

impl Default for Index {
    fn default() -> Self {
        Index::new(&Corpus::default())
    }
}

/// The texts and word ids of a run of entries.
struct Part {
    /// The texts, one after another.
    text: String,
    /// The word ids, one after another.
    words: Vec<u32>,
}

/// Where one entry lies in the index's parts.
struct Span {
    part: u32,
    text: Range<u32>,
    words: Range<u32>,
}

/// A part being built, with word ids local to it until merged.
struct Chunk {
    part: Part,
    interner: Interner,
    spans: Vec<(Range<u32>, Range<u32>)>,
}

fn tokenize_chunk(sentences: &[&str]) -> Chunk {
    let bytes: usize = sentences.iter().map(|s| s.len()).sum();
    let mut chunk = Chunk {
        part: Part {
            text: String::with_capacity(bytes),
            words: Vec::with_capacity(bytes / 6),
        },
        interner: Interner::default(),
        spans: Vec::with_capacity(sentences.len()),
    };
    for text in sentences {
        let (text_start, words_start) = (chunk.part.text.len(), chunk.part.words.len());
        chunk.part.text.push_str(text);
        let (words, interner) = (&mut chunk.part.words, &mut chunk.interner);
        if text.is_ascii() {
            // Most news text: words are runs of ASCII letters and digits, nothing to fold.
            ascii_words(text.as_bytes(), |r| words.push(interner.intern(&text[r])));
        } else {
            for range in text::word_ranges(text) {
                let raw = &text[range];
                let folded = term::fold_word(raw);
                words.push(interner.intern(folded.as_deref().unwrap_or(raw)));
            }
        }
        chunk.spans.push((
            text_start as u32..chunk.part.text.len() as u32,
            words_start as u32..chunk.part.words.len() as u32,
        ));
    }
    chunk
}

/// `text::word_ranges` for ASCII text, byte by byte.
fn ascii_words(text: &[u8], mut word: impl FnMut(Range<usize>)) {
    let n = text.len();
    let mut i = 0;
    while i < n {
        if !text[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        loop {
            while i < n && text[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if i + 1 < n && text[i + 1].is_ascii_alphanumeric() {
                let digits = text[i - 1].is_ascii_digit() && text[i + 1].is_ascii_digit();
                let joins = match text[i] {
                    b',' | b'.' => digits,
                    b'\'' => !digits,
                    _ => false,
                };
                if joins {
                    i += 1;
                    continue;
                }
            }
            break;
        }
        word(start..i);
    }
}

/// What one query word matches in the vocabulary: a score per word id, and for a query word
/// that may run across two words, the split masks per word id.
struct Table {
    score: Vec<u16>,
    ends: Vec<u32>,
    starts: Vec<u32>,
}

impl Table {
    fn crosses(&self) -> bool {
        !self.ends.is_empty()
    }

    /// False when no word, and no two words, of the corpus can match.
    fn matches_anything(&self) -> bool {
        self.score.iter().any(|&s| s > 0)
            || (self.ends.iter().any(|&m| m != 0) && self.starts.iter().any(|&m| m != 0))
    }

    /// The split shared by word `a` followed by word `b`, if the query word runs across them.
    fn split(&self, a: u32, b: u32) -> u32 {
        self.ends[a as usize] & self.starts[b as usize]
    }
}

/// One way a query word matches in a sentence: word positions `start..=end`.
#[derive(Debug, Clone, Copy)]
struct Cand {
    start: u32,
    end: u32,
    score: u16,
    /// 0 within one word; else the char count of the query word's part in the first word.
    split: u32,
}

/// Reused buffers of a scan.
#[derive(Default)]
struct Scratch {
    cands: Vec<Vec<Cand>>,
    best: Vec<Vec<(i64, usize)>>,
}

impl Index {
    /// Builds the index: every sentence that is not boilerplate, split into words, each distinct
    /// word folded once. Uses all cores.
    pub fn new(corpus: &Corpus) -> Index {
        Index::of_some(corpus, &|_, _| true)
    }

    /// [`Index::new`] over the sentences `include` accepts (article, sentence) only: for one
    /// query, the others being known to hold no match of it.
    pub fn of_some(corpus: &Corpus, include: &dyn Fn(usize, usize) -> bool) -> Index {
        let mut entries = Vec::new();
        let mut sentences: Vec<&str> = Vec::new();
        for (a, article) in corpus.articles.iter().enumerate() {
            for (s, sentence) in article.sentences.iter().enumerate() {
                // Empty text: a sentence with no display form; it holds no match.
                if sentence.boilerplate.is_none() && !sentence.text.is_empty() && include(a, s) {
                    entries.push((a as u32, s as u32));
                    sentences.push(&sentence.text);
                }
            }
        }
        // Few, large chunks: each chunk's distinct words are merged one by one afterwards.
        let per_chunk = (entries.len() / (4 * rayon::current_num_threads())).max(4096);
        let mut chunks: Vec<Chunk> = sentences
            .par_chunks(per_chunk)
            .map(tokenize_chunk)
            .collect();
        // Merge the chunks' words into one vocabulary.
        let mut global = Interner::default();
        let remaps: Vec<Vec<u32>> = chunks
            .iter()
            .map(|chunk| {
                (0..chunk.interner.len() as u32)
                    .map(|id| global.intern(chunk.interner.word(id)))
                    .collect()
            })
            .collect();
        let vocab: Vec<VocabWord> = (0..global.len() as u32)
            .into_par_iter()
            .map(|id| VocabWord::new(global.word(id)))
            .collect();
        drop(global);
        chunks
            .par_iter_mut()
            .zip(&remaps)
            .for_each(|(chunk, remap)| {
                for id in &mut chunk.part.words {
                    *id = remap[*id as usize];
                }
            });
        let mut spans = Vec::with_capacity(entries.len());
        let mut parts = Vec::with_capacity(chunks.len());
        for (part, chunk) in chunks.into_iter().enumerate() {
            spans.extend(chunk.spans.into_iter().map(|(text, words)| Span {
                part: part as u32,
                text,
                words,
            }));
            parts.push(chunk.part);
        }
        Index {
            all: Arc::new((0..entries.len() as u32).collect()),
            entries,
            parts,
            spans,
            vocab,
            articles: corpus.articles.len(),
            skim: SkimMatcherV2::default().respect_case(),
        }
    }

    /// Number of indexed sentences.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no sentence is indexed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Ranked hits for `query` among the sentences `allowed` accepts, best first, at most
    /// `limit`. Returns `None` if `cancel` was set before it finished.
    pub fn search(
        &self,
        query: &str,
        allowed: &(dyn Fn(usize, usize) -> bool + Sync),
        limit: usize,
        cancel: &AtomicBool,
    ) -> Option<Vec<Hit>> {
        Session::default()
            .search(self, query, allowed, limit, cancel, None)
            .map(|r| r.hits)
    }

    /// Prepares `query` for checking single sentences, e.g. to highlight every hit in the
    /// visible part of a pane without asking a search for all hits. `None` if `query` has no
    /// words.
    pub fn prepare(&self, query: &str) -> Option<Prepared> {
        let terms = Term::parse(query);
        if terms.is_empty() {
            return None;
        }
        let never = AtomicBool::new(false);
        let tables = terms
            .iter()
            .map(|t| self.table(t, &never).map(Arc::new))
            .collect::<Option<Vec<_>>>()?;
        Some(Prepared { terms, tables })
    }

    fn entry_of(&self, article: usize, sentence: usize) -> Option<u32> {
        self.entries
            .binary_search(&(article as u32, sentence as u32))
            .ok()
            .map(|e| e as u32)
    }

    fn text(&self, entry: u32) -> &str {
        let e = entry as usize;
        let span = &self.spans[e];
        &self.parts[span.part as usize].text[span.text.start as usize..span.text.end as usize]
    }

    fn words_of(&self, entry: u32) -> &[u32] {
        let e = entry as usize;
        let span = &self.spans[e];
        &self.parts[span.part as usize].words[span.words.start as usize..span.words.end as usize]
    }

    fn table(&self, term: &Term, cancel: &AtomicBool) -> Option<Table> {
        const PART: usize = 8192;
        let crosses = term.crosses();
        let parts: Vec<(Vec<u16>, Vec<u32>, Vec<u32>)> = self
            .vocab
            .par_chunks(PART)
            .map(|words| {
                if cancel.load(Ordering::Relaxed) {
                    return Default::default();
                }
                let score = words
                    .iter()
                    .map(|w| term::match_word(term, w, &self.skim).map_or(0, |m| m.0))
                    .collect();
                let (ends, starts) = if crosses {
                    words.iter().map(|w| term::cross_masks(term, w)).unzip()
                } else {
                    Default::default()
                };
                (score, ends, starts)
            })
            .collect();
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let mut table = Table {
            score: Vec::with_capacity(self.vocab.len()),
            ends: Vec::new(),
            starts: Vec::new(),
        };
        for (score, ends, starts) in parts {
            table.score.extend(score);
            table.ends.extend(ends);
            table.starts.extend(starts);
        }
        Some(table)
    }

    /// The matches of one query word in a sentence's words, best first, at most `MAX_CANDIDATES`.
    fn candidates(words: &[u32], table: &Table, out: &mut Vec<Cand>) {
        out.clear();
        for (p, &id) in words.iter().enumerate() {
            let score = table.score[id as usize];
            if score > 0 {
                out.push(Cand {
                    start: p as u32,
                    end: p as u32,
                    score,
                    split: 0,
                });
            }
            if table.crosses()
                && let Some(&next) = words.get(p + 1)
            {
                let mask = table.split(id, next);
                if mask != 0 {
                    out.push(Cand {
                        start: p as u32,
                        end: p as u32 + 1,
                        score: term::CROSS,
                        split: mask.trailing_zeros(),
                    });
                }
            }
        }
        if out.len() > MAX_CANDIDATES {
            out.sort_by_key(|c| std::cmp::Reverse(c.score));
            out.truncate(MAX_CANDIDATES);
        }
    }

    /// True when the query word matches somewhere in the sentence.
    fn present(words: &[u32], table: &Table) -> bool {
        words.iter().enumerate().any(|(p, &id)| {
            table.score[id as usize] > 0
                || (table.crosses() && words.get(p + 1).is_some_and(|&n| table.split(id, n) != 0))
        })
    }

    /// The sentence's score, and with `path` the match chosen for each query word.
    fn align(
        &self,
        entry: u32,
        tables: &[&Table],
        scratch: &mut Scratch,
        path: Option<&mut Vec<Cand>>,
    ) -> Option<i64> {
        let words = self.words_of(entry);
        if !tables.iter().all(|t| Self::present(words, t)) {
            return None;
        }
        if tables.len() == 1 && path.is_none() {
            let best = words.iter().enumerate().map(|(p, &id)| {
                let t = tables[0];
                let cross = t.crosses() && words.get(p + 1).is_some_and(|&n| t.split(id, n) != 0);
                t.score[id as usize].max(if cross { term::CROSS } else { 0 })
            });
            return best.max().map(i64::from);
        }
        scratch.cands.resize_with(tables.len(), Vec::new);
        scratch.best.resize_with(tables.len(), Vec::new);
        for (j, table) in tables.iter().enumerate() {
            Self::candidates(words, table, &mut scratch.cands[j]);
            let (done, rest) = scratch.best.split_at_mut(j);
            let best = &mut rest[0];
            best.clear();
            let prev = done.last().map(|pb| (&scratch.cands[j - 1], pb));
            best.extend(scratch.cands[j].iter().map(|c| {
                let own = i64::from(c.score);
                match prev {
                    None => (own, 0),
                    Some((pc, pb)) => pc
                        .iter()
                        .zip(pb.iter())
                        .enumerate()
                        .map(|(i, (p, &(s, _)))| {
                            let bonus = if c.start == p.end + 1 {
                                ADJACENT
                            } else if c.start > p.end {
                                IN_ORDER
                            } else {
                                0
                            };
                            (own + s + bonus, i)
                        })
                        .max_by_key(|&(s, i)| (s, std::cmp::Reverse(i)))
                        .unwrap_or((own, 0)),
                }
            }));
        }
        let last = tables.len() - 1;
        let (mut at, &(score, _)) = scratch.best[last]
            .iter()
            .enumerate()
            .max_by_key(|&(i, &(s, _))| (s, std::cmp::Reverse(i)))?;
        if let Some(path) = path {
            path.clear();
            for j in (0..=last).rev() {
                path.push(scratch.cands[j][at]);
                at = scratch.best[j][at].1;
            }
            path.reverse();
        }
        Some(score)
    }

    /// Builds the hit for a matching sentence: its score and highlighted byte ranges.
    fn hit(&self, entry: u32, terms: &[Term], tables: &[&Table]) -> Option<Hit> {
        let mut path = Vec::new();
        let score = self.align(entry, tables, &mut Scratch::default(), Some(&mut path))?;
        let text = self.text(entry);
        let spans: Vec<Range<usize>> = text::word_ranges(text).collect();
        let words = self.words_of(entry);
        let mut ranges = Vec::new();
        for (cand, term) in path.iter().zip(terms) {
            let (start, end) = (cand.start as usize, cand.end as usize);
            if cand.split == 0 {
                let vocab = &self.vocab[words[start] as usize];
                match term::match_word(term, vocab, &self.skim) {
                    Some((_, Matched::Chars(chars))) => {
                        char_ranges(text, spans[start].clone(), &chars, &mut ranges)
                    }
                    _ => ranges.push(spans[start].clone()),
                }
            } else {
                let k = cand.split as usize;
                let first = self.vocab[words[start] as usize].chars as usize;
                let rest = term.pat_chars.len() - k;
                let tail: Vec<usize> = (first - k..first).collect();
                char_ranges(text, spans[start].clone(), &tail, &mut ranges);
                let head: Vec<usize> = (0..rest).collect();
                char_ranges(text, spans[end].clone(), &head, &mut ranges);
            }
        }
        let (article, sentence) = self.entries[entry as usize];
        Some(Hit {
            at: SentenceRef {
                article: article as usize,
                sentence: sentence as usize,
            },
            score,
            ranges: merge(ranges),
        })
    }
}

/// Byte ranges, in `text`, of the chars of the word at `span` whose indices (in the folded
/// word, where chars the fold drops do not count) are `chars`. The one place char indices
/// become byte offsets.
fn char_ranges(text: &str, span: Range<usize>, chars: &[usize], out: &mut Vec<Range<usize>>) {
    let word = &text[span.clone()];
    let kept: Vec<Range<usize>> = word
        .char_indices()
        .filter(|&(_, c)| text::fold_char(c).is_some())
        .map(|(i, c)| span.start + i..span.start + i + c.len_utf8())
        .collect();
    out.extend(chars.iter().filter_map(|&i| kept.get(i).cloned()));
}

/// Sorts ranges and merges those that overlap or touch.
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// A query prepared by [`Index::prepare`].
#[derive(Debug, Clone)]
pub struct Prepared {
    terms: Vec<Term>,
    tables: Vec<Arc<Table>>,
}

impl Prepared {
    /// The hit for one sentence (score and highlighted ranges), or `None` when it does not
    /// match or is not indexed (boilerplate).
    pub fn hit(&self, index: &Index, article: usize, sentence: usize) -> Option<Hit> {
        let entry = index.entry_of(article, sentence)?;
        let tables: Vec<&Table> = self.tables.iter().map(|t| &**t).collect();
        index.hit(entry, &self.terms, &tables)
    }

    /// Every hit in one article, in reading order (for `n`/`N` and highlighting a whole pane).
    pub fn article_hits(&self, index: &Index, article: usize) -> Vec<Hit> {
        let a = article as u32;
        let from = index.entries.partition_point(|&(x, _)| x < a);
        let to = index.entries.partition_point(|&(x, _)| x <= a);
        let tables: Vec<&Table> = self.tables.iter().map(|t| &**t).collect();
        (from..to)
            .filter_map(|e| index.hit(e as u32, &self.terms, &tables))
            .collect()
    }
}

/// Search state kept between keystrokes: what the last queries matched (so a query that adds a
/// word, or changes only its last word, scans only the sentences the other words matched) and
/// the last query words' vocabulary tables.
///
/// Use one session per search prompt, from one thread at a time.
#[derive(Debug, Default)]
pub struct Session {
    tables: Vec<(String, Arc<Table>)>,
    /// Query word keys and the sentences (entries) matching all of them, most recent last.
    matched: Vec<(Vec<String>, Arc<Vec<u32>>)>,
}

/// How many query words' tables and match sets a session remembers.
const SESSION_MEMORY: usize = 8;

impl Session {
    /// A session with nothing remembered.
    pub fn new() -> Session {
        Session::default()
    }

    /// Searches like [`Index::search`], returning per-article counts too. On a large index,
    /// `progress`, if given, receives "best so far" results (`complete == false`) while a slow
    /// search runs.
    /// Returns `None` if `cancel` was set before it finished.
    pub fn search(
        &mut self,
        index: &Index,
        query: &str,
        allowed: &(dyn Fn(usize, usize) -> bool + Sync),
        limit: usize,
        cancel: &AtomicBool,
        mut progress: Option<&mut dyn FnMut(Results)>,
    ) -> Option<Results> {
        let started = std::time::Instant::now();
        let terms = Term::parse(query);
        let empty = Results {
            query: query.to_string(),
            per_article: vec![0; index.articles],
            complete: true,
            ..Results::default()
        };
        if terms.is_empty() {
            return Some(empty);
        }
        let keys: Vec<String> = terms.iter().map(Term::key).collect();
        let mut owned = Vec::with_capacity(terms.len());
        for (term, key) in terms.iter().zip(&keys) {
            owned.push(self.table(index, term, key, cancel)?);
        }
        let tables: Vec<&Table> = owned.iter().map(|t| &**t).collect();
        // Narrow: the sentences that matched this very query, or all words but the last.
        let base = if tables.iter().all(|t| t.matches_anything()) {
            self.recall(&keys)
                .or_else(|| self.recall(&keys[..keys.len() - 1]))
                .unwrap_or_else(|| index.all.clone())
        } else {
            Arc::new(Vec::new())
        };
        let wave = if base.len() > WAVE {
            base.len().div_ceil(4)
        } else {
            base.len().max(1)
        };
        let mut found: Vec<(u32, i64)> = Vec::new();
        for (w, part) in base.chunks(wave).enumerate() {
            let scored: Vec<Vec<(u32, i64)>> = part
                .par_chunks(SCAN_CHUNK)
                .map(|chunk| {
                    let mut scratch = Scratch::default();
                    if cancel.load(Ordering::Relaxed) {
                        return Vec::new();
                    }
                    chunk
                        .iter()
                        .filter_map(|&e| Some((e, index.align(e, &tables, &mut scratch, None)?)))
                        .collect()
                })
                .collect();
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            found.extend(scored.into_iter().flatten());
            if let Some(progress) = progress.as_mut()
                && (w + 1) * wave < base.len()
                && started.elapsed() >= PARTIAL_AFTER
            {
                progress(
                    self.results(index, query, &terms, &tables, &found, allowed, limit, false),
                );
            }
        }
        self.remember(keys, Arc::new(found.iter().map(|&(e, _)| e).collect()));
        Some(self.results(index, query, &terms, &tables, &found, allowed, limit, true))
    }

    #[allow(clippy::too_many_arguments)]
    fn results(
        &self,
        index: &Index,
        query: &str,
        terms: &[Term],
        tables: &[&Table],
        found: &[(u32, i64)],
        allowed: &(dyn Fn(usize, usize) -> bool + Sync),
        limit: usize,
        complete: bool,
    ) -> Results {
        let mut per_article = vec![0; index.articles];
        let mut kept: Vec<(i64, u32)> = found
            .iter()
            .filter(|&&(e, _)| {
                let (a, s) = index.entries[e as usize];
                let ok = allowed(a as usize, s as usize);
                if ok {
                    per_article[a as usize] += 1;
                }
                ok
            })
            .map(|&(e, s)| (s, e))
            .collect();
        let total = kept.len();
        let order = |a: &(i64, u32), b: &(i64, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if kept.len() > limit {
            if limit > 0 {
                kept.select_nth_unstable_by(limit - 1, order);
            }
            kept.truncate(limit);
        }
        kept.sort_unstable_by(order);
        let hits = kept
            .par_iter()
            .filter_map(|&(_, e)| index.hit(e, terms, tables))
            .collect();
        Results {
            query: query.to_string(),
            hits,
            total,
            per_article,
            complete,
        }
    }

    fn table(
        &mut self,
        index: &Index,
        term: &Term,
        key: &str,
        cancel: &AtomicBool,
    ) -> Option<Arc<Table>> {
        if let Some(i) = self.tables.iter().position(|(k, _)| k == key) {
            let entry = self.tables.remove(i);
            let table = entry.1.clone();
            self.tables.push(entry);
            return Some(table);
        }
        let table = Arc::new(index.table(term, cancel)?);
        if self.tables.len() >= SESSION_MEMORY {
            self.tables.remove(0);
        }
        self.tables.push((key.to_string(), table.clone()));
        Some(table)
    }

    fn recall(&self, keys: &[String]) -> Option<Arc<Vec<u32>>> {
        if keys.is_empty() {
            return None;
        }
        self.matched
            .iter()
            .rev()
            .find(|(k, _)| k == keys)
            .map(|(_, set)| set.clone())
    }

    fn remember(&mut self, keys: Vec<String>, set: Arc<Vec<u32>>) {
        self.matched.retain(|(k, _)| *k != keys);
        if self.matched.len() >= SESSION_MEMORY {
            self.matched.remove(0);
        }
        self.matched.push((keys, set));
    }
}

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let matched = self.score.iter().filter(|&&s| s > 0).count();
        write!(f, "Table({matched} words)")
    }
}

#[cfg(test)]
mod tests;
