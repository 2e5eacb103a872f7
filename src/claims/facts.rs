//! Numeric facts: numbers with what they count, their hedges, and the groups of one quantity
//! across sources with a hedge-aware agreement check.
//!
//! "around 2,500 troops" is the interval [2250, 2750]; "over 2000" is (2000, 4000]; "almost
//! 8,000" is [7200, 8000]. Values agree when every pair of intervals meets.

use super::features::{Term, content_key, term_of};
use super::{Analysis, Fact, FactValue, SentenceRef};
use crate::corpus::Article;
use crate::text;

/// A month written in full ("january"), as 0 to 11; abbreviations are too ambiguous in prose
/// to date a number.
fn full_month(word: &str) -> Option<usize> {
    text::full_month(word).map(|m| m as usize - 1)
}

/// Hedges, longest first, as folded word sequences.
const HEDGES: &[&str] = &[
    "as many as",
    "more than",
    "less than",
    "fewer than",
    "at least",
    "up to",
    "close to",
    "just under",
    "just over",
    "around",
    "about",
    "over",
    "almost",
    "nearly",
    "some",
    "roughly",
    "approximately",
    "approx",
    "estimated",
    "under",
    "below",
    "above",
];

/// The interval of values a hedged number allows.
pub fn interval(value: f64, hedge: Option<&str>) -> (f64, f64) {
    let v = value;
    match hedge {
        None => (v, v),
        Some(
            "around" | "about" | "some" | "roughly" | "approximately" | "approx" | "estimated",
        )
        | Some("close to") => (0.9 * v, 1.1 * v),
        Some("over" | "more than" | "above" | "just over") => (v * (1.0 + 1e-9) + 1e-9, 2.0 * v),
        Some("at least") => (v, 2.0 * v),
        Some("almost" | "nearly" | "just under") => (0.9 * v, v),
        Some("under" | "less than" | "fewer than" | "below") => (0.0, v * (1.0 - 1e-9)),
        Some("up to") => (0.0, v),
        Some("as many as") => (0.5 * v, v),
        Some(_) => (v, v),
    }
}

/// True when the two hedged values can both be true.
pub fn consistent(a: (f64, Option<&str>), b: (f64, Option<&str>)) -> bool {
    let (x, y) = (interval(a.0, a.1), interval(b.0, b.1));
    x.0 <= y.1 + 1e-9 && y.0 <= x.1 + 1e-9
}

/// One number found in a sentence, before grouping.
#[derive(Debug, Clone)]
pub struct Mention {
    /// Where it stands.
    pub at: SentenceRef,
    /// The value as read.
    pub value: f64,
    /// The hedge where stated.
    pub hedge: Option<String>,
    /// The phrase as written ("around 2,500 troops").
    pub text: String,
    /// What is counted ("troops", "security forces"), or "date" for dates.
    pub label: String,
    /// The month of a date (1..=12), 0 for counts.
    pub month: usize,
    /// Matching key of the counted noun.
    head: Term,
    /// Content terms of the rest of the sentence, sorted.
    context: Vec<Term>,
}

fn parse_number(norm: &str) -> Option<f64> {
    if let Some(n) = text::number_word(norm) {
        return Some(n as f64);
    }
    if norm.bytes().next()?.is_ascii_digit() {
        return norm.replace(',', "").parse().ok();
    }
    None
}

