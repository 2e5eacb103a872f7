//! Marks on screen: the mark beside a marked sentence (on its pane's left border, so no column
//! of text moves), and the export prompt with the overwrite question.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::corpus::SentenceRef;
use crate::output::export::{MarkKind, Marked};
use crate::tui::action::{Action, Mode};
use crate::tui::app::App;
use crate::tui::layout::{PaneLayout, centered};
use crate::tui::marks::symbol;
use crate::tui::view::{Theme, truncate, typed, untrusted};
use crate::tui::wrap::{Row, width};

/// Widest the export prompt grows.
const MAX_WIDTH: u16 = 76;
/// Marked items listed in the prompt before "and N more".
const LISTED: usize = 8;
/// The mark drawn beside a marked item on screen (ASCII in the theme's ASCII mode).
pub fn mark(theme: &Theme) -> &'static str {
    symbol(theme.ascii)
}

/// The pane border beside a marked sentence's rows after its first.
fn bar(theme: &Theme) -> &'static str {
    if theme.ascii { "|" } else { "┃" }
}

/// Draws the marks of one pane's marked sentences on its left border: the mark on the
/// sentence's first row shown, a heavier border on its other rows.
pub fn render_pane_marks(app: &App, pane: &PaneLayout, theme: &Theme, buf: &mut Buffer) {
    let a = pane.article;
    if app.marks().is_empty() || pane.area.x >= pane.text.x {
        return;
    }
    let x = pane.area.x;
    let clip = buf.area;
    let mut last = None;
    for (i, row) in app
        .pane_rows(a)
        .iter()
        .take(pane.text.height as usize)
        .enumerate()
    {
        let Row::Text { sentence, .. } = row else {
            last = None;
            continue;
        };
        let at = SentenceRef {
            article: a,
            sentence: *sentence,
        };
        let y = pane.text.y + i as u16;
        if !app.marks().has_sentence(at) || !clip.contains((x, y).into()) {
            last = Some(*sentence);
            continue;
        }
        let sign = if last == Some(*sentence) {
            bar(theme)
        } else {
            mark(theme)
        };
        buf[(x, y)].set_symbol(sign).set_style(theme.notice);
        last = Some(*sentence);
    }
}

/// A marked item on one line of the prompt: what it is, and where from and its words.
fn summary(item: &Marked) -> (&'static str, String) {
    let outlet = |i: usize| {
        item.versions
            .get(i)
            .map_or("", |v| v.source.outlet.as_str())
    };
    match item.kind {
        MarkKind::Sentence => ("sentence", format!("{}: {}", outlet(0), item.text)),
        MarkKind::Claim => (
            "claim",
            format!("{} versions: {}", item.versions.len(), item.text),
        ),
        MarkKind::Quote => (
            "quote",
            format!(
                "{}: {}",
                item.speaker.as_deref().unwrap_or(outlet(0)),
                item.text
            ),
        ),
        MarkKind::Fact => {
            let values: Vec<String> = item
                .versions
                .iter()
                .map(|v| format!("{} ({})", v.text, v.source.outlet))
                .collect();
            ("fact", format!("{}: {}", item.text, values.join(", ")))
        }
    }
}

/// Draws the export prompt (the path, the format, the marked items), and under
/// [`Mode::Overwrite`] the question whether to replace the file.
pub fn render_export(app: &App, theme: &Theme, frame: &mut Frame, body: Rect) {
    let prompt = app.export_prompt();
    let n = app.marks().len();
    let listed = n.min(LISTED);
    let more = usize::from(n > LISTED);
    let w = MAX_WIDTH.min(body.width);
    let area = centered(body, w, (6 + listed + more) as u16);
    frame.render_widget(Clear, area);
    let hints = app.keymap().hints(app.mode()).join(" · ");
    let block = Block::bordered()
        .title(format!(
            " Export {n} marked item{} — {hints} ",
            if n == 1 { "" } else { "s" }
        ))
        .border_style(theme.border_focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let room = inner.width as usize;
    let label = "File: ";
    // A path wider than the prompt shows its end, where the typing is.
    let path = typed(prompt.path());
    let path_room = room.saturating_sub(width(label) + 1);
    let shown_path = if width(&path) > path_room {
        let tail: String = path
            .chars()
            .rev()
            .scan(0, |w, c| {
                *w += width(&c.to_string());
                (*w < path_room).then_some(c)
            })
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        format!("…{tail}")
    } else {
        path
    };
    let format = prompt.format();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(label, theme.badge),
            Span::raw(shown_path.clone()),
        ]),
        Line::from(vec![
            Span::styled("Format: ", theme.badge),
            Span::raw(format.name()),
            Span::styled(
                match app.keymap().first_key(Mode::Export, &Action::ExportFormat) {
                    Some(k) => format!("  ({k}: {})", format.toggled().name()),
                    None => String::new(),
                },
                theme.faint,
            ),
        ]),
    ];
    if app.mode() == Mode::Overwrite {
        let key = |a: Action| {
            app.keymap()
                .first_key(Mode::Overwrite, &a)
                .unwrap_or_default()
        };
        let question = format!(
            "{} exists: overwrite? {}/{}",
            typed(prompt.path()),
            key(Action::Select),
            key(Action::CloseOverlay)
        );
        lines.push(Line::from(Span::styled(
            truncate(&question, room),
            theme.disagree,
        )));
    } else {
        lines.push(Line::default());
    }
    for item in app.marks().items().take(listed) {
        let (kind, text) = summary(item);
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", mark(theme)), theme.notice),
            Span::styled(format!("{kind:<9}"), theme.faint),
            Span::raw(truncate(&untrusted(&text), room.saturating_sub(11))),
        ]));
    }
    if more > 0 {
        lines.push(Line::from(Span::styled(
            format!("  … and {} more", n - listed),
            theme.faint,
        )));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if app.mode() == Mode::Export {
        let x = inner.x + (width(label) + width(&shown_path)).min(room.saturating_sub(1)) as u16;
        frame.set_cursor_position((x, inner.y));
    }
}
