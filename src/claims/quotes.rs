//! Quoted passages, their speakers, and the groups of one quote's variants across sources.
//!
//! Handles straight and curly double quotes, and single quotes (curly or straight) that are not
//! apostrophes, including single quotes nested inside double ones (‘Maidan’). A quote may span
//! several sentences; it stands at the sentence where it starts.

use std::collections::{BTreeMap, BTreeSet, HashSet};
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

/// Words that name a role ("President", "the Russian leader"), compared in lowercase.
const ROLES: &[&str] = &[
    "president",
    "minister",
    "leader",
    "chairman",
    "chairwoman",
    "secretary",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "general",
    "chief",
    "premier",
    "chancellor",
    "governor",
    "mayor",
    "ambassador",
    "king",
    "queen",
    "commissioner",
    "director",
    "ceo",
    "officer",
    "captain",
    "sheriff",
    "undersheriff",
    "inspector",
    "detective",
    "attorney",
    "prosecutor",
    "judge",
    "senator",
    "deputy",
    "commander",
    "sergeant",
    "lieutenant",
    "coach",
];

fn is_role(word: &str) -> bool {
    ROLES.iter().any(|r| r.eq_ignore_ascii_case(word))
}

/// A role as a key: lowercase, one space between words, without a leading "the".
fn role_key(role: &str) -> String {
    let words: Vec<String> = role.split_whitespace().map(str::to_lowercase).collect();
    let words = match words.first().map(String::as_str) {
        Some("the") => &words[1..],
        _ => &words[..],
    };
    words.join(" ")
}

/// A name's last word without a possessive ("Tokayev's" -> "Tokayev").
fn surname(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
        .unwrap_or(word)
}

/// The people a story's texts name, so that one speaker is one person: "Tokayev", "Kazakh
/// President" and "Kassym-Jomart Tokayev" are one when a text says "Kazakh President
/// Kassym-Jomart Tokayev". Only what the texts state is used: a surname matches the full name
/// seen with it, a role matches the person it is given to ("Kazakh President Kassym-Jomart
/// Tokayev", "Tokayev, the president, ..."), and a surname or role given to two different
/// people matches neither.
#[derive(Debug, Clone, Default)]
pub struct People {
    /// Surname -> the full names seen ending with it, with how often.
    full_names: BTreeMap<String, BTreeMap<String, usize>>,
    /// Role key ("kazakh president", "president") -> who it is given to: a full name, or a
    /// surname where the text gives no more.
    roles: BTreeMap<String, BTreeSet<String>>,
}

/// Distinct words: the names pass puts every lowercase word of the texts in one.
type WordSet<'a> = HashSet<&'a str, rustc_hash::FxBuildHasher>;

/// A full name as read, before a sentence's first word is told from a first name.
struct Seen {
    family: String,
    full: String,
    /// The name starts its sentence, so its first word may be any word ("Like Tokayev, ...").
    opens: bool,
}

impl People {
    /// Reads the names and roles of these texts (each one sentence or passage).
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> People {
        use rayon::prelude::*;
        let texts: Vec<&str> = texts.into_iter().collect();
        // Read in chunks on all cores, then merged: counts add up and sets join, so the
        // result does not depend on how the texts were split.
        let (mut people, seen, lower) = texts
            .par_chunks(512)
            .map(|chunk| {
                let mut part = (People::default(), Vec::new(), WordSet::default());
                let mut words = Vec::new();
                for t in chunk {
                    part.0.read(t, &mut words, &mut part.1, &mut part.2);
                }
                part
            })
            .reduce(
                || (People::default(), Vec::new(), WordSet::default()),
                |mut a, b| {
                    for (role, holders) in b.0.roles {
                        a.0.roles.entry(role).or_default().extend(holders);
                    }
                    a.1.extend(b.1);
                    let (mut big, small) = if a.2.len() >= b.2.len() {
                        (a.2, b.2)
                    } else {
                        (b.2, a.2)
                    };
                    big.extend(small);
                    (a.0, a.1, big)
                },
            );
        for s in seen {
            let mut full = s.full.as_str();
            if s.opens
                && let Some((first, rest)) = full.split_once(' ')
                && lower.contains(first.to_lowercase().as_str())
            {
                full = rest;
            }
            if full.contains(' ') {
                *people
                    .full_names
                    .entry(s.family)
                    .or_default()
                    .entry(full.to_string())
                    .or_default() += 1;
            }
        }
        people
    }

