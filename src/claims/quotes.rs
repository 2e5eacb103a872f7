//! Quoted passages, their speakers, and the groups of one quote's variants across sources.
//!
//! Handles straight and curly double quotes, and single quotes (curly or straight) that are not
//! apostrophes, including single quotes nested inside double ones (‘Maidan’). A quote may span
//! several sentences; it stands at the sentence where it starts.

use std::ops::Range;

use super::features::{self, common_sorted};
use super::{Analysis, QuoteGroup, QuoteVariant, SentenceRef};
use crate::corpus::{Article, sanitize};
use crate::text;

/// Verbs that attribute speech.
const SPEECH: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "added",
    "adds",
    "stressed",
    "stresses",
    "noted",
    "notes",
    "continued",
    "underlined",
    "stated",
    "states",
    "warned",
    "explained",
    "emphasized",
    "emphasised",
    "emphasizes",
    "declared",
    "insisted",
    "claimed",
    "claims",
    "wrote",
    "asked",
    "announced",
    "argued",
    "affirmed",
    "urged",
    "remarked",
    "replied",
    "concluded",
];

/// Capitalised words that are not speakers.
const NOT_NAMES: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "The",
    "A",
    "An",
    "It",
    "This",
    "That",
    "But",
    "And",
    "As",
    "In",
    "On",
];

/// Titles that do not name a person alone ("Russian President" stays whole).
const TITLES: &[&str] = &[
    "President",
    "Minister",
    "Leader",
    "Chairman",
    "Secretary",
    "Spokesman",
    "Spokeswoman",
    "General",
];

/// A quote found in one article, before grouping.
#[derive(Debug, Clone)]
pub struct RawQuote {
    /// Byte range of the quoted words in the article text.
    pub span: Range<usize>,
    /// The quoted words, whitespace collapsed.
    pub text: String,
    /// The speaker where the text names one.
    pub speaker: Option<String>,
}

fn is_letter(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// Finds the quoted passages of `text` (byte ranges of the words inside the marks), in one
/// pass over its chars with the one before and the one after in hand.
pub fn quoted_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut double: Option<usize> = None;
    let mut single: Option<usize> = None;
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let end = i + c.len_utf8();
        match c {
            '\n' if next == Some('\n') || prev == Some('\n') => {
                // A paragraph break ends any unclosed quote.
                double = None;
                single = None;
            }
            '\u{201C}' | '\u{201E}' | '\u{00AB}' => double = Some(end),
            '\u{201D}' | '\u{00BB}' => {
                if let Some(s) = double.take() {
                    out.push(s..i);
                    single = None;
                }
            }
            '"' => match double.take() {
                Some(s) => {
                    out.push(s..i);
                    single = None;
                }
                None => double = Some(end),
            },
            '\u{2018}' if !is_letter(prev) => single = Some(end),
            '\'' if !is_letter(prev) && is_letter(next) => single = Some(end),
            '\u{2019}' | '\'' if !is_letter(next) && single.is_some() => {
                if let Some(s) = single.take() {
                    out.push(s..i);
                }
            }
            _ => {}
        }
        prev = Some(c);
    }
    out.retain(|r| text[r.clone()].chars().any(char::is_alphanumeric));
    out.sort_by_key(|r| r.start);
    out
}

/// The last capitalised run of words ending right before word index `end` (exclusive),
/// skipping "on Monday"-style time phrases; returns the speaker as it should be shown.
fn name_before(ws: &[(&str, bool)], mut end: usize) -> Option<String> {
    // Skip "on Monday", "on Sunday" and lone time words.
    while end > 0 && NOT_NAMES.contains(&ws[end - 1].0) {
        end -= 1;
        if end > 0 && ws[end - 1].0 == "on" {
            end -= 1;
        }
    }
    let mut start = end;
    while start > 0 && ws[start - 1].1 && !NOT_NAMES.contains(&ws[start - 1].0) {
        start -= 1;
    }
    (start < end).then(|| speaker_of(&ws[start..end]))
}

fn name_after(ws: &[(&str, bool)], start: usize) -> Option<String> {
    let mut end = start;
    while end < ws.len() && ws[end].1 && !NOT_NAMES.contains(&ws[end].0) {
        end += 1;
    }
    (end > start).then(|| speaker_of(&ws[start..end]))
}

