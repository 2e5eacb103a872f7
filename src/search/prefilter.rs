//! Query first: which paragraphs of raw text a query could match at all, decided before the
//! text is split into sentences, so `parallax search` analyses only those (and the neighbours
//! the boilerplate rules read).
//!
//! Sound by construction: a paragraph's words are cut and folded exactly as the index cuts the
//! sentences' display text, and each distinct word is judged by the matcher itself
//! ([`term::match_word`], [`term::cross_masks`]); a sentence's words, and its pairs of adjacent
//! words, are among its paragraph's. So every query word the matcher accepts in a sentence
//! (exact, prefix, inner, across two words, fuzzy, one typo, spelling variant, folded
//! non-ASCII) is found in its paragraph, and a paragraph that lacks one cannot hold a hit.

use fuzzy_matcher::skim::SkimMatcherV2;

use super::term::{self, Term, VocabWord};
use crate::corpus::sanitize;
use crate::text;

/// What one distinct word does for each query word.
#[derive(Debug, Clone)]
struct Verdict {
    /// Bit `j` set when the word matches query word `j` on its own.
    matches: u64,
    /// Per query word that may run across two words: the word's (ends, starts) split masks.
    cross: Box<[(u32, u32)]>,
}

/// Remembered verdicts, one per distinct word; one per thread.
#[derive(Default)]
pub struct Verdicts {
    /// Numbers the distinct words seen (the index's own table: this lookup runs once per word
    /// of the file).
    words: super::Interner,
    /// What each numbered word matches.
    verdicts: Vec<Verdict>,
    /// Reused buffer for the display form of paragraphs that need one.
    shown: String,
}

/// The terms found so far in a paragraph, and the previous word's end masks.
struct Scan {
    found: u64,
    prev: [u32; 64],
}

/// A query prepared for testing raw paragraphs.
pub struct Prefilter {
    terms: Vec<Term>,
    /// Indices of the terms that may run across two words.
    crossing: Vec<usize>,
    skim: SkimMatcherV2,
}

impl std::fmt::Debug for Prefilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prefilter")
            .field("terms", &self.terms)
            .finish()
    }
}

impl Prefilter {
    /// Prepares `query`. `None` when it has more words than the filter tracks (64); such a
    /// query is searched the full way.
    pub fn new(query: &str) -> Option<Prefilter> {
        let terms = Term::parse(query);
        if terms.len() > 64 {
            return None;
        }
        let crossing = (0..terms.len()).filter(|&j| terms[j].crosses()).collect();
        Some(Prefilter {
            terms,
            crossing,
            skim: SkimMatcherV2::default().respect_case(),
        })
    }

    /// False only when no sentence of the paragraph `raw` (as written in the file, before
    /// splitting and display) can match the query. A query without words matches nothing.
    pub fn may_match(&self, raw: &str, verdicts: &mut Verdicts) -> bool {
        if self.terms.is_empty() {
            return false;
        }
        let plain = raw
            .bytes()
            .all(|b| (0x20..0x7F).contains(&b) || matches!(b, b'\t' | b'\n' | b'\r'));
        if plain {
            // Display only collapses whitespace here: the words are those of the raw text.
            return self.scan(raw, true, verdicts);
        }
        let mut shown = std::mem::take(&mut verdicts.shown);
        sanitize::display_into(raw, &mut shown);
        let ascii = shown.is_ascii();
        let found = self.scan(&shown, ascii, verdicts);
        verdicts.shown = shown;
        found
    }

    /// Whether every term is matched by a word, or an adjacent pair, of `text` (display form).
    fn scan(&self, text: &str, ascii: bool, verdicts: &mut Verdicts) -> bool {
        let want: u64 = if self.terms.len() == 64 {
            u64::MAX
        } else {
            (1 << self.terms.len()) - 1
        };
        let mut state = Scan {
            found: 0,
            prev: [0; 64],
        };
        if ascii {
            let mut done = false;
            super::ascii_words(text.as_bytes(), |r| {
                if !done {
                    done = self.word(&text[r], verdicts, &mut state) == want;
                }
            });
            done
        } else {
            for range in text::word_ranges(text) {
                let raw = &text[range];
                let folded = term::fold_word(raw);
                if self.word(folded.as_deref().unwrap_or(raw), verdicts, &mut state) == want {
                    return true;
                }
            }
            false
        }
    }

    /// Takes in the next word; returns the terms found so far.
    #[inline]
    fn word(&self, word: &str, verdicts: &mut Verdicts, state: &mut Scan) -> u64 {
        let id = verdicts.words.intern(word) as usize;
        if id == verdicts.verdicts.len() {
            verdicts.verdicts.push(self.judge(word));
        }
        let verdict = &verdicts.verdicts[id];
        state.found |= verdict.matches;
        for (k, &j) in self.crossing.iter().enumerate() {
            let (ends, starts) = verdict.cross[k];
            if state.prev[k] & starts != 0 {
                state.found |= 1 << j;
            }
            state.prev[k] = ends;
        }
        state.found
    }

    /// The matcher's verdict on one folded word.
    fn judge(&self, word: &str) -> Verdict {
        let vocab = VocabWord::new(word);
        let mut matches = 0u64;
        for (j, t) in self.terms.iter().enumerate() {
            if term::match_word(t, &vocab, &self.skim).is_some_and(|m| m.0 > 0) {
                matches |= 1 << j;
            }
        }
        let cross = self
            .crossing
            .iter()
            .map(|&j| term::cross_masks(&self.terms[j], &vocab))
            .collect();
        Verdict { matches, cross }
    }
}

impl crate::corpus::ParagraphFilter for Prefilter {
    type State = Verdicts;

    fn may_match(&self, raw: &str, state: &mut Verdicts) -> bool {
        Prefilter::may_match(self, raw, state)
    }
}
