//! Overlays drawn over the panes: the help (generated from the keymap), the claims view, the facts
//! view and the search prompt with its results.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::tui::action::{Action, Mode};
use crate::tui::app::{App, Claims};
use crate::tui::keymap::{self, Keymap, MOUSE_HELP};
use crate::tui::layout::{self, centered, claim_columns, source_width};
use crate::tui::list::list_top;
use crate::tui::marks::MarkKey;
use crate::tui::view::panes::highlighted;
use crate::tui::view::{Theme, truncate, trusted, typed, untrusted};
use crate::tui::wrap::{cell_text, cells, width, wrap_text};

/// Sections of the help, each listing the bindings first found in its mode.
const HELP_SECTIONS: &[(&str, Mode)] = &[
    ("Reader", Mode::Normal),
    ("Lists (claims, facts, quotes, stories)", Mode::Claims),
    ("Story list", Mode::Stories),
    ("Search prompt", Mode::Search),
    ("Copy menu", Mode::Copy),
    ("Export prompt", Mode::Export),
    ("Overwrite question", Mode::Overwrite),
];

/// The help lines, generated from the keymap table so they never drift from it.
pub fn help_lines(keymap: &Keymap) -> Vec<(String, String)> {
    help_lines_for(keymap, &[])
}

/// The inputs skipped at start (origin, reason) if any, then the help lines. A binding the
/// config left without a key is not listed.
fn help_lines_for(keymap: &Keymap, skipped: &[(String, String)]) -> Vec<(String, String)> {
    let mut lines = Vec::new();
    // What could not be loaded comes first, where it is seen without turning a page.
    if !skipped.is_empty() {
        lines.push(("Skipped at start:".into(), String::new()));
        lines.extend(skipped.iter().cloned());
    }
    let bindings = keymap.bindings();
    let mut listed = vec![false; bindings.len()];
    for (title, mode) in HELP_SECTIONS {
        let mut section = Vec::new();
        for (i, b) in bindings.iter().enumerate() {
            if !listed[i] && b.modes.contains(mode) && !b.keys.is_empty() {
                listed[i] = true;
                // One line for one meaning: "q, Ctrl-c  quit".
                match section.iter_mut().find(|(_, help)| help == b.help) {
                    Some((keys, _)) => *keys = format!("{keys}, {}", b.keys_label()),
                    None => section.push((b.keys_label(), b.help.to_string())),
                }
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

/// Draws the help overlay, with the inputs skipped at start under it.
pub fn render_help(app: &App, theme: &Theme, frame: &mut Frame, body: Rect) {
    let skipped: Vec<(String, String)> = app
        .corpus()
        .skipped
        .iter()
        .map(|s| {
            (
                truncate(&untrusted(&s.origin.to_string()), 30),
                truncate(&untrusted(&s.reason.to_string()), 40),
            )
        })
        .collect();
    let lines = help_lines_for(app.keymap(), &skipped);
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
    // Columns are filled to the bottom, so what does not fit is the last sections (the copy
    // menu, which lists its own keys, and the mouse), not the end of each column.
    let rows = lines.len().div_ceil(cols).min(inner_h).max(1);
    // A section's heading never ends a column on its own: it moves to the next column's top.
    let mut placed: Vec<(String, String)> = Vec::with_capacity(lines.len() + cols);
    for line in lines {
        if line.1.is_empty() && rows > 1 && placed.len() % rows == rows - 1 {
            placed.push((String::new(), String::new()));
        }
        placed.push(line);
    }
    // What does not fit goes on further pages, which the help's own keys turn.
    let per_page = rows * cols;
    let pages = placed.len().div_ceil(per_page).max(1);
    let page = app.help_page().min(pages - 1);
    let lines: Vec<(String, String)> = placed
        .into_iter()
        .skip(page * per_page)
        .take(per_page)
        .collect();
    let area = centered(body, col_w * cols as u16 + 2, rows as u16 + 2);
    // The help's own bindings go in its title.
    let help_key = |action: Action| {
        app.keymap()
            .bindings()
            .iter()
            .find(|b| b.modes == [Mode::Help] && b.action == action)
            .filter(|b| !b.keys.is_empty())
            .map(|b| (keymap::label(&b.keys[0]), b.help))
    };
    let mut title = format!(" Keys {}/{pages} (", page + 1);
    if pages == 1 {
        title = " Keys (".into();
    } else {
        for action in [Action::PageDown, Action::PageUp] {
            if let Some((key, help)) = help_key(action) {
                title.push_str(&format!("{key} {help}, "));
            }
        }
    }
    match help_key(Action::CloseOverlay) {
        Some((key, help)) => title.push_str(&format!("{key}: {help}) ")),
        None => title = title.trim_end_matches([' ', '(', ',']).to_string() + " ",
    }
    let inner = overlay_frame(frame, area, title, theme);
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
                Span::styled(fit(keys, key_w + 2), theme.badge),
                Span::raw(help.clone()),
            ])
        };
        frame.buffer_mut().set_line(x, y, &line, avail);
    }
}

