//! The story list, drawn from a [`StoryList`]: a row per story with its article and source
//! counts, date range, coverage, title and outlets; the selected story's first report below.
//! Drawing never changes the list (the scroll follows from the selection).

use jiff::civil::Date;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthChar;

use crate::tui::stories::{StoryList, StoryOrder, StoryRow};
use crate::tui::view::{Theme, trusted};

/// Widths of the fixed columns: articles, sources, dates, coverage.
const ARTS: usize = 5;
const SRCS: usize = 5;
const DATES: usize = 24;
const COVERAGE: usize = 20;

/// `s` cut to at most `max` display columns, an ellipsis marking the cut.
fn fit(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max {
            if max > 0 {
                while used + 1 > max {
                    let Some(p) = out.pop() else { break };
                    used -= p.width().unwrap_or(0);
                }
                out.push('\u{2026}');
            }
            return out;
        }
        used += w;
        out.push(c);
    }
    out
}

/// "1 source", "3 sources".
fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// "2013-05-02", "2013-05-02 – 05-05", "2008-12-01 – 2013-05-05", or "undated".
pub fn date_range(first: Option<Date>, last: Option<Date>) -> String {
    match (first, last) {
        (Some(f), Some(l)) if f == l => f.to_string(),
        (Some(f), Some(l)) if f.year() == l.year() => {
            format!("{f} \u{2013} {:02}-{:02}", l.month(), l.day())
        }
        (Some(f), Some(l)) => format!("{f} \u{2013} {l}"),
        _ => "undated".into(),
    }
}

/// The coverage column: shared claims and disagreements, or a dot while the analysis runs.
fn coverage(row: &StoryRow, theme: &Theme) -> Vec<Span<'static>> {
    match row.coverage {
        None => vec![Span::styled(
            format!("{:<COVERAGE$}", "\u{2026}"),
            theme.faint,
        )],
        Some(c) => {
            let shared = format!("{} shared", c.shared);
            if c.disagreements == 0 {
                return vec![Span::raw(format!("{shared:<COVERAGE$}"))];
            }
            let differ = format!(", {} differ", c.disagreements);
            let pad = COVERAGE.saturating_sub(shared.len() + differ.len());
            vec![
                Span::raw(shared),
                Span::styled(differ, theme.disagree),
                Span::raw(" ".repeat(pad)),
            ]
        }
    }
}

fn story_line(row: &StoryRow, width: usize, theme: &Theme) -> Line<'static> {
    let mut spans = vec![
        Span::raw(format!(
            "{:>w1$}{:>w2$}  ",
            row.articles,
            row.sources(),
            w1 = ARTS - 1,
            w2 = SRCS
        )),
        Span::styled(
            format!("{:<DATES$}", date_range(row.first_date, row.last_date)),
            theme.faint,
        ),
    ];
    spans.extend(coverage(row, theme));
    let rest = width.saturating_sub(ARTS + SRCS + 1 + DATES + COVERAGE + 1);
    let outlets = row
        .outlets
        .iter()
        .map(|o| trusted(o))
        .collect::<Vec<_>>()
        .join(", ");
    // The title comes first; the outlets take what it leaves, at least a third of the room.
    let outlet_room = outlets
        .chars()
        .count()
        .min((rest / 3).max(rest.saturating_sub(row.title.chars().count() + 3)));
    let title = fit(
        trusted(&row.title),
        rest.saturating_sub(outlet_room.min(rest) + 3),
    );
    spans.push(Span::raw(" "));
    spans.push(Span::raw(title));
    if !outlets.is_empty() && outlet_room >= 3 {
        spans.push(Span::styled(" \u{b7} ", theme.faint));
        spans.push(Span::styled(fit(&outlets, outlet_room), theme.faint));
    }
    Line::from(spans)
}

