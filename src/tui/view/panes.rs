//! The article panes: border and title, notices, wrapped sentences, cursor, claim badges and
//! search highlights.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use crate::claims::SentenceRef;
use crate::tui::app::{App, PaneLayout};
use crate::tui::view::Theme;
use crate::tui::view::trusted;
use crate::tui::wrap::Row;

/// Draws one article pane.
pub fn render_pane(app: &App, pane: &PaneLayout, theme: &Theme, buf: &mut Buffer) {
    let a = pane.article;
    let article = &app.articles()[a];
    let focused = a == app.focus;
    let mut title = format!(
        " {} — {} ",
        trusted(&article.source),
        trusted(&article.title)
    );
    if app.search.active && !app.search.query.is_empty() {
        let n = app.search.per_article.get(a).copied().unwrap_or(0);
        title = format!(" [{n}]{title}");
    }
    let border = if focused {
        theme.border_focused
    } else {
        theme.border
    };
    let mut block = Block::bordered()
        .title(Span::styled(title, border))
        .border_style(border);
    if let Some(date) = &article.date {
        block = block.title_bottom(Line::from(format!(" {} ", trusted(date))).right_aligned());
    }
    block.render(pane.area, buf);

    let Some(wrapped) = app.wraps[a].as_ref() else {
        return;
    };
    let state = &app.panes[a];
    let analysis = app.analysis.as_deref();
    let n_articles = app.articles().len();
    // The other sources' versions of the claim under the cursor are emphasised.
    let emphasised: Vec<SentenceRef> = app
        .cursor_claims()
        .iter()
        .filter_map(|&c| analysis?.claims.get(c))
        .flat_map(|c| c.members.iter().copied())
        .collect();

    for (i, row) in wrapped
        .rows
        .iter()
        .skip(state.scroll)
        .take(pane.text.height as usize)
        .enumerate()
    {
        let y = pane.text.y + i as u16;
        match row {
            Row::Blank => {}
            Row::Notice(n) => {
                let text = format!("! {}", trusted(&article.notices[*n]));
                buf.set_stringn(pane.text.x, y, text, pane.text.width as usize, theme.notice);
            }
            Row::Text {
                sentence,
                range,
                first,
            } => {
                let at = SentenceRef {
                    article: a,
                    sentence: *sentence,
                };
                let s = &article.sentences[*sentence];
                let claims = analysis.map_or(&[][..], |an| an.claims_of(at));
                if *first && pane.gutter.width > 0 && s.boilerplate.is_none() {
                    let (mark, style) = match claims
                        .iter()
                        .filter_map(|&c| analysis?.claims.get(c))
                        .map(|c| c.sources)
                        .max()
                    {
                        Some(sources) => (format!("{sources}/{n_articles}"), theme.badge),
                        None => ("·".to_string(), theme.unique),
                    };
                    let w = pane.gutter.width as usize - 1;
                    buf.set_stringn(pane.gutter.x, y, format!("{mark:>w$}"), w, style);
                }
                let mut style = Style::new();
                if s.heading {
                    style = style.patch(theme.heading);
                }
                if s.boilerplate.is_some() {
                    style = style.patch(theme.boilerplate);
                }
                if !claims.is_empty() {
                    style = style.patch(theme.claim);
                }
                if !focused && emphasised.contains(&at) {
                    style = style.patch(theme.emphasis);
                }
                if focused && state.cursor == *sentence {
                    style = style.patch(theme.cursor);
                }
                let matches: &[Range<usize>] = if app.search.active {
                    app.search
                        .by_sentence
                        .get(&at)
                        .and_then(|&h| app.search.hits.get(h))
                        .map_or(&[], |h| h.ranges.as_slice())
                } else {
                    &[]
                };
                let line = highlighted(&s.text, range.clone(), matches, style, theme.matched);
                buf.set_line(pane.text.x, y, &line, pane.text.width);
            }
        }
    }
}

/// The part `range` of `text` as styled spans: `base` everywhere, `hit` patched on the parts
/// inside `matches` (byte ranges into `text`, a terminal-safe string of the corpus).
pub fn highlighted<'a>(
    text: &'a str,
    range: Range<usize>,
    matches: &[Range<usize>],
    base: Style,
    hit: Style,
) -> Line<'a> {
    let text = trusted(text);
    let mut spans = Vec::new();
    let mut pos = range.start;
    let valid = |r: &Range<usize>| {
        r.start < r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
    };
    for m in matches.iter().filter(|m| valid(m)) {
        let start = m.start.clamp(pos, range.end);
        let end = m.end.clamp(pos, range.end);
        if start >= end {
            continue;
        }
        if pos < start {
            spans.push(Span::styled(&text[pos..start], base));
        }
        spans.push(Span::styled(&text[start..end], base.patch(hit)));
        pos = end;
    }
    if pos < range.end {
        spans.push(Span::styled(&text[pos..range.end], base));
    }
    Line::from(spans)
}
