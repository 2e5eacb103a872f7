//! The story list (the first screen when more than one story is loaded), its status bar, and
//! the story picker that moves an article to another story.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Widget};

use crate::stories::Story;
use crate::tui::app::App;
use crate::tui::layout::{Layout, centered};
use crate::tui::list::list_top;
use crate::tui::stories::{Entry, Grouping};
use crate::tui::view::{Theme, truncate, trusted};
use crate::tui::wrap::width;

/// Widest the title column gets.
const TITLE_MAX: usize = 90;

/// The columns of a row, their widths in cells (0: not shown on this width).
struct Columns {
    size: usize,
    dates: usize,
    coverage: usize,
    title: usize,
    first: usize,
    outlets: usize,
}

impl Columns {
    /// Fits the columns in `w` cells (after the two of the chosen mark): the title first,
    /// then size, coverage, dates, first reported by, outlets, as room allows.
    fn fit(w: usize) -> Columns {
        let (size, dates, coverage, first) = (9, 23, 22, 16);
        let mut c = Columns {
            size,
            dates: 0,
            coverage: 0,
            title: 0,
            first: 0,
            outlets: 0,
        };
        let mut left = w.saturating_sub(size + 1);
        for (col, want) in [(1, coverage), (0, dates), (2, first)] {
            // The title keeps at least 30 cells (or what there is).
            if left >= want + 1 + 30 {
                left -= want + 1;
                match col {
                    0 => c.dates = want,
                    1 => c.coverage = want,
                    _ => c.first = want,
                }
            }
        }
        // The outlets take three tenths of what is left once the title has 50 cells.
        if left >= 70 {
            c.outlets = (left * 3 / 10).max(left.saturating_sub(TITLE_MAX)) - 1;
            left -= c.outlets + 1;
        }
        c.title = left;
        c
    }
}

/// The date range as the list shows it: "2013-05-02", "2013-05-02 → 05-09", "2012-12-30 →
/// 2013-01-02", or nothing when undated.
pub fn date_range(story: &Story) -> String {
    match (story.first_date, story.last_date) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) if a.year() == b.year() => {
            format!("{a} → {:02}-{:02}", b.month(), b.day())
        }
        (Some(a), Some(b)) => format!("{a} → {b}"),
        _ => String::new(),
    }
}

/// The coverage figure: shared claims and disagreeing facts, once the story is analysed.
pub fn coverage(entry: &Entry) -> String {
    if entry.story.articles.len() < 2 {
        return "one article".into();
    }
    match entry.coverage() {
        Some((claims, 0)) => format!("{claims} shared"),
        Some((claims, disagree)) => format!("{claims} shared, {disagree} differ"),
        None => "analysing…".into(),
    }
}

/// Sources and articles: "4 src 6 art" shortened to what fits.
fn size(story: &Story) -> String {
    format!("{:>2}/{:<3}", story.source_count(), story.articles.len())
}

fn cell(text: &str, w: usize) -> String {
    let t = truncate(text, w);
    let pad = w.saturating_sub(width(&t));
    format!("{t}{} ", " ".repeat(pad))
}

/// Draws the story list over the body, and its status bar.
pub fn render_list(app: &App, layout: &Layout, theme: &Theme, frame: &mut Frame) {
    let body = layout.body;
    let stories = app.stories();
    let articles = app.articles().len();
    let title = match stories.grouping() {
        Grouping::Running => format!(" Stories · {articles} articles "),
        _ => format!(
            " {} stories · {articles} articles · {} ",
            stories.len(),
            stories.sort().label()
        ),
    };
    let block = Block::bordered()
        .border_set(theme.symbols.border)
        .title(Span::styled(title, theme.border_focused))
        .border_style(theme.border_focused);
    let inner = block.inner(body);
    block.render(body, frame.buffer_mut());
    let buf = frame.buffer_mut();
    if *stories.grouping() == Grouping::Running {
        let note = format!("grouping {articles} articles into stories...");
        let at = centered(inner, width(&note) as u16, 1);
        buf.set_stringn(at.x, at.y, note, at.width as usize, theme.faint);
    } else {
        render_rows(app, inner, theme, buf);
    }
    render_status(app, layout, theme, buf);
}

