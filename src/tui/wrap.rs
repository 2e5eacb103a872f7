//! Word wrap of an article into screen rows by display width (no terminal code: `app` caches
//! the rows, `view` draws them).
//!
//! Wrapping is done per (article, width, filter) by `App::update`, lazily: only the sentences a
//! pane reaches are wrapped, and kept; drawing only reads the rows of the panes' windows. A
//! pane's place is a sentence and a row in it ([`Pos`]), so going to the end of a very long
//! article wraps one page, not the article. Each sentence starts on its own row so a row
//! belongs to exactly one sentence, which keeps the cursor, the claim badges and mouse
//! hit-testing simple.

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

/// A run of rows: the article's head (its notices and a blank row after them), or one shown
/// sentence (a blank row first when it starts a paragraph, then its lines).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Block {
    /// The notices at the top (no rows when there are none).
    #[default]
    Head,
    /// A shown sentence, by index in the article.
    Sentence(usize),
}

/// A place in a pane: a row of a block. The reader's position is one of these (the pane's top
/// row), so moving far costs what is on screen, never the article's length.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    /// The block.
    pub block: Block,
    /// The row inside it, from 0.
    pub row: usize,
}

/// Most sentences whose lines are kept; past it the cache starts afresh (a reader scrolling
/// through a 200,000-sentence article keeps what is near).
const LINES_KEPT: usize = 20_000;

/// An article wrapped to a width, lazily: the lines of a sentence are made when a pane first
/// reaches it, and kept. Positions are sentence-anchored ([`Pos`]): going to the end, a page
/// or a search hit wraps only what is shown around it.
#[derive(Debug, Clone, Default)]
pub struct Wrapped {
    /// The width in cells the rows are wrapped to.
    pub width: u16,
    /// How many sentences are shown.
    pub shown: usize,
    /// The shown sentences, in order.
    shown_list: Vec<u32>,
    /// For each sentence (and one past the last), how many shown sentences come before it.
    shown_before: Vec<u32>,
    /// How many notices the head shows.
    notices: usize,
    /// The lines of each sentence wrapped so far (byte ranges into its text).
    lines: rustc_hash::FxHashMap<usize, Vec<Range<usize>>>,
}

impl Wrapped {
    /// An article to wrap at `width` cells, showing the sentences `visible` accepts; nothing is
    /// wrapped until rows are asked for.
    pub fn new(article: &Article, width: u16, visible: &dyn Fn(usize) -> bool) -> Wrapped {
        let n = article.sentences.len();
        let mut shown_list = Vec::new();
        let mut shown_before = Vec::with_capacity(n + 1);
        for s in 0..n {
            shown_before.push(shown_list.len() as u32);
            if visible(s) {
                shown_list.push(s as u32);
            }
        }
        shown_before.push(shown_list.len() as u32);
        Wrapped {
            width,
            shown: shown_list.len(),
            shown_list,
            shown_before,
            notices: article.notices.len(),
            lines: Default::default(),
        }
    }

    /// The same article at another width (the shown sentences stay).
    pub fn set_width(&mut self, width: u16) {
        if width != self.width {
            self.width = width;
            self.lines.clear();
        }
    }

    /// Whether sentence `s` is shown.
    pub fn is_shown(&self, s: usize) -> bool {
        self.position(s).is_some()
    }

    /// The 1-based position of a shown sentence among the shown ones.
    pub fn position(&self, sentence: usize) -> Option<usize> {
        let before = *self.shown_before.get(sentence)? as usize;
        (self.shown_list.get(before) == Some(&(sentence as u32))).then_some(before + 1)
    }

    /// The first shown sentence at or after `s`.
    pub fn next_shown(&self, s: usize) -> Option<usize> {
        let before = *self.shown_before.get(s)? as usize;
        self.shown_list.get(before).map(|&x| x as usize)
    }

    /// The last shown sentence before `s`.
    pub fn prev_shown(&self, s: usize) -> Option<usize> {
        let before = self
            .shown_before
            .get(s)
            .copied()
            .unwrap_or(self.shown as u32) as usize;
        before
            .checked_sub(1)
            .and_then(|i| self.shown_list.get(i))
            .map(|&x| x as usize)
    }

    /// The first shown sentence.
    pub fn first_shown(&self) -> Option<usize> {
        self.shown_list.first().map(|&x| x as usize)
    }

