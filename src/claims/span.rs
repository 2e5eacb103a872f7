//! The words that carry a shared claim in each of its sentences: the span a reader sees
//! highlighted, so that what is shared shows, not just that something is.

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;

use super::features::{Term, content_words};
use super::{Claim, SentenceRef};
use crate::corpus::Article;

/// A hash map keyed by terms (already hashes).
type TermMap<V> = HashMap<Term, V, rustc_hash::FxBuildHasher>;

/// Byte ranges of words, merged where only spaces or punctuation part two of them.
fn merged(text: &str, ranges: impl Iterator<Item = Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match out.last_mut() {
            Some(last)
                if text
                    .get(last.end..r.start)
                    .is_some_and(|gap| !gap.chars().any(char::is_alphanumeric)) =>
            {
                last.end = r.end
            }
            _ => out.push(r),
        }
    }
    out
}

/// For each article, sentence and claim of the sentence (in the order of `by_sentence`), the
/// byte ranges of its content words that another member of the claim, from another article,
/// states too. Each member sentence is read once per claim; the work is linear in the members.
pub fn shared_words(
    articles: &[Article],
    claims: &[Claim],
    by_sentence: &[Vec<Vec<usize>>],
) -> Vec<Vec<Vec<Vec<Range<usize>>>>> {
    let text = |m: SentenceRef| articles[m.article].sentences[m.sentence].text.as_str();
    // Every sentence in a claim, read once.
    let mut members: Vec<SentenceRef> = claims.iter().flat_map(|c| c.members.clone()).collect();
    members.sort_unstable();
    members.dedup();
    // Parallel to `members` (sorted).
    let words: Vec<Vec<(Term, Range<usize>)>> = members
        .par_iter()
        .map(|&m| content_words(text(m)))
        .collect();
    let words_of = |m: &SentenceRef| -> &[(Term, Range<usize>)] {
        members.binary_search(m).map_or(&[], |k| &words[k])
    };
    // For each claim, each member's ranges.
    let mut per_claim: Vec<Vec<Vec<Range<usize>>>> = claims
        .par_iter()
        // One table per run of claims, emptied for each, keeps its room (unless a large
        // claim left it so large that emptying it would cost more than a new one).
        .map_init(TermMap::default, |seen, c| {
            // For each term: the first article stating it, and whether another does too.
            if seen.capacity() > 1 << 12 {
                *seen = TermMap::default();
            } else {
                seen.clear();
            }
            for m in &c.members {
                for (t, _) in words_of(m) {
                    let e = seen.entry(*t).or_insert((m.article, false));
                    e.1 |= e.0 != m.article;
                }
            }
            c.members
                .iter()
                .map(|m| {
                    let shared = words_of(m).iter().filter(|(t, _)| {
                        seen.get(t)
                            .is_some_and(|&(first, more)| more || first != m.article)
                    });
                    merged(text(*m), shared.map(|(_, r)| r.clone()))
                })
                .collect()
        })
        .collect();
    by_sentence
        .iter()
        .enumerate()
        .map(|(article, sentences)| {
            sentences
                .iter()
                .enumerate()
                .map(|(sentence, cs)| {
                    let at = SentenceRef { article, sentence };
                    // Each member of each claim is asked for once (a sentence is listed once in
                    // each of its claims), so its ranges are moved, not copied.
                    cs.iter()
                        .map(|&c| {
                            let k = claims[c].members.binary_search(&at).unwrap_or(0);
                            per_claim[c]
                                .get_mut(k)
                                .map(std::mem::take)
                                .unwrap_or_default()
                        })
                        .collect()
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbouring_shared_words_make_one_range() {
        let t = "Tara Reid has checked into Promises, the clinic.";
        let w = content_words(t);
        let ranges: Vec<Range<usize>> = w.iter().map(|x| x.1.clone()).collect();
        // tara, reid, checked, promises, clinic (has, into, the are stopwords)
        assert_eq!(ranges.len(), 5);
        let m = merged(t, ranges.into_iter());
        let shown: Vec<&str> = m.iter().map(|r| &t[r.clone()]).collect();
        assert_eq!(shown, ["Tara Reid", "checked", "Promises", "clinic"]);
        let t = "nine regional centres, and Almaty";
        let m = merged(t, content_words(t).into_iter().map(|x| x.1));
        assert_eq!(m.len(), 2, "a comma joins, a stopword parts: {m:?}");
    }
}
