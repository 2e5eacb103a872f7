//! Query words and how one of them matches one distinct word of the corpus: exact, spelling or
//! number equivalent, prefix, inside the word, across two adjacent words, fuzzy (SkimMatcherV2),
//! one typo, or another form of the word (the same stem). Everything here works on folded text and char indices; `mod.rs` turns those into
//! byte ranges of the sentence.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::text;

/// Score of a word equal to the query word.
pub(super) const EXACT: u16 = 1000;
/// Score of a spelling variant ("colour"/"color") or the same number ("sixteen"/"16").
pub(super) const EQUIVALENT: u16 = 950;
/// Base score of a query word that starts a longer word ("tokay" in "Tokayev"); up to +200.
const PREFIX: u16 = 700;
/// Base score of a query word inside a longer word; up to +100.
const INNER: u16 = 500;
/// Score of a query word running across two adjacent words ("kassymjomart").
pub(super) const CROSS: u16 = 450;
/// Base score of a fuzzy match (letters missing from the query); up to +250 from skim's score.
const FUZZY: u16 = 100;
/// Score of a word one typo (substitution, transposition, extra letter) away.
const TYPO: u16 = 120;
/// Score of another form of the query word ("training" for "trained"): the same stem, below
/// every match of the written form.
pub(super) const STEM: u16 = 80;

/// Query words longer than this never run across two words (the split masks are `u32`).
const MAX_CROSS_CHARS: usize = 31;

/// One distinct word of the corpus, as the index keeps it.
#[derive(Debug, Clone)]
pub(super) struct VocabWord {
    /// Folded (quotes, diacritics), case kept.
    pub surface: Box<str>,
    /// `surface` lower-cased char by char, so char `i` of one is char `i` of the other.
    pub lower: Box<str>,
    /// Spelling-canonical form ("color", "kazakhstan" for "Kazakhstan's").
    pub norm: Box<str>,
    /// The number it names, as digits or as a number word.
    pub num: Option<u64>,
    /// Its stem (`text::stem` of `norm`), when that differs from `norm`.
    pub stem: Option<Box<str>>,
    /// Length in chars.
    pub chars: u32,
}

impl VocabWord {
    /// Builds the entry for a folded word (see [`fold_word`]).
    pub fn new(surface: &str) -> VocabWord {
        let lower = lower_same_length(surface);
        let norm = text::canonical(&lower);
        let num = number_of(&norm);
        let stem = text::stem(&norm);
        VocabWord {
            chars: surface.chars().count() as u32,
            surface: surface.into(),
            lower: lower.into(),
            stem: (stem != norm).then(|| stem.into()),
            norm: norm.into(),
            num,
        }
    }

    /// The stem, which is `norm` itself for a word without an ending.
    fn stem(&self) -> &str {
        self.stem.as_deref().unwrap_or(&self.norm)
    }

    fn text(&self, case_sensitive: bool) -> &str {
        if case_sensitive {
            &self.surface
        } else {
            &self.lower
        }
    }
}

/// Folds a word of the original text char by char (`text::fold_char`), keeping case.
/// Returns `None` when the word is already its own fold (plain ASCII), to save a copy.
pub(super) fn fold_word(word: &str) -> Option<String> {
    if word.is_ascii() {
        return None;
    }
    Some(word.chars().filter_map(text::fold_char).collect())
}

/// Lower-cases char by char, keeping a char whose lower case is several chars, so that char
/// indices stay aligned with the input.
fn lower_same_length(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars()
        .map(|c| {
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(one), None) => one,
                _ => c,
            }
        })
        .collect()
}

/// The number a canonical word names: "16", "2,030", "sixteen", "twenty-five".
fn number_of(norm: &str) -> Option<u64> {
    if norm.bytes().all(|b| b.is_ascii_digit()) {
        return norm.parse().ok();
    }
    text::number_word(norm)
}