    fn add_role(&mut self, role: &str, holder: &str) {
        let key = role_key(role);
        if key.is_empty() {
            return;
        }
        // The role word alone ("president") too: it names this person only while the story
        // gives it to no one else.
        if let Some(head) = key.rsplit(' ').next()
            && head != key
        {
            self.roles
                .entry(head.to_string())
                .or_default()
                .insert(holder.to_string());
        }
        self.roles
            .entry(key)
            .or_default()
            .insert(holder.to_string());
    }

    /// Reads one text: runs of capitalised words (a role, then a name), and a role in
    /// apposition after a name ("Tokayev, the president,"); adds the words it writes in
    /// lowercase to `lower`. `words` is scratch space for the text's word ranges.
    fn read<'a>(
        &mut self,
        t: &'a str,
        words: &mut Vec<Range<usize>>,
        seen: &mut Vec<Seen>,
        lower: &mut WordSet<'a>,
    ) {
        words.clear();
        words.extend(text::word_ranges(t));
        for r in words.iter() {
            let w = &t[r.clone()];
            if w.chars().next().is_some_and(char::is_lowercase) {
                lower.insert(w);
            }
        }
        let words = &words[..];
        let capital =
            |r: &Range<usize>| t[r.clone()].chars().next().is_some_and(char::is_uppercase);
        // Within a run, words are apart by spaces or a hyphen ("Kassym-Jomart").
        let joined = |a: &Range<usize>, b: &Range<usize>| {
            t[a.end..b.start]
                .chars()
                .all(|c| c == ' ' || c == '-' || c == '\u{a0}')
        };
        let mut i = 0;
        while i < words.len() {
            if !capital(&words[i]) {
                i += 1;
                continue;
            }
            let mut end = i + 1;
            while end < words.len() && capital(&words[end]) && joined(&words[end - 1], &words[end])
            {
                end += 1;
            }
            let mut start = i;
            while start < end && NOT_NAMES.contains(&&t[words[start].clone()]) {
                start += 1;
            }
            i = end;
            if start == end {
                continue;
            }
            // "Kraft Food's Susan Davison": the name starts after a possessive.
            if let Some(p) = words[start..end - 1]
                .iter()
                .rposition(|w| surname(&t[w.clone()]) != &t[w.clone()])
            {
                start += p + 1;
            }
            let run = &words[start..end];
            let role_at = run.iter().rposition(|w| is_role(&t[w.clone()]));
            let name = match role_at {
                Some(r) => &run[r + 1..],
                None => run,
            };
            let Some(last) = name.last() else {
                continue;
            };
            let family = surname(&t[last.clone()]).to_string();
            let full = format!("{}{family}", &t[name[0].start..last.start]);
            if name.len() >= 2 {
                seen.push(Seen {
                    family: family.clone(),
                    full: full.clone(),
                    opens: role_at.is_none() && start == 0,
                });
            }
            let holder = if name.len() >= 2 { &full } else { &family };
            if let Some(r) = role_at {
                self.add_role(&t[run[0].start..run[r].end], holder);
            }
            // "Tokayev, the president, said": a role after a comma and "the".
            if let Some(next) = words.get(end)
                && t[last.end..next.start].trim() == ","
                && &t[next.clone()] == "the"
            {
                let after = &words[end + 1..words.len().min(end + 5)];
                if let Some(k) = after.iter().position(|w| is_role(&t[w.clone()]))
                    && after[..=k].windows(2).all(|p| joined(&p[0], &p[1]))
                {
                    let role = t[after[0].start..after[k].end].to_string();
                    self.add_role(&role, holder);
                }
            }
        }
    }

    /// The full name for a surname, when the texts give one: the most frequent of those
    /// that agree on the first name ("Kazakhstan Kassym-Jomart Tokayev" counts as
    /// "Kassym-Jomart Tokayev", which it ends with). Full names with another first name
    /// ("Jeb Bush", "George Bush") make it ambiguous, unless they are rare beside it.
    fn full_name(&self, family: &str) -> Option<&str> {
        let names = self.full_names.get(family)?;
        // Each name as the shortest full name it ends with.
        let core = |n: &str| -> String {
            names
                .keys()
                .filter(|m| m.len() < n.len() && n.ends_with(&format!(" {m}")))
                .min_by_key(|m| m.len())
                .map_or(n, |m| m.as_str())
                .to_string()
        };
        let mut cores: BTreeMap<String, usize> = BTreeMap::new();
        for (n, count) in names {
            *cores.entry(core(n)).or_default() += count;
        }
        let first = |n: &str| n.split([' ', '-']).next().unwrap_or("").to_string();
        let mut by_first: BTreeMap<String, usize> = BTreeMap::new();
        for (n, count) in &cores {
            *by_first.entry(first(n)).or_default() += count;
        }
        let (top, top_count) = by_first
            .iter()
            .max_by_key(|(f, c)| (**c, std::cmp::Reverse(*f)))?;
        let others: usize = by_first.values().sum::<usize>() - top_count;
        if others * 3 > *top_count {
            return None;
        }
        let best = cores
            .iter()
            .filter(|(n, _)| first(n) == *top)
            .max_by_key(|(n, c)| (**c, n.len(), std::cmp::Reverse(*n)))?
            .0;
        names.get_key_value(best.as_str()).map(|(k, _)| k.as_str())
    }

    /// A holder of a role as one person: a full name as its surname's full name when that is
    /// known and agrees, a surname as its full name.
    fn canonical(&self, holder: &str) -> String {
        let family = holder.rsplit(' ').next().unwrap_or(holder);
        match self.full_name(family) {
            Some(full) if holder == family || full.ends_with(holder) || holder.ends_with(full) => {
                full.to_string()
            }
            _ => holder.to_string(),
        }
    }

    /// The person a speaker is, as the texts name them: the full name for a surname or a
    /// role, the surname for a role when no full name is known; `None` when the texts do not
    /// say (or name two people).
    pub fn person(&self, speaker: &str) -> Option<String> {
        if self.full_names.contains_key(speaker) {
            return self.full_name(speaker).map(str::to_string);
        }
        let holders: BTreeSet<String> = self
            .roles
            .get(&role_key(speaker))?
            .iter()
            .map(|h| self.canonical(h))
            .collect();
        let mut holders = holders.into_iter();
        match (holders.next(), holders.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    }
}

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