/// Draws the story list into `area`: a heading, column names, the rows (scrolled so the
/// selection shows) and the selected story's first report and outlets on the last line.
pub fn render_story_list(list: &StoryList, theme: &Theme, frame: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let order = match list.order {
        StoryOrder::Size => "by size",
        StoryOrder::Date => "by date",
    };
    let mut lines = vec![
        Line::styled(
            fit(&format!(" {} stories, {order}", list.rows.len()), width),
            theme.heading,
        ),
        Line::styled(
            fit(
                &format!(
                    "{:>w1$}{:>w2$}  {:<DATES$}{:<COVERAGE$} title \u{b7} outlets",
                    "arts",
                    "srcs",
                    "dates",
                    "coverage",
                    w1 = ARTS - 1,
                    w2 = SRCS
                ),
                width,
            ),
            theme.faint,
        ),
    ];
    let visible = (area.height as usize).saturating_sub(3).max(1);
    let selected = list.selected_position();
    let offset = selected.saturating_sub(visible - 1);
    for (pos, &i) in list.shown().iter().enumerate().skip(offset).take(visible) {
        let line = story_line(&list.rows[i], width, theme);
        lines.push(if pos == selected {
            line.style(theme.selected)
        } else {
            line
        });
    }
    while lines.len() < area.height as usize - 1 {
        lines.push(Line::raw(""));
    }
    if let Some(row) = list.selected_story().map(|i| &list.rows[i]) {
        let first = match (&row.first_reported_by, row.first_date) {
            (Some(by), Some(d)) => format!(" first reported by {} on {d}", trusted(by)),
            _ => " first report undated".into(),
        };
        lines.push(Line::styled(
            fit(
                &format!(
                    "{first} \u{b7} {} from {}",
                    plural(row.articles, "article"),
                    plural(row.sources(), "source")
                ),
                width,
            ),
            theme.status,
        ));
    }
    lines.truncate(area.height as usize);
    frame.render_widget(Paragraph::new(lines), area);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::stories::Coverage;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn row(title: &str, outlets: &[&str], articles: usize, dates: (&str, &str)) -> StoryRow {
        StoryRow {
            title: title.into(),
            outlets: outlets.iter().map(|s| s.to_string()).collect(),
            articles,
            first_date: dates.0.parse().ok(),
            last_date: dates.1.parse().ok(),
            first_reported_by: outlets.first().map(|s| s.to_string()),
            coverage: None,
        }
    }

    fn list() -> StoryList {
        let mut l = StoryList::from_rows(vec![
            row(
                "Ferry capsizes on Lake Kivu, twelve dead",
                &["Reuters", "AP", "AFP"],
                3,
                ("2024-03-04", "2024-03-06"),
            ),
            row(
                "Lindsay Lohan checks into Betty Ford Center for a 90-day court-ordered stay",
                &["Los Angeles Times", "People", "E! Online", "TMZ"],
                21,
                ("2013-05-02", "2013-05-05"),
            ),
            row("Quake hits island off south Iran", &["AFP"], 2, ("", "")),
        ]);
        l.set_coverage(
            1,
            Coverage {
                shared: 22,
                disagreements: 1,
            },
        );
        l.set_coverage(
            0,
            Coverage {
                shared: 4,
                disagreements: 0,
            },
        );
        l
    }

    fn draw(list: &StoryList, w: u16, h: u16) -> Terminal<TestBackend> {
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        let theme = Theme::new(false);
        t.draw(|f| render_story_list(list, &theme, f, f.area()))
            .unwrap();
        t
    }

    #[test]
    fn stories_by_size_with_counts_dates_coverage_and_outlets() {
        let t = draw(&list(), 110, 8);
        insta::assert_snapshot!(t.backend());
    }

    #[test]
    fn by_date_the_newest_comes_first_and_the_selection_follows() {
        let mut l = list();
        l.move_by(1);
        l.toggle_order();
        let t = draw(&l, 110, 8);
        insta::assert_snapshot!(t.backend());
    }

    #[test]
    fn the_selected_row_is_highlighted_and_scrolled_into_view() {
        let mut l = list();
        l.move_by(2);
        let t = draw(&l, 80, 5);
        let buf = t.backend().buffer();
        let theme = Theme::new(false);
        // Two rows fit: the selection (third story) is on the second of them.
        let row_text: String = (0..80).map(|x| buf[(x, 3)].symbol().to_string()).collect();
        assert!(row_text.contains("Quake"), "{row_text}");
        assert_eq!(buf[(10, 3)].bg, theme.selected.bg.unwrap());
        assert_ne!(buf[(10, 2)].bg, theme.selected.bg.unwrap());
    }

    #[test]
    fn long_titles_are_cut_with_an_ellipsis() {
        assert_eq!(fit("abcdef", 4), "abc\u{2026}");
        assert_eq!(fit("abc", 4), "abc");
        assert_eq!(date_range(None, None), "undated");
        assert_eq!(
            date_range("2013-05-02".parse().ok(), "2013-05-05".parse().ok()),
            "2013-05-02 \u{2013} 05-05"
        );
    }
}