/// "Vladimir Putin" -> "Putin"; "Russian President" stays whole.
fn speaker_of(run: &[(&str, bool)]) -> String {
    let last = run[run.len() - 1].0;
    if TITLES.contains(&last) {
        run.iter()
            .map(|w| w.0)
            .collect::<Vec<_>>()
            .join(" ")
            .to_string()
    } else {
        last.to_string()
    }
}

/// Words of a piece of text with "is capitalised" flags; a word after punctuation counts as
/// not capitalised when it follows a capitalised one, so a name run stops at a comma.
fn cap_words(s: &str) -> Vec<(&str, bool)> {
    let mut out: Vec<(&str, bool)> = Vec::new();
    let mut prev_end = 0;
    for range in text::word_ranges(s) {
        let raw = &s[range.clone()];
        let gap = &s[prev_end..range.start];
        let broken = !out.is_empty() && gap.chars().any(|c| !c.is_whitespace() && c != '-');
        if broken && out.last().is_some_and(|l| l.1) {
            // Insert a separator so runs do not cross punctuation.
            out.push(("", false));
        }
        out.push((raw, raw.chars().next().is_some_and(char::is_uppercase)));
        prev_end = range.end;
    }
    out
}

/// How far from a quote its speaker is looked for, in bytes each side: "Russian President
/// Vladimir Putin on Monday said that" fits many times over, and a sentence holding thousands
/// of quotes costs each of them this much, not the whole sentence.
const SPEAKER_WINDOW: usize = 240;

