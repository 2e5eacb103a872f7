//! Word wrap of an article into screen rows by display width (no terminal code: `app` caches
//! the rows, `view` draws them).
//!
//! Wrapping is done per (article, width, filter) by `App::update`, lazily from the top as far as
//! the reader has needed, and cached there; drawing only reads the rows. Each sentence starts on its own row so a row belongs to exactly one sentence, which
//! keeps the cursor, the claim badges and mouse hit-testing simple.

use std::borrow::Cow;
use std::ops::Range;

use finl_unicode::categories::CharacterCategories;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::corpus::Article;

/// What one screen row of a pane shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// One of the article's notices (index into `Article::notices`).
    Notice(usize),
    /// An empty row (between paragraphs).
    Blank,
    /// Part of a sentence.
    Text {
        /// Index of the sentence in the article.
        sentence: usize,
        /// Byte range of this row in `Sentence::text`.
        range: Range<usize>,
        /// True on the sentence's first row (where its gutter badge goes).
        first: bool,
    },
}

/// An article wrapped to a width, lazily: the rows of its sentences from the first on, as far
/// as the reader has needed them (a very long article is never wrapped whole to show its top).
#[derive(Debug, Clone, Default)]
pub struct Wrapped {
    /// The width in cells the rows were wrapped to.
    pub width: u16,
    /// The rows wrapped so far, top to bottom.
    pub rows: Vec<Row>,
    /// For each sentence, its rows; `None` when the sentence is hidden or not wrapped yet.
    pub sentence_rows: Vec<Option<Range<usize>>>,
    /// How many sentences are shown.
    pub shown: usize,
    /// For each sentence, whether it is shown.
    visible: Vec<bool>,
    /// For each sentence, how many shown sentences come before it.
    shown_before: Vec<u32>,
    /// The first sentence not wrapped yet.
    next: usize,
    /// The paragraph of the last sentence wrapped (a blank row goes between paragraphs).
    last_paragraph: Option<usize>,
}

impl Wrapped {
    /// An article to wrap at `width` cells, showing the sentences `visible` accepts; only its
    /// notices are laid out until rows are asked for.
    pub fn new(article: &Article, width: u16, visible: &dyn Fn(usize) -> bool) -> Wrapped {
        let mut rows: Vec<Row> = (0..article.notices.len()).map(Row::Notice).collect();
        if !article.notices.is_empty() {
            rows.push(Row::Blank);
        }
        let visible: Vec<bool> = (0..article.sentences.len()).map(visible).collect();
        let mut shown = 0;
        let shown_before = visible
            .iter()
            .map(|&v| {
                let before = shown as u32;
                shown += usize::from(v);
                before
            })
            .collect();
        Wrapped {
            width,
            rows,
            sentence_rows: vec![None; article.sentences.len()],
            shown,
            visible,
            shown_before,
            next: 0,
            last_paragraph: None,
        }
    }

    /// True once every sentence is wrapped (`rows` is then the whole article).
    pub fn complete(&self) -> bool {
        self.next >= self.visible.len()
    }

    /// Wraps on until sentence `sentence` is wrapped.
    pub fn wrap_through_sentence(&mut self, article: &Article, sentence: usize) {
        while self.next <= sentence && !self.complete() {
            self.wrap_next(article);
        }
    }

    /// Wraps on until there are more than `row` rows (or the article ends).
    pub fn wrap_through_row(&mut self, article: &Article, row: usize) {
        while self.rows.len() <= row && !self.complete() {
            self.wrap_next(article);
        }
    }

    /// Wraps the next sentence (each starts on a new row; a blank row between paragraphs).
    fn wrap_next(&mut self, article: &Article) {
        let i = self.next;
        self.next += 1;
        let Some(sentence) = article.sentences.get(i) else {
            return;
        };
        if !self.visible.get(i).copied().unwrap_or(false) {
            return;
        }
        if self.last_paragraph.is_some_and(|p| p != sentence.paragraph) {
            self.rows.push(Row::Blank);
        }
        self.last_paragraph = Some(sentence.paragraph);
        let start = self.rows.len();
        let mut lines = wrap_text(&sentence.text, self.width as usize);
        if lines.is_empty() {
            lines.push(0..0);
        }
        for (n, range) in lines.into_iter().enumerate() {
            self.rows.push(Row::Text {
                sentence: i,
                range,
                first: n == 0,
            });
        }
        self.sentence_rows[i] = Some(start..self.rows.len());
    }

    /// The 1-based position of a shown sentence among the shown ones.
    pub fn position(&self, sentence: usize) -> Option<usize> {
        self.visible
            .get(sentence)?
            .then(|| self.shown_before[sentence] as usize + 1)
    }

    /// The sentence shown on `row`, if any (among the rows wrapped).
    pub fn sentence_at(&self, row: usize) -> Option<usize> {
        match self.rows.get(row) {
            Some(Row::Text { sentence, .. }) => Some(*sentence),
            _ => None,
        }
    }

    /// The first visible sentence at or after `row`, else the last one before it (among the
    /// rows wrapped).
    pub fn sentence_near(&self, row: usize) -> Option<usize> {
        let after = self.rows.iter().skip(row).find_map(|r| match r {
            Row::Text { sentence, .. } => Some(*sentence),
            _ => None,
        });
        after.or_else(|| {
            self.rows
                .iter()
                .take(row.min(self.rows.len()))
                .rev()
                .find_map(|r| match r {
                    Row::Text { sentence, .. } => Some(*sentence),
                    _ => None,
                })
        })
    }
}

