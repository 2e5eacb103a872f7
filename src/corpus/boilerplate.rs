//! Page furniture: which sentences are navigation, markup residue, captions, footers,
//! bylines, date lines or a repeated title. Judged by general cues (length, punctuation,
//! position, repetition, furniture vocabulary); sentences are flagged, never deleted.

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;

use super::{Boilerplate, Sentence};

/// Words of navigation crumbs and menus.
const NAV_WORDS: &[&str] = &[
    "all",
    "news",
    "home",
    "more",
    "menu",
    "search",
    "latest",
    "top",
    "stories",
    "story",
    "world",
    "politics",
    "business",
    "sport",
    "sports",
    "opinion",
    "video",
    "videos",
    "photos",
    "gallery",
    "live",
    "share",
    "tweet",
    "email",
    "print",
    "comments",
    "comment",
    "subscribe",
    "login",
    "log",
    "in",
    "sign",
    "up",
    "register",
    "advertisement",
    "advertising",
    "sponsored",
    "related",
    "articles",
    "article",
    "read",
    "next",
    "previous",
    "back",
    "to",
    "skip",
    "content",
    "main",
    "navigation",
    "trending",
    "most",
    "popular",
    "follow",
    "us",
    "contact",
    "about",
    "the",
    "and",
    "&",
    "page",
    "section",
    "topics",
    "tags",
    "breaking",
    "headlines",
    "feed",
    "rss",
    "close",
    "open",
    "toggle",
    "español",
    "english",
    "edition",
    "listen",
    "watch",
    "view",
    "en",
];

/// Phrases of site footers and sharing furniture (matched lower-cased).
const FOOTER_PHRASES: &[&str] = &[
    "can also be accessed at",
    "all rights reserved",
    "follow us on",
    "sign up for our",
    "subscribe to our",
    "our newsletter",
    "click here",
    "terms of use",
    "terms of service",
    "privacy policy",
    "cookie policy",
    "download our app",
    "share this article",
    "share on facebook",
    "share on twitter",
    "join our telegram",
    "reproduction in whole or in part",
    "please enable javascript",
    "this article was originally published",
];

/// Phrases that mark a picture caption or credit (matched lower-cased).
const CAPTION_STARTS: &[&str] = &[
    "file photo",
    "file picture",
    "file image",
    "photo:",
    "photo by",
    "photograph:",
    "photograph by",
    "photos:",
    "image:",
    "picture:",
    "pictured:",
    "caption:",
    "(photo",
    "[photo",
    "image source",
    "image credit",
    "image caption",
    "image copyright",
    "photo credit",
    "photo courtesy",
];

const CAPTION_CONTAINS: &[&str] = &[
    "image source:",
    "photo credit:",
    "getty images",
    "afp photo",
    "(ap photo",
    "ap photo/",
    "reuters/",
    "/reuters",
    "/ reuters",
    "/ afp",
    "/afp",
    "shutterstock",
    "image copyright",
];

/// Position markers of photo captions: "(L)", "(2nd R)", "(centre)" (matched as written).
const POSITION_MARKERS: &[&str] = &[
    "(L)", "(R)", "(C)", "(L-R)", "(R-L)", "(L to R)", "(2nd L)", "(2nd R)", "(3rd L)", "(3rd R)",
    "(left)", "(right)", "(center)", "(centre)", "(front)", "(top)", "(bottom)",
];

/// Credit labels: a short line with one of these followed by `:` is a picture credit.
const CREDIT_LABELS: &[&str] = &["source", "credit", "credits", "photo", "image", "courtesy"];

/// Words that may stand beside a date on a date line.
const DATE_WORDS: &[&str] = &[
    "updated",
    "update",
    "published",
    "posted",
    "last",
    "modified",
    "originally",
    "first",
    "created",
    "date",
    "time",
    "at",
    "on",
    "am",
    "pm",
    "a",
    "m",
    "p",
    "gmt",
    "utc",
    "edt",
    "est",
    "bst",
    "cet",
    "cest",
    "msk",
    "ist",
    "et",
    "pt",
    "pst",
    "pdt",
    "cst",
    "cdt",
    "mst",
    "mdt",
    "jst",
    "hrs",
    "h",
    "of",
    "th",
    "st",
    "nd",
    "rd",
    "release",
    "for",
    "immediate",
];

