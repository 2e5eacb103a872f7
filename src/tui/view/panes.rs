//! The article panes: border and title, notices, wrapped sentences, cursor, claim badges and
//! search highlights.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use crate::corpus::SentenceRef;
use crate::tui::app::App;
use crate::tui::layout::PaneLayout;
use crate::tui::view::Theme;
use crate::tui::view::trusted;
use crate::tui::wrap::{Row, cells};

/// Draws one article pane, clipped to the buffer whatever size the layout assumed.
pub fn render_pane(app: &App, pane: &PaneLayout, theme: &Theme, buf: &mut Buffer) {
    let a = pane.article;
    let Some(article) = app.articles().get(a) else {
        return;
    };
    let focused = a == app.focus();
    let clip = buf.area;
    let (area, gutter, text_area) = (
        pane.area.intersection(clip),
        pane.gutter.intersection(clip),
        pane.text.intersection(clip),
    );
    let mut title = format!(
        " {} — {} ",
        cells(trusted(&article.source)),
        cells(trusted(&article.title))
    );
    if app.search().showing() {
        title = format!(" [{}]{title}", app.search().hits_in(a));
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
        block =
            block.title_bottom(Line::from(format!(" {} ", cells(trusted(date)))).right_aligned());
    }
    block.render(area, buf);

    let Some(wrapped) = app.wrapped(a) else {
        return;
    };
    let (cursor, scroll) = (app.cursor(a), app.scroll(a));
    let analysis = app.analysis().map(|a| &**a);
    // The badge counts sources out of the open story's.
    let n_articles = app.badge_total();
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
        .skip(scroll)
        .take(text_area.height as usize)
        .enumerate()
    {
        let y = text_area.y + i as u16;
        match row {
            Row::Blank => {}
            Row::Notice(n) => {
                let text = format!("! {}", cells(trusted(&article.notices[*n])));
                buf.set_stringn(text_area.x, y, text, text_area.width as usize, theme.notice);
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
                let claims = analysis.map_or(&[][..], |an| an.claims_of(at));
                let Some(s) = article.sentences.get(*sentence) else {
                    continue;
                };
                if *first && gutter.width > 0 && s.boilerplate.is_none() {
                    let (mark, style) = match claims
                        .iter()
                        .filter_map(|&c| analysis?.claims.get(c))
                        .map(|c| c.sources)
                        .max()
                    {
                        Some(sources) => (format!("{sources}/{n_articles}"), theme.badge),
                        None => ("·".to_string(), theme.unique),
                    };
                    let w = gutter.width as usize - 1;
                    buf.set_stringn(gutter.x, y, format!("{mark:>w$}"), w, style);
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
                if focused && cursor == *sentence {
                    style = style.patch(theme.cursor);
                }
                let matches: &[Range<usize>] = if app.search().active() {
                    app.search().hit_at(at).map_or(&[], |h| h.ranges.as_slice())
                } else {
                    &[]
                };
                let line = highlighted(&s.text, range.clone(), matches, style, theme.matched);
                buf.set_line(text_area.x, y, &line, text_area.width);
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
            spans.push(Span::styled(cells(&text[pos..start]), base));
        }
        spans.push(Span::styled(cells(&text[start..end]), base.patch(hit)));
        pos = end;
    }
    if pos < range.end {
        spans.push(Span::styled(cells(&text[pos..range.end]), base));
    }
    Line::from(spans)
}
