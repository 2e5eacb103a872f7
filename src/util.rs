//! Small helpers over slices shared by the analysis layers.

use std::ops::Range;

/// Where each run of neighbouring items with the same key lies in `items`, in order.
pub(crate) fn runs_by<T, K: PartialEq>(items: &[T], key: impl Fn(&T) -> K) -> Vec<Range<usize>> {
    let mut start = 0;
    items
        .chunk_by(|x, y| key(x) == key(y))
        .map(|run| {
            start += run.len();
            start - run.len()..start
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_equal_keys_cover_the_items_in_order() {
        let items = [3, 3, 1, 2, 2, 2, 3];
        assert_eq!(runs_by(&items, |&x| x), [0..2, 2..3, 3..6, 6..7]);
        assert!(runs_by(&[] as &[u8], |&x| x).is_empty());
    }
}