/// Clears `area` and draws an overlay's focused border with `title`; returns the inside.
pub(crate) fn overlay_frame(frame: &mut Frame, area: Rect, title: String, theme: &Theme) -> Rect {
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .border_set(theme.symbols.border)
        .title(title)
        .border_style(theme.overlay);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// `text` cut (with an ellipsis) or padded to exactly `w` cells.
pub(crate) fn fit(text: &str, w: usize) -> String {
    let cut = truncate(text, w);
    let pad = w.saturating_sub(width(&cut));
    format!("{cut}{}", " ".repeat(pad))
}

/// An overlay's title: its name, then the mode's key hints.
pub(crate) fn title(app: &App, name: String, mode: Mode) -> String {
    let theme = app.theme();
    let dot = format!(" {} ", theme.symbols.dot);
    format!(
        " {name} {} {} ",
        theme.symbols.dash,
        app.keymap().hints(mode).join(&dot)
    )
}

/// Draws the claims view: claims by source count, each version with its differing words marked.
pub fn render_claims(app: &App, theme: &Theme, frame: &mut Frame, body: Rect) {
    let n = app.analysis().map_or(0, |a| a.claims.len());
    let inner = overlay_frame(
        frame,
        layout::list_area(body),
        title(
            app,
            format!("Shared claims ({n}), marked: words not in the first version"),
            Mode::Claims,
        ),
        theme,
    );
    let Some(analysis) = app.analysis() else {
        frame.render_widget(Paragraph::new(claims_waiting(app, "shared claims")), inner);
        return;
    };
    if n == 0 {
        frame.render_widget(Paragraph::new("No claim is shared by two sources."), inner);
        return;
    }
    let height = inner.height as usize;
    let sel = app.chosen_claim().min(n - 1);
    let item =
        |i: usize, _top: bool| claim_lines(app, analysis, theme, i, i == sel, inner.width as usize);
    frame.render_widget(Paragraph::new(list_window(n, sel, height, item)), inner);
}

/// The lines of a list view of `n` items with item `sel` chosen, `height` rows high. Only the
/// items around the chosen one are laid out (and diffed): back from it while they fit, then
/// down to the bottom. `item(i, top)` lays out item `i`; `top` is true for the first one shown
/// (a quotes view repeats its speaker's heading there).
pub(super) fn list_window<'a>(
    n: usize,
    sel: usize,
    height: usize,
    item: impl Fn(usize, bool) -> Vec<Line<'a>>,
) -> Vec<Line<'a>> {
    // Each item is laid out at most once as the top one and once below it.
    let mut laid: std::collections::HashMap<(usize, bool), Vec<Line<'a>>> = Default::default();
    let mut lay = |i: usize, top: bool| laid.entry((i, top)).or_insert_with(|| item(i, top)).len();
    let mut start = sel;
    let mut used = lay(sel, true);
    while start > 0 {
        // The item below then loses what it carried as the top one, if anything.
        let used_then = used - lay(start, true) + lay(start, false) + lay(start - 1, true);
        if used_then > height {
            break;
        }
        used = used_then;
        start -= 1;
    }
    let mut lines: Vec<Line> = Vec::new();
    for i in start..n {
        if lines.len() >= height {
            break;
        }
        let top = i == start;
        lines.extend(laid.remove(&(i, top)).unwrap_or_else(|| item(i, top)));
    }
    lines.truncate(height);
    lines
}

/// What the claims, facts and quotes views say while there is no analysis.
pub(super) fn claims_waiting(app: &App, what: &str) -> String {
    match app.claims() {
        Claims::Running(p) => format!("Finding {what}… {:.0}%", p * 100.0),
        Claims::Off(why) => format!("No {what}: {why}."),
        Claims::Failed(why) => format!("No {what}: the analysis failed ({}).", untrusted(why)),
        Claims::Ready(_) => String::new(),
    }
}

