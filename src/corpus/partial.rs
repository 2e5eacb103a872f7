//! A large article analysed only where a query could match: `parallax search` splits every
//! paragraph into sentences (to number them) but keeps, with display text and boilerplate
//! flags, only the sentences of the paragraphs a [`ParagraphFilter`] keeps, plus those the
//! article-wide rules read (the first and last sentences for title, source, date and trailing
//! furniture; each kept paragraph's neighbours for captions). Every kept sentence comes out
//! exactly as [`Article::from_document`] makes it, with its number in the whole article.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use super::boilerplate::{self, fold_line};
use super::{
    Article, Boilerplate, Document, Sentence, join_chunks, sanitize, sentences_of, split, title_of,
};

/// Decides from a paragraph's raw text whether a query could match any of its sentences.
pub trait ParagraphFilter: Sync {
    /// Per-thread scratch (e.g. remembered verdicts on words).
    type State: Default + Send;

    /// False only when no sentence of the paragraph `raw` can match.
    fn may_match(&self, raw: &str, state: &mut Self::State) -> bool;

    /// For each of `paragraphs` (ranges of `text`, in order), false when one look over their
    /// whole stretch rules it out; [`ParagraphFilter::may_match`] is asked only about the
    /// others. By default, every one is asked about. `text` is loaded text, as
    /// [`sanitize::clean_text`] leaves it: no control byte but tab and line feed.
    fn worth_asking(&self, text: &str, paragraphs: &[Range<usize>]) -> Vec<bool> {
        let _ = text;
        vec![true; paragraphs.len()]
    }
}

/// Articles with fewer paragraphs are analysed whole: too small to gain.
pub(super) const PARTIAL_FROM: usize = 2048;

/// Paragraphs per parallel work item.
const CHUNK: usize = 2048;

/// Sentences read by the title, date and source rules at the top (`meta::HEAD`).
const HEAD_SENTENCES: usize = 12;

/// Sentences read by the source rule at the bottom.
const TAIL_SENTENCES: usize = 8;

/// Paragraphs read by the trailing-furniture rules at the bottom.
const TAIL_PARAGRAPHS: usize = 4;

/// An article as `parallax search` analyses it (see [`Article::for_query`]).
pub struct QueryArticle {
    /// The article with only its analysed sentences, in order.
    pub article: Article,
    /// Each analysed sentence's number in the whole article; `None` when every sentence is
    /// there (and is numbered by its place).
    pub numbers: Option<Vec<usize>>,
    /// Per analysed sentence, whether the query may match in it (its paragraph passed the
    /// filter; the others are there for the article-wide rules); `None` when any may.
    pub may_match: Option<Vec<bool>>,
}

impl QueryArticle {
    /// An article analysed whole.
    pub fn whole(article: Article) -> QueryArticle {
        QueryArticle {
            article,
            numbers: None,
            may_match: None,
        }
    }
}

impl Article {
    /// Analyses a document for a search: as [`Article::from_document`] for the paragraphs
    /// `filter` keeps and those the article-wide rules read, which are the only sentences
    /// the article then holds; [`QueryArticle::numbers`] says where each stands in the whole
    /// article. No sentence object is made for the others: on a large file they are most.
    pub fn for_query<F: ParagraphFilter>(mut doc: Document, filter: &F) -> QueryArticle {
        let shared = Arc::new(std::mem::take(&mut doc.text));
        let paragraphs = split::paragraphs(&shared);
        let whole = |doc, shared| QueryArticle::whole(Article::from_text(doc, shared));
        // (The first pass numbers paragraphs with 32 bits.)
        if paragraphs.len() < PARTIAL_FROM || shared.len() > u32::MAX as usize {
            return whole(doc, shared);
        }
        let text = shared.as_str();
        // 1. Every paragraph's sentences counted (to number them), and the paragraph tested
        // against the query.
        let parts: Vec<Pass> = paragraphs
            .par_chunks(CHUNK)
            // One state per thread's run of chunks, not per chunk: it remembers the verdicts.
            .map_init(F::State::default, |state, chunk| {
                first_pass(text, chunk, filter, state)
            })
            .collect();
        let survey = Survey::of(parts);
        match finish(
            doc,
            Arc::clone(&shared),
            Ranges::All(paragraphs),
            survey,
            text,
        ) {
            Ok(found) => found,
            Err(doc) => whole(*doc, shared),
        }
    }
}