    /// The last shown sentence.
    pub fn last_shown(&self) -> Option<usize> {
        self.shown_list.last().map(|&x| x as usize)
    }

    /// Rows of the head: the notices and a blank row after them, or none.
    fn head_rows(&self) -> usize {
        if self.notices > 0 {
            self.notices + 1
        } else {
            0
        }
    }

    /// Blank rows before a shown sentence's text: one when it starts a paragraph (not the
    /// first shown).
    fn lead(&self, article: &Article, s: usize) -> usize {
        let paragraph = |i: usize| article.sentences.get(i).map(|x| x.paragraph);
        match self.prev_shown(s) {
            Some(p) if paragraph(p) != paragraph(s) => 1,
            _ => 0,
        }
    }

    /// The lines of sentence `s`, wrapped now if not yet (at least one, for an empty text).
    fn lines(&mut self, article: &Article, s: usize) -> &[Range<usize>] {
        if self.lines.len() >= LINES_KEPT && !self.lines.contains_key(&s) {
            self.lines.clear();
        }
        let width = self.width as usize;
        self.lines.entry(s).or_insert_with(|| {
            let mut lines = article
                .sentences
                .get(s)
                .map(|x| wrap_text(&x.text, width))
                .unwrap_or_default();
            if lines.is_empty() {
                lines.push(0..0);
            }
            lines
        })
    }

    /// How many rows a block takes.
    fn height(&mut self, article: &Article, block: Block) -> usize {
        match block {
            Block::Head => self.head_rows(),
            Block::Sentence(s) => self.lead(article, s) + self.lines(article, s).len(),
        }
    }

    /// The block after `block`.
    fn next_block(&self, block: Block) -> Option<Block> {
        let s = match block {
            Block::Head => self.first_shown(),
            Block::Sentence(s) => self.next_shown(s + 1),
        };
        s.map(Block::Sentence)
    }

    /// The block before `block` that has rows.
    fn prev_block(&self, block: Block) -> Option<Block> {
        match block {
            Block::Head => None,
            Block::Sentence(s) => match self.prev_shown(s) {
                Some(p) => Some(Block::Sentence(p)),
                None => (self.head_rows() > 0).then_some(Block::Head),
            },
        }
    }

    /// The article's first row.
    pub fn top(&mut self, article: &Article) -> Pos {
        self.normalize(article, Pos::default())
    }

    /// The article's last row.
    pub fn last(&mut self, article: &Article) -> Pos {
        match self.last_shown() {
            Some(s) => self.sentence_end(article, s),
            None => Pos {
                block: Block::Head,
                row: self.head_rows().saturating_sub(1),
            },
        }
    }

    /// The first row of a sentence's text.
    pub fn text_start(&mut self, article: &Article, s: usize) -> Pos {
        Pos {
            block: Block::Sentence(s),
            row: self.lead(article, s),
        }
    }

    /// The last row of a sentence.
    pub fn sentence_end(&mut self, article: &Article, s: usize) -> Pos {
        let h = self.height(article, Block::Sentence(s));
        Pos {
            block: Block::Sentence(s),
            row: h.saturating_sub(1),
        }
    }

    /// `pos` made a real row: a hidden sentence gives way to the next shown one (or the end),
    /// a row past its block's end to the block's last row (as after a re-wrap narrower), an
    /// empty head to the first sentence.
    pub fn normalize(&mut self, article: &Article, pos: Pos) -> Pos {
        let mut pos = pos;
        if let Block::Sentence(s) = pos.block
            && !self.is_shown(s)
        {
            match self.next_shown(s) {
                Some(n) => {
                    pos = Pos {
                        block: Block::Sentence(n),
                        row: 0,
                    }
                }
                None => return self.last(article),
            }
        }
        let h = self.height(article, pos.block);
        if h == 0 {
            return match self.next_block(pos.block) {
                Some(b) => Pos { block: b, row: 0 },
                None => Pos::default(),
            };
        }
        pos.row = pos.row.min(h - 1);
        pos
    }

    /// `pos` moved down `n` rows, stopping at the last; and how many rows it moved.
    pub fn forward(&mut self, article: &Article, pos: Pos, n: usize) -> (Pos, usize) {
        let mut pos = self.normalize(article, pos);
        let mut moved = 0;
        while moved < n {
            let room = self.height(article, pos.block).saturating_sub(pos.row + 1);
            if n - moved <= room {
                pos.row += n - moved;
                moved = n;
                break;
            }
            match self.next_block(pos.block) {
                Some(b) => {
                    moved += room + 1;
                    pos = Pos { block: b, row: 0 };
                }
                None => {
                    pos.row += room;
                    moved += room;
                    break;
                }
            }
        }
        (pos, moved)
    }