/// One word of the query, prepared for matching.
#[derive(Debug, Clone)]
pub(super) struct Term {
    /// What is compared: the folded word, lower-cased unless the query is case-sensitive.
    pub pat: String,
    /// `pat` as chars.
    pub pat_chars: Vec<char>,
    /// Byte offset in `pat` of each char, plus `pat.len()` at the end.
    pub char_bytes: Vec<usize>,
    /// Spelling-canonical lower-case form.
    pub norm: String,
    /// The number it names.
    pub num: Option<u64>,
    /// The stem other forms of the word share (`text::stem` of `norm`); `None` for numbers,
    /// one- and two-letter words, and stems under three letters.
    pub stem: Option<String>,
    /// Smart case: the query holds an upper-case letter.
    pub case_sensitive: bool,
    /// One or two chars, or a number: matched literally, never fuzzily.
    pub literal: bool,
    /// Written in digits: matches a number, or the start of one ("201" while typing "2016"),
    /// never digits inside a longer number ("10" does not find "2010").
    pub number: bool,
}

impl Term {
    /// Splits a query into terms, by the same word rule as the sentences.
    pub fn parse(query: &str) -> Vec<Term> {
        let case_sensitive = query.chars().any(char::is_uppercase);
        text::word_ranges(query)
            .map(|r| {
                let raw = &query[r];
                let surface = fold_word(raw).unwrap_or_else(|| raw.to_string());
                let lower = lower_same_length(&surface);
                let norm = text::canonical(&lower);
                let num = number_of(&norm);
                let pat = if case_sensitive { surface } else { lower };
                let pat_chars: Vec<char> = pat.chars().collect();
                let mut char_bytes: Vec<usize> = pat.char_indices().map(|(i, _)| i).collect();
                char_bytes.push(pat.len());
                let number = norm.starts_with(|c: char| c.is_ascii_digit());
                let literal = pat_chars.len() <= 2 || number;
                let stem = (!literal && num.is_none())
                    .then(|| text::stem(&norm))
                    .filter(|s| s.len() >= 3);
                Term {
                    pat,
                    pat_chars,
                    char_bytes,
                    norm,
                    num,
                    stem,
                    case_sensitive,
                    literal,
                    number,
                }
            })
            .collect()
    }

    /// The cache key: the same key means the same matches.
    pub fn key(&self) -> String {
        format!("{}{}", u8::from(self.case_sensitive), self.pat)
    }

    /// Whether this term may run across two adjacent words.
    pub fn crosses(&self) -> bool {
        !self.literal && (4..=MAX_CROSS_CHARS).contains(&self.pat_chars.len())
    }
}

/// Which chars of a word a term matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Matched {
    /// The whole word (exact, spelling variant, number).
    Whole,
    /// These char indices of the word.
    Chars(Vec<usize>),
}

/// How well `term` matches `word`, and which chars; `None` when it does not.
pub(super) fn match_word(
    term: &Term,
    word: &VocabWord,
    skim: &SkimMatcherV2,
) -> Option<(u16, Matched)> {
    let text = word.text(term.case_sensitive);
    if text == term.pat {
        return Some((EXACT, Matched::Whole));
    }
    if (*word.norm == term.norm && case_fits(term, word))
        || (term.num.is_some() && word.num == term.num)
    {
        return Some((EQUIVALENT, Matched::Whole));
    }
    // Another form of the word: the lowest score, for when the written form does not match.
    let inflected = term
        .stem
        .as_deref()
        .is_some_and(|s| s == word.stem() && case_fits(term, word))
        .then_some((STEM, Matched::Whole));
    let q = term.pat_chars.len();
    let n = word.chars as usize;
    if let Some(byte) = text.find(term.pat.as_str())
        && !(term.number && byte > 0)
    {
        let at = if text.is_ascii() {
            byte
        } else {
            text[..byte].chars().count()
        };
        let score = if at == 0 {
            PREFIX + (200 * q / n.max(1)) as u16
        } else {
            INNER + (100 * q / n.max(1)) as u16
        };
        return Some((score, Matched::Chars((at..at + q).collect())));
    }
    if term.literal || q < 4 {
        return inflected;
    }
    if starts_subsequence(&term.pat_chars, text)
        && let Some((score, indices)) = skim.fuzzy_indices(text, &term.pat)
        && indices.first() == Some(&0)
        && indices.last().is_some_and(|&l| l < q + (q / 3).max(2))
    {
        return Some((FUZZY + score.clamp(0, 250) as u16, Matched::Chars(indices)));
    }
    // One typo: the whole word, or its beginning while the query is still being typed.
    // From four letters on, only two swapped neighbours ("frod"): any other single edit of a
    // short word reaches too many others ("ford" -> "form", "fort", "lord", "word").
    if q >= 4 && n + 1 >= q {
        let len = if text.is_ascii() && term.pat.is_ascii() {
            typo_len(term, term.pat.as_bytes(), text.as_bytes())
        } else {
            let chars: Vec<char> = text.chars().collect();
            typo_len(term, &term.pat_chars, &chars)
        };
        if let Some(len) = len {
            return Some((TYPO, Matched::Chars((0..len).collect())));
        }
    }
    inflected
}