/// What the first pass learns of a whole article.
pub(super) struct Survey {
    /// First sentence of each paragraph, and one past the last.
    first: Vec<usize>,
    /// Per paragraph, whether the query may match in it.
    keep: Vec<bool>,
    /// The headings, as [`Pass::headings`] over the whole article.
    headings: Vec<(u32, Range<usize>, Option<u64>)>,
}

impl Default for Survey {
    fn default() -> Survey {
        Survey {
            first: vec![0],
            keep: Vec::new(),
            headings: Vec::new(),
        }
    }
}

impl Survey {
    /// The survey of an article from the passes over its runs of paragraphs, in order.
    pub(super) fn of(parts: Vec<Pass>) -> Survey {
        let mut survey = Survey::default();
        for pass in parts {
            survey.add(pass, 0);
        }
        survey
    }

    /// Adds the pass over the next run of paragraphs (numbered from 0 in the pass), its
    /// headings' spans moved on by `shift`.
    pub(super) fn add(&mut self, pass: Pass, shift: usize) {
        let base = self.keep.len();
        let mut last = self.first[self.first.len() - 1];
        self.first.extend(pass.counts.iter().map(|&n| {
            last += n as usize;
            last
        }));
        self.keep.extend(pass.keep);
        self.headings
            .extend(pass.headings.into_iter().map(|(p, span, hash)| {
                (
                    (base + p as usize) as u32,
                    span.start + shift..span.end + shift,
                    hash,
                )
            }));
    }

    /// Paragraphs surveyed.
    pub(super) fn paragraphs(&self) -> usize {
        self.keep.len()
    }
}

/// The first pass over `paragraphs` (ranges of `text`, numbered from 0): each
/// paragraph's sentences counted, and the paragraph tested against the query. Nothing is kept
/// of a sentence but the span of a heading (the repeated-heading rule counts them over the
/// whole article).
pub(super) fn first_pass<F: ParagraphFilter>(
    text: &str,
    paragraphs: &[Range<usize>],
    filter: &F,
    state: &mut F::State,
) -> Pass {
    let mut pass = Pass {
        counts: Vec::with_capacity(paragraphs.len()),
        keep: Vec::with_capacity(paragraphs.len()),
        headings: Vec::new(),
    };
    let stretch = paragraphs.first().map_or(0, |r| r.start)..paragraphs.last().map_or(0, |r| r.end);
    debug_assert!(
        sanitize::is_clean(&text[stretch.clone()]),
        "loaded text is clean"
    );
    let ask = filter.worth_asking(text, paragraphs);
    let mut leads = split::StopLeads::over(text, stretch);
    for (i, range) in paragraphs.iter().enumerate() {
        let mut n = 0;
        split::each_sentence_with(text, range.clone(), &mut leads, |span, heading| {
            if shows_something(text, &span, heading) {
                n += 1;
                if heading {
                    // A heading is its paragraph's only sentence; the key of its fold is
                    // made while its bytes are at hand.
                    let key = fold_key_of(&text[span.clone()]);
                    pass.headings.push((i as u32, span, key));
                }
            }
        });
        pass.counts.push(n);
        pass.keep
            .push(ask[i] && filter.may_match(&text[range.clone()], state));
    }
    pass
}

/// Where [`finish`] finds the paragraphs it analyses.
pub(super) enum Ranges {
    /// Every paragraph's range of the article's text.
    All(Vec<Range<usize>>),
    /// Only the paragraphs kept, each with its number and its range of a text holding only
    /// them, in order: the article then holds these, numbered again in that order.
    Kept(Vec<(usize, Range<usize>)>),
}