/// The fewest terms two variants of one quote share, by the shorter's number of terms: all of
/// a short one's (two terms or fewer), else at least half and at least three.
fn least_shared(small: usize) -> usize {
    if small <= 2 {
        small
    } else {
        small.div_ceil(2).max(3)
    }
}

/// Finds the quoted passages of `text` (byte ranges of the words inside the marks), in one
/// pass that stops only at the bytes a quote mark or a line break can start with, reading the
/// char before and the one after there.
pub fn quoted_spans(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut double: Option<usize> = None;
    let mut single: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        // '"', '\'', '\n'; 0xC2 starts « and », 0xE2 the curly quotes. None of these is a
        // continuation byte, so `i` is at a char boundary whenever it stops.
        if !matches!(bytes[i], b'"' | b'\'' | b'\n' | 0xC2 | 0xE2) {
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let end = i + c.len_utf8();
        let prev = text[..i].chars().next_back();
        let next = text[end..].chars().next();
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
        i = end;
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
    // Lower-cased without a copy where the word is ASCII (nearly always).
    let is_speech = |w: &str| {
        if w.is_ascii() {
            SPEECH.iter().any(|s| s.eq_ignore_ascii_case(w))
        } else {
            SPEECH.contains(&w.to_lowercase().as_str())
        }
    };
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

/// One quote as read, before grouping.
struct Item {
    at: SentenceRef,
    q: RawQuote,
    terms: Vec<features::Term>,
}

/// What finding the quotes reads of the articles alone, before the links are known (so it can
/// be read while they are found): each quote with its content terms, and the people the
/// articles name.
pub struct Read {
    items: Vec<Item>,
    people: People,
}

/// The quotes and people of `articles`, to be grouped by [`group`].
pub fn read(articles: &[Article]) -> Read {
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
                    terms: features::content_terms(&q.text),
                    q,
                })
                .filter(|it| !it.terms.is_empty())
                .collect::<Vec<_>>()
        })
        .collect();
    let people = People::from_texts(
        articles
            .iter()
            .flat_map(|a| a.sentences.iter())
            .filter(|s| s.boilerplate.is_none())
            .map(|s| s.text.as_str()),
    );
    Read { items, people }
}

