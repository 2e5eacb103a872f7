//! The story list's state: one row per story, the order shown (by size, or by date on a key) and
//! the selected row. Plain data built from [`crate::stories::Story`]; drawn by
//! [`crate::tui::view::stories`]. Not yet wired into the reader (the app opens it first when more
//! than one story is loaded).

use jiff::civil::Date;

use crate::stories::Story;

/// What the claims analysis found inside one story, for its coverage column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Coverage {
    /// Claims reported by more than one of the story's sources.
    pub shared: usize,
    /// Numeric facts on which its sources disagree.
    pub disagreements: usize,
}

/// One story as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryRow {
    /// The most representative headline (terminal-safe: it comes from the loaded articles).
    pub title: String,
    /// Distinct outlets, most articles first.
    pub outlets: Vec<String>,
    /// Number of articles.
    pub articles: usize,
    /// Earliest stated publication date.
    pub first_date: Option<Date>,
    /// Latest stated publication date.
    pub last_date: Option<Date>,
    /// The outlet of the earliest dated article.
    pub first_reported_by: Option<String>,
    /// Shared claims and disagreements, once the story's analysis has run.
    pub coverage: Option<Coverage>,
}

impl StoryRow {
    /// Number of distinct outlets.
    pub fn sources(&self) -> usize {
        self.outlets.len()
    }
}

impl From<&Story> for StoryRow {
    fn from(s: &Story) -> Self {
        StoryRow {
            title: s.title.clone(),
            outlets: s.outlets.clone(),
            articles: s.articles.len(),
            first_date: s.first_date,
            last_date: s.last_date,
            first_reported_by: s.first_reported_by.clone(),
            coverage: None,
        }
    }
}

/// How the list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StoryOrder {
    /// Most articles first (then most sources): the default.
    #[default]
    Size,
    /// Most recent first; undated stories last.
    Date,
}

/// The story list: rows in story order (as `stories::find` returned them), the order shown,
/// and the selected story.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoryList {
    /// One row per story, indexed like the stories.
    pub rows: Vec<StoryRow>,
    /// The current order.
    pub order: StoryOrder,
    /// Row indices in the order shown.
    shown: Vec<usize>,
    /// Position of the selected row in `shown`.
    selected: usize,
}

impl StoryList {
    /// The list of `stories`, by size, the first selected.
    pub fn new(stories: &[Story]) -> StoryList {
        StoryList::from_rows(stories.iter().map(StoryRow::from).collect())
    }

    /// The list of prepared rows, by size, the first selected.
    pub fn from_rows(rows: Vec<StoryRow>) -> StoryList {
        let mut list = StoryList {
            shown: (0..rows.len()).collect(),
            rows,
            order: StoryOrder::Size,
            selected: 0,
        };
        list.sort();
        list.selected = 0;
        list
    }

    /// Row indices in the order shown.
    pub fn shown(&self) -> &[usize] {
        &self.shown
    }

    /// Position of the selected row among those shown.
    pub fn selected_position(&self) -> usize {
        self.selected
    }

    /// The selected story (index into the stories), if any.
    pub fn selected_story(&self) -> Option<usize> {
        self.shown.get(self.selected).copied()
    }

    /// Moves the selection by `delta` rows, stopping at either end.
    pub fn move_by(&mut self, delta: isize) {
        let last = self.shown.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last) as usize;
    }

    /// Switches between size and date order, keeping the same story selected.
    pub fn toggle_order(&mut self) {
        self.order = match self.order {
            StoryOrder::Size => StoryOrder::Date,
            StoryOrder::Date => StoryOrder::Size,
        };
        self.sort();
    }

    /// Sets a story's coverage once its analysis has run.
    pub fn set_coverage(&mut self, story: usize, coverage: Coverage) {
        if let Some(r) = self.rows.get_mut(story) {
            r.coverage = Some(coverage);
        }
    }

    fn sort(&mut self) {
        let keep = self.selected_story();
        let rows = &self.rows;
        match self.order {
            StoryOrder::Size => self.shown.sort_by(|&a, &b| {
                let (x, y) = (&rows[a], &rows[b]);
                (y.articles, y.sources(), a).cmp(&(x.articles, x.sources(), b))
            }),
            StoryOrder::Date => self.shown.sort_by(|&a, &b| {
                let (x, y) = (&rows[a], &rows[b]);
                // Newest last date first; `None` sorts below every date.
                (y.last_date, y.articles, a).cmp(&(x.last_date, x.articles, b))
            }),
        }
        self.selected = keep
            .and_then(|k| self.shown.iter().position(|&i| i == k))
            .unwrap_or(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn row(title: &str, articles: usize, last: Option<(i16, i8, i8)>) -> StoryRow {
        let d = last.and_then(|(y, m, d)| Date::new(y, m, d).ok());
        StoryRow {
            title: title.into(),
            outlets: vec!["A".into()],
            articles,
            first_date: d,
            last_date: d,
            first_reported_by: Some("A".into()),
            coverage: None,
        }
    }

    #[test]
    fn by_size_then_by_date_keeps_the_selection() {
        let mut list = StoryList::from_rows(vec![
            row("small new", 2, Some((2024, 7, 9))),
            row("big old", 9, Some((2013, 5, 3))),
            row("undated", 5, None),
        ]);
        assert_eq!(list.shown(), &[1, 2, 0]);
        list.move_by(1);
        assert_eq!(list.selected_story(), Some(2));
        list.toggle_order();
        assert_eq!(list.shown(), &[0, 1, 2]);
        assert_eq!(list.selected_story(), Some(2));
        list.move_by(-5);
        assert_eq!(list.selected_story(), Some(0));
    }
}
