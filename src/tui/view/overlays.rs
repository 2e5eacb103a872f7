//! Overlays drawn over the panes: the help (generated from the keymap), the claims view, the facts
//! view and the search prompt with its results.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::search::Scope;
use crate::tui::app::{App, Mode, claim_columns, overlay_inner_width};
use crate::tui::keymap::{BINDINGS, MOUSE_HELP, keys_label};
use crate::tui::view::Theme;
use crate::tui::view::panes::highlighted;
use crate::tui::view::{trusted, typed, untrusted};
use crate::tui::wrap::width;

/// Sections of the help, each listing the bindings first found in its mode.
const HELP_SECTIONS: &[(&str, Mode)] = &[
    ("Reader", Mode::Normal),
    ("Claims and facts views", Mode::Claims),
    ("Search prompt", Mode::Search),
];

/// The help lines, generated from the keymap table so they never drift from it.
pub fn help_lines() -> Vec<(String, String)> {
    let mut lines = Vec::new();
    let mut listed = vec![false; BINDINGS.len()];
    for (title, mode) in HELP_SECTIONS {
        let mut section = Vec::new();
        for (i, b) in BINDINGS.iter().enumerate() {
            if !listed[i] && b.modes.contains(mode) {
                listed[i] = true;
                section.push((keys_label(b), b.help.to_string()));
            }
        }
        if !section.is_empty() {
            lines.push((format!("{title}:"), String::new()));
            lines.extend(section);
        }
    }
    lines.push(("Mouse:".into(), String::new()));
    lines.extend(
        MOUSE_HELP
            .iter()
            .map(|(k, h)| (k.to_string(), h.to_string())),
    );
    lines
}

/// Centre a box of at most `w`x`h` inside `area`.
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Draws the help overlay.
pub fn render_help(theme: &Theme, frame: &mut Frame, body: Rect) {
    let lines = help_lines();
    let key_w = lines
        .iter()
        .filter(|(_, h)| !h.is_empty())
        .map(|(k, _)| width(k))
        .max()
        .unwrap_or(0);
    let help_w = lines.iter().map(|(_, h)| width(h)).max().unwrap_or(0);
    let col_w = (key_w + 2 + help_w + 2) as u16;
    // As many columns as the lines need and the screen allows.
    let inner_h = body.height.saturating_sub(2).max(1) as usize;
    let cols = lines.len().div_ceil(inner_h).clamp(
        1,
        (body.width.saturating_sub(2) / col_w.max(1)).max(1) as usize,
    );
    let rows = lines.len().div_ceil(cols);
    let area = centered(body, col_w * cols as u16 + 2, rows as u16 + 2);
    // The help's own binding goes in its title.
    let close = BINDINGS
        .iter()
        .find(|b| b.modes == [Mode::Help])
        .map(|b| format!(" Keys ({}: {}) ", keys_label(b), b.help))
        .unwrap_or_else(|| " Keys ".into());
    let inner = overlay_frame(frame, area, close, theme);
    for (i, (keys, help)) in lines.iter().enumerate() {
        let (col, row) = (i / rows, i % rows);
        let x = inner.x + col as u16 * col_w;
        let y = inner.y + row as u16;
        if y >= inner.y + inner.height || x >= inner.x + inner.width {
            continue;
        }
        let avail = (inner.x + inner.width - x).min(col_w);
        let line = if help.is_empty() {
            Line::from(Span::styled(keys.clone(), theme.heading))
        } else {
            Line::from(vec![
                Span::styled(format!("{keys:<key_w$}  "), theme.badge),
                Span::raw(help.clone()),
            ])
        };
        frame.buffer_mut().set_line(x, y, &line, avail);
    }
}

/// The first row to show so the chosen entry (rows `sel`) is on screen, from the top when possible.
fn list_top(sel: std::ops::Range<usize>, height: usize) -> usize {
    if sel.end <= height {
        0
    } else {
        sel.end.saturating_sub(height).min(sel.start)
    }
}