/// The quotes of the articles [`read`] gave: the variants of one quote grouped across
/// sources. Quotes of one or two words are kept only when they recur in another source.
pub fn group(read: Read, analysis: &Analysis) -> Vec<QuoteGroup> {
    let Read { items, people } = read;
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
        // A short quote (two terms or fewer) is the same quote only in the same words or
        // inside one claim.
        let ok = shared >= least_shared(small)
            && (small > 2 || x.terms == y.terms || same_claim(x.at, y.at));
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
    // Items with the very same terms share a number: a group's members that repeat one
    // quote word for word are compared with an item once.
    let mut numbered: std::collections::HashMap<&[features::Term], u32> =
        std::collections::HashMap::new();
    let same_terms: Vec<u32> = items
        .iter()
        .map(|it| {
            let next = numbered.len() as u32;
            *numbered.entry(it.terms.as_slice()).or_insert(next)
        })
        .collect();
    // Per group: 0 when not a candidate, else 1 + how many of the item's terms index it.
    let mut hits: Vec<u32> = Vec::new();
    let mut touched: Vec<usize> = Vec::new();
    let mut compared: Vec<(u32, Option<f32>)> = Vec::new();
    for (i, it) in items.iter().enumerate() {
        hits.resize(groups.len(), 0);
        // Terms whose groups are not looked at may still be shared with a group's first member.
        let mut unindexed = 0;
        for t in &it.terms {
            match by_term.get(t) {
                Some(gs) if gs.len() <= MAX_GROUPS_PER_TERM => {
                    for &g in gs {
                        if hits[g] == 0 {
                            touched.push(g);
                            hits[g] = 1;
                        }
                        hits[g] += 1;
                    }
                }
                Some(_) => unindexed += 1,
                None => {}
            }
        }
        if let Some(&g) = by_terms.get(it.terms.as_slice())
            && hits[g] == 0
        {
            touched.push(g);
            hits[g] = 1;
        }
        // The group with the highest worst likeness, the last one on a tie. A group stops
        // being compared once its worst falls below the best so far: it cannot win.
        let mut home: Option<(usize, f32)> = None;
        'groups: for &g in &touched {
            // Too few shared terms with the first member for `similar` to accept it: the
            // group cannot take the item (what the index counted, plus what it could not).
            let most_shared = (hits[g] - 1) as usize + unindexed;
            let small = items[groups[g][0]].terms.len().min(it.terms.len());
            if most_shared < least_shared(small) {
                continue;
            }
            compared.clear();
            let mut worst = f32::MAX;
            for &j in groups[g].iter().take(MAX_MEMBERS_COMPARED) {
                let x = &items[j];
                // Across articles, likeness follows from the terms alone (but for short quotes
                // with other terms, where shared claims decide).
                let by_terms = x.at.article != it.at.article
                    && (x.terms.len().min(it.terms.len()) > 2 || same_terms[j] == same_terms[i]);
                let known = if by_terms {
                    compared.iter().find(|c| c.0 == same_terms[j]).map(|c| c.1)
                } else {
                    None
                };
                let likeness = match known {
                    Some(l) => l,
                    None => {
                        let l = similar(x, it);
                        if by_terms {
                            compared.push((same_terms[j], l));
                        }
                        l
                    }
                };
                match likeness {
                    Some(s) => worst = worst.min(s),
                    None => continue 'groups,
                }
                if home.is_some_and(|(_, best)| worst < best) {
                    continue 'groups;
                }
            }
            if home.is_none_or(|(h, best)| worst > best || (worst == best && g > h)) {
                home = Some((g, worst));
            }
        }
        for &g in &touched {
            hits[g] = 0;
        }
        touched.clear();
        let home = home.map(|(g, _)| g);
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
    let mut persons: std::collections::HashMap<String, String> = std::collections::HashMap::new();
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
            // The same speaker as one person (the group's speaker, so the two never disagree).
            // Looked up once per speaker: a role held by many people costs each look-up as
            // many comparisons.
            let person = speaker.as_deref().map(|s| {
                persons
                    .entry(s.to_string())
                    .or_insert_with(|| people.person(s).unwrap_or_else(|| s.to_string()))
                    .clone()
            });
            let mut variants: Vec<QuoteVariant> = g
                .iter()
                .map(|&j| QuoteVariant {
                    at: items[j].at,
                    text: items[j].q.text.clone(),
                    span: items[j].q.span.clone(),
                })
                .collect();
            variants.sort_by_key(|v| (v.at, v.span.start));
            QuoteGroup {
                speaker,
                person,
                variants,
            }
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

    fn people(texts: &[&str]) -> People {
        People::from_texts(texts.iter().copied())
    }

    #[test]
    fn a_surname_and_a_stated_title_are_the_full_name() {
        let p = people(&[
            "Subsequently, Kazakh President Kassym-Jomart Tokayev turned to the CSTO.",
            "Russian President Vladimir Putin on Monday said that \"Maidan methods\" were used.",
            "The meeting was attended by Kazakhstan President Kassym-Jomart Tokayev's envoy.",
        ]);
        assert_eq!(
            p.person("Tokayev").as_deref(),
            Some("Kassym-Jomart Tokayev")
        );
        assert_eq!(
            p.person("Kazakh President").as_deref(),
            Some("Kassym-Jomart Tokayev")
        );
        assert_eq!(
            p.person("Kazakhstan President").as_deref(),
            Some("Kassym-Jomart Tokayev")
        );
        assert_eq!(p.person("Putin").as_deref(), Some("Vladimir Putin"));
        assert_eq!(
            p.person("Russian President").as_deref(),
            Some("Vladimir Putin")
        );
        // Two people are presidents here: the word alone names neither.
        assert_eq!(p.person("the president"), None);
        // Nothing states who the Kremlin is.
        assert_eq!(p.person("Kremlin"), None);
    }

    #[test]
    fn a_title_in_apposition_names_its_person() {
        let p = people(&[
            "Kassym-Jomart Tokayev addressed the nation on Friday.",
            "Tokayev, the president, said order had been restored.",
            "Putin, the Russian leader, spoke later.",
        ]);
        assert_eq!(
            p.person("the president").as_deref(),
            Some("Kassym-Jomart Tokayev")
        );
        assert_eq!(p.person("the Russian leader").as_deref(), Some("Putin"));
        // Without a text saying so, a role names nobody.
        assert_eq!(people(&["Tokayev spoke."]).person("the president"), None);
    }

    #[test]
    fn two_named_people_are_never_merged() {
        let p = people(&[
            "Former President George Bush spoke first.",
            "Governor Jeb Bush followed him.",
            "President Joe Biden and President Emmanuel Macron met.",
        ]);
        assert_eq!(p.person("Bush"), None, "two Bushes");
        assert_eq!(p.person("President"), None, "two presidents");
        assert_eq!(p.person("Governor").as_deref(), Some("Jeb Bush"));
        assert_eq!(p.person("Biden").as_deref(), Some("Joe Biden"));
        // A sentence's first word taken once for a first name does not hide the real one.
        let p = people(&[
            "Vladimir Putin spoke.",
            "Vladimir Putin said more.",
            "Vladimir Putin agreed.",
            "Meanwhile Putin left.",
        ]);
        assert_eq!(p.person("Putin").as_deref(), Some("Vladimir Putin"));
    }

    #[test]
    fn roles_and_possessives_are_not_part_of_a_name() {
        let p = people(&[
            "Openweb CEO Keoma Wright said the outage was over.",
            "Kraft Food's Susan Davison declined to comment.",
            "EU Commissioner Olli Rehn spoke in Brussels.",
        ]);
        assert_eq!(p.person("Wright").as_deref(), Some("Keoma Wright"));
        assert_eq!(p.person("Davison").as_deref(), Some("Susan Davison"));
        assert_eq!(p.person("Rehn").as_deref(), Some("Olli Rehn"));
        assert_eq!(p.person("the commissioner").as_deref(), Some("Olli Rehn"));
    }

    #[test]
    fn seed_speakers_are_unified() {
        let corpus = crate::corpus::load(
            &[crate::corpus::seeds_dir().display().to_string()],
            &crate::corpus::LoadOptions::default(),
        );
        let an = crate::claims::analyse(&corpus.articles, &|_| {});
        let person_of = |speaker: &str| {
            an.quotes
                .iter()
                .find(|q| q.speaker.as_deref() == Some(speaker))
                .and_then(|q| q.person.clone())
        };
        assert_eq!(
            person_of("Kazakh President").as_deref(),
            Some("Kassym-Jomart Tokayev")
        );
        assert_eq!(
            person_of("Tokayev").as_deref(),
            Some("Kassym-Jomart Tokayev")
        );
        assert_eq!(person_of("Putin").as_deref(), Some("Vladimir Putin"));
        assert_eq!(person_of("Kremlin").as_deref(), Some("Kremlin"));
    }
}