/// True when `s` ends with sentence punctuation (before any closing quotes).
fn has_final_punctuation(s: &str) -> bool {
    let t = s.trim_end_matches(['"', '\'', ')', '\u{201D}', '\u{2019}', ' ']);
    t.ends_with(['.', '!', '?', '\u{2026}', ';'])
}

/// Word tokens of a display string: runs of letters, digits and apostrophes.
fn tokens(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}' || c == '&'))
        .filter(|t| !t.is_empty())
}

fn is_month(lower: &str) -> bool {
    crate::text::month(lower).is_some()
}

/// True for a line holding only a date (and time, and words such as "Updated"), or a
/// dateline such as "MOSCOW, January 10. /TASS/.".
pub fn is_date_line(s: &str) -> bool {
    let mut digits = 0;
    let mut months = 0;
    let mut caps = 0;
    let mut n = 0;
    for t in tokens(s) {
        n += 1;
        if n > 16 {
            return false;
        }
        let mut buf = [0u8; 32];
        let owned;
        let lower: &str = match ascii_lower(t, &mut buf) {
            Some(l) => l,
            None => {
                owned = t.to_lowercase();
                &owned
            }
        };
        let numeric = t.bytes().all(|b| b.is_ascii_digit())
            || (t.len() > 2
                && t.as_bytes()[0].is_ascii_digit()
                && ["st", "nd", "rd", "th", "am", "pm"]
                    .iter()
                    .any(|suffix| lower.ends_with(suffix)));
        if numeric {
            digits += 1;
        } else if is_month(lower) {
            months += 1;
        } else if crate::text::weekday(lower) || DATE_WORDS.contains(&lower) {
        } else if t.chars().count() >= 2 && t.chars().all(|c| c.is_uppercase()) {
            // A place or agency in capitals, as in "MOSCOW, January 10. /TASS/."
            caps += 1;
        } else {
            return false;
        }
    }
    if caps > 0 {
        return months > 0 && digits > 0 && caps <= 3;
    }
    digits > 0 && (months > 0 || digits >= 2)
}

/// Words whose presence makes a footer phrase possible.
fn is_footer_trigger(t: &str) -> bool {
    matches!(
        t,
        "accessed"
            | "reserved"
            | "follow"
            | "sign"
            | "subscribe"
            | "newsletter"
            | "click"
            | "terms"
            | "privacy"
            | "cookie"
            | "download"
            | "share"
            | "telegram"
            | "reproduction"
            | "javascript"
            | "originally"
    )
}

/// Words whose presence makes a caption or credit cue possible.
fn is_caption_trigger(t: &str) -> bool {
    matches!(
        t,
        "file"
            | "photo"
            | "photos"
            | "photograph"
            | "image"
            | "picture"
            | "pictured"
            | "caption"
            | "getty"
            | "afp"
            | "ap"
            | "reuters"
            | "shutterstock"
            | "copyright"
            | "credit"
            | "source"
            | "courtesy"
    )
}

/// Cheap facts about a line, gathered in one pass, that decide which cues are worth testing.
struct Cues {
    words: usize,
    first: Range<usize>,
    footer_word: bool,
    caption_word: bool,
    markup_char: bool,
    crumb_char: bool,
    colon: bool,
}

impl Cues {
    fn of(lower: &str) -> Cues {
        let mut c = Cues {
            words: 0,
            first: 0..0,
            footer_word: false,
            caption_word: false,
            markup_char: false,
            crumb_char: false,
            colon: false,
        };
        let mut start = None;
        let on_token = |c: &mut Cues, r: Range<usize>| {
            let t = &lower[r.clone()];
            if c.words == 0 {
                c.first = r;
            }
            c.words += 1;
            c.footer_word |= is_footer_trigger(t);
            c.caption_word |= is_caption_trigger(t);
        };
        for (i, ch) in lower.char_indices() {
            if ch.is_alphanumeric() || ch == '\'' || ch == '\u{2019}' || ch == '&' {
                start.get_or_insert(i);
                if ch == '&' {
                    c.markup_char = true;
                }
                continue;
            }
            if let Some(st) = start.take() {
                on_token(&mut c, st..i);
            }
            match ch {
                '<' | '{' | '}' | '=' => c.markup_char = true,
                '>' => {
                    c.markup_char = true;
                    c.crumb_char = true;
                }
                '/' | '|' | '\u{bb}' | '\u{203a}' | '\u{2022}' => c.crumb_char = true,
                ':' => c.colon = true,
                '\u{a9}' => c.footer_word = true,
                _ => {}
            }
        }
        if let Some(st) = start {
            on_token(&mut c, st..lower.len());
        }
        c
    }
}

