//! The copy menu (like lazygit's): the sentence under the cursor, and a key for each way of
//! copying it with its citation, listed from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::tui::action::Mode;
use crate::tui::app::App;
use crate::tui::layout::centered;
use crate::tui::view::{Theme, truncate, trusted};
use crate::tui::wrap::width;

/// Widest the menu grows.
const MAX_WIDTH: u16 = 64;

/// Draws the copy menu over the panes.
pub fn render_copy_menu(app: &App, theme: &Theme, frame: &mut Frame, body: Rect) {
    let entries: Vec<(String, &str)> = app
        .keymap()
        .bindings()
        .iter()
        // The menu's own keys, not those that work everywhere (Ctrl-c).
        .filter(|b| b.modes == [Mode::Copy] && !b.keys.is_empty())
        .map(|b| (b.keys_label(), b.help))
        .collect();
    let key_w = entries.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let w = MAX_WIDTH.min(body.width);
    let area = centered(body, w, entries.len() as u16 + 4);
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .border_set(theme.symbols.border)
        .title(" Copy with citation ")
        .border_style(theme.overlay);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let sentence = app
        .articles()
        .get(app.focus())
        .and_then(|a| a.sentences.get(app.cursor(app.focus())))
        .map_or("", |s| trusted(&s.text));
    let room = inner.width as usize;
    let mut lines = vec![
        Line::from(Span::styled(
            truncate(&format!("\u{201c}{sentence}\u{201d}"), room),
            theme.faint,
        )),
        Line::default(),
    ];
    for (keys, help) in entries {
        let pad = " ".repeat(key_w.saturating_sub(width(&keys)) + 2);
        lines.push(Line::from(vec![
            Span::styled(keys, theme.badge),
            Span::raw(format!("{pad}{help}")),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