impl Ranges {
    /// The range of paragraph `p`, when there is one.
    fn of(&self, p: usize) -> Option<Range<usize>> {
        match self {
            Ranges::All(all) => all.get(p).cloned(),
            Ranges::Kept(kept) => kept
                .binary_search_by_key(&p, |(q, _)| *q)
                .ok()
                .map(|k| kept[k].1.clone()),
        }
    }
}

/// The article for a search from its survey: the paragraphs read for their own sake (the
/// query may match there; the title, date and source rules at the top, the source and
/// trailing-furniture rules at the bottom) and their neighbours (a caption is known by the
/// credit line after it) analysed and flagged as in the whole article. `shared` holds the
/// text of every such paragraph at its place in `ranges`; the headings' spans are in
/// `heading_text`. `Err` gives the document back when the article has to be analysed whole.
pub(super) fn finish(
    doc: Document,
    shared: Arc<String>,
    ranges: Ranges,
    survey: Survey,
    heading_text: &str,
) -> Result<QueryArticle, Box<Document>> {
    let Survey {
        first,
        keep,
        headings,
    } = survey;
    let count = |p: usize| first[p + 1] - first[p];
    let shows = |p: &usize| count(*p) > 0;

    // 2. Which paragraphs to analyse: those read for their own sake, and their neighbours
    // among the paragraphs that show something. The trailing rules read the last of these
    // from `tail_from` on.
    let (mut tail_from, mut tail_paragraphs, mut tail_sentences) = (keep.len(), 0, 0);
    for p in (0..keep.len()).rev().filter(shows) {
        if tail_paragraphs >= TAIL_PARAGRAPHS && tail_sentences >= TAIL_SENTENCES {
            break;
        }
        tail_from = p;
        tail_paragraphs += 1;
        tail_sentences += count(p);
    }
    let wanted = |p: usize| keep[p] || first[p] < HEAD_SENTENCES || p >= tail_from;
    let mut chosen = Vec::new();
    // The paragraph before the one looked at, and whether it is wanted.
    let mut before: Option<(usize, bool)> = None;
    let mut present = (0..keep.len()).filter(shows).peekable();
    while let Some(p) = present.next() {
        let here = wanted(p);
        // A caption is known by the credit line after it.
        if here
            || before.is_some_and(|(_, wanted)| wanted)
            || present.peek().is_some_and(|&next| wanted(next))
        {
            chosen.push(p);
        }
        before = Some((p, here));
    }
    let Some(slots) = chosen
        .iter()
        .map(|&p| ranges.of(p))
        .collect::<Option<Vec<_>>>()
    else {
        // Cannot happen (what is kept covers what is chosen); stay exact whatever happens.
        return Err(Box::new(doc));
    };
    // Never cut short here (the numbering below relies on every chosen paragraph); the
    // bound on time per input still holds through the loader's watchdog.
    let analysed: Vec<Vec<Sentence>> = chosen
        .par_iter()
        .zip(slots)
        .map(|(&p, range)| sentences_of(&shared, &[range], p, &Default::default()))
        .collect();
    let mut global = Vec::new();
    for (&p, part) in chosen.iter().zip(&analysed) {
        if part.len() != count(p) {
            // Cannot happen (the same split twice); stay exact whatever happens.
            return Err(Box::new(doc));
        }
        global.extend(first[p]..first[p + 1]);
    }
    let mut subset = join_chunks(analysed);

    // 3. Flags, with repeated headings counted over the whole article.
    let (title, title_sentence) = title_of(&doc, &subset);
    let has_heading = subset
        .iter()
        .enumerate()
        .any(|(i, s)| s.heading && Some(i) != title_sentence);
    let repeats = if has_heading {
        heading_repeats(
            heading_text,
            &headings,
            &first,
            &subset,
            title_sentence,
            &title,
        )
    } else {
        HashMap::new()
    };
    let count_of = |f: &str| repeats.get(f).copied().unwrap_or(0);
    boilerplate::flag_with(&mut subset, &title, title_sentence, Some(&count_of));
    // Footer furniture at the end spreads to the lines below it only when no footer came
    // earlier in the article: that needs every paragraph, so analyse the whole article.
    let tail: Vec<usize> = (0..keep.len())
        .rev()
        .filter(shows)
        .take(TAIL_PARAGRAPHS)
        .collect();
    if subset
        .iter()
        .find(|s| s.boilerplate == Some(Boilerplate::Footer))
        .is_some_and(|s| tail.contains(&s.paragraph))
    {
        return Err(Box::new(doc));
    }
    // The title, source and date rules read the first and last sentences, which are
    // among these, in the same places.
    let may_match = subset.iter().map(|s| keep[s.paragraph]).collect();
    // Each sentence's paragraph is numbered among the kept paragraphs only (in the text's
    // order), as before the article stopped keeping their ranges.
    if let Ranges::Kept(kept) = &ranges {
        for s in &mut subset {
            s.paragraph = kept.partition_point(|(q, _)| *q < s.paragraph);
        }
    }
    Ok(QueryArticle {
        article: Article::assemble(doc, shared, subset, title),
        numbers: Some(global),
        may_match: Some(may_match),
    })
}

