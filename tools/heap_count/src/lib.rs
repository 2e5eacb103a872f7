//! A global allocator that counts live heap bytes and their peak, for the measurements in
//! parallax's examples. It lives in its own crate because implementing `GlobalAlloc` takes
//! `unsafe`, which parallax itself forbids; the wrapper only forwards to the system allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The system allocator, counting the bytes it hands out (as requested, not as rounded up by
/// the allocator) and the highest count since the last [`Counting::reset_peak`].
pub struct Counting {
    live: AtomicUsize,
    peak: AtomicUsize,
}

impl Counting {
    /// A counter at zero, for `#[global_allocator] static A: Counting = Counting::new();`.
    pub const fn new() -> Counting {
        Counting {
            live: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        }
    }

    /// Bytes allocated and not yet freed.
    pub fn live(&self) -> usize {
        self.live.load(Relaxed)
    }

    /// The most bytes live at once since the last reset.
    pub fn peak(&self) -> usize {
        self.peak.load(Relaxed)
    }

    /// Starts a new peak from what is live now.
    pub fn reset_peak(&self) {
        self.peak.store(self.live(), Relaxed);
    }

    fn grew(&self, n: usize) {
        let now = self.live.fetch_add(n, Relaxed) + n;
        self.peak.fetch_max(now, Relaxed);
    }

    fn shrank(&self, n: usize) {
        self.live.fetch_sub(n, Relaxed);
    }
}

impl Default for Counting {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged, so the
// `GlobalAlloc` contract holds as it does for `System`; the counting touches only atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is (see the impl).
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            self.grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is (see the impl).
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            self.grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as is (see the impl).
        unsafe { System.dealloc(ptr, layout) };
        self.shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as is (see the impl).
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            // Count the growth before the release so the peak never misses the new block.
            self.grew(new_size);
            self.shrank(layout.size());
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_live_bytes_and_peak() {
        let c = Counting::new();
        let layout = Layout::from_size_align(1000, 8).unwrap();
        // SAFETY: the layout is non-zero, and the block is freed with the same layout.
        unsafe {
            let p = c.alloc(layout);
            assert_eq!(c.live(), 1000);
            let q = c.realloc(p, layout, 3000);
            assert_eq!((c.live(), c.peak()), (3000, 4000));
            c.dealloc(q, Layout::from_size_align(3000, 8).unwrap());
        }
        assert_eq!((c.live(), c.peak()), (0, 4000));
        c.reset_peak();
        assert_eq!(c.peak(), 0);
    }
}
