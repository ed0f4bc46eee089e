//! Appending to a table in parallel: each entry of an input (relocations, symbol-table
//! entries) becomes at most one element of a `Vec` (edges, symbols), in entry order. Runs of
//! entries are converted on every core, each writing straight into its part of the vector's
//! room, so the table is written once and its first touch is parallel too; then the runs close
//! ranks over the gaps that entries without an element leave.

use rayon::prelude::*;

use crate::error::Result;

/// Entries per run.
pub const RUN: usize = 16 * 1024;

/// Marks an entry that made no element, in [`append`]'s `positions`.
pub const NONE: u32 = u32::MAX;

/// Appends `convert(i, &entries[i])` for every entry that gives `Some`, in entry order. The
/// first error in entry order is returned; the vector then keeps its old length (elements
/// already converted are forgotten, not dropped: the link's are `Copy` or borrow). With
/// `positions` (one slot per entry), each slot gets the index of its entry's element in
/// `vec`, or [`NONE`].
pub fn append<T, E>(
    vec: &mut Vec<T>,
    entries: &[E],
    mut positions: Option<&mut [u32]>,
    convert: impl Fn(usize, &E) -> Result<Option<T>> + Sync,
) -> Result<()>
where
    T: Send,
    E: Sync,
{
    vec.reserve(entries.len());
    let start = vec.len();
    let runs = entries.len().div_ceil(RUN);
    let slots: Vec<Option<&mut [u32]>> = match positions.as_deref_mut() {
        Some(p) => p.chunks_mut(RUN).map(Some).collect(),
        None => (0..runs).map(|_| None).collect(),
    };
    let written: Vec<Result<usize>> = vec.spare_capacity_mut()[..entries.len()]
        .par_chunks_mut(RUN)
        .zip(entries.par_chunks(RUN))
        .zip(slots)
        .enumerate()
        .map(|(run, ((room, run_entries), mut slots))| {
            let mut n = 0;
            for (i, entry) in run_entries.iter().enumerate() {
                let element = convert(run * RUN + i, entry)?;
                let position = match element {
                    Some(element) => {
                        room[n].write(element);
                        n += 1;
                        // Its index before the runs close up (corrected below).
                        (start + run * RUN + n - 1) as u32
                    }
                    None => NONE,
                };
                if let Some(slots) = slots.as_deref_mut() {
                    slots[i] = position;
                }
            }
            Ok(n)
        })
        .collect();
    let mut len = start;
    for (run, n) in written.into_iter().enumerate() {
        let n = n?;
        let from = start + run * RUN;
        if from != len {
            // SAFETY: run `run` wrote `n` initialized elements at `from`, inside the room
            // reserved above, and `len < from`. They are moved, not copied: the slots behind
            // them count as room again (`set_len` below covers only the moved-to places).
            unsafe {
                let p = vec.as_mut_ptr();
                std::ptr::copy(p.add(from), p.add(len), n);
            }
            if let Some(positions) = positions.as_deref_mut() {
                let shift = (from - len) as u32;
                let end = (from - start + RUN).min(positions.len());
                for p in &mut positions[from - start..end] {
                    if *p != NONE {
                        *p -= shift;
                    }
                }
            }
        }
        len += n;
    }
    // SAFETY: the first `len` elements are initialized: those before `start`, and the runs'
    // moved up against them.
    unsafe { vec.set_len(len) };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    /// Every third entry makes no element; entries over `bad` are errors.
    fn convert(bad: usize) -> impl Fn(usize, &usize) -> Result<Option<String>> + Sync {
        move |i, &e| {
            assert_eq!(i, e, "the index is the entry's");
            if e >= bad {
                return Err(Error::new(format!("entry {e}")));
            }
            Ok((e % 3 != 0).then(|| format!("e{e}")))
        }
    }

    #[test]
    fn elements_keep_entry_order_across_runs_and_positions_point_at_them() {
        let entries: Vec<usize> = (0..3 * RUN + 5).collect();
        let mut vec = vec!["before".to_string()];
        let mut positions = vec![0; entries.len()];
        append(
            &mut vec,
            &entries,
            Some(&mut positions),
            convert(usize::MAX),
        )
        .unwrap();
        let want: Vec<String> = std::iter::once("before".to_string())
            .chain(
                entries
                    .iter()
                    .filter(|&&e| e % 3 != 0)
                    .map(|e| format!("e{e}")),
            )
            .collect();
        assert_eq!(vec, want);
        for (e, &p) in positions.iter().enumerate() {
            if e % 3 == 0 {
                assert_eq!(p, NONE, "entry {e}");
            } else {
                assert_eq!(vec[p as usize], format!("e{e}"), "entry {e}");
            }
        }
        let mut plain = Vec::new();
        append(&mut plain, &entries, None, convert(usize::MAX)).unwrap();
        assert_eq!(plain, want[1..]);
    }

    #[test]
    fn the_first_error_in_entry_order_wins_and_the_vector_is_unchanged() {
        let entries: Vec<usize> = (0..3 * RUN).collect();
        let mut vec = vec!["before".to_string()];
        // Entries from RUN + 7 on fail: runs 1 and 2 both do.
        let e = append(&mut vec, &entries, None, convert(RUN + 7)).unwrap_err();
        assert_eq!(e.to_string(), format!("entry {}", RUN + 7));
        assert_eq!(vec, ["before"]);
    }
}