/// `s` lower-cased into `buf` when it is ASCII and fits: most lines, without allocating.
fn ascii_lower<'b>(s: &str, buf: &'b mut [u8]) -> Option<&'b str> {
    if s.len() > buf.len() || !s.is_ascii() {
        return None;
    }
    let out = &mut buf[..s.len()];
    out.copy_from_slice(s.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).ok()
}

/// Intrinsic cues on one line of text (a sentence or a whole short paragraph).
pub fn classify(s: &str) -> Option<Boilerplate> {
    // Lines over 400 bytes are never classified by `flag`; the buffer covers them all.
    let mut buf = [0u8; 512];
    let owned;
    let lower: &str = match ascii_lower(s, &mut buf) {
        Some(l) => l,
        None => {
            owned = s.to_lowercase();
            &owned
        }
    };
    let cues = Cues::of(lower);
    let words = cues.words;
    let trimmed = lower.trim_start();
    // Markup and tracking residue, bare URLs.
    if trimmed.starts_with('<')
        || trimmed.starts_with("!--")
        || ["http://", "https://", "http: /", "https: /", "www."]
            .iter()
            .any(|p| trimmed.starts_with(p))
        || (cues.markup_char
            && [
                "-->",
                "<!--",
                "</",
                "<script",
                "gtag(",
                "datalayer",
                "function(",
                "&nbsp;",
            ]
            .iter()
            .any(|p| lower.contains(p)))
    {
        return Some(Boilerplate::Markup);
    }
    let punctuated = has_final_punctuation(s);
    if words <= 16 && (!punctuated || cues.crumb_char) && is_date_line(s) {
        return Some(Boilerplate::Dateline);
    }
    // Navigation crumbs: short segments between separators.
    if cues.crumb_char && !punctuated && words <= 12 {
        let seps = [" / ", " > ", " \u{bb} ", " | ", " \u{203a} ", " \u{2022} "];
        if seps.iter().any(|p| lower.contains(p)) {
            let segments = lower.split(['/', '>', '\u{bb}', '|', '\u{203a}', '\u{2022}']);
            if segments.clone().all(|seg| tokens(seg).count() <= 3) && segments.count() >= 2 {
                return Some(Boilerplate::Navigation);
            }
        }
    }
    if !punctuated && (1..=5).contains(&words) && tokens(lower).all(|t| NAV_WORDS.contains(&t)) {
        return Some(Boilerplate::Navigation);
    }
    // Captions and picture credits.
    if cues.caption_word
        && (CAPTION_STARTS.iter().any(|p| trimmed.starts_with(p))
            || (words <= 40 && CAPTION_CONTAINS.iter().any(|p| lower.contains(p))))
    {
        return Some(Boilerplate::Caption);
    }
    if words <= 8
        && !punctuated
        && cues.colon
        && lower.match_indices(':').any(|(i, _)| {
            let before = lower[..i].trim_end();
            CREDIT_LABELS.contains(&before.rsplit(' ').next().unwrap_or(before))
        })
    {
        return Some(Boilerplate::Caption);
    }
    // Footers.
    if words <= 40
        && cues.footer_word
        && (FOOTER_PHRASES.iter().any(|p| lower.contains(p)) || lower.contains('\u{a9}'))
    {
        return Some(Boilerplate::Footer);
    }
    // Bylines: "By Jane Doe", "Reporting by ...".
    let first = &lower[cues.first.clone()];
    if matches!(
        first,
        "by" | "written" | "reporting" | "reported" | "edited" | "editing" | "author"
    ) && ((words <= 10 && !s.trim_end().ends_with('.')) || lower.starts_with("(reporting by"))
    {
        for p in [
            "by ",
            "written by ",
            "reporting by ",
            "reported by ",
            "edited by ",
            "editing by ",
            "author: ",
            "(reporting by",
        ] {
            if let Some(rest) = trimmed.strip_prefix(p) {
                let orig = s.trim_start().get(p.len()..).unwrap_or("");
                if p.starts_with('(') || starts_upper(orig) && !rest.is_empty() {
                    return Some(Boilerplate::Byline);
                }
            }
        }
    }
    None
}

