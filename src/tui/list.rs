//! The chosen entry of a list overlay (claims, facts, search results): moving it is written once
//! here for all of them.

use crate::tui::action::Action;

/// Entries a page key moves in a list.
const PAGE: isize = 5;

/// A selection in a list of entries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct List {
    selected: usize,
}

impl List {
    /// The chosen entry (0 when the list is empty).
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Moves the selection for a list of `len` entries; returns false for actions that do not
    /// move a selection.
    pub fn navigate(&mut self, action: &Action, len: usize) -> bool {
        let delta = match action {
            Action::Down => 1,
            Action::Up => -1,
            Action::PageDown | Action::HalfPageDown => PAGE,
            Action::PageUp | Action::HalfPageUp => -PAGE,
            Action::Top => isize::MIN / 2,
            Action::Bottom => isize::MAX / 2,
            _ => return false,
        };
        self.selected = if len == 0 {
            0
        } else {
            (self.selected as isize)
                .saturating_add(delta)
                .clamp(0, len as isize - 1) as usize
        };
        true
    }

    /// Keeps the selection inside a list of `len` entries.
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }

    /// Chooses entry `i`.
    pub fn select(&mut self, i: usize) {
        self.selected = i;
    }

    /// Back to the first entry.
    pub fn reset(&mut self) {
        self.selected = 0;
    }
}

/// The first row to show so the chosen entry (rows `sel`) is on screen, from the top when possible.
pub fn list_top(sel: std::ops::Range<usize>, height: usize) -> usize {
    if sel.end <= height {
        0
    } else {
        sel.end.saturating_sub(height).min(sel.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_within_the_list() {
        let mut l = List::default();
        assert!(l.navigate(&Action::Up, 3));
        assert_eq!(l.selected(), 0);
        l.navigate(&Action::PageDown, 3);
        assert_eq!(l.selected(), 2);
        l.navigate(&Action::Top, 3);
        assert_eq!(l.selected(), 0);
        l.navigate(&Action::Bottom, 3);
        assert_eq!(l.selected(), 2);
        assert!(!l.navigate(&Action::Select, 3));
        l.navigate(&Action::Down, 0);
        assert_eq!(l.selected(), 0);
    }
}