/// How a grapheme cluster is drawn, in a form every terminal gives the width the reader counts:
/// terminals disagree on emoji sequences and unassigned code points, so a flag is drawn as its
/// two letters ("UA"), a ZWJ sequence, skin tone or variation selector as its first character,
/// and an unassigned code point (U+0378, U+FFFE, U+FFFF) as U+FFFD.
pub fn cell_text(g: &str) -> Cow<'_, str> {
    let mut chars = g.chars();
    let Some(first) = chars.next() else {
        return Cow::Borrowed(g);
    };
    if first.is_unassigned() {
        return Cow::Borrowed("\u{FFFD}");
    }
    if chars.next().is_none() {
        return Cow::Borrowed(g);
    }
    let regional = |c: char| ('\u{1F1E6}'..='\u{1F1FF}').contains(&c);
    if g.chars().all(regional) {
        let letters = g
            .chars()
            .map(|c| char::from(b'A' + (c as u32 - 0x1F1E6) as u8))
            .collect();
        return Cow::Owned(letters);
    }
    let joins = |c: char| {
        c == '\u{200D}'
            || c == '\u{20E3}'
            || ('\u{FE00}'..='\u{FE0F}').contains(&c)
            || ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
            || ('\u{E0020}'..='\u{E007F}').contains(&c)
    };
    if g.chars().any(joins) {
        return Cow::Borrowed(&g[..first.len_utf8()]);
    }
    Cow::Borrowed(g)
}

/// `text` as drawn: each grapheme cluster in its [`cell_text`] form.
pub fn cells(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let mut changed = false;
    let mut out = String::with_capacity(text.len());
    for g in text.graphemes(true) {
        let c = cell_text(g);
        changed |= matches!(c, Cow::Owned(_)) || c.len() != g.len();
        out.push_str(&c);
    }
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// Display width in cells of `text` as drawn (terminal-safe text: see
/// [`crate::corpus::sanitize`]), counted by grapheme cluster.
pub fn width(text: &str) -> usize {
    if text.is_ascii() {
        return text.len();
    }
    text.graphemes(true).map(|g| cell_text(g).width()).sum()
}

/// Byte ranges of the lines `text` wraps into at `width` cells (greedy, by words; a word wider
/// than the line is broken between characters). Never empty for non-empty text.
pub fn wrap_text(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    // The line being filled: its byte range and width so far.
    let mut line: Option<(Range<usize>, usize)> = None;
    for word in words(text) {
        let w = self::width(&text[word.clone()]);
        if let Some((range, used)) = &mut line {
            let gap = self::width(&text[range.end..word.start]).max(1);
            if *used + gap + w <= width {
                range.end = word.end;
                *used += gap + w;
                continue;
            }
            lines.push(range.clone());
        }
        if w <= width {
            line = Some((word, w));
        } else {
            // Break an over-long word between grapheme clusters; its tail starts the next line.
            let mut start = word.start;
            let mut used = 0;
            for (i, g) in text[word.clone()].grapheme_indices(true) {
                let at = word.start + i;
                let cw = self::width(g);
                if used + cw > width && at > start {
                    lines.push(start..at);
                    start = at;
                    used = 0;
                }
                used += cw;
            }
            line = Some((start..word.end, used));
        }
    }
    if let Some((range, _)) = line {
        lines.push(range);
    }
    lines
}

/// Byte ranges of the whitespace-separated words of `text`.
fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = None;
    let mut iter = text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')));
    std::iter::from_fn(move || {
        for (i, c) in iter.by_ref() {
            match (c.is_whitespace(), start) {
                (false, None) => start = Some(i),
                (true, Some(s)) => {
                    start = None;
                    return Some(s..i);
                }
                _ => {}
            }
        }
        None
    })
}

/// Wraps a whole article to `width` cells, showing the sentences `visible` accepts: notices
/// first, then each paragraph's sentences (each from a new row), paragraphs separated by a
/// blank row.
pub fn wrap_article(article: &Article, width: u16, visible: &dyn Fn(usize) -> bool) -> Wrapped {
    let mut wrapped = Wrapped::new(article, width, visible);
    wrapped.wrap_through_sentence(article, usize::MAX - 1);
    wrapped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, w: usize) -> Vec<&str> {
        wrap_text(text, w).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn wraps_at_word_boundaries() {
        assert_eq!(
            lines("the quick brown fox jumps", 10),
            ["the quick", "brown fox", "jumps"]
        );
    }

    #[test]
    fn wide_characters_take_two_cells() {
        // Five CJK characters are ten cells: they cannot share a 6-cell line.
        assert_eq!(lines("漢字 漢字漢", 6), ["漢字", "漢字漢"]);
        assert_eq!(lines("漢字漢字漢", 6), ["漢字漢", "字漢"]);
        for l in lines("emoji 😀😀😀😀 here", 5) {
            assert!(width(l) <= 5, "{l:?}");
        }
    }

    #[test]
    fn overlong_words_break_between_characters() {
        assert_eq!(lines("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn emoji_sequences_are_never_split_and_draw_as_counted() {
        let family = "👨\u{200D}👩\u{200D}👧";
        let thumbs = "👍\u{1F3FD}";
        let text = format!("{family}{thumbs}{family}{thumbs}");
        for l in lines(&text, 3) {
            assert!(l == family || l == thumbs, "{l:?}");
        }
        assert_eq!(cells(family), "👨");
        assert_eq!(cells(thumbs), "👍");
        assert_eq!(cells("🇺🇦"), "UA");
        assert_eq!(
            cells("\u{378}\u{FFFE}\u{FFFF}x"),
            "\u{FFFD}\u{FFFD}\u{FFFD}x"
        );
        assert_eq!(cells("café"), "café");
        // Counted as drawn, cell by cell.
        for t in [family, thumbs, "🇺🇦", "\u{378}", "❤\u{FE0F}", "e\u{301}"] {
            assert_eq!(width(t), cells(t).width(), "{t:?}");
        }
    }
}