/// The numeric mentions of one sentence.
pub fn mentions(at: SentenceRef, sentence: &str) -> Vec<Mention> {
    // Most sentences hold no number: skip them before tokenising.
    if !sentence.bytes().any(|b| b.is_ascii_digit())
        && !sentence.split(|c: char| !c.is_alphabetic()).any(|w| {
            let mut buf = [0u8; 16];
            let n = w.len();
            (3..=16).contains(&n) && w.is_ascii() && {
                buf[..n].copy_from_slice(w.as_bytes());
                buf[..n].make_ascii_lowercase();
                std::str::from_utf8(&buf[..n])
                    .ok()
                    .and_then(text::number_word)
                    .is_some()
            }
        })
    {
        return Vec::new();
    }
    let ws = text::words(sentence);
    let norms: Vec<&str> = ws.iter().map(|w| w.norm.as_str()).collect();
    let context: Vec<Term> = {
        let mut c: Vec<Term> = norms
            .iter()
            .filter_map(|n| content_key(n))
            .filter(|k| !k.starts_with('#'))
            .map(|k| term_of(&k))
            .collect();
        c.sort_unstable();
        c.dedup();
        c
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let Some(mut value) = parse_number(norms[i]) else {
            i += 1;
            continue;
        };
        let raw = &sentence[ws[i].range.clone()];
        let start_word = i;
        let mut end_word = i;
        // "2.5 billion", "two thousand"
        if let Some(m) = norms.get(i + 1).and_then(|n| match *n {
            "hundred" => Some(100.0),
            "thousand" => Some(1e3),
            "million" => Some(1e6),
            "billion" => Some(1e9),
            _ => None,
        }) {
            value *= m;
            end_word = i + 1;
        }
        let prev_month = i.checked_sub(1).and_then(|p| full_month(norms[p]));
        let next_month = norms.get(end_word + 1).and_then(|n| full_month(n));
        // A bare four-digit number is a year unless it counts a plural noun ("2000 troops").
        let counts_plural = norms
            .get(i + 1)
            .is_some_and(|n| n.len() > 3 && n.ends_with('s') && content_key(n).is_some());
        let is_year = !raw.contains(',')
            && !counts_plural
            && raw.len() == 4
            && (1900.0..=2100.0).contains(&value)
            && value.fract() == 0.0;
        let (label, month, head, first, last) = if let (Some(m), true) = (
            prev_month,
            (1.0..=31.0).contains(&value) && value.fract() == 0.0,
        ) {
            ("date".to_string(), m + 1, 0, start_word - 1, end_word)
        } else if let (Some(m), true) = (next_month, (1.0..=31.0).contains(&value)) {
            ("date".to_string(), m + 1, 0, start_word, end_word + 1)
        } else if is_year {
            i = end_word + 1;
            continue;
        } else {
            // The counted noun phrase: up to three content words, "of" allowed inside.
            let mut k = end_word + 1;
            let mut phrase_end = end_word;
            let mut taken = 0;
            let mut head_key = None;
            while k < ws.len() && taken < 3 {
                // Stop at punctuation between the words.
                let gap = &sentence[ws[k - 1].range.end..ws[k].range.start];
                if gap.chars().any(|c| !c.is_whitespace() && c != '-') {
                    break;
                }
                let n = norms[k];
                if n == "of" && taken > 0 && k + 1 < ws.len() {
                    k += 1;
                    continue;
                }
                match content_key(n) {
                    Some(key) if !key.starts_with('#') && text::full_month(n).is_none() => {
                        head_key = Some(key);
                        phrase_end = k;
                        taken += 1;
                        k += 1;
                    }
                    _ => break,
                }
            }
            let Some(h) = head_key else {
                i = end_word + 1;
                continue;
            };
            let mut label =
                sentence[ws[end_word + 1].range.start..ws[phrase_end].range.end].to_lowercase();
            // "two-week state of emergency": the unit goes last ("state of emergency, weeks").
            let unit = norms[end_word + 1];
            if phrase_end > end_word + 1
                && ["day", "week", "month", "year", "hour"].contains(&unit)
                && sentence[ws[end_word].range.end..ws[end_word + 1].range.start] == *"-"
            {
                let rest =
                    sentence[ws[end_word + 2].range.start..ws[phrase_end].range.end].to_lowercase();
                label = format!("{rest}, {unit}s");
            }
            (label, 0, term_of(&h), start_word, phrase_end)
        };
        // Hedge: the longest hedge ending right before the number.
        let mut hedge = None;
        let mut hedge_start = first;
        if month == 0 {
            for h in HEDGES {
                let hw: Vec<&str> = h.split(' ').collect();
                if first >= hw.len() && norms[first - hw.len()..first] == hw[..] {
                    hedge = Some(h.to_string());
                    hedge_start = first - hw.len();
                    break;
                }
            }
        }
        out.push(Mention {
            at,
            value,
            hedge,
            text: sentence[ws[hedge_start].range.start..ws[last].range.end].to_string(),
            label,
            month,
            head,
            context: context.clone(),
        });
        i = last.max(end_word) + 1;
    }
    out
}

fn shared(a: &[Term], b: &[Term]) -> usize {
    super::features::common_sorted(a, b)
}

