//! An article's title, source (outlet) and date, from what its text states: a headline, a
//! dateline ("MOSCOW, January 10. /TASS/."), an agency tag ("(Reuters) -"), a footer naming
//! the site, a URL line, a date line.

use std::ops::Range;

use super::boilerplate::classify;
use super::{Boilerplate, Sentence};

/// Sentences looked at for a headline, dateline or date line.
const HEAD: usize = 12;

/// Longest title taken from a body sentence, in chars.
const MAX_TITLE_CHARS: usize = 100;

/// Picks the title from the body: the first headline-like line that is not furniture, else
/// the first sentence (shortened). Returns the title and the index of its sentence.
pub fn title(sentences: &[Sentence]) -> (String, Option<usize>) {
    let head = &sentences[..sentences.len().min(HEAD)];
    let candidate =
        |s: &Sentence| classify(&s.text).is_none() && s.text.split_whitespace().count() >= 2;
    if let Some(i) = head.iter().position(|s| s.heading && candidate(s)) {
        return (sentences[i].text.to_string(), Some(i));
    }
    if let Some(i) = head.iter().position(candidate) {
        return (shorten(&sentences[i].text, MAX_TITLE_CHARS), Some(i));
    }
    (String::new(), None)
}

/// Cuts `s` at a word boundary to at most `max` chars, marking the cut with `…`.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut = s.char_indices().nth(max).map_or(s.len(), |(i, _)| i);
    let head = &s[..cut];
    let head = head.rfind(' ').map_or(head, |i| &head[..i]);
    format!("{}\u{2026}", head.trim_end_matches([',', ';', ':', ' ']))
}

/// Byte ranges of word tokens (letters and digits).
fn token_ranges(s: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(st) = start.take() {
            out.push(st..i);
        }
    }
    if let Some(st) = start {
        out.push(st..s.len());
    }
    out
}

fn is_month(t: &str) -> bool {
    crate::text::month(t).is_some()
}

fn is_day(t: &str) -> bool {
    let d = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| t.strip_suffix(suffix))
        .unwrap_or(t);
    (1..=2).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit())
}

fn is_year(t: &str) -> bool {
    t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit())
}

fn is_num(t: &str) -> bool {
    !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit())
}

/// The date stated in a line, as written: "January 11, 2022", "11 January 2022",
/// "05 / 03 / 2013", "2022-01-11", or a dateline's "January 10".
pub fn find_date(s: &str) -> Option<String> {
    let toks = token_ranges(s);
    let t = |i: usize| toks.get(i).map_or("", |r| &s[r.clone()]);
    for i in 0..toks.len() {
        let month_day = is_month(t(i)) && is_day(t(i + 1));
        let day_month = is_day(t(i)) && is_month(t(i + 1));
        let end = if month_day || day_month {
            Some(if is_year(t(i + 2)) { i + 2 } else { i + 1 })
        } else if is_num(t(i))
            && is_num(t(i + 1))
            && is_num(t(i + 2))
            && (is_year(t(i)) || is_year(t(i + 2)))
        {
            Some(i + 2)
        } else {
            None
        };
        if let Some(end) = end {
            return Some(s[toks[i].start..toks[end].end].to_string());
        }
    }
    None
}

/// The date where the article states one: on a date line or in a dateline near the top.
pub fn date(sentences: &[Sentence]) -> Option<String> {
    sentences
        .iter()
        .take(HEAD)
        .filter(|s| s.boilerplate == Some(Boilerplate::Dateline))
        .find_map(|s| find_date(&s.text))
}

/// A name as written between `open` and `close` right at `s[i..]`, if it looks like an
/// outlet: 2 to 24 chars, starting with a capital, letters, spaces, `&`, `-`, `.`.
fn outlet_between(s: &str, open: char, close: char) -> Option<(usize, &str)> {
    let mut from = 0;
    while let Some(k) = s[from..].find(open) {
        let start = from + k + open.len_utf8();
        if let Some(len) = s[start..].find(close) {
            let name = &s[start..start + len];
            let ok = (2..=24).contains(&name.chars().count())
                && name.chars().next().is_some_and(char::is_uppercase)
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '&' | '-' | '.'));
            if ok {
                return Some((start + len + close.len_utf8(), name));
            }
        }
        from = start;
    }
    None
}

