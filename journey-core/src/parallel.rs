//! Work spread over the cores: every parallel map and sort of the crate goes through here, and so do the
//! sizes from which work is worth spreading.
//!
//! With the `parallel` feature (on by default) the work runs on rayon's global pool; without it (the
//! WebAssembly build leaves it off) it runs in order on the calling thread. The results are the same
//! either way: a map keeps the order of its items and gives the first error in that order, a sort is given
//! comparisons that make one order, and a reduction is given a `merge` whose result does not depend on how
//! the work was cut.
//!
//! The Python binding cuts the Arrow tables it reads into [`PIECE_ROWS`] rows and makes them ready with
//! [`try_map`], so that it cuts and spreads its work as the core does.

use std::cmp::Ordering;

/// Rows of a column table (Arrow record batches, `fromArrays` columns) read as one piece of work: pieces are
/// read on all cores, and a piece is where a parallel read looks whether to stop.
pub const PIECE_ROWS: usize = 1 << 16;

/// Events from which building an event log ([`EventLogBuilder::build_from_fn`]) or a pass over its customers
/// is spread over the cores: below, spreading costs more than it saves.
///
/// [`EventLogBuilder::build_from_fn`]: crate::analytics::EventLogBuilder::build_from_fn
pub const MIN_EVENTS: usize = 200_000;

/// Bytes of CSV from which a read is cut into [`PARTS_PER_THREAD`] parts per thread.
pub const MIN_CSV_BYTES: usize = 8 << 20;

/// Parts a CSV text or a list of events is cut into per thread: two, so that a part slower than the others
/// leaves no core idle for long.
pub const PARTS_PER_THREAD: usize = 2;

/// Chunks of customers a pass over an event log is cut into per thread: four (the chunks are also held to
/// at most events / touchpoints, see `in_chunks` in the analytics).
pub const CHUNKS_PER_THREAD: usize = 4;

/// Whether work is spread over the cores at all: the `parallel` feature.
pub const ENABLED: bool = cfg!(feature = "parallel");

/// The threads work is spread over: those of rayon's pool, 1 without the `parallel` feature.
pub fn threads() -> usize {
    #[cfg(feature = "parallel")]
    {
        rayon::current_num_threads().max(1)
    }
    #[cfg(not(feature = "parallel"))]
    {
        1
    }
}

/// Whether this thread is one of the pool's (where blocking to wait for the pool could take the thread the
/// work needs); always false without the `parallel` feature.
pub(crate) fn on_pool() -> bool {
    #[cfg(feature = "parallel")]
    {
        rayon::current_thread_index().is_some()
    }
    #[cfg(not(feature = "parallel"))]
    {
        false
    }
}

/// `f` of every item, in the items' order: on all cores with the `parallel` feature.
pub(crate) fn map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.into_par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.into_iter().map(f).collect()
    }
}

/// `f` of every item, in the items' order, or the first error in that order (whichever thread met it
/// first): on all cores with the `parallel` feature.
///
/// # Errors
/// The first error of `f` in the items' order.
pub fn try_map<T: Send, R: Send, E: Send>(
    items: Vec<T>,
    f: impl Fn(T) -> Result<R, E> + Sync + Send,
) -> Result<Vec<R>, E> {
    map(items, f).into_iter().collect()
}

/// `f` of every item folded with `merge`, `None` for no items: on all cores with the `parallel` feature, in
/// the items' order otherwise. `merge` must give the same result however the items are grouped.
pub(crate) fn map_reduce<T: Send, R: Send>(
    items: Vec<T>,
    f: impl Fn(T) -> R + Sync + Send,
    merge: impl Fn(R, R) -> R + Sync + Send,
) -> Option<R> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.into_par_iter().map(f).reduce_with(merge)
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.into_iter().map(f).reduce(merge)
    }
}

/// Sorts `v` by `compare` without keeping the order of equal items: on all cores with the `parallel`
/// feature. The callers' comparisons make one order (their keys are unique), so that the result does not
/// depend on the sort.
pub(crate) fn sort_unstable_by<T: Send>(v: &mut [T], compare: impl Fn(&T, &T) -> Ordering + Sync) {
    #[cfg(feature = "parallel")]
    {
        use rayon::slice::ParallelSliceMut;
        v.par_sort_unstable_by(compare);
    }
    #[cfg(not(feature = "parallel"))]
    v.sort_unstable_by(compare);
}

/// Drops `value` on another thread when there is one: freeing a large partial result of work that was
/// stopped takes long, and the call returns at once instead.
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    #[cfg(feature = "parallel")]
    rayon::spawn(move || drop(value));
    #[cfg(not(feature = "parallel"))]
    drop(value);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parallel forms give what the same work gives in order on one thread.
    #[test]
    fn parallel_forms_give_the_sequential_results() {
        let items: Vec<u64> = (0..100_000).collect();
        let f = |i: u64| i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 7;
        assert_eq!(map(items.clone(), f), items.iter().map(|&i| f(i)).collect::<Vec<_>>());
        let fail = |i: u64| if i % 7_919 == 7_918 { Err(i) } else { Ok(f(i)) };
        assert_eq!(try_map(items.clone(), fail), Err(7_918));
        assert_eq!(try_map(items.clone(), |i| Ok::<_, ()>(f(i))).map(|v| v.len()), Ok(items.len()));
        let sum = map_reduce(items.clone(), f, |a, b| a.wrapping_add(b));
        assert_eq!(sum, items.iter().map(|&i| f(i)).reduce(|a, b| a.wrapping_add(b)));
        assert_eq!(map_reduce(Vec::<u64>::new(), f, |a, b| a + b), None);
        let mut sorted: Vec<u64> = items.iter().map(|&i| f(i)).collect();
        let mut expected = sorted.clone();
        sort_unstable_by(&mut sorted, |a, b| b.cmp(a));
        expected.sort_by(|a, b| b.cmp(a));
        assert_eq!(sorted, expected);
    }
}