/// Clears `area` and draws an overlay's focused border with `title`; returns the inside.
fn overlay_frame(frame: &mut Frame, area: Rect, title: String, theme: &Theme) -> Rect {
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .title(title)
        .border_style(theme.border_focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// Where the claims and facts views stand: centred, as wide as `overlay_inner_width` allows.
fn list_area(body: Rect) -> Rect {
    centered(
        body,
        overlay_inner_width(body.width) + 2,
        body.height.saturating_sub(2),
    )
}

/// Draws the claims view: claims by source count, each version with its differing words marked.
pub fn render_claims(app: &App, theme: &Theme, frame: &mut Frame, body: Rect) {
    let n = app.claim_order.len();
    let inner = overlay_frame(
        frame,
        list_area(body),
        format!(
            " Shared claims ({n}) — marked: words not in the first version · j/k choose · Enter jump · Esc close "
        ),
        theme,
    );
    let Some(analysis) = app.analysis.as_deref() else {
        let msg = match app.claims_progress {
            Some(p) => format!("Finding shared claims… {:.0}%", p * 100.0),
            None => "No analysis.".into(),
        };
        frame.render_widget(Paragraph::new(msg), inner);
        return;
    };
    if n == 0 {
        frame.render_widget(Paragraph::new("No claim is shared by two sources."), inner);
        return;
    }
    let height = inner.height as usize;
    let sel = app.claims_selected.min(n - 1);
    // Only the claims around the chosen one are laid out (and diffed): walk back from it while
    // they fit, then fill the screen downwards.
    let item = |i: usize| claim_lines(app, analysis, theme, i, i == sel, inner.width as usize);
    let mut start = sel;
    let mut used = item(sel).len();
    while start > 0 {
        let h = item(start - 1).len();
        if used + h > height {
            break;
        }
        used += h;
        start -= 1;
    }
    let mut lines: Vec<Line> = Vec::new();
    for i in start..n {
        if lines.len() >= height {
            break;
        }
        lines.extend(item(i));
    }
    lines.truncate(height);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The lines of one claim in the claims view: a header, then each version as wrapped and
/// marked in `update` (see `App::claim_wraps` and `App::claim_marks`).
fn claim_lines<'a>(
    app: &'a App,
    analysis: &'a crate::claims::Analysis,
    theme: &Theme,
    index: usize,
    chosen: bool,
    width: usize,
) -> Vec<Line<'a>> {
    let Some((c, claim)) = app
        .claim_order
        .get(index)
        .and_then(|&c| Some((c, analysis.claims.get(c)?)))
    else {
        return Vec::new();
    };
    let head_style = if chosen {
        theme.selected
    } else {
        theme.heading
    };
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{} {}/{} sources",
            if chosen { "▶" } else { " " },
            claim.sources,
            app.articles().len()
        ),
        head_style,
    ))];
    let (source_w, text_w) = claim_columns(width);
    let wraps = (app.claim_wraps.width == text_w)
        .then(|| app.claim_wraps.rows.get(c))
        .flatten();
    // The representative first, as the report shows it; the others marked against it.
    let order = claim
        .members
        .iter()
        .enumerate()
        .filter(|(_, m)| **m == claim.representative)
        .chain(
            claim
                .members
                .iter()
                .enumerate()
                .filter(|(_, m)| **m != claim.representative),
        );
    for (k, m) in order {
        let source = source_of(app, m.article);
        let label = format!("  {source:<source_w$.source_w$} ");
        let Some(text) = app
            .articles()
            .get(m.article)
            .and_then(|a| a.sentences.get(m.sentence))
            .map(|s| s.text.as_str())
        else {
            continue;
        };
        let marks = app
            .claim_marks
            .get(c)
            .and_then(|m| m.get(k))
            .map_or(&[][..], |m| m.as_slice());
        // Before the first resize there are no rows yet: one clipped row.
        let single = std::iter::once(0..text.len()).collect::<Vec<_>>();
        let rows = wraps
            .and_then(|w| w.get(k))
            .map_or(&single[..], |r| r.as_slice());
        for (n, range) in rows.iter().enumerate() {
            let lead = if n == 0 {
                label.clone()
            } else {
                " ".repeat(source_w + 3)
            };
            let mut line = highlighted(text, range.clone(), marks, Style::new(), theme.added);
            line.spans.insert(0, Span::styled(lead, theme.badge));
            lines.push(line);
        }
    }
    lines
}