/// The first `SPEAKER_WINDOW` bytes of `s` (at a char boundary).
fn window_start(s: &str) -> &str {
    let mut end = s.len().min(SPEAKER_WINDOW);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The last `SPEAKER_WINDOW` bytes of `s` (at a char boundary).
fn window_end(s: &str) -> &str {
    let mut start = s.len().saturating_sub(SPEAKER_WINDOW);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

/// Finds who speaks in the text right after a quote ("," Putin said / said Putin /
/// the Russian leader stressed) or right before it ("Putin said that ...").
fn speaker(after: &str, before: &str) -> Option<String> {
    let (after, before) = (window_start(after), window_end(before));
    let wa = cap_words(after);
    let is_speech = |w: &str| SPEECH.contains(&w.to_lowercase().as_str());
    // After the quote: within the first few words.
    if let Some(v) = wa.iter().take(7).position(|w| is_speech(w.0)) {
        if v == 0 {
            if let Some(n) = name_after(&wa, 1) {
                return Some(n);
            }
        } else if let Some(n) = name_before(&wa, v) {
            return Some(n);
        } else if wa[0].0.eq_ignore_ascii_case("he") || wa[0].0.eq_ignore_ascii_case("she") {
            return Some("he".to_string());
        } else if wa[0].0.eq_ignore_ascii_case("the") && v <= 4 {
            return Some(
                wa[..v]
                    .iter()
                    .map(|w| w.0)
                    .collect::<Vec<_>>()
                    .join(" ")
                    .replacen("The ", "the ", 1),
            );
        }
    }
    // Before the quote: the last "Name said" or "according to Name".
    let wb = cap_words(before);
    for v in (0..wb.len()).rev() {
        if is_speech(wb[v].0)
            && let Some(n) = name_before(&wb, v)
        {
            return Some(n);
        }
        if wb[v].0.eq_ignore_ascii_case("according")
            && wb.get(v + 1).is_some_and(|w| w.0 == "to")
            && let Some(n) = name_after(&wb, v + 2)
        {
            return Some(n);
        }
    }
    None
}

/// The quotes of one article, with speakers; "he"/"she" resolves to the speaker of the
/// previous quote when that quote was close by (within two sentences), else stays unknown.
pub fn article_quotes(article: &Article) -> Vec<(usize, RawQuote)> {
    let text = &article.text;
    // Sentences are in text order: the one holding `pos`, or in a gap the one after it.
    let sentence_at = |pos: usize| {
        let ss = &article.sentences;
        let after = ss.partition_point(|s| s.span.start <= pos);
        match after.checked_sub(1) {
            Some(i) if pos < ss[i].span.end => Some(i),
            _ if after < ss.len() => Some(after),
            Some(i) => Some(i),
            None => None,
        }
    };
    let mut out: Vec<(usize, RawQuote)> = Vec::new();
    for span in quoted_spans(text) {
        let Some(si) = sentence_at(span.start) else {
            continue;
        };
        if article.sentences[si].boilerplate.is_some() {
            continue;
        }
        let last = sentence_at(span.end.saturating_sub(1)).unwrap_or(si);
        let s_end = article.sentences[last].span.end.min(text.len());
        let after_start = (span.end + 1).min(s_end);
        let after = text
            .get(after_start..s_end)
            .or_else(|| text.get(span.end..s_end))
            .unwrap_or("");
        let before = text
            .get(article.sentences[si].span.start..span.start)
            .unwrap_or("");
        let mut who = speaker(after, before).map(|w| sanitize::display(&w));
        if who.as_deref() == Some("he") {
            // Only the trivial case: the quote just before, in this or the previous sentence.
            who = out
                .last()
                .filter(|(s, _)| si.saturating_sub(*s) <= 1)
                .and_then(|(_, q)| q.speaker.clone());
        }
        // Cut from the raw text, so made terminal-safe (and one-line) here, as sentences are at load.
        let trimmed = sanitize::display(&text[span.clone()])
            .trim_matches(|c: char| c == ',' || c == ' ')
            .to_string();
        out.push((
            si,
            RawQuote {
                span,
                text: trimmed,
                speaker: who,
            },
        ));
    }
    out
}

/// A term found in more quote groups than this is not used to look for a quote's variants.
const MAX_GROUPS_PER_TERM: usize = 256;

/// A quote joins a group if it is like each of the group's first this-many members.
const MAX_MEMBERS_COMPARED: usize = 32;

/// Finds the quotes of `articles` and groups the variants of one quote across sources.
/// Quotes of one or two words are kept only when they recur in another source.
pub fn find(articles: &[Article], analysis: &Analysis) -> Vec<QuoteGroup> {
    struct Item {
        at: SentenceRef,
        q: RawQuote,
        terms: Vec<features::Term>,
    }
    use rayon::prelude::*;
    let items: Vec<Item> = articles
        .par_iter()
        .enumerate()
        .flat_map_iter(|(ai, a)| {
            article_quotes(a)
                .into_iter()
                .map(move |(si, q)| Item {
                    at: SentenceRef {
                        article: ai,
                        sentence: si,
                    },
                    terms: features::features(&q.text).terms().to_vec(),
                    q,
                })
                .filter(|it| !it.terms.is_empty())
                .collect::<Vec<_>>()
        })
        .collect();
    let same_claim = |a: SentenceRef, b: SentenceRef| {
        let (ca, cb) = (analysis.claims_of(a), analysis.claims_of(b));
        ca.iter().any(|c| cb.contains(c))
    };
    // How alike two variants are (None: not the same quote). Within one article only a
    // repeat of the same words counts, never a quote nested in another.
    let similar = |x: &Item, y: &Item| -> Option<f32> {
        let shared = common_sorted(&x.terms, &y.terms);
        let (small, large) = (
            x.terms.len().min(y.terms.len()),
            x.terms.len().max(y.terms.len()),
        );
        if x.at.article == y.at.article {
            let overlap = x.q.span.start < y.q.span.end && y.q.span.start < x.q.span.end;
            return (!overlap && x.terms == y.terms).then_some(1.0);
        }
        let short = small <= 2;
        let ok = if short {
            shared == small && (x.terms == y.terms || same_claim(x.at, y.at))
        } else {
            shared >= 3 && shared as f32 >= 0.5 * small as f32
        };
        ok.then_some(shared as f32 / large as f32)
    };
    // Best-fit grouping: an item joins the group it resembles most, member by member.
    // Any match shares a term with the group's first member: index groups by those terms.
    // A term in very many groups finds no variant worth the comparisons (it is as common as a
    // stop word here), so it is not used to find candidates; groups with the very same terms
    // are still found through `by_terms`. Both bounds keep grouping near linear on inputs with
    // tens of thousands of quotes.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut by_term: std::collections::HashMap<features::Term, Vec<usize>> =
        std::collections::HashMap::new();
    let mut by_terms: std::collections::HashMap<&[features::Term], usize> =
        std::collections::HashMap::new();
    for (i, it) in items.iter().enumerate() {
        let mut cands: Vec<usize> = it
            .terms
            .iter()
            .filter_map(|t| by_term.get(t))
            .filter(|groups| groups.len() <= MAX_GROUPS_PER_TERM)
            .flatten()
            .copied()
            .chain(by_terms.get(it.terms.as_slice()).copied())
            .collect();
        cands.sort_unstable();
        cands.dedup();
        let home = cands
            .into_iter()
            .filter_map(|g| {
                let mut worst = f32::MAX;
                for &j in groups[g].iter().take(MAX_MEMBERS_COMPARED) {
                    worst = worst.min(similar(&items[j], it)?);
                }
                Some((g, worst))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(g, _)| g);
        match home {
            Some(g) => groups[g].push(i),
            None => {
                for &t in &it.terms {
                    by_term.entry(t).or_default().push(groups.len());
                }
                by_terms.entry(it.terms.as_slice()).or_insert(groups.len());
                groups.push(vec![i]);
            }
        }
    }
    let mut out: Vec<QuoteGroup> = groups
        .into_iter()
        .filter(|g| {
            let multi = g
                .iter()
                .any(|&j| items[j].at.article != items[g[0]].at.article);
            multi || items[g[0]].terms.len() >= 3
        })
        .map(|g| {
            let mut names: Vec<&str> = g
                .iter()
                .filter_map(|&j| items[j].q.speaker.as_deref())
                .collect();
            names.sort_unstable();
            // The most frequent name; on a tie the first in order wins.
            let mut speaker: Option<(&str, usize)> = None;
            for c in names.chunk_by(|a, b| a == b) {
                if speaker.is_none_or(|s| c.len() > s.1) {
                    speaker = Some((c[0], c.len()));
                }
            }
            let speaker = speaker.map(|s| s.0.to_string());
            let mut variants: Vec<QuoteVariant> = g
                .iter()
                .map(|&j| QuoteVariant {
                    at: items[j].at,
                    text: items[j].q.text.clone(),
                    span: items[j].q.span.clone(),
                })
                .collect();
            variants.sort_by_key(|v| (v.at, v.span.start));
            QuoteGroup { speaker, variants }
        })
        .collect();
    let sources = |g: &QuoteGroup| {
        let mut a: Vec<usize> = g.variants.iter().map(|v| v.at.article).collect();
        a.dedup();
        a.len()
    };
    out.sort_by(|a, b| {
        sources(b)
            .cmp(&sources(a))
            .then(a.variants[0].at.cmp(&b.variants[0].at))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(t: &str) -> Vec<&str> {
        quoted_spans(t).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn finds_straight_curly_and_nested_single_quotes() {
        assert_eq!(
            spans("He said \"Maidan methods\" were used."),
            ["Maidan methods"]
        );
        assert_eq!(
            spans("It is an \u{201C}aggression\u{201D} in the country\u{2019}s north."),
            ["aggression"]
        );
        assert_eq!(
            spans("\"Similar to \u{2018}Maidan\u{2019} technologies,\" Putin noted."),
            ["Similar to \u{2018}Maidan\u{2019} technologies,", "Maidan"]
        );
        assert_eq!(
            spans("for a 'limited time' only, Putin's aides"),
            ["limited time"]
        );
    }

    #[test]
    fn names_the_speaker_where_the_text_says() {
        assert_eq!(
            speaker(", Tokayev said, according to Sputnik.", ""),
            Some("Tokayev".into())
        );
        assert_eq!(speaker(" said Vladimir Putin.", ""), Some("Putin".into()));
        assert_eq!(
            speaker(" the Russian leader stressed", ""),
            Some("the Russian leader".into())
        );
        assert_eq!(
            speaker(
                " were used.",
                "Russian President Vladimir Putin on Monday said that "
            ),
            Some("Putin".into())
        );
        assert_eq!(speaker(" were used.", "The crowd chanted "), None);
    }
}
