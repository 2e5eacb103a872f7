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
        " {} {} {} ",
        cells(trusted(&article.source)),
        theme.symbols.dash,
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
        .border_set(theme.symbols.border)
        .title(Span::styled(title, border))
        .border_style(border);
    if let Some(date) = &article.date {
        block =
            block.title_bottom(Line::from(format!(" {} ", cells(trusted(date)))).right_aligned());
    }
    block.render(area, buf);

    let cursor = app.cursor(a);
    let analysis = app.analysis().map(|a| &**a);
    // The badge counts sources out of the open story's.
    let n_articles = app.badge_total();
    // The focused claim decides which sentences are its versions (emphasised in the other
    // panes) and which of their words are highlighted; the sentence lined up here with the
    // cursor is emphasised too, even when it shares another of the cursor's claims.
    let focused_claim = app.focused_claim();
    let members: &[SentenceRef] = focused_claim
        .and_then(|c| analysis?.claims.get(c))
        .map_or(&[], |c| c.members.as_slice());
    let lined_up = app.aligned_in(a);

    for (i, row) in app
        .pane_rows(a)
        .iter()
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
                let Some(s) = article.sentences.get(*sentence) else {
                    continue;
                };
                let sharing = analysis.map_or(0, |an| an.sources_sharing(at));
                if *first && gutter.width > 0 && s.boilerplate.is_none() {
                    // The badge counts the sources linked to the sentence; `·` only where the
                    // analysis calls it unique; headings without links carry no mark.
                    let mark = if sharing > 0 {
                        Some((format!("{sharing}/{n_articles}"), theme.badge))
                    } else if analysis.is_some_and(|an| an.is_unique(at)) {
                        Some((theme.symbols.unique.to_string(), theme.unique))
                    } else {
                        None
                    };
                    if let Some((mark, style)) = mark {
                        let w = gutter.width as usize - 1;
                        buf.set_stringn(gutter.x, y, format!("{mark:>w$}"), w, style);
                    }
                }
                let mut style = Style::new();
                if s.heading {
                    style = style.patch(theme.heading);
                }
                if s.boilerplate.is_some() {
                    style = style.patch(theme.boilerplate);
                }
                if sharing > 0 {
                    style = style.patch(theme.claim);
                }
                if !focused && (members.contains(&at) || lined_up == Some(*sentence)) {
                    style = style.patch(theme.emphasis);
                }
                if focused && cursor == *sentence {
                    style = style.patch(theme.cursor);
                }
                let shared: &[Range<usize>] = match (analysis, focused_claim) {
                    (Some(an), Some(c)) => an.span(at, c),
                    _ => &[],
                };
                let matches: &[Range<usize>] = if app.search().active() {
                    app.search().hit_at(at).map_or(&[], |h| h.ranges.as_slice())
                } else {
                    &[]
                };
                let line = layered(
                    &s.text,
                    range.clone(),
                    style,
                    &[(shared, theme.shared), (matches, theme.matched)],
                );
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
    layered(text, range, base, &[(matches, hit)])
}

/// The part `range` of `text` as styled spans: `base` everywhere, then each layer's style
/// patched, in order, on the parts inside its byte ranges (so a later layer shows over an
/// earlier one: a search match over the shared words). Ranges that are empty, out of `text` or
/// off a character boundary are ignored.
pub fn layered<'a>(
    text: &'a str,
    range: Range<usize>,
    base: Style,
    layers: &[(&[Range<usize>], Style)],
) -> Line<'a> {
    let text = trusted(text);
    let range = range.start.min(text.len())..range.end.min(text.len());
    let valid = |r: &&Range<usize>| {
        r.start < r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
            && r.start < range.end
            && r.end > range.start
    };
    // Where a style may change: the range's ends and every layer range's ends inside it.
    let mut cuts = vec![range.start, range.end];
    for (ranges, _) in layers {
        for r in ranges.iter().filter(valid) {
            cuts.push(r.start.clamp(range.start, range.end));
            cuts.push(r.end.clamp(range.start, range.end));
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut spans: Vec<Span> = Vec::new();
    let mut run: Option<(usize, usize, Style)> = None;
    for w in cuts.windows(2) {
        let (start, end) = (w[0], w[1]);
        let mut style = base;
        for (ranges, layer) in layers {
            if ranges
                .iter()
                .filter(valid)
                .any(|r| r.start <= start && end <= r.end)
            {
                style = style.patch(*layer);
            }
        }
        run = match run {
            Some((s0, _, st)) if st == style => Some((s0, end, st)),
            Some((s0, e0, st)) => {
                spans.push(Span::styled(cells(&text[s0..e0]), st));
                Some((start, end, style))
            }
            None => Some((start, end, style)),
        };
    }
    if let Some((s0, e0, st)) = run {
        spans.push(Span::styled(cells(&text[s0..e0]), st));
    }
    Line::from(spans)
}