/// The outlet named by an agency dateline ("/TASS/"), an agency tag ("WASHINGTON (Reuters) -"),
/// a footer ("Press TV's website ...", "© 2022 Example Media"), or a URL line's host.
pub fn source(sentences: &[Sentence]) -> Option<String> {
    let head = &sentences[..sentences.len().min(HEAD)];
    for s in head {
        if let Some((_, name)) = outlet_between(&s.text, '/', '/')
            && name.chars().filter(|c| c.is_uppercase()).count() >= 2
        {
            return Some(name.trim().to_string());
        }
    }
    for s in head.iter().filter(|s| s.boilerplate.is_none()) {
        if let Some((after, name)) = outlet_between(&s.text, '(', ')') {
            let rest = s.text[after..].trim_start();
            if rest.starts_with(['-', '\u{2013}', '\u{2014}']) && after < 80 {
                return Some(name.trim().to_string());
            }
        }
    }
    let tail = &sentences[sentences.len().saturating_sub(8)..];
    for s in tail.iter().filter(|s| s.boilerplate.is_some()) {
        if let Some(name) = site_in_footer(&s.text) {
            return Some(name);
        }
    }
    head.iter()
        .filter(|s| s.boilerplate == Some(Boilerplate::Markup))
        .find_map(|s| url_host(&s.text))
}

/// "Press TV's website can also be accessed ..." -> "Press TV"; "© 2022 Example Media. All
/// rights reserved." -> "Example Media".
fn site_in_footer(s: &str) -> Option<String> {
    for marker in [
        "\u{2019}s website",
        "'s website",
        "\u{2019}s official website",
    ] {
        if let Some(k) = s.find(marker) {
            let before = &s[..k];
            let words: Vec<&str> = before
                .split_whitespace()
                .rev()
                .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
                .take(4)
                .collect();
            if !words.is_empty() {
                let name: Vec<&str> = words.into_iter().rev().collect();
                return Some(name.join(" "));
            }
        }
    }
    let k = s
        .find('\u{a9}')
        .map(|k| k + '\u{a9}'.len_utf8())
        .or_else(|| find_ascii_ci(s, "copyright ").map(|k| k + "copyright ".len()))?;
    let rest = s[k..].trim_start();
    let rest = rest
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '\u{2013}')
        .trim_start();
    let end = rest
        .find(['.', ',', '|', ';'])
        .unwrap_or(rest.len())
        .min(find_ascii_ci(rest, "all rights").unwrap_or(rest.len()));
    let name = rest[..end].trim();
    (!name.is_empty() && name.len() <= 40).then(|| name.to_string())
}

/// Byte offset of an ASCII `needle` (lower case) in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    (0..h.len().saturating_sub(n.len() - 1)).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// The host of a URL line, even when tokenised ("http: / / articles. latimes. com / ...").
pub fn url_of(line: &str) -> Option<String> {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let lower = compact.to_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www."))
        .then_some(compact)
}

fn url_host(line: &str) -> Option<String> {
    let url = url_of(line)?;
    let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.to_lowercase();
    let mut host = host.as_str();
    for prefix in ["www.", "articles.", "edition.", "m.", "mobile.", "amp."] {
        host = host.strip_prefix(prefix).unwrap_or(host);
    }
    (host.contains('.') && host.len() <= 60).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_written() {
        assert_eq!(
            find_date("January 11, 2022").as_deref(),
            Some("January 11, 2022")
        );
        assert_eq!(
            find_date("MOSCOW, January 10. /TASS/.").as_deref(),
            Some("January 10")
        );
        assert_eq!(
            find_date("UPDATED 05 / 03 / 2013 at 11: 00 AM EDT").as_deref(),
            Some("05 / 03 / 2013")
        );
        assert_eq!(
            find_date("Posted 11 January 2022").as_deref(),
            Some("11 January 2022")
        );
        assert_eq!(find_date("2022-01-11").as_deref(), Some("2022-01-11"));
        assert_eq!(find_date("no date here"), None);
    }

    #[test]
    fn outlets_from_footers_and_urls() {
        assert_eq!(
            site_in_footer(
                "Press TV\u{2019}s website can also be accessed at the following alternate addresses:"
            )
            .as_deref(),
            Some("Press TV")
        );
        assert_eq!(
            site_in_footer("\u{a9} 2022 Example Media. All rights reserved.").as_deref(),
            Some("Example Media")
        );
        assert_eq!(
            url_host("http: / / articles. latimes. com / 2013 / may / 03 / local").as_deref(),
            Some("latimes.com")
        );
    }

    #[test]
    fn long_first_sentences_are_shortened_for_titles() {
        let s = "Russian President Vladimir Putin on Monday said that Maidan methods were used in \
                 Kazakhstan and that the statehood faces a threat.";
        let t = shorten(s, 60);
        assert!(t.ends_with('\u{2026}') && t.chars().count() <= 61, "{t}");
        assert_eq!(shorten("Short.", 60), "Short.");
    }
}
