//! The status bar: focused article, position, the count of marks, a notice ("copied ..."), the article's URL, pane
//! window, claims state, search, filters and the main keys (generated from the keymap). A long source name or query is cut with an
//! ellipsis so the position, the match count and the first hints always show.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::tui::app::{App, Claims};
use crate::tui::layout::Layout;
use crate::tui::view::{Theme, truncate, trusted, typed, untrusted};
use crate::tui::wrap::width;

/// Widest a query shows in the status bar.
const QUERY_WIDTH: usize = 24;
/// Narrowest a source name is cut to.
const MIN_SOURCE: usize = 6;
/// Widest the focused article's URL shows.
const URL_WIDTH: usize = 48;

/// Draws the status bar on the last row.
pub fn render_status(app: &App, layout: &Layout, theme: &Theme, buf: &mut Buffer) {
    let area = layout.status.intersection(buf.area);
    buf.set_style(area, theme.status);
    let Some(article) = app.articles().get(app.focus()) else {
        return;
    };
    let cursor = app.cursor(app.focus());
    // The position counts the sentences shown (boilerplate hidden, filters applied).
    let (at, of) = match app.wrapped(app.focus()) {
        Some(w) => (w.position(cursor).unwrap_or(0), w.shown),
        None => (
            (cursor + 1).min(article.sentences.len()),
            article.sentences.len(),
        ),
    };
    // What must show: the position, and the query with its match count.
    let mut high = format!(" │ sentence {at}/{of}");
    // The marks are counted where they cannot be cut off.
    if !app.marks().is_empty() {
        high.push_str(&format!(" │ {} marked", app.marks().len()));
    }
    let search = app.search();
    if let Some(why) = search.error() {
        high.push_str(&format!(" │ search failed: {}", untrusted(why)));
    } else if search.showing() {
        high.push_str(&format!(
            " │ /{} {}",
            truncate(&typed(search.query()), QUERY_WIDTH),
            crate::tui::view::overlays::matches(search.total())
        ));
    }
    // A notice answers the last key, so it shows before anything that may be cut.
    if let Some(notice) = app.notice() {
        high.push_str(&format!(" │ {}", untrusted(notice)));
    }
    // What may be cut: the URL, the pane window, the claims, skipped inputs and the filters.
    let mut low = String::new();
    // A sentence sharing several claims says which one is under focus and how to turn.
    if let Some((k, n)) = app.claim_turn().filter(|&(_, n)| n > 1) {
        let key = app
            .keymap()
            .first_key(app.mode(), &crate::tui::action::Action::NextClaim);
        low.push_str(&format!(" │ claim {}/{n}", k + 1));
        if let Some(key) = key {
            low.push_str(&format!(" ({key} next)"));
        }
    }
    if let Some(url) = article.url.as_deref() {
        low.push_str(&format!(" │ {}", truncate(trusted(url), URL_WIDTH)));
    }
    if let Some(w) = app.window_label() {
        low.push_str(&format!(" │ panes {w}"));
    }
    match app.claims() {
        Claims::Failed(why) => low.push_str(&format!(" │ claims failed: {}", untrusted(why))),
        Claims::Running(p) => low.push_str(&format!(" │ claims {:.0}%", p * 100.0)),
        Claims::Ready(f) => low.push_str(&format!(" │ {} shared claims", f.analysis.claims.len())),
        Claims::Off(why) => low.push_str(&format!(" │ no claims: {why}")),
    }
    if app.stories().listed()
        && let Some(story) = app.stories().open()
    {
        let title = truncate(trusted(&story.story.title), 40);
        low.push_str(&format!(" │ story: {title}"));
    }
    let skipped = app.corpus().skipped.len();
    if skipped > 0 {
        low.push_str(&format!(" │ {skipped} skipped (? lists)"));
    }
    let mut flags = Vec::new();
    if app.show_boilerplate() {
        flags.push("boilerplate");
    }
    if app.unique_only() {
        flags.push("unique only");
    }
    if app.timeline() {
        flags.push("panes by date");
    }
    if !flags.is_empty() {
        low.push_str(&format!(" │ {}", flags.join(", ")));
    }

    let full = area.width as usize;
    let mut hints = app.keymap().hints(app.mode());
    // Without a story list there is none to go back to.
    if !app.stories().listed() {
        hints.retain(|h| !h.ends_with(" stories"));
    }
    // The source name gets what the position, the search and the first hint leave.
    let first_hint = hints.first().map_or(0, |h| width(h) + 2);
    // (one leading space, the hint's own room and a gap of one)
    let room = full.saturating_sub(1 + width(&high) + first_hint + 2 + 1);
    let source = truncate(trusted(&article.source), room.max(MIN_SOURCE));
    let head = format!(" {source}{high}");
    // Room for the first hint is kept only when it can show at all.
    let reserve = if width(&head) + first_hint + 2 <= full {
        first_hint + 2
    } else {
        1
    };
    let low_room = full.saturating_sub(width(&head) + reserve);
    // A note cut to less than a word says nothing: then it goes.
    let low = if low_room >= 6 {
        truncate(&low, low_room)
    } else {
        String::new()
    };
    let left = format!("{head}{low} ");
    let left_w = width(&left);
    buf.set_line(area.x, area.y, &Line::from(Span::raw(left)), area.width);
    draw_hints(buf, area, &hints, left_w, theme);
}

/// Draws key hints at the right of a status row, most important first, as many as fit after
/// `left_w` cells of other text.
pub fn draw_hints(buf: &mut Buffer, area: Rect, hints: &[String], left_w: usize, theme: &Theme) {
    let full = area.width as usize;
    let mut room = full.saturating_sub(left_w + 1);
    let mut shown = Vec::new();
    for h in hints {
        let w = width(h) + 2;
        if w > room {
            break;
        }
        room -= w;
        shown.push(h.as_str());
    }
    let keys = format!("{} ", shown.join("  "));
    let keys_w = width(&keys);
    if !shown.is_empty() && keys_w <= full {
        buf.set_stringn(
            area.x + (full - keys_w) as u16,
            area.y,
            keys,
            keys_w,
            theme.hints,
        );
    }
}