/// What the first pass learns of a run of paragraphs.
pub(super) struct Pass {
    /// Per paragraph, its sentences that show something.
    pub(super) counts: Vec<u32>,
    /// Per paragraph, whether the query may match in it.
    pub(super) keep: Vec<bool>,
    /// The headings (each its paragraph's only sentence): paragraph, span and the
    /// [`fold_key_of`] its text.
    pub(super) headings: Vec<(u32, Range<usize>, Option<u64>)>,
}

/// True when a piece of a paragraph has a display form (the test `sentences_of` applies).
fn shows_something(text: &str, span: &Range<usize>, heading: bool) -> bool {
    // Most pieces begin with a printable ASCII byte that stays (a heading's `#` marks go).
    if let Some(&b) = text.as_bytes().get(span.start)
        && (0x21..0x7F).contains(&b)
        && !(heading && b == b'#')
    {
        return true;
    }
    let raw = &text[span.clone()];
    let raw = if heading {
        raw.trim_start_matches('#')
    } else {
        raw
    };
    // Display keeps every printable ASCII byte but the space, so one such byte is enough
    // (and a piece nearly always begins with one); only the rest are shown to see.
    raw.bytes().any(|b| (0x21..0x7F).contains(&b)) || !sanitize::display(raw).is_empty()
}

/// The first bytes of a fold, up to eight, packed in a word. A fold's bytes are never 0: the
/// word tells which bytes and how many.
fn fold_key(fold: &[u8]) -> u64 {
    fold.iter()
        .take(8)
        .enumerate()
        .fold(0, |key, (k, &b)| key | u64::from(b) << (8 * k))
}

/// What each byte of a plain-ASCII heading is to its fold: a letter or digit, lower-cased;
/// 0, left out (the rest of printable ASCII, tab and line breaks); [`NOT_PLAIN`], anything
/// else.
const FOLDED: [u8; 256] = {
    let mut table = [NOT_PLAIN; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] = c.to_ascii_lowercase();
        } else if (c >= 0x20 && c < 0x7F) || c == b'\t' || c == b'\n' || c == b'\r' {
            table[b] = 0;
        }
        b += 1;
    }
    table
};

/// In [`FOLDED`], a byte that is not plain ASCII.
const NOT_PLAIN: u8 = 0xFF;

