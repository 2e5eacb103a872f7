//! The status bar: focused article, position, pane window, claims progress and the main keys.

use ratatui::buffer::Buffer;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::tui::app::{App, Mode};
use crate::tui::view::Theme;
use crate::tui::view::{trusted, typed, untrusted};

/// Draws the status bar on the last row.
pub fn render_status(app: &App, theme: &Theme, buf: &mut Buffer) {
    let area = app.layout.status;
    buf.set_style(area, theme.status);
    let Some(article) = app.articles().get(app.focus) else {
        return;
    };
    let pane = &app.panes[app.focus];
    // The position counts the sentences shown (boilerplate hidden, filters applied).
    let (at, of) = match app.wraps.get(app.focus).and_then(Option::as_ref) {
        Some(w) => (w.position(pane.cursor).unwrap_or(0), w.shown),
        None => (
            (pane.cursor + 1).min(article.sentences.len()),
            article.sentences.len(),
        ),
    };
    let mut left = format!(" {} │ sentence {at}/{of}", trusted(&article.source));
    if let Some(w) = app.window_label() {
        left.push_str(&format!(" │ panes {w}"));
    }
    if let Some(why) = &app.claims_error {
        left.push_str(&format!(" │ claims failed: {}", untrusted(why)));
    } else if let Some(p) = app.claims_progress {
        left.push_str(&format!(" │ claims {:.0}%", p * 100.0));
    } else if let Some(a) = &app.analysis {
        left.push_str(&format!(" │ {} shared claims", a.claims.len()));
    }
    if let Some(why) = &app.search.error {
        left.push_str(&format!(" │ search failed: {}", untrusted(why)));
    } else if app.search.active && !app.search.query.is_empty() {
        left.push_str(&format!(
            " │ /{} {}",
            typed(&app.search.query),
            crate::tui::view::overlays::matches(app.search.total)
        ));
    }
    let mut flags = Vec::new();
    if app.show_boilerplate {
        flags.push("boilerplate");
    }
    if app.unique_only {
        flags.push("unique only");
    }
    if !flags.is_empty() {
        left.push_str(&format!(" │ {}", flags.join(", ")));
    }
    left.push(' ');
    // Key hints, most important first; as many as fit after the position.
    let hints: &[&str] = match app.mode {
        Mode::Search => &["Enter jump", "Esc close", "Tab scope", "↑/↓ choose"],
        Mode::Claims | Mode::Facts => &["Enter jump", "Esc close", "j/k choose"],
        Mode::Help => &["any key closes"],
        Mode::Normal => &[
            "? help",
            "q quit",
            "j/k move",
            "h/l pane",
            "/ search",
            "n/N next",
            "c claims",
            "f facts",
            "u unique",
            "b boilerplate",
        ],
    };
    let width = area.width as usize;
    let left_w = left.width();
    buf.set_line(area.x, area.y, &Line::from(Span::raw(left)), area.width);
    let mut room = width.saturating_sub(left_w + 1);
    let mut shown = Vec::new();
    for h in hints {
        let w = h.width() + 2;
        if w > room {
            break;
        }
        room -= w;
        shown.push(*h);
    }
    let keys = format!("{} ", shown.join("  "));
    let keys_w = keys.width();
    if !shown.is_empty() && keys_w <= width {
        buf.set_stringn(
            area.x + (width - keys_w) as u16,
            area.y,
            keys,
            keys_w,
            theme.status,
        );
    }
}