/// False when joining these sentences (each without a cue of its own) cannot make one: each
/// ends like prose, so no cue phrase runs across the join, and none holds a character that
/// markup, crumbs, credits, dates or captions need, nor opens like a byline.
fn joined_may_cue(sentences: &[Sentence]) -> bool {
    sentences.iter().any(|s| {
        !s.text.is_ascii()
            || !has_final_punctuation(&s.text)
            || s.text.bytes().any(|b| {
                matches!(
                    b,
                    b'<' | b'{' | b'}' | b'=' | b'>' | b'&' | b'/' | b'|' | b':' | b'('
                )
            })
    }) || sentences.first().is_some_and(|s| {
        let first = tokens(&s.text).next().unwrap_or("");
        [
            "by",
            "written",
            "reporting",
            "reported",
            "edited",
            "editing",
            "author",
        ]
        .iter()
        .any(|w| first.eq_ignore_ascii_case(w))
    })
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// True for a photo description: a position marker ("(L)", "(centre)") in a paragraph that
/// does not end like prose.
fn is_photo_description(s: &str) -> bool {
    !has_final_punctuation(s) && POSITION_MARKERS.iter().any(|m| s.contains(m))
}

/// True for a picture credit line ("IMAGE SOURCE: KREMLIN", "Photo: AFP"), given that
/// [`classify`] called it a caption.
fn is_credit(s: &str) -> bool {
    s.len() <= 100 && tokens(s).count() <= 8
}

/// Two to four capitalised words and nothing else: a person's name.
fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            starts_upper(w)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '.' || c == '\'')
                && !NAV_WORDS.contains(&w.to_lowercase().as_str())
        })
}