fn render_rows(app: &App, inner: Rect, theme: &Theme, buf: &mut Buffer) {
    if inner.height < 2 || inner.width < 10 {
        return;
    }
    let stories = app.stories();
    let cols = Columns::fit(inner.width.saturating_sub(2) as usize);
    let row = |size: &str, title: &str, dates: &str, cov: &str, first: &str, outlets: &str| {
        let mut s = String::from("  ");
        s.push_str(&cell(size, cols.size));
        s.push_str(&cell(title, cols.title));
        for (text, w) in [
            (dates, cols.dates),
            (cov, cols.coverage),
            (first, cols.first),
        ] {
            if w > 0 {
                s.push_str(&cell(text, w));
            }
        }
        if cols.outlets > 0 {
            s.push_str(&truncate(outlets, cols.outlets));
        }
        s
    };
    let header = row(
        "src/art",
        "story",
        "dates",
        "coverage",
        "first reported",
        "outlets",
    );
    buf.set_stringn(
        inner.x,
        inner.y,
        header,
        inner.width as usize,
        theme.heading,
    );
    let height = (inner.height - 1) as usize;
    let sel = stories.list.selected();
    let top = list_top(sel..sel + 1, height);
    let searching = app.search().showing();
    for (i, e) in stories.rows().enumerate().skip(top).take(height) {
        let y = inner.y + 1 + (i - top) as u16;
        let s = &e.story;
        let outlets = s
            .outlets
            .iter()
            .map(|o| trusted(o))
            .collect::<Vec<_>>()
            .join(", ");
        let first = s.first_reported_by.as_deref().map_or("", trusted);
        // While a search shows, each story says how many of its sentences match, as panes do.
        let hits: usize = if searching {
            s.articles.iter().map(|&a| app.search().hits_in(a)).sum()
        } else {
            0
        };
        let title = if searching {
            format!("[{hits}] {}", trusted(&s.title))
        } else {
            trusted(&s.title).to_string()
        };
        let mut text = row(
            &size(s),
            &title,
            &date_range(s),
            &coverage(e),
            first,
            &outlets,
        );
        let style = if i == sel {
            text.replace_range(..1, theme.symbols.chosen_row);
            theme.selected
        } else if searching && hits == 0 {
            theme.faint
        } else {
            Style::new()
        };
        let pad = (inner.width as usize).saturating_sub(width(&text));
        text.push_str(&" ".repeat(pad));
        buf.set_stringn(inner.x, y, text, inner.width as usize, style);
    }
}

/// The list's status bar: the count, the order, how many stories are analysed, and the keys.
fn render_status(app: &App, layout: &Layout, theme: &Theme, buf: &mut Buffer) {
    let area = layout.status.intersection(buf.area);
    buf.set_style(area, theme.status);
    let stories = app.stories();
    let mut left = match stories.grouping() {
        Grouping::Running => " grouping articles into stories...".to_string(),
        _ => {
            let analysable = stories
                .entries()
                .iter()
                .filter(|e| e.story.articles.len() > 1);
            let (done, all) = analysable.fold((0, 0), |(d, a), e| {
                (d + usize::from(e.findings.is_some()), a + 1)
            });
            let mut l = format!(" story {}/{}", stories.list.selected() + 1, stories.len());
            if done < all {
                l.push_str(&format!(" │ analysed {done}/{all}"));
            }
            l
        }
    };
    let search = app.search();
    if search.showing() {
        left.push_str(&format!(
            " │ /{} {}",
            truncate(&crate::tui::view::typed(search.query()), 24),
            crate::tui::view::overlays::matches(search.total())
        ));
    }
    left.push(' ');
    let full = area.width as usize;
    let left = truncate(&left, full);
    let left_w = width(&left);
    buf.set_line(area.x, area.y, &Line::from(Span::raw(left)), area.width);
    let hints = app.keymap().hints(app.mode());
    crate::tui::view::status::draw_hints(buf, area, &hints, left_w, theme);
}

/// The story picker: where to move the focused article.
pub fn render_picker(app: &App, theme: &Theme, frame: &mut Frame, body: Rect) {
    let stories = app.stories();
    let rows = stories.picker_rows();
    let w = body.width.saturating_sub(8).min(100);
    let h = (rows.len() as u16 + 2)
        .min(body.height.saturating_sub(2))
        .max(3);
    let area = centered(body, w, h);
    let source = app
        .articles()
        .get(app.focus())
        .map_or("", |a| trusted(&a.source));
    let keys = ["Enter", "Esc"]
        .iter()
        .zip(["moves", "cancels"])
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    let title = format!(" Move {} to which story? ({keys}) ", truncate(source, 24));
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .border_set(theme.symbols.border)
        .title(Span::styled(title, theme.overlay))
        .border_style(theme.overlay);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let buf = frame.buffer_mut();
    let height = inner.height as usize;
    let sel = stories.picker.selected();
    let top = list_top(sel..sel + 1, height);
    for (i, e) in rows.iter().enumerate().skip(top).take(height) {
        let y = inner.y + (i - top) as u16;
        let text = format!(
            " {} {}",
            size(&e.story),
            truncate(trusted(&e.story.title), inner.width as usize)
        );
        let style = if i == sel {
            theme.selected
        } else {
            Style::new()
        };
        let pad = (inner.width as usize).saturating_sub(width(&text));
        buf.set_stringn(
            inner.x,
            y,
            format!("{text}{}", " ".repeat(pad)),
            inner.width as usize,
            style,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_the_width() {
        for w in 10..260 {
            let c = Columns::fit(w);
            let used = c.size
                + 1
                + c.title
                + 1
                + [c.dates, c.coverage, c.first]
                    .iter()
                    .map(|&x| if x > 0 { x + 1 } else { 0 })
                    .sum::<usize>()
                + c.outlets;
            assert!(used <= w + 2, "{w}: {used}");
        }
        let wide = Columns::fit(196);
        assert!(wide.outlets > 0 && wide.first > 0 && wide.dates > 0);
    }
}
