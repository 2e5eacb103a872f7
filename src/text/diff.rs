//! Word-level diff of two versions of a quote or sentence: a longest-common-subsequence over
//! folded words, reported with the original words.

use std::ops::Range;

use serde::Serialize;

use crate::text;

/// One step of a word-level diff between two versions of a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum DiffOp {
    /// Words in both versions.
    Same(String),
    /// Words only in the first version.
    Removed(String),
    /// Words only in the second version.
    Added(String),
}

/// What a word of a [`WordDiff`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffKind {
    /// In both texts (equal once folded).
    Same,
    /// Only in the second text.
    Added,
}

/// One step of a diff, in reading order: an index into [`WordDiff::words`] (`Same`, `Added`)
/// or into [`WordDiff::removed`] (`Removed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffStep {
    /// The second text's word `i` is in both.
    Same(usize),
    /// The first text's word `removed[i]` is missing from the second.
    Removed(usize),
    /// The second text's word `i` is new.
    Added(usize),
}

/// A word diff as byte ranges: the second text's words with their kind, and the words of the
/// first text it lacks. Ranges are those of [`text::words`], so they sit on the texts' own words
/// whatever folding made them equal, and need no re-alignment with the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordDiff {
    /// Every word of the second text, in order, with its kind.
    pub words: Vec<(Range<usize>, DiffKind)>,
    /// Words of the first text missing from the second, in order.
    pub removed: Vec<Range<usize>>,
    /// The diff's steps in reading order, for showing removals where they happened.
    pub steps: Vec<DiffStep>,
}

impl WordDiff {
    /// Byte ranges of the second text's added words.
    pub fn added(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.words
            .iter()
            .filter(|(_, k)| *k == DiffKind::Added)
            .map(|(r, _)| r.clone())
    }

    /// How many of the second text's words are in both.
    pub fn same_count(&self) -> usize {
        self.words
            .iter()
            .filter(|(_, k)| *k == DiffKind::Same)
            .count()
    }
}

/// Longest-common-subsequence steps over folded words: `(index in a, index in b)` pairs, with
/// `None` on the side a word is missing from. A replacement comes out removed-then-added.
fn lcs_steps(wa: &[String], wb: &[String]) -> Vec<(Option<usize>, Option<usize>)> {
    let (n, m) = (wa.len(), wb.len());
    // lcs[i][j] = length of the LCS of wa[i..] and wb[j..].
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[at(i, j)] = if wa[i] == wb[j] {
                lcs[at(i + 1, j + 1)] + 1
            } else {
                lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
            };
        }
    }
    let mut out = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && wa[i] == wb[j] {
            out.push((Some(i), Some(j)));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[at(i, j + 1)] >= lcs[at(i + 1, j)]) {
            out.push((None, Some(j)));
            j += 1;
        } else {
            out.push((Some(i), None));
            i += 1;
        }
    }
    // Show a replacement as removed-then-added, which reads better: within each run of
    // changes, removals first (a stable sort keeps each side's order).
    let mut k = 0;
    while k < out.len() {
        let end = (k..out.len())
            .find(|&e| out[e].0.is_some() && out[e].1.is_some())
            .unwrap_or(out.len());
        out[k..end].sort_by_key(|s| s.1.is_some());
        k = end + 1;
    }
    out
}

/// The words of a text with their folded forms.
fn folded(t: &str) -> (Vec<Range<usize>>, Vec<String>) {
    text::words(t)
        .into_iter()
        .map(|w| (w.range, w.norm))
        .unzip()
}

/// Word diff of `b` against `a` as byte ranges (see [`WordDiff`]).
pub fn diff_ranges(a: &str, b: &str) -> WordDiff {
    let (ra, na) = folded(a);
    let (rb, nb) = folded(b);
    let mut d = WordDiff::default();
    for step in lcs_steps(&na, &nb) {
        match step {
            (Some(i), None) => {
                d.steps.push(DiffStep::Removed(d.removed.len()));
                d.removed.push(ra[i].clone());
            }
            (Some(_), Some(j)) => {
                d.steps.push(DiffStep::Same(d.words.len()));
                d.words.push((rb[j].clone(), DiffKind::Same));
            }
            (None, Some(j)) => {
                d.steps.push(DiffStep::Added(d.words.len()));
                d.words.push((rb[j].clone(), DiffKind::Added));
            }
            (None, None) => {}
        }
    }
    d
}

/// Word-level diff of `a` against `b`; adjacent words of one kind are joined with spaces
/// (words in both are shown as `a` has them).
pub fn diff_words(a: &str, b: &str) -> Vec<DiffOp> {
    let (ra, na) = folded(a);
    let (rb, nb) = folded(b);
    let mut out: Vec<DiffOp> = Vec::new();
    for step in lcs_steps(&na, &nb) {
        let op = match step {
            (Some(i), Some(_)) => DiffOp::Same(a[ra[i].clone()].to_string()),
            (Some(i), None) => DiffOp::Removed(a[ra[i].clone()].to_string()),
            (None, Some(j)) => DiffOp::Added(b[rb[j].clone()].to_string()),
            (None, None) => continue,
        };
        match (out.last_mut(), &op) {
            (Some(DiffOp::Same(s)), DiffOp::Same(w))
            | (Some(DiffOp::Removed(s)), DiffOp::Removed(w))
            | (Some(DiffOp::Added(s)), DiffOp::Added(w)) => {
                s.push(' ');
                s.push_str(w);
            }
            _ => out.push(op),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use DiffOp::*;

    #[test]
    fn marks_the_changed_word_only() {
        let d = diff_words(
            "who had been apparently trained in camps abroad",
            "who had obviously been trained in terrorist camps abroad",
        );
        assert_eq!(
            d,
            [
                Same("who had".into()),
                Added("obviously".into()),
                Same("been".into()),
                Removed("apparently".into()),
                Same("trained in".into()),
                Added("terrorist".into()),
                Same("camps abroad".into()),
            ]
        );
    }

    #[test]
    fn ranges_sit_on_the_texts_own_words_when_equal_only_once_folded() {
        let (a, b) = ("The colour", "the color revolution");
        let d = diff_ranges(a, b);
        let added: Vec<&str> = d.added().map(|r| &b[r]).collect();
        assert_eq!(added, ["revolution"]);
        assert!(d.removed.is_empty());
        let same: Vec<&str> = d
            .words
            .iter()
            .filter(|(_, k)| *k == DiffKind::Same)
            .map(|(r, _)| &b[r.clone()])
            .collect();
        assert_eq!(same, ["the", "color"]);
        // Curly and straight apostrophes fold together too.
        let (a, b) = ("Russia\u{2019}s troops left", "Russia's troops stayed");
        let d = diff_ranges(a, b);
        assert_eq!(d.added().map(|r| &b[r]).collect::<Vec<_>>(), ["stayed"]);
        assert_eq!(
            d.removed.iter().map(|r| &a[r.clone()]).collect::<Vec<_>>(),
            ["left"]
        );
        assert_eq!(
            d.steps,
            [
                DiffStep::Same(0),
                DiffStep::Same(1),
                DiffStep::Removed(0),
                DiffStep::Added(2)
            ]
        );
    }

    #[test]
    fn compares_folded_words_but_shows_originals() {
        let d = diff_words("the Colour revolution", "the color Revolution");
        assert_eq!(d, [Same("the Colour revolution".into())]);
        let d = diff_words("possibly trained", "apparently trained");
        assert_eq!(
            d,
            [
                Removed("possibly".into()),
                Added("apparently".into()),
                Same("trained".into())
            ]
        );
    }
}