/// A fact's value as a reader writes it: "around 2,500", "3.5"; a date as its words ("January 2").
fn shown_value(fact: &crate::claims::Fact, v: &crate::claims::FactValue) -> String {
    if fact.label == "date" {
        return trusted(&v.text).to_string();
    }
    let number = if v.value.fract() == 0.0 && v.value.abs() < 1e15 {
        let digits = (v.value.abs() as u64).to_string();
        let mut grouped = String::new();
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(d);
        }
        if v.value < 0.0 {
            format!("-{grouped}")
        } else {
            grouped
        }
    } else {
        format!("{}", v.value)
    };
    match v.hedge.as_deref() {
        Some(h) => format!("{h} {number}"),
        None => number,
    }
}

/// Draws the facts view: each numeric fact with its value per source, disagreements flagged.
pub fn render_facts(app: &App, theme: &Theme, frame: &mut Frame, body: Rect) {
    let facts = app
        .analysis
        .as_deref()
        .map_or(&[][..], |a| a.facts.as_slice());
    let disagreements = facts.iter().filter(|f| !f.agree).count();
    let inner = overlay_frame(
        frame,
        list_area(body),
        format!(
            " Facts ({}, {disagreements} disagreeing) — j/k choose · Enter jump · Esc close ",
            facts.len()
        ),
        theme,
    );
    if facts.is_empty() {
        let msg = match app.claims_progress {
            Some(p) => format!("Finding facts… {:.0}%", p * 100.0),
            None => "No numeric fact is reported by two sources.".into(),
        };
        frame.render_widget(Paragraph::new(msg), inner);
        return;
    }
    let heights: Vec<usize> = facts.iter().map(|f| 1 + f.values.len()).collect();
    let sel = app.facts_selected.min(facts.len() - 1);
    let start: usize = heights[..sel].iter().sum();
    let top = list_top(start..start + heights[sel], inner.height as usize);
    let mut lines = Vec::new();
    // Build only the facts that reach the screen.
    let mut row = 0;
    let mut first_row = None;
    for (i, fact) in facts.iter().enumerate() {
        if row >= top + inner.height as usize {
            break;
        }
        let skip = row + heights[i] <= top;
        row += heights[i];
        if skip {
            continue;
        }
        first_row.get_or_insert(row - heights[i]);
        let chosen = i == sel;
        let (flag, flag_style) = if fact.agree {
            ("✓ agree", theme.agree)
        } else {
            ("✗ DISAGREE", theme.disagree)
        };
        let head = if chosen {
            theme.selected
        } else {
            theme.heading
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "{} {} ",
                    if chosen { "▶" } else { " " },
                    trusted(&fact.label)
                ),
                head,
            ),
            Span::styled(flag, flag_style),
        ]));
        for v in &fact.values {
            let source = source_of(app, v.at.article);
            lines.push(Line::from(vec![
                Span::styled(format!("  {source:<14.14} "), theme.badge),
                Span::styled(format!("{} ", shown_value(fact, v)), theme.heading),
                Span::styled(format!("“{}”", trusted(&v.text)), theme.faint),
            ]));
        }
    }
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(top - first_row.unwrap_or(0))
        .take(inner.height as usize)
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// Draws the search prompt at the bottom of the body with the ranked results above it.
pub fn render_search(app: &App, theme: &Theme, frame: &mut Frame, body: Rect) {
    let height = (body.height * 2 / 5).max(6).min(body.height);
    let area = Rect::new(body.x, body.y + body.height - height, body.width, height);
    let s = &app.search;
    let scope = match s.scope {
        Scope::All => "all sentences",
        Scope::Quotes => "quotes only",
        Scope::Claims => "shared claims only",
    };
    let inner = overlay_frame(
        frame,
        area,
        format!(" Search: {scope} — Tab scope · ↑/↓ choose · Enter jump · Esc close "),
        theme,
    );
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    let query = typed(&s.query);
    let prompt = Line::from(vec![
        Span::styled("/", theme.badge),
        Span::raw(query.clone()),
    ]);
    buf.set_line(inner.x, inner.y, &prompt, inner.width);
    let cursor_x = inner.x + (1 + width(&query)).min(inner.width.saturating_sub(1) as usize) as u16;
    // Counts: total and per source.
    let mut counts = if let Some(why) = &s.error {
        format!("search failed: {}", untrusted(why))
    } else if s.query.trim().is_empty() {
        "type to search".to_string()
    } else if s.pending && s.hits.is_empty() {
        "searching…".to_string()
    } else if s.hits.is_empty() {
        "no match".to_string()
    } else {
        let mut c = if s.total > s.hits.len() {
            format!("{} (best {} listed)", matches(s.total), s.hits.len())
        } else {
            matches(s.total)
        };
        for (a, n) in s.per_article.iter().enumerate().filter(|(_, n)| **n > 0) {
            c.push_str(&format!(" · {} {n}", source_of(app, a)));
        }
        c
    };
    if s.pending && !s.hits.is_empty() {
        counts.push_str(" (updating…)");
    }
    if inner.height > 1 {
        buf.set_stringn(
            inner.x,
            inner.y + 1,
            counts,
            inner.width as usize,
            theme.faint,
        );
    }
    let list_h = inner.height.saturating_sub(2) as usize;
    let sel = s.selected.min(s.hits.len().saturating_sub(1));
    let top = list_top(sel..sel + 1, list_h);
    let source_w = 14usize.min(inner.width as usize / 3);
    for (row, (i, hit)) in s.hits.iter().enumerate().skip(top).take(list_h).enumerate() {
        let y = inner.y + 2 + row as u16;
        let Some(sentence) = app
            .articles()
            .get(hit.article)
            .and_then(|a| a.sentences.get(hit.sentence))
        else {
            continue;
        };
        let chosen = i == sel;
        let base = if chosen { theme.selected } else { Style::new() };
        let source = source_of(app, hit.article);
        let head = Span::styled(
            format!("{source:<source_w$.source_w$} "),
            theme.badge.patch(base),
        );
        buf.set_line(inner.x, y, &Line::from(head), inner.width);
        let text_x = inner.x + source_w as u16 + 1;
        let text_w = inner.width.saturating_sub(source_w as u16 + 1);
        // Start a little before the first match when it would fall off the right edge.
        let text = &sentence.text;
        let mut from = 0;
        if let Some(first) = hit.ranges.first()
            && first.start <= text.len()
            && text.is_char_boundary(first.start)
            && width(&text[..first.start]) + 8 > text_w as usize
        {
            let back = text[..first.start]
                .char_indices()
                .rev()
                .scan(0, |w, (i, c)| {
                    *w += width(&c.to_string());
                    Some((i, *w))
                })
                .take_while(|(_, w)| *w < 12)
                .last()
                .map_or(first.start, |(i, _)| i);
            from = back;
        }
        let mut line = highlighted(
            text,
            from..text.len(),
            &hit.ranges,
            base,
            theme.matched.add_modifier(Modifier::BOLD),
        );
        if from > 0 {
            line.spans.insert(0, Span::styled("…", base));
        }
        buf.set_line(text_x, y, &line, text_w);
    }
    frame.set_cursor_position((cursor_x, inner.y));
}

/// "1 match", "7 matches".
pub fn matches(n: usize) -> String {
    if n == 1 {
        "1 match".into()
    } else {
        format!("{n} matches")
    }
}

/// The source of an article, made safe to print ("?" for an index out of range).
fn source_of(app: &App, article: usize) -> String {
    app.articles()
        .get(article)
        .map_or_else(|| "?".into(), |a| trusted(&a.source).to_string())
}