    /// `pos` moved up `n` rows, stopping at the first; and how many rows it moved.
    pub fn backward(&mut self, article: &Article, pos: Pos, n: usize) -> (Pos, usize) {
        let mut pos = self.normalize(article, pos);
        let mut moved = 0;
        while moved < n {
            if n - moved <= pos.row {
                pos.row -= n - moved;
                moved = n;
                break;
            }
            moved += pos.row;
            pos.row = 0;
            match self.prev_block(pos.block) {
                Some(b) => {
                    let h = self.height(article, b);
                    moved += 1;
                    pos = Pos {
                        block: b,
                        row: h.saturating_sub(1),
                    };
                }
                None => break,
            }
        }
        (pos, moved)
    }

    /// `pos` moved by `delta` rows (down when positive), stopping at either end.
    pub fn moved(&mut self, article: &Article, pos: Pos, delta: isize) -> Pos {
        if delta >= 0 {
            self.forward(article, pos, delta as usize).0
        } else {
            self.backward(article, pos, delta.unsigned_abs()).0
        }
    }

    /// Rows from `from` down to `to`, when `to` is not above `from` and at most `limit` rows
    /// down (so the walk costs at most `limit` rows).
    pub fn distance(
        &mut self,
        article: &Article,
        from: Pos,
        to: Pos,
        limit: usize,
    ) -> Option<usize> {
        let (from, to) = (self.normalize(article, from), self.normalize(article, to));
        if to < from {
            return None;
        }
        if from.block == to.block {
            return Some(to.row - from.row).filter(|&d| d <= limit);
        }
        let mut sum = self.height(article, from.block) - from.row;
        let mut block = self.next_block(from.block);
        while let Some(b) = block {
            if sum > limit {
                return None;
            }
            if b == to.block {
                return Some(sum + to.row).filter(|&d| d <= limit);
            }
            sum += self.height(article, b);
            block = self.next_block(b);
        }
        None
    }

    /// The top row of a page of `page` rows whose last row is the article's last (or the
    /// top, for an article shorter than a page): the furthest a pane scrolls.
    pub fn last_page(&mut self, article: &Article, page: usize) -> Pos {
        let last = self.last(article);
        self.backward(article, last, page.saturating_sub(1)).0
    }

    /// Up to `n` rows from `from` down: what a pane whose top row is `from` shows.
    pub fn rows_from(&mut self, article: &Article, from: Pos, n: usize) -> Vec<Row> {
        let mut rows = Vec::with_capacity(n.min(1024));
        let mut pos = self.normalize(article, from);
        let mut block = Some(pos.block);
        while let Some(b) = block {
            let h = self.height(article, b);
            for row in pos.row..h {
                if rows.len() >= n {
                    return rows;
                }
                rows.push(self.row(article, Pos { block: b, row }));
            }
            block = self.next_block(b);
            pos.row = 0;
        }
        rows
    }

    /// What the row at `pos` shows.
    fn row(&mut self, article: &Article, pos: Pos) -> Row {
        match pos.block {
            Block::Head if pos.row < self.notices => Row::Notice(pos.row),
            Block::Head => Row::Blank,
            Block::Sentence(s) => {
                let lead = self.lead(article, s);
                if pos.row < lead {
                    return Row::Blank;
                }
                let range = self
                    .lines(article, s)
                    .get(pos.row - lead)
                    .cloned()
                    .unwrap_or(0..0);
                Row::Text {
                    sentence: s,
                    range,
                    first: pos.row == lead,
                }
            }
        }
    }

    /// The sentence a row belongs to (its blank row before it included); the first shown one
    /// for the head.
    pub fn sentence_of(&self, pos: Pos) -> Option<usize> {
        match pos.block {
            Block::Head => self.first_shown(),
            Block::Sentence(s) => Some(s),
        }
    }