/// The lines of one claim in the claims view: a header, then each version (the representative
/// first) with the words the representative lacks marked (diffed by the claims worker). Only
/// the claims on screen are wrapped, here, a few sentences a frame.
fn claim_lines<'a>(
    app: &'a App,
    analysis: &'a crate::claims::Analysis,
    theme: &Theme,
    c: usize,
    chosen: bool,
    width: usize,
) -> Vec<Line<'a>> {
    let Some(claim) = analysis.claims.get(c) else {
        return Vec::new();
    };
    let head_style = if chosen {
        theme.selected
    } else {
        theme.heading
    };
    let shown = app.findings().map_or(&[][..], |f| f.shown(c));
    // Which versions say the same as the first (the representative) as a whole.
    let same: Vec<bool> = shown
        .iter()
        .map(|&k| app.findings().is_some_and(|f| f.same_as_first(c, k)))
        .collect();
    let n_same = same.iter().filter(|&&s| s).count();
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "{} {}{}/{} sources, {} versions{}",
            if chosen { theme.symbols.chosen } else { " " },
            mark_of(app, &MarkKey::claim(claim)),
            claim.sources,
            app.badge_total(),
            shown.len(),
            match n_same {
                0 => String::new(),
                n => format!(", {n} {} the same as the first", theme.symbols.same),
            }
        ),
        head_style,
    ))];
    let (source_w, text_w) = claim_columns(width);
    for (&k, &same) in shown.iter().zip(&same) {
        let Some(&m) = claim.members.get(k) else {
            continue;
        };
        let source = source_of(app, m.article);
        let label = format!(
            " {}{} ",
            if same { theme.symbols.same } else { " " },
            fit(&source, source_w)
        );
        let Some(text) = app
            .articles()
            .get(m.article)
            .and_then(|a| a.sentences.get(m.sentence))
            .map(|s| s.text.as_str())
        else {
            continue;
        };
        let marks = app.findings().map_or(&[][..], |f| f.marks(c, k));
        for (n, range) in wrap_text(text, text_w).iter().enumerate() {
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
        return cells(trusted(&v.text)).into_owned();
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
    let facts = app.analysis().map_or(&[][..], |a| a.facts.as_slice());
    let disagreements = facts.iter().filter(|f| !f.agree).count();
    let inner = overlay_frame(
        frame,
        layout::list_area(body),
        title(
            app,
            format!("Facts ({}, {disagreements} disagreeing)", facts.len()),
            Mode::Facts,
        ),
        theme,
    );
    if facts.is_empty() {
        let msg = match app.claims() {
            Claims::Ready(_) => "No numeric fact is reported by two sources.".into(),
            _ => claims_waiting(app, "facts"),
        };
        frame.render_widget(Paragraph::new(msg), inner);
        return;
    }
    let heights: Vec<usize> = facts.iter().map(|f| 1 + f.values.len()).collect();
    let sel = app.chosen_fact().min(facts.len() - 1);
    let source_w = source_width(inner.width as usize);
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
            (theme.symbols.agree, theme.agree)
        } else {
            (theme.symbols.disagree, theme.disagree)
        };
        let head = if chosen {
            theme.selected
        } else {
            theme.heading
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!(
                    "{} {}{} ",
                    if chosen { theme.symbols.chosen } else { " " },
                    mark_of(app, &MarkKey::fact(fact)),
                    cells(trusted(&fact.label))
                ),
                head,
            ),
            Span::styled(flag, flag_style),
        ]));
        for v in &fact.values {
            let source = source_of(app, v.at.article);
            lines.push(Line::from(vec![
                Span::styled(format!("  {} ", fit(&source, source_w)), theme.badge),
                Span::styled(format!("{} ", shown_value(fact, v)), theme.heading),
                Span::styled(format!("“{}”", cells(trusted(&v.text))), theme.faint),
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
    let area = layout::search_area(body);
    let s = app.search();
    let inner = overlay_frame(
        frame,
        area,
        title(app, format!("Search: {}", s.scope().label()), Mode::Search),
        theme,
    );
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    // A query wider than the prompt shows its end, where the typing is.
    let query = tail(&typed(s.query()), (inner.width as usize).saturating_sub(2));
    let prompt = Line::from(vec![
        Span::styled("/", theme.badge),
        Span::raw(query.clone()),
    ]);
    buf.set_line(inner.x, inner.y, &prompt, inner.width);
    let cursor_x = inner.x + (1 + width(&query)).min(inner.width.saturating_sub(1) as usize) as u16;
    // Counts: total and per source.
    let mut counts = if let Some(why) = s.error() {
        format!("search failed: {}", untrusted(why))
    } else if s.query().trim().is_empty() {
        "type to search".to_string()
    } else if s.pending() && s.hits().is_empty() {
        "searching…".to_string()
    } else if s.hits().is_empty() {
        "no match".to_string()
    } else {
        let mut c = if s.total() > s.hits().len() {
            format!("{} (best {} listed)", matches(s.total()), s.hits().len())
        } else {
            matches(s.total())
        };
        for (a, n) in s.per_article().iter().enumerate().filter(|(_, n)| **n > 0) {
            c.push_str(&format!(" · {} {n}", source_of(app, a)));
        }
        c
    };
    if s.pending() && !s.hits().is_empty() {
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
    let sel = s.list.selected().min(s.hits().len().saturating_sub(1));
    let top = list_top(sel..sel + 1, list_h);
    let source_w = source_width(inner.width as usize);
    for (row, (i, hit)) in s
        .hits()
        .iter()
        .enumerate()
        .skip(top)
        .take(list_h)
        .enumerate()
    {
        let y = inner.y + 2 + row as u16;
        let Some(sentence) = app
            .articles()
            .get(hit.at.article)
            .and_then(|a| a.sentences.get(hit.at.sentence))
        else {
            continue;
        };
        let chosen = i == sel;
        let base = if chosen { theme.selected } else { Style::new() };
        let source = source_of(app, hit.at.article);
        let head = Span::styled(
            format!("{} ", fit(&source, source_w)),
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

/// The end of `text` that fits in `w` cells, after an ellipsis when the start was cut.
fn tail(text: &str, w: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    if width(text) <= w {
        return cells(text).into_owned();
    }
    let mut kept = Vec::new();
    let mut used = 1;
    for g in text.graphemes(true).rev() {
        let gw = width(g);
        if used + gw > w {
            break;
        }
        used += gw;
        kept.push(cell_text(g));
    }
    kept.reverse();
    format!("…{}", kept.concat())
}

/// "1 match", "7 matches".
pub fn matches(n: usize) -> String {
    if n == 1 {
        "1 match".into()
    } else {
        format!("{n} matches")
    }
}

/// The mark before a marked entry of a list ("● "), nothing before the others.
pub(super) fn mark_of(app: &App, key: &MarkKey) -> String {
    if app.marks().contains(key) {
        format!("{} ", crate::tui::view::marks::mark(app.theme()))
    } else {
        String::new()
    }
}

/// The source of an article, made safe to print ("?" for an index out of range).
pub(crate) fn source_of(app: &App, article: usize) -> String {
    app.articles()
        .get(article)
        .map_or_else(|| "?".into(), |a| cells(trusted(&a.source)).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Item `i` is `i + 1` lines, and one more (its heading) when it is the top one shown.
    fn item(i: usize, top: bool) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        if top {
            lines.push(Line::from(format!("heading {i}")));
        }
        lines.extend((0..=i).map(|k| Line::from(format!("item {i} line {k}"))));
        lines
    }

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn the_chosen_item_shows_whole_below_as_many_earlier_ones_as_fit_the_top_with_its_heading() {
        let lines = texts(&list_window(6, 3, 9, item));
        // Item 3 (4 lines) and, above it, item 2 (3 lines) with its heading (1): 8 of 9 rows;
        // item 1 would not fit, so the rest of the screen goes to item 4.
        assert_eq!(lines[0], "heading 2");
        assert_eq!(lines[4], "item 3 line 0");
        assert_eq!(lines.len(), 9);
        assert_eq!(lines[8], "item 4 line 0");
        assert!(!lines.iter().any(|l| l == "heading 3"));
    }

    #[test]
    fn a_first_item_chosen_starts_the_window() {
        let lines = texts(&list_window(3, 0, 4, item));
        assert_eq!(
            lines,
            [
                "heading 0",
                "item 0 line 0",
                "item 1 line 0",
                "item 1 line 1"
            ]
        );
    }
}