/// Smart case for spelling variants: where the two agree ignoring case, they must agree with it.
fn case_fits(term: &Term, word: &VocabWord) -> bool {
    !term.case_sensitive
        || word
            .surface
            .chars()
            .zip(&term.pat_chars)
            .take_while(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
            .all(|(a, b)| a == *b)
}

/// Cheap pre-check for the fuzzy match: the word starts with the query's first char and holds
/// all of its chars in order within the allowed span.
fn starts_subsequence(pat: &[char], text: &str) -> bool {
    let limit = pat.len() + (pat.len() / 3).max(2);
    let mut want = pat.iter().peekable();
    for (i, c) in text.chars().enumerate().take(limit) {
        match want.peek() {
            Some(&&w) if w == c => {
                want.next();
            }
            Some(_) if i == 0 => return false,
            Some(_) => {}
            None => return true,
        }
    }
    want.peek().is_none()
}

/// True when `a` and `b` differ by at most one substitution, insertion, deletion or
/// transposition of neighbours (and are not equal).
/// How many leading chars of `word` are one typo away from the pattern (the whole word, or as
/// many chars as the pattern has), if any. Under smart case a difference of case alone is not
/// a typo.
fn typo_len<T: Copy + PartialEq + Into<char>>(term: &Term, pat: &[T], word: &[T]) -> Option<usize> {
    let q = pat.len();
    let typo = |part: &[T]| {
        (if q >= 5 {
            one_typo(pat, part)
        } else {
            swapped_neighbours(pat, part)
        }) && !(term.case_sensitive
            && part.len() == q
            && part.iter().zip(pat).all(|(&a, &b)| {
                let (a, b): (char, char) = (a.into(), b.into());
                a.to_lowercase().eq(b.to_lowercase())
            }))
    };
    if typo(word) {
        Some(word.len())
    } else if word.len() > q && typo(&word[..q]) {
        Some(q)
    } else {
        None
    }
}

/// True when `b` is `a` with two neighbouring chars swapped.
fn swapped_neighbours<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let Some(first) = a.iter().zip(b).position(|(x, y)| x != y) else {
        return false;
    };
    first + 1 < a.len()
        && a[first] == b[first + 1]
        && a[first + 1] == b[first]
        && a[first + 2..] == b[first + 2..]
}

fn one_typo<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let first = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if first == short.len() {
        return long.len() != short.len();
    }
    if short.len() == long.len() {
        // Substitution, or transposition of first and first+1.
        short[first + 1..] == long[first + 1..]
            || (first + 1 < short.len()
                && short[first] == long[first + 1]
                && short[first + 1] == long[first]
                && short[first + 2..] == long[first + 2..])
    } else {
        short[first..] == long[first + 1..]
    }
}