/// Finds the numeric facts of `articles` and groups the mentions of one quantity across
/// sources. Only quantities stated by at least two sources are returned, disagreements first.
pub fn find(articles: &[Article], analysis: &Analysis) -> Vec<Fact> {
    use rayon::prelude::*;
    let items: Vec<Mention> = articles
        .par_iter()
        .enumerate()
        .flat_map_iter(|(ai, a)| {
            a.sentences
                .iter()
                .enumerate()
                .filter(|(_, s)| s.boilerplate.is_none())
                .flat_map(move |(si, s)| {
                    mentions(
                        SentenceRef {
                            article: ai,
                            sentence: si,
                        },
                        &s.text,
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let same_claim = |a: SentenceRef, b: SentenceRef| {
        let (ca, cb) = (analysis.claims_of(a), analysis.claims_of(b));
        ca.iter().any(|c| cb.contains(c))
    };
    let related = |x: &Mention, y: &Mention| -> bool {
        if x.at.article == y.at.article || (x.month == 0) != (y.month == 0) {
            return false;
        }
        let claim = same_claim(x.at, y.at);
        if x.month > 0 {
            // Dates group when equal and in related sentences, or when their sentences share
            // a claim (then a different day is a real disagreement).
            return x.month == y.month
                && (claim || (x.value == y.value && shared(&x.context, &y.context) >= 1));
        }
        let ratio = x.value.max(y.value) / x.value.min(y.value).max(1e-9);
        x.head == y.head && ratio <= 3.0 && (claim || shared(&x.context, &y.context) >= 2)
    };
    // Greedy grouping: a mention joins the first group it relates to member by member. Only
    // groups with the same counted noun (or month, for dates) can match, so look only there.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut by_key: std::collections::HashMap<(Term, usize), Vec<usize>> =
        std::collections::HashMap::new();
    for (i, it) in items.iter().enumerate() {
        let bucket = by_key.entry((it.head, it.month)).or_default();
        match bucket
            .iter()
            .copied()
            .find(|&g| groups[g].iter().all(|&j| related(&items[j], it)))
        {
            Some(g) => groups[g].push(i),
            None => {
                bucket.push(groups.len());
                groups.push(vec![i]);
            }
        }
    }
    let mut facts: Vec<Fact> = groups
        .into_iter()
        .filter(|g| g.len() >= 2)
        .map(|g| {
            let values: Vec<FactValue> = g
                .iter()
                .map(|&j| {
                    let m = &items[j];
                    FactValue {
                        at: m.at,
                        value: m.value,
                        hedge: m.hedge.clone(),
                        text: m.text.clone(),
                    }
                })
                .collect();
            let agree = if items[g[0]].month > 0 {
                values.windows(2).all(|w| w[0].value == w[1].value)
            } else {
                values.iter().enumerate().all(|(k, a)| {
                    values[k + 1..].iter().all(|b| {
                        consistent((a.value, a.hedge.as_deref()), (b.value, b.hedge.as_deref()))
                    })
                })
            };
            Fact {
                label: items[g[0]].label.clone(),
                values,
                agree,
            }
        })
        .collect();
    facts.sort_by(|a, b| {
        a.agree
            .cmp(&b.agree)
            .then(b.values.len().cmp(&a.values.len()))
            .then(a.values[0].at.cmp(&b.values[0].at))
    });
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT: SentenceRef = SentenceRef {
        article: 0,
        sentence: 0,
    };

    fn one(s: &str) -> Mention {
        let m = mentions(AT, s);
        assert_eq!(m.len(), 1, "{s}: {m:?}");
        m.into_iter().next().unwrap()
    }

    #[test]
    fn reads_numbers_hedges_and_counted_nouns() {
        let m = one("the alliance deployed around 2,500 troops in Kazakhstan");
        assert_eq!(
            (m.value, m.hedge.as_deref(), m.label.as_str()),
            (2500.0, Some("around"), "troops")
        );
        assert_eq!(m.text, "around 2,500 troops");
        let m = one("Sixteen security forces were killed");
        assert_eq!((m.value, m.label.as_str()), (16.0, "security forces"));
        let m = one("the detention of almost 8,000 people.");
        assert_eq!((m.value, m.hedge.as_deref()), (8000.0, Some("almost")));
        let m = one("Tokayev declared a two-week state of emergency");
        assert_eq!(m.value, 2.0);
        let m = one("Protests erupted on January 2, escalating");
        assert_eq!((m.label.as_str(), m.month, m.value), ("date", 1, 2.0));
        let m = one("250 units of equipment of the mission");
        assert_eq!(m.label, "units of equipment");
        assert!(mentions(AT, "a 2014 revolution").is_empty());
    }

    #[test]
    fn hedged_values_agree_only_when_their_ranges_meet() {
        assert!(consistent((2000.0, Some("over")), (2030.0, None)));
        assert!(!consistent((2500.0, Some("around")), (2030.0, None)));
        assert!(consistent(
            (8000.0, Some("almost")),
            (8000.0, Some("nearly"))
        ));
        assert!(consistent((16.0, None), (16.0, None)));
        assert!(!consistent((16.0, None), (17.0, None)));
        assert!(!consistent((100.0, Some("over")), (100.0, None)));
    }
}
