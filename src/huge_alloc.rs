//! The global allocator of rjitlink's binaries: the system allocator, except for large
//! allocations, which get mappings of their own (in transparent huge pages from [`LARGE`] on).
//!
//! A link builds a few large tables (symbols, blocks, edges, the global names) that it fills
//! once, front to back. Faulting them in 4 KiB at a time costs more than filling them: on the
//! machines we measure on, a fresh page fault is about 1.5 µs, so 30 MiB of tables cost ~11 ms
//! in the kernel, against ~3 ms in 2 MiB pages. Allocations of at least [`LARGE`] bytes are
//! therefore rounded up to whole 2 MiB pages, aligned to them, and advised `MADV_HUGEPAGE`
//! (honoured where transparent huge pages are in `madvise` or `always` mode, a no-op
//! elsewhere).
//!
//! A table that grows by doubling would also pay for its pages twice: once where it was, once
//! where it is copied to. So from [`MAPPED`] bytes on an allocation is a mapping of its own,
//! and growing it moves its pages to the larger place (`mremap`): nothing is copied and no
//! page is faulted in again. Smaller allocations are the system allocator's, unchanged.

use std::alloc::{GlobalAlloc, Layout, System};

/// The size of a transparent huge page.
pub const HUGE: usize = 2 << 20;
/// Allocations from this size on get huge pages (at most one partly used 2 MiB page each).
pub const LARGE: usize = 2 * HUGE;
/// Allocations from this size on are mappings of their own, grown without copying.
pub const MAPPED: usize = 256 << 10;
/// What a mapped allocation below [`LARGE`] is rounded up to: a multiple of the page size of
/// every kernel we run on (4, 16 or 64 KiB), so that its tail can be unmapped.
const UNIT: usize = 64 << 10;

pub struct HugePageAlloc;

/// The size a mapped allocation really has (whole units, or whole huge pages from [`LARGE`]
/// on); `None` for small ones and for alignments beyond a huge page (left to the system
/// allocator).
fn large(layout: Layout) -> Option<usize> {
    if layout.size() < MAPPED || layout.align() > HUGE {
        return None;
    }
    let unit = if layout.size() >= LARGE { HUGE } else { UNIT };
    Some(layout.size().checked_add(unit - 1)? & !(unit - 1))
}

/// Asks for transparent huge pages for the whole 2 MiB pages of `len` bytes at `ptr`, when
/// they are at least [`LARGE`] (advice only: a no-op where the kernel does not take it).
pub fn advise_huge_pages(ptr: *mut u8, len: usize) {
    if len < LARGE {
        return;
    }
    let start = (ptr as usize + HUGE - 1) & !(HUGE - 1);
    let end = (ptr as usize + len) & !(HUGE - 1);
    if end > start {
        // SAFETY: advice only, on the caller's own pages.
        unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE) };
    }
}

/// Of the mapping of `span` bytes at `map`, keeps the `len` bytes that start at its first
/// huge-page boundary and unmaps the rest; returns where they start. `span` must be at least
/// `len + HUGE`.
///
/// # Safety
/// `map` is a mapping of `span` bytes that nothing else uses.
pub unsafe fn keep_aligned(map: *mut libc::c_void, span: usize, len: usize) -> *mut u8 {
    let start = map as usize;
    let aligned = (start + HUGE - 1) & !(HUGE - 1);
    if aligned > start {
        libc::munmap(map, aligned - start);
    }
    let tail = start + span - (aligned + len);
    if tail > 0 {
        libc::munmap((aligned + len) as *mut libc::c_void, tail);
    }
    aligned as *mut u8
}

/// Fresh zeroed memory of `size` bytes (as [`large`] rounds it) aligned to a huge page, mapped
/// on its own (and advised `MADV_HUGEPAGE` when large); null if the system has none.
unsafe fn map_huge(size: usize) -> *mut u8 {
    let Some(span) = size.checked_add(HUGE) else {
        return std::ptr::null_mut();
    };
    let map = libc::mmap(
        std::ptr::null_mut(),
        span,
        libc::PROT_READ | libc::PROT_WRITE,
        libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
        -1,
        0,
    );
    if map == libc::MAP_FAILED {
        return std::ptr::null_mut();
    }
    let aligned = keep_aligned(map, span, size);
    advise_huge_pages(aligned, size);
    aligned
}

