//! Where things are on screen, as a pure function of the screen size and the window of panes:
//! `App::update` uses it for mouse hit-testing and page heights, drawing uses it on the size the
//! frame really has. Every rect it returns lies inside the screen.

use ratatui::layout::Rect;

/// Narrowest a pane may get before fewer panes are shown side by side.
pub const MIN_PANE_WIDTH: u16 = 32;
/// Below this size the screen shows a "terminal too small" note.
pub const MIN_WIDTH: u16 = 20;
/// Below this height the screen shows a "terminal too small" note.
pub const MIN_HEIGHT: u16 = 5;
/// Widest the source column of the claims, facts and search lists gets.
const SOURCE_WIDTH: usize = 14;

/// Where things are on screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    /// The terminal is below the minimum size; nothing but a note is drawn.
    pub too_small: bool,
    /// The whole screen.
    pub screen: Rect,
    /// The panes shown, left to right.
    pub panes: Vec<PaneLayout>,
    /// Everything above the status bar (where overlays go).
    pub body: Rect,
    /// The status bar row.
    pub status: Rect,
}

/// One pane on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaneLayout {
    /// The article it shows.
    pub article: usize,
    /// The pane with its border.
    pub area: Rect,
    /// The claim badge column.
    pub gutter: Rect,
    /// Where the text goes.
    pub text: Rect,
}

/// How many panes fit side by side on a screen `width` wide, for `articles` articles.
pub fn panes_that_fit(width: u16, articles: usize) -> usize {
    ((width / MIN_PANE_WIDTH).max(1) as usize).min(articles)
}

/// The leftmost article shown so that `focus` is in the window, moving `first` as little as
/// possible.
pub fn window_start(width: u16, articles: usize, focus: usize, first: usize) -> usize {
    let shown = panes_that_fit(width, articles);
    if shown == 0 {
        return 0;
    }
    let mut first = first;
    if focus < first {
        first = focus;
    } else if focus >= first + shown {
        first = focus + 1 - shown;
    }
    first.min(articles - shown)
}

/// The screen of size `screen` showing articles from `first` on, with a claim badge column
/// `gutter` cells wide.
pub fn layout(screen: Rect, articles: usize, first: usize, gutter: u16) -> Layout {
    if screen.width < MIN_WIDTH || screen.height < MIN_HEIGHT || articles == 0 {
        return Layout {
            too_small: true,
            screen,
            ..Layout::default()
        };
    }
    let shown = panes_that_fit(screen.width, articles);
    let first = first.min(articles - shown);
    let body_height = screen.height - 1;
    let base = screen.width / shown as u16;
    let panes = (0..shown)
        .map(|slot| {
            let x = base * slot as u16;
            // The last pane takes the columns left over by the division.
            let width = if slot + 1 == shown {
                screen.width - x
            } else {
                base
            };
            let area = Rect::new(screen.x + x, screen.y, width, body_height);
            let inner = Rect::new(
                area.x + 1,
                area.y + 1,
                width.saturating_sub(2),
                body_height.saturating_sub(2),
            );
            let g = gutter.min(inner.width / 2);
            PaneLayout {
                article: first + slot,
                area,
                gutter: Rect::new(inner.x, inner.y, g, inner.height),
                text: Rect::new(inner.x + g, inner.y, inner.width - g, inner.height),
            }
        })
        .collect();
    Layout {
        too_small: false,
        screen,
        panes,
        body: Rect::new(screen.x, screen.y, screen.width, body_height),
        status: Rect::new(screen.x, screen.y + body_height, screen.width, 1),
    }
}

impl Layout {
    /// The slot of the pane under a cell.
    pub fn pane_at(&self, column: u16, row: u16) -> Option<usize> {
        self.panes.iter().position(|p| {
            let r = p.area;
            column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height
        })
    }

    /// Rows of text a pane shows at once.
    pub fn page_height(&self) -> usize {
        self.panes.first().map_or(1, |p| p.text.height as usize)
    }
}

/// Centre a box of at most `w`x`h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Where the claims and facts views stand in the body: centred, two columns in from each side.
pub fn list_area(body: Rect) -> Rect {
    centered(
        body,
        body.width.saturating_sub(4),
        body.height.saturating_sub(2),
    )
}

/// Where the search prompt and its results stand: the lower two fifths of the body.
pub fn search_area(body: Rect) -> Rect {
    let height = (body.height * 2 / 5).max(6).min(body.height);
    Rect::new(body.x, body.y + body.height - height, body.width, height)
}

/// Width of the source column in a list `inner_width` cells wide (claims, facts, search).
pub fn source_width(inner_width: usize) -> usize {
    SOURCE_WIDTH.min(inner_width / 4)
}

/// Columns of the claims view for the width inside its border: the source label's width and
/// the text's width (after two cells of indent and one of gap).
pub fn claim_columns(inner_width: usize) -> (usize, usize) {
    let source = source_width(inner_width);
    (source, inner_width.saturating_sub(source + 3).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rect_lies_inside_the_screen() {
        for w in 0..90 {
            for h in 0..30 {
                let screen = Rect::new(0, 0, w, h);
                let l = layout(screen, 7, 3, 4);
                for p in &l.panes {
                    for r in [p.area, p.gutter, p.text] {
                        assert_eq!(r.intersection(screen), r, "{w}x{h}: {r:?}");
                    }
                }
                assert!(l.too_small || l.status.intersection(screen) == l.status);
            }
        }
    }

    #[test]
    fn the_window_follows_the_focus() {
        assert_eq!(window_start(80, 5, 0, 0), 0);
        assert_eq!(window_start(80, 5, 3, 0), 2);
        assert_eq!(window_start(80, 5, 1, 2), 1);
        assert_eq!(window_start(200, 5, 4, 3), 0);
    }
}