/// For a term that may run across two words: bit `k` set when the word ends with the term's
/// first `k` chars (`ends`) or starts with the rest (`starts`); both parts are two chars at least.
pub(super) fn cross_masks(term: &Term, word: &VocabWord) -> (u32, u32) {
    let text = word.text(term.case_sensitive);
    let q = term.pat_chars.len();
    let (Some(first), Some(last)) = (text.chars().next(), text.chars().next_back()) else {
        return (0, 0);
    };
    let (mut ends, mut starts) = (0u32, 0u32);
    for k in 2..=q.saturating_sub(2) {
        let split = term.char_bytes[k];
        if term.pat_chars[k - 1] == last && text.ends_with(&term.pat[..split]) {
            ends |= 1 << k;
        }
        if term.pat_chars[k] == first && text.starts_with(&term.pat[split..]) {
            starts |= 1 << k;
        }
    }
    (ends, starts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(query: &str, word: &str) -> Option<u16> {
        let term = &Term::parse(query)[0];
        let surface = fold_word(word).unwrap_or_else(|| word.to_string());
        match_word(term, &VocabWord::new(&surface), &SkimMatcherV2::default()).map(|m| m.0)
    }

    #[test]
    fn exact_beats_prefix_beats_inner_beats_fuzzy() {
        let exact = score("tokayev", "Tokayev").unwrap();
        let prefix = score("tokay", "Tokayev").unwrap();
        let inner = score("kayev", "Tokayev").unwrap();
        let fuzzy = score("tokayv", "Tokayev").unwrap();
        assert!(
            exact > prefix && prefix > inner && inner > fuzzy,
            "{exact} {prefix} {inner} {fuzzy}"
        );
    }

    #[test]
    fn fuzzy_needs_a_longer_word_and_a_close_fit() {
        assert_eq!(score("tkv", "Tokayev"), None);
        assert_eq!(score("tyv", "Tokayev"), None);
        // Letters scattered over a long word are not a typo.
        assert_eq!(score("inon", "international"), None);
        assert!(score("tokaev", "Tokayev").is_some());
    }

    #[test]
    fn four_letter_words_forgive_only_swapped_letters() {
        assert!(score("frod", "Ford").is_some());
        assert!(score("frod", "Fordham").is_some());
        assert_eq!(score("fird", "Ford"), None);
        assert_eq!(score("ford", "form"), None);
    }

    #[test]
    fn one_typo_is_forgiven_in_longer_words() {
        assert!(score("tokeyev", "Tokayev").is_some());
        assert!(score("toakyev", "Tokayev").is_some());
        assert_eq!(score("tokeyeb", "Tokayev"), None);
    }

    #[test]
    fn spelling_numbers_and_possessives_meet() {
        assert_eq!(score("colour", "color"), Some(EQUIVALENT));
        assert_eq!(score("sixteen", "16"), Some(EQUIVALENT));
        assert_eq!(score("16", "Sixteen"), Some(EQUIVALENT));
        assert_eq!(score("kazakhstan", "Kazakhstan\u{2019}s"), Some(EQUIVALENT));
        assert_eq!(score("cafe", "Caf\u{e9}"), Some(EXACT));
    }

    #[test]
    fn other_forms_score_below_every_match_of_the_written_form() {
        assert_eq!(score("trained", "training"), Some(STEM));
        assert_eq!(score("attempted", "attempt"), Some(STEM));
        assert_eq!(score("colored", "Colouring"), Some(STEM));
        let fuzzy = score("tokaev", "Tokayev").unwrap();
        let typo = score("tokeyev", "Tokayev").unwrap();
        assert!(STEM < fuzzy.min(typo), "{fuzzy} {typo}");
        // Forms of other words, and short or numeric query words, are not forms.
        assert_eq!(score("trained", "trainload"), None);
        for literal in ["us", "2016", "sixteen"] {
            assert_eq!(Term::parse(literal)[0].stem, None, "{literal}");
        }
    }

    #[test]
    fn smart_case() {
        assert!(score("Maidan", "Maidan").is_some());
        assert_eq!(score("Maidan", "maidan"), None);
        assert!(score("maidan", "MAIDAN").is_some());
    }

    #[test]
    fn split_masks_find_a_word_across_a_gap() {
        let term = &Term::parse("kassymjomart")[0];
        let (ends, _) = cross_masks(term, &VocabWord::new("Kassym"));
        let (_, starts) = cross_masks(term, &VocabWord::new("Jomart"));
        assert_ne!(ends & starts, 0);
        let (_, other) = cross_masks(term, &VocabWord::new("Tokayev"));
        assert_eq!(ends & other, 0);
    }

    #[test]
    fn typo_rule() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(one_typo(&c("abcde"), &c("abxde")));
        assert!(one_typo(&c("abcde"), &c("abdce")));
        assert!(one_typo(&c("abcde"), &c("abde")));
        assert!(one_typo(&c("abcde"), &c("abcdef")));
        assert!(!one_typo(&c("abcde"), &c("abcde")));
        assert!(!one_typo(&c("abcde"), &c("axcxe")));
    }
}
