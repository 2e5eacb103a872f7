//! Word-level diff of two versions of a quote or sentence: a longest-common-subsequence over
//! folded words, reported with the original words.

use super::DiffOp;
use crate::text;

/// Word-level diff of `a` against `b`; adjacent words of one kind are joined with spaces.
pub fn diff_words(a: &str, b: &str) -> Vec<DiffOp> {
    let wa: Vec<(&str, String)> = text::words(a)
        .into_iter()
        .map(|w| (&a[w.range], w.norm))
        .collect();
    let wb: Vec<(&str, String)> = text::words(b)
        .into_iter()
        .map(|w| (&b[w.range], w.norm))
        .collect();
    let (n, m) = (wa.len(), wb.len());
    // lcs[i][j] = length of the LCS of wa[i..] and wb[j..].
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[at(i, j)] = if wa[i].1 == wb[j].1 {
                lcs[at(i + 1, j + 1)] + 1
            } else {
                lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
            };
        }
    }
    let mut out: Vec<DiffOp> = Vec::new();
    let mut push = |op: DiffOp| {
        match (out.last_mut(), &op) {
            (Some(DiffOp::Same(s)), DiffOp::Same(w))
            | (Some(DiffOp::Removed(s)), DiffOp::Removed(w))
            | (Some(DiffOp::Added(s)), DiffOp::Added(w)) => {
                s.push(' ');
                s.push_str(w);
                return;
            }
            _ => {}
        }
        out.push(op);
    };
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && wa[i].1 == wb[j].1 {
            push(DiffOp::Same(wa[i].0.to_string()));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[at(i, j + 1)] >= lcs[at(i + 1, j)]) {
            push(DiffOp::Added(wb[j].0.to_string()));
            j += 1;
        } else {
            push(DiffOp::Removed(wa[i].0.to_string()));
            i += 1;
        }
    }
    // Show a replacement as removed-then-added, which reads better.
    for k in 1..out.len() {
        if matches!(out[k - 1], DiffOp::Added(_)) && matches!(out[k], DiffOp::Removed(_)) {
            out.swap(k - 1, k);
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