/// Folded form for comparing lines: lower case, letters and digits only.
pub fn fold_line(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Articles from this many sentences have them judged on all cores.
const PARALLEL_FLAGS_FROM: usize = 1024;

/// Flags the sentences of one article (in order, each with its paragraph's number).
/// `title_sentence` is the sentence serving as title (kept), if the title came from the body;
/// `title` is the title's display text.
pub fn flag(sentences: &mut [Sentence], title: &str, title_sentence: Option<usize>) {
    flag_with(sentences, title, title_sentence, None);
}

/// How often a folded heading line (see [`fold_line`]) occurs among an article's headings,
/// the title sentence and lines equal to the title apart. Given when [`flag_with`] sees only
/// part of an article's sentences.
pub type HeadingRepeats<'a> = &'a dyn Fn(&str) -> usize;

/// [`flag`], with the repeats of heading lines counted over the whole article by `repeats`
/// when `sentences` are only some of its sentences (each paragraph's sentences complete, the
/// paragraph numbers the article's).
pub fn flag_with(
    sentences: &mut [Sentence],
    title: &str,
    title_sentence: Option<usize>,
    repeats: Option<HeadingRepeats>,
) {
    // The range of each paragraph's sentences, paragraphs in order: as long as the sentences,
    // whatever the article's number of paragraphs (a query-first load holds a few sentences
    // of a very long text).
    let para_sents = crate::util::runs_by(sentences, |s| s.paragraph);

    // Each sentence on its own (spread over threads for a very long text).
    let own_kind = |s: &Sentence| {
        if s.text.len() <= 400 {
            classify(&s.text)
        } else {
            None
        }
    };
    let own: Vec<Option<Boilerplate>> = if sentences.len() >= PARALLEL_FLAGS_FROM {
        sentences.par_iter().map(own_kind).collect()
    } else {
        sentences.iter().map(own_kind).collect()
    };

    // 1. Each line on its own; short paragraphs also judged whole (a caption or a date line
    // can run over two sentences). Each paragraph's kind is found on its own (side by side
    // for a very long text), then set.
    let para_kind = |r: &Range<usize>, joined: &mut String| {
        let r = r.clone();
        if r.len() == 1 {
            let text = &sentences[r.start].text;
            if text.len() > 400 {
                return None;
            }
            let kind = own[r.start];
            if kind.is_none() && text.contains('(') && is_photo_description(text) {
                return Some(Boilerplate::Caption);
            }
            return kind;
        }
        if r.len() > 3 {
            return None;
        }
        let len = sentences[r.clone()]
            .iter()
            .map(|s| s.text.len() + 1)
            .sum::<usize>()
            - 1;
        if len > 400
            || own[r.clone()].iter().all(Option::is_none) && !joined_may_cue(&sentences[r.clone()])
        {
            // Too long to be furniture; or no sentence has a cue and none can appear where
            // they meet: nothing to find.
            return None;
        }
        joined.clear();
        for (i, s) in sentences[r].iter().enumerate() {
            if i > 0 {
                joined.push(' ');
            }
            joined.push_str(&s.text);
        }
        let kind = classify(joined);
        if kind.is_none() && joined.contains('(') && is_photo_description(joined) {
            return Some(Boilerplate::Caption);
        }
        kind
    };
    let kinds: Vec<Option<Boilerplate>> = if sentences.len() >= PARALLEL_FLAGS_FROM {
        para_sents
            .par_iter()
            .map_init(String::new, |joined, r| para_kind(r, joined))
            .collect()
    } else {
        let mut joined = String::new();
        para_sents
            .iter()
            .map(|r| para_kind(r, &mut joined))
            .collect()
    };
    let mut credit_paras = Vec::new();
    for (k, (r, kind)) in para_sents.iter().zip(kinds).enumerate() {
        let r = r.clone();
        if kind.is_some() {
            if r.len() == 1
                && kind == Some(Boilerplate::Caption)
                && is_credit(&sentences[r.start].text)
            {
                credit_paras.push(k);
            }
            for s in &mut sentences[r] {
                s.boilerplate = kind;
            }
        } else if r.len() > 1 {
            // Sentence by sentence: a dateline opening a paragraph, a footer sentence.
            for i in r {
                if sentences[i].text.len() <= 300 {
                    sentences[i].boilerplate = own[i];
                }
            }
        }
    }
    // A short paragraph right before a picture credit, not ending like prose or holding a
    // position marker, is the picture's caption.
    for &k in &credit_paras {
        if k == 0 {
            continue;
        }
        let r = para_sents[k - 1].clone();
        let len: usize = sentences[r.clone()].iter().map(|s| s.text.len()).sum();
        let last = &sentences[r.end - 1].text;
        let caption_like = !has_final_punctuation(last)
            || sentences[r.clone()]
                .iter()
                .any(|s| POSITION_MARKERS.iter().any(|m| s.text.contains(m)));
        if r.len() <= 3 && len <= 300 && caption_like && Some(r.start) != title_sentence {
            for s in &mut sentences[r] {
                if s.boilerplate.is_none() {
                    s.boilerplate = Some(Boilerplate::Caption);
                }
            }
        }
    }

    // 3. The title repeated in the body; short lines repeated within the article.
    let title_fold = fold_line(title);
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, s) in sentences.iter_mut().enumerate() {
        if Some(i) == title_sentence || !s.heading {
            continue;
        }
        let f = fold_line(&s.text);
        if f.is_empty() {
            continue;
        }
        if f == title_fold {
            s.boilerplate.get_or_insert(Boilerplate::RepeatedTitle);
        } else {
            *seen.entry(f).or_default() += 1;
        }
    }
    let repeated = |f: &str| match repeats {
        Some(count) => count(f) > 1,
        None => seen.get(f).is_some_and(|&n| n > 1),
    };
    if repeats.is_some() && !seen.is_empty() || seen.values().any(|&n| n > 1) {
        for (i, s) in sentences.iter_mut().enumerate() {
            if Some(i) != title_sentence
                && s.heading
                && s.boilerplate.is_none()
                && repeated(&fold_line(&s.text))
            {
                s.boilerplate = Some(Boilerplate::Navigation);
            }
        }
    }

    // 4. Trailing lines: short unpunctuated lines closing the article are bylines (a name)
    // or footer furniture.
    let mut footer_below = false;
    for r in para_sents.iter().rev().take(4) {
        let r = r.clone();
        let all_flagged = sentences[r.clone()].iter().all(|s| s.boilerplate.is_some());
        if all_flagged {
            footer_below |= sentences[r.clone()]
                .iter()
                .any(|s| s.boilerplate == Some(Boilerplate::Footer));
            continue;
        }
        if r.len() != 1 || Some(r.start) == title_sentence {
            break;
        }
        let s = &mut sentences[r.start];
        let words = tokens(&s.text).count();
        if !s.heading || words > 6 {
            break;
        }
        s.boilerplate = Some(if looks_like_name(&s.text) && !footer_below {
            Boilerplate::Byline
        } else {
            Boilerplate::Footer
        });
    }
    // Lines after a footer are footer too ("Press TV News Roku" after "can also be accessed").
    if let Some(first_footer) = sentences
        .iter()
        .position(|s| s.boilerplate == Some(Boilerplate::Footer))
    {
        let footer_para = sentences[first_footer].paragraph;
        if para_sents
            .iter()
            .rev()
            .take(4)
            .any(|r| sentences[r.start].paragraph == footer_para)
        {
            for s in &mut sentences[first_footer..] {
                if s.boilerplate.is_none() && s.heading {
                    s.boilerplate = Some(Boilerplate::Footer);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_lines() {
        for s in [
            "January 11, 2022",
            "May 03, 2013",
            "UPDATED 05 / 03 / 2013 at 11: 00 AM EDT",
            "PUBLISHED: WEDNESDAY, MARCH 13, 2013, 12: 38 AM",
            "MOSCOW, January 10. /TASS/.",
            "11 January 2022",
            "2022-01-11",
        ] {
            assert!(is_date_line(s), "{s}");
        }
        for s in [
            "Protests erupted on January 2.",
            "2,030 troops",
            "NATO met on Monday",
            "Sixteen security forces were killed in the protests.",
        ] {
            assert!(!is_date_line(s), "{s}");
        }
    }

    #[test]
    fn furniture_lines_are_classified() {
        use Boilerplate::*;
        for (s, want) in [
            ("All news", Navigation),
            (
                "News \u{a0} / \u{a0} More \u{a0} / \u{a0} Russia",
                Navigation,
            ),
            ("Home > World > Europe", Navigation),
            ("Share", Navigation),
            ("!-- Google tag (gtag.js) -->", Markup),
            ("<script>window.dataLayer = []</script>", Markup),
            ("http: / / articles. latimes. com / 2013 / may / 03", Markup),
            ("IMAGE SOURCE: KREMLIN", Caption),
            ("Photo: Reuters", Caption),
            (
                "File photo of Kazakh security forces trying to counter violent protesters",
                Caption,
            ),
            (
                "Press TV\u{2019}s website can also be accessed at the following alternate addresses:",
                Footer,
            ),
            ("\u{a9} 2022 Example Media. All rights reserved.", Footer),
            ("By Jane Doe", Byline),
            ("January 11, 2022", Dateline),
        ] {
            assert_eq!(classify(s), Some(want), "{s}");
        }
    }

    #[test]
    fn claim_sentences_are_not_classified() {
        for s in [
            "According to the President, 2,030 troops and 250 units of equipment of the CSTO peacekeeping mission are currently deployed in the country.",
            "Sixteen security forces were killed in the protests, while the number of civilian casualties is being established.",
            "The Ministry of Internal Affairs of Kazakhstan reported the detention of almost 8,000 people.",
            "Russian President Vladimir Putin on Monday said that \"Maidan methods\" were used in Kazakhstan.",
            "By the morning of January 7, order was restored.",
            "Kazakh President said country weathered an attempted coup",
            "Putin says Russia-led alliance will foil foreign plots to stoke unrest in Kazakhstan",
            "Protests then engulfed other parts of the country.",
        ] {
            assert_eq!(classify(s), None, "{s}");
        }
    }

    #[test]
    fn names_look_like_names() {
        assert!(looks_like_name("Bohdan Marusyak"));
        assert!(!looks_like_name("All news"));
        assert!(!looks_like_name(
            "Kazakh President said country weathered an attempted coup"
        ));
    }
}
