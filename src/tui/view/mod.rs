//! Rendering from `&App` only: panes, overlays, status bar. Drawing never changes state.

pub mod marks;
pub mod menu;
pub mod overlays;
pub mod panes;
pub mod quotes;
pub mod status;
pub mod stories;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::corpus::load::{Counts, Head};
use crate::tui::action::Mode;
use crate::tui::app::App;
use crate::tui::layout::{MIN_HEIGHT, MIN_WIDTH};

/// The styles and symbols every view draws with (see [`crate::tui::theme`]).
pub use crate::tui::theme::Theme;

/// A string of the loaded corpus, drawn as it is: the loader made every shown string
/// terminal-safe ([`crate::corpus::sanitize`]); debug builds check that it did.
pub fn trusted(s: &str) -> &str {
    debug_assert!(crate::corpus::sanitize::is_safe(s), "unsafe text {s:?}");
    s
}

/// A message that does not come from the corpus (an error), made terminal-safe on one line.
pub fn untrusted(s: &str) -> String {
    crate::corpus::sanitize::display(s)
}

/// The typed search query made terminal-safe, its spaces kept (the prompt's cursor follows them).
pub fn typed(s: &str) -> String {
    crate::corpus::sanitize::sanitize(s)
}

/// Draws the whole screen from the app state, on the size the frame really has (a resize may
/// still be on its way to `update`).
pub fn render(app: &App, frame: &mut Frame) {
    let theme = *app.theme();
    let area = frame.area();
    let layout = app.layout_for(area);
    if layout.too_small || area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(frame, area);
        return;
    }
    if app.on_story_list() {
        stories::render_list(app, &layout, &theme, frame);
    } else {
        for pane in &layout.panes {
            panes::render_pane(app, pane, &theme, frame.buffer_mut());
            marks::render_pane_marks(app, pane, &theme, frame.buffer_mut());
        }
        status::render_status(app, &layout, &theme, frame.buffer_mut());
    }
    let body = layout.body;
    match app.mode() {
        Mode::Normal | Mode::Stories => {}
        Mode::MoveTo => stories::render_picker(app, &theme, frame, body),
        Mode::Help => overlays::render_help(app, &theme, frame, body),
        Mode::Claims => overlays::render_claims(app, &theme, frame, body),
        Mode::Facts => overlays::render_facts(app, &theme, frame, body),
        Mode::Search => overlays::render_search(app, &theme, frame, body),
        Mode::Copy => menu::render_copy_menu(app, &theme, frame, body),
        Mode::Export | Mode::Overwrite => marks::render_export(app, &theme, frame, body),
        Mode::Quotes => quotes::render_quotes(app, &theme, frame, body),
    }
    if theme.ascii {
        crate::tui::theme::ascii_buffer(frame.buffer_mut());
    }
}

/// `text` as drawn, cut to `width` cells with an ellipsis when it was longer (by grapheme, so
/// no cluster is split).
pub fn truncate(text: &str, width: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    if crate::tui::wrap::width(text) <= width {
        return crate::tui::wrap::cells(text).into_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = crate::tui::wrap::width(g);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push_str(&crate::tui::wrap::cell_text(g));
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// The screen while the inputs load: how many of them are read (once the folders are walked,
/// when there is more than one), and that q quits; once articles are read, their headlines
/// (title, date, source) in the order they were read, as many as fit, so the first frame
/// shows articles while the rest load.
pub fn render_loading(frame: &mut Frame, progress: Counts, heads: &[Head]) {
    let area = frame.area();
    let Counts { read, total, files } = progress;
    let what = if total > 1 {
        let inputs = if files { "files" } else { "inputs" };
        format!("parallax: reading the articles, {read} of {total} {inputs} read")
    } else {
        "parallax: loading the articles...".to_string()
    };
    if !heads.is_empty() && area.width >= MIN_WIDTH && area.height >= 3 {
        // The count first, when the whole line does not fit on the box's edge.
        let short = if total > 1 {
            format!("{read} of {total} read")
        } else {
            "loading".to_string()
        };
        let fits = crate::tui::wrap::width(&what) + 4 <= area.width as usize;
        render_heads(frame, if fits { &what } else { &short }, heads);
        return;
    }
    let note = Paragraph::new(vec![Line::from(what), Line::from("q quits")])
        .alignment(ratatui::layout::Alignment::Center)
        .wrap(Wrap { trim: true });
    let y = area.height / 2;
    let at = Rect::new(
        area.x,
        area.y + y.saturating_sub(1),
        area.width,
        2.min(area.height),
    );
    frame.render_widget(note, at.intersection(area));
}

/// The loading screen's list of the articles read so far, in a box titled with the progress.
fn render_heads(frame: &mut Frame, what: &str, heads: &[Head]) {
    use ratatui::widgets::{Block, Borders};
    let area = frame.area();
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {what} "))
        .title_bottom(Line::from(" q quits ").right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    // Two cells of margin; the date and the source as room allows, the title first.
    let date_w = if w >= 70 { 18 } else { 0 };
    let source_w = if w >= 50 { (w / 4).min(28) } else { 0 };
    let title_w = w.saturating_sub(
        2 + date_w + source_w + usize::from(date_w > 0) + usize::from(source_w > 0),
    );
    let buf = frame.buffer_mut();
    for (row, head) in heads.iter().take(inner.height as usize).enumerate() {
        let mut line = String::from("  ");
        let title = truncate(trusted(&head.title), title_w);
        line.push_str(&title);
        line.push_str(&" ".repeat(title_w.saturating_sub(crate::tui::wrap::width(&title))));
        if date_w > 0 {
            let date = truncate(trusted(head.date.as_deref().unwrap_or("")), date_w);
            line.push(' ');
            line.push_str(&date);
            line.push_str(&" ".repeat(date_w.saturating_sub(crate::tui::wrap::width(&date))));
        }
        if source_w > 0 {
            line.push(' ');
            line.push_str(&truncate(trusted(&head.source), source_w));
        }
        buf.set_stringn(
            inner.x,
            inner.y + row as u16,
            &line,
            w,
            ratatui::style::Style::default(),
        );
    }
}

fn render_too_small(frame: &mut Frame, area: Rect) {
    let note = Paragraph::new(vec![
        Line::from("terminal too small"),
        Line::from(format!("need {MIN_WIDTH}x{MIN_HEIGHT}")),
    ])
    .wrap(Wrap { trim: true });
    frame.render_widget(note, area);
}