// SAFETY: a block is large or small by its layout alone, so alloc, realloc and dealloc of one
// block always agree on who owns it; large blocks are whole mappings of their rounded size.
unsafe impl GlobalAlloc for HugePageAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match large(layout) {
            Some(size) => map_huge(size),
            None => System.alloc(layout),
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        match large(layout) {
            // Fresh anonymous memory is zero: nothing to clear.
            Some(size) => map_huge(size),
            None => System.alloc_zeroed(layout),
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        match large(layout) {
            Some(size) => {
                libc::munmap(ptr.cast(), size);
            }
            None => System.dealloc(ptr, layout),
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        match (large(layout), large(new_layout)) {
            (None, None) => System.realloc(ptr, layout, new_size),
            (Some(old), Some(new)) if old == new => ptr,
            (Some(old), Some(new)) if new < old => {
                // The head stays where it is; the tail pages go back.
                libc::munmap(ptr.add(new).cast(), old - new);
                ptr
            }
            (Some(old), Some(new)) => match move_grown(ptr, old, new) {
                Some(moved) => moved,
                None => copy_to_new(self, ptr, layout, new_layout),
            },
            _ => copy_to_new(self, ptr, layout, new_layout),
        }
    }
}

/// Grows the mapped block at `ptr` from `old` to `new` bytes (both as [`large`] rounds them) without
/// copying: the kernel moves its page tables to a huge-page-aligned place with room for `new`
/// bytes (`mremap`), so the filled pages are neither copied nor faulted in again, and only the
/// added tail is fresh. `None` if the system refuses (the caller copies instead).
unsafe fn move_grown(ptr: *mut u8, old: usize, new: usize) -> Option<*mut u8> {
    let span = new.checked_add(HUGE)?;
    // An inaccessible placeholder to find an aligned hole; the move replaces part of it.
    let hole = libc::mmap(
        std::ptr::null_mut(),
        span,
        libc::PROT_NONE,
        libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
        -1,
        0,
    );
    if hole == libc::MAP_FAILED {
        return None;
    }
    let aligned = keep_aligned(hole, span, new);
    let moved = libc::mremap(
        ptr.cast(),
        old,
        new,
        libc::MREMAP_MAYMOVE | libc::MREMAP_FIXED,
        aligned.cast::<libc::c_void>(),
    );
    if moved == libc::MAP_FAILED {
        libc::munmap(aligned.cast(), new);
        return None;
    }
    advise_huge_pages(moved.cast(), new);
    Some(moved.cast())
}

/// Realloc by allocating, copying and freeing (between the two allocators, or when moving fails).
unsafe fn copy_to_new(
    alloc: &HugePageAlloc,
    ptr: *mut u8,
    layout: Layout,
    new_layout: Layout,
) -> *mut u8 {
    let new = alloc.alloc(new_layout);
    if !new.is_null() {
        std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_layout.size()));
        alloc.dealloc(ptr, layout);
    }
    new
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes a pattern over `len` bytes at `p` and checks the first `keep` bytes of an older one.
    unsafe fn fill_and_check(p: *mut u8, len: usize, keep: usize, seed: u8) {
        for i in 0..keep {
            assert_eq!(
                *p.add(i),
                (i as u8).wrapping_add(seed.wrapping_sub(1)),
                "byte {i}"
            );
        }
        for i in 0..len {
            *p.add(i) = (i as u8).wrapping_add(seed);
        }
    }

    #[test]
    fn large_blocks_are_huge_page_aligned_zeroed_and_survive_every_realloc() {
        let a = HugePageAlloc;
        unsafe {
            let small = Layout::from_size_align(1000, 8).unwrap();
            let p = a.alloc(small);
            fill_and_check(p, 1000, 0, 1);
            // small -> mapped: copied out of the system allocator.
            let p = a.realloc(p, small, MAPPED + 5);
            fill_and_check(p, MAPPED + 5, 1000, 2);
            // mapped -> large: moved by the kernel, aligned to a huge page.
            let mid = Layout::from_size_align(MAPPED + 5, 8).unwrap();
            let p = a.realloc(p, mid, LARGE + 5);
            assert_eq!(p as usize % HUGE, 0);
            fill_and_check(p, LARGE + 5, MAPPED + 5, 3);
            // large -> larger (more huge pages): moved by the kernel, still aligned.
            let l1 = Layout::from_size_align(LARGE + 5, 8).unwrap();
            let p = a.realloc(p, l1, 3 * LARGE);
            assert_eq!(p as usize % HUGE, 0);
            fill_and_check(p, 3 * LARGE, LARGE + 5, 4);
            // larger -> fewer huge pages: the same block, its tail given back.
            let l1 = Layout::from_size_align(3 * LARGE, 8).unwrap();
            let q = a.realloc(p, l1, LARGE + 1);
            assert_eq!(q, p);
            fill_and_check(p, LARGE + 1, LARGE + 1, 5);
            let l1 = Layout::from_size_align(LARGE + 1, 8).unwrap();
            let p = a.realloc(p, l1, 3 * LARGE);
            assert_eq!(p as usize % HUGE, 0);
            fill_and_check(p, 3 * LARGE, LARGE + 1, 6);
            // Within the same rounded size: the same block.
            let l2 = Layout::from_size_align(3 * LARGE, 8).unwrap();
            let q = a.realloc(p, l2, 3 * LARGE - 100);
            assert_eq!(q, p);
            // large -> small: copied back into the system allocator.
            let l3 = Layout::from_size_align(3 * LARGE - 100, 8).unwrap();
            let p = a.realloc(q, l3, 64);
            fill_and_check(p, 64, 64, 7);
            a.dealloc(p, Layout::from_size_align(64, 8).unwrap());

            let z = Layout::from_size_align(LARGE * 2 + 1, 64).unwrap();
            let p = a.alloc_zeroed(z);
            assert!(std::slice::from_raw_parts(p, z.size())
                .iter()
                .all(|&b| b == 0));
            a.dealloc(p, z);
        }
    }

    #[test]
    fn sizes_are_rounded_to_units_then_huge_pages() {
        let size = |n| large(Layout::from_size_align(n, 8).unwrap());
        assert_eq!(
            large(Layout::from_size_align(LARGE, 4 * HUGE).unwrap()),
            None,
            "alignments beyond a huge page are the system allocator's"
        );
        assert_eq!(size(MAPPED - 1), None);
        assert_eq!(size(MAPPED), Some(MAPPED));
        assert_eq!(size(MAPPED + 1), Some(MAPPED + UNIT));
        assert_eq!(size(LARGE - 1), Some(LARGE));
        assert_eq!(size(LARGE), Some(LARGE));
        assert_eq!(size(LARGE + 1), Some(LARGE + HUGE));
    }
}
