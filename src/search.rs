//! The search index and ranking over every sentence and quote. No terminal code here.
//!
//! The contract the reader relies on is [`Index`], [`Scope`] and [`Hit`].

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::corpus::Corpus;

/// Which sentences a search looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scope {
    /// Every non-boilerplate sentence.
    #[default]
    All,
    /// Only sentences holding a quote.
    Quotes,
    /// Only sentences that belong to a shared claim.
    Claims,
}

/// One matching sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into the articles.
    pub article: usize,
    /// Index into that article's sentences.
    pub sentence: usize,
    /// Higher is better.
    pub score: i64,
    /// Matched byte ranges in the sentence's display text (`Sentence::text`), sorted and merged.
    pub ranges: Vec<Range<usize>>,
}

/// The search index over a corpus's sentences, built once.
#[derive(Debug, Default)]
pub struct Index {}

impl Index {
    /// Builds the index.
    // PLACEHOLDER: the search work fills this in.
    pub fn new(_corpus: &Corpus) -> Index {
        Index {}
    }

    /// Ranked hits for `query` among the sentences `allowed` accepts, best first, at most
    /// `limit`. Returns `None` if `cancel` was set before it finished.
    // PLACEHOLDER: the search work fills this in.
    pub fn search(
        &self,
        _query: &str,
        _allowed: &(dyn Fn(usize, usize) -> bool + Sync),
        _limit: usize,
        cancel: &AtomicBool,
    ) -> Option<Vec<Hit>> {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        Some(Vec::new())
    }
}

/// Prints the hits for `query`, best first: one per line, or JSON.
pub fn write_cli(
    _corpus: &Corpus,
    _query: &str,
    _limit: usize,
    _json: bool,
    _out: &mut dyn std::io::Write,
) -> anyhow::Result<()> {
    anyhow::bail!("search is not built yet")
}