    /// Whether any row of text lies above `pos` (else a pane there shows the head too).
    pub fn text_above(&mut self, article: &Article, pos: Pos) -> bool {
        match pos.block {
            Block::Head => false,
            Block::Sentence(s) => self.prev_shown(s).is_some() || pos.row > self.lead(article, s),
        }
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
pub fn wrap_article(article: &Article, width: u16, visible: &dyn Fn(usize) -> bool) -> Vec<Row> {
    let mut wrapped = Wrapped::new(article, width, visible);
    let top = wrapped.top(article);
    wrapped.rows_from(article, top, usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, w: usize) -> Vec<&str> {
        wrap_text(text, w).into_iter().map(|r| &text[r]).collect()
    }

    fn article(text: &str, notices: &[&str]) -> Article {
        Article::from_document(crate::corpus::Document {
            origin: "t.txt".into(),
            text: text.into(),
            notices: notices.iter().map(|n| n.to_string()).collect(),
            ..Default::default()
        })
    }

    #[test]
    fn moving_by_rows_from_a_sentence_agrees_with_the_whole_article_wrapped() {
        let text = "One two three four five six seven eight nine ten. Eleven twelve.\n\n\
                    Thirteen fourteen fifteen sixteen seventeen. Eighteen.\n\n\
                    Nineteen twenty twenty-one twenty-two twenty-three twenty-four.";
        for notices in [&[][..], &["bytes replaced"][..]] {
            let a = article(text, notices);
            assert!(a.sentences.len() >= 5, "{:?}", a.sentences);
            // Hiding the second sentence must not leave a stray blank row.
            for hidden in [None, Some(1)] {
                let shown = |s: usize| Some(s) != hidden;
                let whole = wrap_article(&a, 12, &shown);
                // A blank row after the notices and between paragraphs, nowhere else.
                let paragraphs: Vec<usize> = (0..a.sentences.len())
                    .filter(|&s| shown(s))
                    .map(|s| a.sentences[s].paragraph)
                    .collect();
                let breaks = paragraphs.windows(2).filter(|p| p[0] != p[1]).count();
                let blanks = whole.iter().filter(|r| **r == Row::Blank).count();
                assert_eq!(blanks, breaks + usize::from(!notices.is_empty()));
                assert_ne!(whole.last(), Some(&Row::Blank));
                let mut w = Wrapped::new(&a, 12, &shown);
                let top = w.top(&a);
                let last = w.last(&a);
                for (i, want) in whole.iter().enumerate() {
                    let (pos, moved) = w.forward(&a, top, i);
                    assert_eq!(moved, i);
                    assert_eq!(
                        w.rows_from(&a, pos, 1),
                        std::slice::from_ref(want),
                        "row {i}"
                    );
                    assert_eq!(w.distance(&a, top, pos, usize::MAX), Some(i));
                    let (back, up) = w.backward(&a, last, whole.len() - 1 - i);
                    assert_eq!(
                        (back, up),
                        (pos, whole.len() - 1 - i),
                        "row {i} from the end"
                    );
                }
                // Both ends stop the walk, and say how far it went.
                assert_eq!(w.forward(&a, top, whole.len() + 5), (last, whole.len() - 1));
                assert_eq!(
                    w.backward(&a, last, whole.len() + 5),
                    (top, whole.len() - 1)
                );
                assert_eq!(w.rows_from(&a, top, usize::MAX), whole);
                // The last page ends on the last row.
                let page = w.last_page(&a, 4);
                assert_eq!(w.rows_from(&a, page, 10), whole[whole.len() - 4..]);
            }
        }
    }

    #[test]
    fn a_place_survives_a_rewrap_and_a_hidden_sentence() {
        let a = article(
            "Alpha beta gamma delta epsilon. Zeta eta. Theta iota kappa.",
            &[],
        );
        let mut w = Wrapped::new(&a, 6, &|_| true);
        let start = w.text_start(&a, 2);
        // Narrower or wider, the place is still the sentence's first row.
        w.set_width(40);
        assert_eq!(
            w.rows_from(&a, start, 1),
            [Row::Text {
                sentence: 2,
                range: 0..a.sentences[2].text.len(),
                first: true
            }]
        );
        // A hidden sentence gives way to the next one shown.
        let mut w = Wrapped::new(&a, 40, &|s| s != 1);
        let p = w.normalize(
            &a,
            Pos {
                block: Block::Sentence(1),
                row: 0,
            },
        );
        assert_eq!(w.sentence_of(p), Some(2));
        assert_eq!(w.position(2), Some(2));
        assert_eq!((w.position(1), w.shown), (None, 2));
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
