//! The quotes view: quotes by speaker (one person however each source names them), each
//! quote's variants across sources with the words the first variant lacks marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::action::Mode;
use crate::tui::app::App;
use crate::tui::layout::{self, claim_columns};
use crate::tui::view::overlays::{
    claims_waiting, fit, list_window, overlay_frame, source_of, title,
};
use crate::tui::view::panes::highlighted;
use crate::tui::view::{Theme, trusted};
use crate::tui::workers::Findings;
use crate::tui::wrap::{cells, wrap_text};

/// Draws the quotes view over the panes, the chosen quote in sight.
pub fn render_quotes(app: &App, theme: &Theme, frame: &mut Frame, body: Rect) {
    let n = app.findings().map_or(0, |f| f.quotes.len());
    let speakers = app.findings().map_or(0, |f| f.quotes.speakers().len());
    let inner = overlay_frame(
        frame,
        layout::list_area(body),
        title(
            app,
            format!(
                "Quotes ({n}, {speakers} speaker{}), marked: words not in the first version",
                if speakers == 1 { "" } else { "s" }
            ),
            Mode::Quotes,
        ),
        theme,
    );
    let Some(findings) = app.findings() else {
        frame.render_widget(Paragraph::new(claims_waiting(app, "quotes")), inner);
        return;
    };
    if n == 0 {
        frame.render_widget(Paragraph::new("No quote was found."), inner);
        return;
    }
    let height = inner.height as usize;
    let sel = app.chosen_quote().min(n - 1);
    let width = inner.width as usize;
    // The first quote shown carries its speaker's heading.
    let item =
        |row: usize, top: bool| quote_lines(app, findings, theme, row, row == sel, top, width);
    frame.render_widget(Paragraph::new(list_window(n, sel, height, item)), inner);
}

/// The lines of the quote at `row`: its speaker's heading when it is the speaker's first (or
/// the top one shown), a header, then each variant with the words the first lacks marked.
fn quote_lines<'a>(
    app: &'a App,
    findings: &'a Findings,
    theme: &Theme,
    row: usize,
    chosen: bool,
    top: bool,
    width: usize,
) -> Vec<Line<'a>> {
    let view = &findings.quotes;
    let (Some(g), Some(s)) = (view.group_at(row), view.speaker_of(row)) else {
        return Vec::new();
    };
    let Some(group) = findings.analysis.quotes.get(g) else {
        return Vec::new();
    };
    let speaker = &view.speakers()[s];
    let mut lines = Vec::new();
    if top || speaker.rows.start == row {
        let name = speaker
            .name
            .as_deref()
            .map_or_else(|| "(speaker not named)".into(), |n| cells(trusted(n)));
        let quotes = speaker.rows.len();
        lines.push(Line::from(vec![
            Span::styled(name, theme.heading),
            Span::styled(
                format!(
                    " {} {quotes} quote{}, {} source{}",
                    theme.symbols.dot,
                    if quotes == 1 { "" } else { "s" },
                    speaker.sources,
                    if speaker.sources == 1 { "" } else { "s" }
                ),
                theme.faint,
            ),
        ]));
    }
    let shown = view.shown(g);
    let mut articles: Vec<usize> = group.variants.iter().map(|v| v.at.article).collect();
    articles.dedup();
    // How the sources name the speaker, when it is not the person's own name or surname.
    let named = group
        .speaker
        .as_deref()
        .filter(|s| !speaker.name.as_deref().is_some_and(|n| n.ends_with(s)))
        .map(|s| format!(" (as {})", cells(trusted(s))))
        .unwrap_or_default();
    let head_style = if chosen { theme.selected } else { theme.badge };
    lines.push(Line::from(Span::styled(
        format!(
            "{} {}{}/{} sources, {} version{}{named}",
            if chosen { theme.symbols.chosen } else { " " },
            super::overlays::mark_of(app, &crate::tui::marks::MarkKey::quote(group)),
            articles.len(),
            app.badge_total(),
            shown.len(),
            if shown.len() == 1 { "" } else { "s" }
        ),
        head_style,
    )));
    let (source_w, text_w) = claim_columns(width);
    for &k in shown {
        let Some(v) = group.variants.get(k) else {
            continue;
        };
        let label = format!("  {} ", fit(&source_of(app, v.at.article), source_w));
        let marks = view.marks(g, k);
        for (i, range) in wrap_text(&v.text, text_w).iter().enumerate() {
            let lead = if i == 0 {
                label.clone()
            } else {
                " ".repeat(source_w + 3)
            };
            let mut line = highlighted(&v.text, range.clone(), marks, Style::new(), theme.added);
            line.spans.insert(0, Span::styled(lead, theme.badge));
            lines.push(line);
        }
    }
    lines
}