/// The [`fold_key`] of the fold `boilerplate::flag` makes of a heading's display form, read
/// from its raw text without a copy, and from its first letters only: display leaves a run
/// of plain ASCII as it is but for its spaces, and the fold (letters and digits, lower-cased)
/// goes char by char, so the fold's first bytes are those of the raw text's plain start (a
/// heading's `#` marks are no letters). `None` when a byte that is not plain ASCII comes
/// before the eighth letter or digit: the fold then needs the display form (made only if
/// the rule needs it).
fn fold_key_of(raw: &str) -> Option<u64> {
    let (mut key, mut k) = (0u64, 0);
    for &b in raw.as_bytes() {
        match FOLDED[b as usize] {
            NOT_PLAIN => return None,
            0 => {}
            c => {
                key |= u64::from(c) << (8 * k);
                k += 1;
                if k == 8 {
                    break;
                }
            }
        }
    }
    Some(key)
}

/// How often each folded heading of `subset` occurs among all the article's `headings`
/// (paragraph, span and [`fold_key_of`] its text, each its paragraph's only sentence,
/// numbered by `first`), as `boilerplate::flag` counts them: not the title sentence, not a
/// copy of the title.
fn heading_repeats(
    text: &str,
    headings: &[(u32, Range<usize>, Option<u64>)],
    first: &[usize],
    subset: &[Sentence],
    title_sentence: Option<usize>,
    title: &str,
) -> HashMap<String, usize> {
    let title_fold = fold_line(title);
    let mut counts: HashMap<String, usize> = subset
        .iter()
        .filter(|s| s.heading)
        .map(|s| (fold_line(&s.text), 0))
        .collect();
    // Most headings fold to none of these: their keys rule them out without reading them
    // again (their text is spread all over a large article).
    let known: HashSet<u64, rustc_hash::FxBuildHasher> =
        counts.keys().map(|f| fold_key(f.as_bytes())).collect();
    let folds: Vec<Option<String>> = headings
        .par_iter()
        .filter(|(p, _, key)| {
            key.is_none_or(|k| known.contains(&k)) && Some(first[*p as usize]) != title_sentence
        })
        .map(|(_, span, _)| {
            let fold = fold_line(&sanitize::display(
                text[span.clone()].trim_start_matches('#'),
            ));
            (!fold.is_empty() && fold != title_fold && counts.contains_key(fold.as_str()))
                .then_some(fold)
        })
        .collect();
    for f in folds.into_iter().flatten() {
        if let Some(n) = counts.get_mut(&f) {
            *n += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_key_is_that_of_the_fold_the_flags_compare() {
        // The repeated-heading rule finds a heading among the article's by this key: it must
        // be the key of the fold `boilerplate::flag` makes of the heading's display form,
        // written out here.
        for (raw, fold) in [
            ("Breaking News", "breakingnews"),
            ("## Home > World > Europe", "homeworldeurope"),
            ("  Spaced   out\theading ", "spacedoutheading"),
            ("Page 2 of 10", "page2of10"),
            ("Big news", "bignews"),
            ("#", ""),
            // Past the eighth letter, the rest of the heading does not count.
            ("Eighth le\u{2026}tters", "eighthletters"),
            ("Nachrichten aus Z\u{fc}rich", "nachrichtenauszürich"),
        ] {
            assert_eq!(
                fold_line(&sanitize::display(raw.trim_start_matches('#'))),
                fold
            );
            assert_eq!(fold_key_of(raw), Some(fold_key(fold.as_bytes())), "{raw:?}");
        }
        // Other headings are folded from their display form when the rule needs them.
        for raw in [
            "Ear\u{200b}thquake \x1b[31mred",
            "Z\u{fc}rich news",
            "\u{a0}",
        ] {
            assert_eq!(fold_key_of(raw), None, "{raw:?}");
        }
        // A fold leaves punctuation, spacing and case out, and nothing else.
        assert_eq!(
            fold_key_of("Breaking News"),
            fold_key_of("BREAKING  news!!")
        );
        assert_ne!(fold_key_of("Big News"), fold_key_of("Big Newt"));
        assert_ne!(fold_key_of("Big news"), fold_key_of("Big new"));
    }
}
