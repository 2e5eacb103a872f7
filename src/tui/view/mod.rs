//! Rendering from `&App` only: panes, overlays, status bar. Drawing never changes state.

pub mod marks;
pub mod menu;
pub mod overlays;
pub mod panes;
pub mod status;
pub mod stories;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::tui::action::Mode;
use crate::tui::app::App;
use crate::tui::layout::{MIN_HEIGHT, MIN_WIDTH};

/// The styles of the screen; with `NO_COLOR` only modifiers are used.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    /// The sentence under the cursor in the focused pane.
    pub cursor: Style,
    /// A sentence that belongs to a shared claim.
    pub claim: Style,
    /// Another source's version of the claim under the cursor.
    pub emphasis: Style,
    /// Boilerplate, when shown.
    pub boilerplate: Style,
    /// Headings.
    pub heading: Style,
    /// Article notices.
    pub notice: Style,
    /// Characters a search matched.
    pub matched: Style,
    /// The words that carry the focused claim, in each of its versions (never colour alone).
    pub shared: Style,
    /// The claim badge in the gutter.
    pub badge: Style,
    /// The marker of a sentence unique to its source.
    pub unique: Style,
    /// Borders of unfocused panes.
    pub border: Style,
    /// Border and title of the focused pane.
    pub border_focused: Style,
    /// The status bar.
    pub status: Style,
    /// The chosen entry of a list.
    pub selected: Style,
    /// Words one version has that the first does not.
    pub added: Style,
    /// A disagreement between sources.
    pub disagree: Style,
    /// Agreement between sources.
    pub agree: Style,
    /// Secondary text (counts, hints).
    pub faint: Style,
}

impl Theme {
    /// The theme for a terminal with colours, or without (`no_color`).
    pub fn new(no_color: bool) -> Theme {
        let m = |m: Modifier| Style::new().add_modifier(m);
        if no_color {
            return Theme {
                cursor: m(Modifier::REVERSED),
                // Underlining is kept for the shared words, so a claim sentence is plain and
                // another source's version is bold.
                claim: Style::new(),
                emphasis: m(Modifier::BOLD),
                boilerplate: m(Modifier::DIM),
                heading: m(Modifier::BOLD),
                notice: m(Modifier::BOLD),
                matched: m(Modifier::BOLD | Modifier::REVERSED),
                shared: m(Modifier::BOLD | Modifier::UNDERLINED),
                badge: m(Modifier::BOLD),
                unique: m(Modifier::DIM),
                border: m(Modifier::DIM),
                border_focused: m(Modifier::BOLD),
                status: m(Modifier::REVERSED),
                selected: m(Modifier::REVERSED),
                added: m(Modifier::UNDERLINED | Modifier::BOLD),
                disagree: m(Modifier::BOLD | Modifier::REVERSED),
                agree: Style::new(),
                faint: m(Modifier::DIM),
            };
        }
        Theme {
            cursor: Style::new().bg(Color::Blue).fg(Color::White),
            claim: Style::new().fg(Color::Cyan),
            emphasis: Style::new()
                .fg(Color::LightCyan)
                .bg(Color::DarkGray)
                .add_modifier(Modifier::BOLD),
            boilerplate: Style::new().fg(Color::DarkGray).add_modifier(Modifier::DIM),
            heading: m(Modifier::BOLD),
            notice: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            matched: Style::new().bg(Color::Yellow).fg(Color::Black),
            shared: Style::new()
                .fg(Color::LightYellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            badge: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            unique: Style::new().fg(Color::DarkGray),
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new()
                .fg(Color::LightBlue)
                .add_modifier(Modifier::BOLD),
            status: Style::new().bg(Color::DarkGray).fg(Color::White),
            selected: Style::new().bg(Color::Blue).fg(Color::White),
            added: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            disagree: Style::new()
                .fg(Color::LightRed)
                .add_modifier(Modifier::BOLD),
            agree: Style::new().fg(Color::Green),
            faint: Style::new().fg(Color::DarkGray),
        }
    }
}

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
    let theme = Theme::new(app.no_color());
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

/// The screen while the inputs load: the reader is open, and q quits.
pub fn render_loading(frame: &mut Frame) {
    let area = frame.area();
    let note = Paragraph::new(vec![
        Line::from("parallax: loading the articles…"),
        Line::from("q quits"),
    ])
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

fn render_too_small(frame: &mut Frame, area: Rect) {
    let note = Paragraph::new(vec![
        Line::from("terminal too small"),
        Line::from(format!("need {MIN_WIDTH}x{MIN_HEIGHT}")),
    ])
    .wrap(Wrap { trim: true });
    frame.render_widget(note, area);
}
