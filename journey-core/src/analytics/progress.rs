//! Following and stopping long work: the one progress mechanism of the readers and the analyses.
//!
//! Every long call has a `*_with_progress` form that takes `&mut dyn FnMut(Progress) -> ControlFlow<()>`.
//! The callback is called on the calling thread only, at the start (`done` 0), every few milliseconds of
//! work, and once more at the end with `done == total`; `done` never decreases and reaches `total` only in
//! that last call. An empty input is reported once, as `0 of 0`. Returning `ControlFlow::Break(())` stops
//! the work within a few milliseconds (every thread of a parallel part checks one shared flag) and the call
//! fails with [`Error::Cancelled`] naming the work.
//!
//! What a unit is depends on the call: events (each counted once per pass over the log), bytes of CSV
//! input, rows of a table, or the steps of the Markov solve; `total` may grow once while a call learns
//! how much work its next part is (the Markov chain is known only after the pass over the events).

use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crate::error::{Error, Result};
use crate::parallel;

/// How far a long analysis has come: `done` of `total` units of work. A progress callback returns
/// `ControlFlow::Break(())` to stop the analysis, which then fails with [`Error::Cancelled`].
///
/// `done` never decreases and equals `total` only in the last report, when the work is finished; an empty
/// input gives one report of `0 of 0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Units done.
    pub done: u64,
    /// Units in all.
    pub total: u64,
}

/// Work between two calls of the progress callback: a few milliseconds.
pub(crate) const TICK: u64 = 1 << 22;

/// The work of looking at one event, in the units of [`TICK`]: a report about every 65,536 events.
pub(crate) const EVENT_WORK: u64 = 64;

/// The work of parsing one byte of CSV: a report about every 256 KiB.
pub(crate) const BYTE_WORK: u64 = 16;

/// Units a [`Meter`] gathers before it tells its reporter or the shared counter.
const BATCH: u64 = 1 << 12;

/// How often the calling thread reports while a parallel part runs on the pool's threads.
const POLL: std::time::Duration = std::time::Duration::from_millis(5);

/// Calls the progress callback now and then, and turns a request to stop into [`Error::Cancelled`].
///
/// The figures are those of the current part (`done` of `total`) after the parts before (`before`), so
/// that a part (the Markov solve) can count from 0 whatever came first.
pub(crate) struct Reporter<'a> {
    callback: Option<&'a mut dyn FnMut(Progress) -> ControlFlow<()>>,
    what: &'static str,
    /// Units of the parts before this one.
    before: u64,
    /// Units of this part done.
    pub(crate) done: u64,
    /// Units of this part in all.
    pub(crate) total: u64,
    /// Work since the last report, in the units of [`TICK`].
    work: u64,
    /// The work of one unit, for [`Reporter::advance`].
    weight: u64,
    /// What the callback was last told.
    last: Option<Progress>,
}

impl<'a> Reporter<'a> {
    /// A reporter that calls `callback`; `what` names the work in [`Error::Cancelled`].
    pub(crate) fn new(callback: &'a mut dyn FnMut(Progress) -> ControlFlow<()>, what: &'static str) -> Self {
        Reporter { callback: Some(callback), what, before: 0, done: 0, total: 0, work: 0, weight: 1, last: None }
    }

    /// A reporter without a callback, for the plain functions: it counts and never stops.
    pub(crate) fn silent(what: &'static str) -> Reporter<'static> {
        Reporter { callback: None, what, before: 0, done: 0, total: 0, work: 0, weight: 1, last: None }
    }

    /// The error of a stopped call.
    pub(crate) fn cancelled(&self) -> Error {
        Error::Cancelled { what: self.what }
    }

    /// Starts the work: `total` units of `weight` work each (in the units of [`TICK`]), reported at once.
    pub(crate) fn begin(&mut self, total: u64, weight: u64) -> Result<()> {
        self.total = total;
        self.weight = weight.max(1);
        self.report()
    }

    /// Sets up the work as [`Reporter::begin`] does without reporting yet, for work whose total is not known
    /// at its start (a reader of unknown size): [`Reporter::begin_late`] reports once it is.
    pub(crate) fn prepare(&mut self, total: u64, weight: u64) {
        self.total = total;
        self.weight = weight.max(1);
    }

    /// The report of the start, when there was none yet.
    pub(crate) fn begin_late(&mut self) -> Result<()> {
        if self.last.is_none() { self.report() } else { Ok(()) }
    }

    /// Closes the current part (all of it counted done) and opens one of no units, which its code sizes by
    /// setting `total` (the Markov solve).
    pub(crate) fn next_part(&mut self) {
        self.before += self.total.max(self.done);
        self.done = 0;
        self.total = 0;
    }

    /// The figures as the callback sees them: `done` held below `total` until [`Reporter::end`].
    fn figures(&self, ended: bool) -> Progress {
        let total = self.before + self.total.max(self.done);
        let done = self.before + self.done;
        Progress { done: if ended || total == 0 { done } else { done.min(total - 1) }, total }
    }

    fn call(&mut self, p: Progress, ended: bool) -> Result<()> {
        self.work = 0;
        // The figures never go back, even when a part's count was an estimate.
        let mut p = match self.last {
            Some(l) => Progress { done: p.done.max(l.done), total: p.total.max(l.total) },
            None => p,
        };
        if ended {
            p.done = p.total;
        }
        self.last = Some(p);
        let Some(callback) = self.callback.as_deref_mut() else { return Ok(()) };
        match callback(p) {
            ControlFlow::Continue(()) => Ok(()),
            ControlFlow::Break(()) => Err(self.cancelled()),
        }
    }

    /// Calls the callback with the current figures.
    pub(crate) fn report(&mut self) -> Result<()> {
        let p = self.figures(false);
        // Work of no units (an empty log) was reported once, 0 of 0: that report is its last.
        if p.done == p.total && self.last == Some(p) {
            self.work = 0;
            return Ok(());
        }
        self.call(p, false)
    }

    /// Ends the work: the last report, `done == total` (not repeated when the callback was just told so).
    pub(crate) fn end(&mut self) -> Result<()> {
        self.done = self.total.max(self.done);
        let p = self.figures(true);
        if self.last.is_some_and(|l| l.done == l.total && l.total >= p.total) { Ok(()) } else { self.call(p, true) }
    }

    /// Counts `work` steps of computation; calls the callback when enough has been done since the last call.
    pub(crate) fn work(&mut self, work: u64) -> Result<()> {
        self.work = self.work.saturating_add(work);
        if self.work >= TICK { self.report() } else { Ok(()) }
    }

    /// One step of `total` done (the `work` it took counted).
    pub(crate) fn step(&mut self, work: u64) -> Result<()> {
        self.done += 1;
        self.work(work)
    }

    /// `units` of `total` done, each of the weight given to [`Reporter::begin`].
    pub(crate) fn advance(&mut self, units: u64) -> Result<()> {
        self.done += units;
        self.work(units.saturating_mul(self.weight))
    }

    /// Runs `job`, which spreads its work over the cores (see [`crate::parallel`]) and counts it with
    /// [`Meter::shared`] on the given counter, while this thread reports every few milliseconds. A request to
    /// stop sets the counter's flag, which every [`Meter`] sees at its next count: the job then ends early
    /// and this fails with [`Error::Cancelled`].
    ///
    /// Without a callback, on a thread of the pool itself (where waiting could take the thread the job
    /// needs), or without the `parallel` feature, the job runs on this thread alone and the callback is told
    /// only when it is done.
    pub(crate) fn follow<R: Send + 'static>(&mut self, job: impl FnOnce(&Shared) -> R + Send) -> Result<R> {
        use std::sync::mpsc::{RecvTimeoutError, channel};
        let shared = Shared::default();
        let start = self.done;
        if self.callback.is_none() || !parallel::ENABLED || parallel::on_pool() {
            let r = job(&shared);
            self.advance(shared.done.load(Ordering::Relaxed))?;
            return Ok(r);
        }
        let mut stopped = None;
        let result = std::thread::scope(|s| {
            let (tx, rx) = channel();
            let counter = &shared;
            s.spawn(move || {
                // The receiver is gone only when this thread reported a panic.
                let _ = tx.send(job(counter));
            });
            loop {
                match rx.recv_timeout(POLL) {
                    Ok(r) => break Some(r),
                    Err(RecvTimeoutError::Timeout) if stopped.is_none() => {
                        self.done = start + shared.done.load(Ordering::Relaxed);
                        if let Err(e) = self.report() {
                            shared.stop.store(true, Ordering::Relaxed);
                            stopped = Some(e);
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => {}
                    // The job panicked: the scope passes the panic on when it ends.
                    Err(RecvTimeoutError::Disconnected) => break None,
                }
            }
        });
        self.done = start + shared.done.load(Ordering::Relaxed);
        if let Some(e) = stopped {
            parallel::drop_later(result);
            return Err(e);
        }
        result.ok_or_else(|| self.cancelled())
    }

    /// Sorts `v` by `compare` on all cores (see [`crate::parallel`]), stopped within a few milliseconds when
    /// the callback asks while it sorts. The comparisons must make one order (unique keys). The sort is
    /// counted as `work` (in the units of [`TICK`]): a chance to stop after it where it ran on this thread.
    ///
    /// # Errors
    /// [`Error::Cancelled`] when the callback asked to stop.
    pub(crate) fn sort_unstable_by<T: Send>(
        &mut self,
        v: &mut [T],
        work: u64,
        compare: impl Fn(&T, &T) -> std::cmp::Ordering + Sync,
    ) -> Result<()> {
        // A request to stop makes every comparison equal, which ends the sort in one more pass (its order is
        // then thrown away).
        self.follow(|shared| {
            parallel::sort_unstable_by(
                v,
                |a, b| if shared.stopping() { std::cmp::Ordering::Equal } else { compare(a, b) },
            )
        })?;
        self.work(work)
    }
}

/// The counter and the stop flag that the threads of a parallel part share.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    done: AtomicU64,
    stop: AtomicBool,
}

impl Shared {
    /// Whether the work is to stop: for work that counts no units (a sort), which checks this instead.
    pub(crate) fn stopping(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

/// Where a [`Meter`] tells what it counted.
enum Sink<'m, 'a> {
    /// The reporter itself: work on the calling thread.
    Inline(&'m mut Reporter<'a>),
    /// The shared counter of a parallel part.
    Shared(&'m Shared),
}

/// What a piece of work counts its units with; `count` answers `Break` once the work is to stop, and the
/// work then ends early (its result is thrown away).
pub(crate) struct Meter<'m, 'a> {
    sink: Sink<'m, 'a>,
    pending: u64,
    stopped: Option<Error>,
}

impl<'m, 'a> Meter<'m, 'a> {
    /// A meter that tells the reporter (work on the calling thread).
    pub(crate) fn inline(rep: &'m mut Reporter<'a>) -> Self {
        Meter { sink: Sink::Inline(rep), pending: 0, stopped: None }
    }

    /// A meter for one thread of a parallel part.
    pub(crate) fn shared(shared: &'m Shared) -> Meter<'m, 'static> {
        Meter { sink: Sink::Shared(shared), pending: 0, stopped: None }
    }

    /// Counts `units` done; `Break` when the work is to stop.
    #[inline]
    pub(crate) fn count(&mut self, units: u64) -> ControlFlow<()> {
        self.pending += units;
        if self.pending >= BATCH { self.flush() } else { ControlFlow::Continue(()) }
    }

    /// `items` for as long as the work is to go on, each counting its `units` before it is given: the loop
    /// over the customers of a pass, `units` their events.
    pub(crate) fn walk<'s, T: 's>(
        &'s mut self,
        items: impl IntoIterator<Item = T> + 's,
        units: impl Fn(&T) -> u64 + 's,
    ) -> impl Iterator<Item = T> + 's {
        items.into_iter().map_while(move |item| self.count(units(&item)).is_continue().then_some(item))
    }

    /// Whether the work is to stop (as `count` last said).
    pub(crate) fn stopped(&self) -> bool {
        self.stopped.is_some()
    }

    /// Tells what was counted, and learns whether to stop.
    #[cold]
    pub(crate) fn flush(&mut self) -> ControlFlow<()> {
        let n = std::mem::take(&mut self.pending);
        if self.stopped.is_some() {
            return ControlFlow::Break(());
        }
        match &mut self.sink {
            Sink::Inline(rep) => {
                if let Err(e) = rep.advance(n) {
                    self.stopped = Some(e);
                    return ControlFlow::Break(());
                }
            }
            Sink::Shared(shared) => {
                shared.done.fetch_add(n, Ordering::Relaxed);
                if shared.stop.load(Ordering::Relaxed) {
                    self.stopped = Some(Error::Cancelled { what: "" });
                    return ControlFlow::Break(());
                }
            }
        }
        ControlFlow::Continue(())
    }

    /// Ends the count: what is left told, and [`Error::Cancelled`] when the work was stopped (for a
    /// parallel part, [`Reporter::follow`] says so instead).
    pub(crate) fn finish(mut self) -> Result<()> {
        let _ = self.flush();
        match (self.stopped, &self.sink) {
            (Some(e), Sink::Inline(_)) => Err(e),
            _ => Ok(()),
        }
    }
}

/// Runs `f` over `items` following progress: on all cores when there is more than one item and more than
/// one thread (one after another without the `parallel` feature), each item counting its units on its
/// [`Meter`].
///
/// # Errors
/// [`Error::Cancelled`] when the callback asked to stop.
pub(crate) fn map_all<T: Send, R: Send + 'static>(
    items: Vec<T>,
    rep: &mut Reporter<'_>,
    f: impl Fn(T, &mut Meter<'_, '_>) -> R + Sync,
) -> Result<Vec<R>> {
    if items.len() > 1 && parallel::threads() > 1 {
        return rep.follow(|shared| {
            parallel::map(items, |item| {
                let mut meter = Meter::shared(shared);
                let r = f(item, &mut meter);
                let _ = meter.flush();
                r
            })
        });
    }
    let mut meter = Meter::inline(rep);
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(f(item, &mut meter));
        if meter.stopped.is_some() {
            break;
        }
    }
    meter.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(total: u64, work: impl Fn(&mut Reporter<'_>) -> Result<()>) -> (Vec<Progress>, Result<()>) {
        let mut seen = Vec::new();
        let mut callback = |p: Progress| {
            seen.push(p);
            ControlFlow::Continue(())
        };
        let mut rep = Reporter::new(&mut callback, "test");
        let r = rep.begin(total, EVENT_WORK).and_then(|()| work(&mut rep)).and_then(|()| rep.end());
        (seen, r)
    }

    #[test]
    fn an_empty_run_is_reported_once_as_0_of_0() {
        let (seen, r) = run(0, |_| Ok(()));
        assert!(r.is_ok());
        assert_eq!(seen, vec![Progress { done: 0, total: 0 }]);
    }

    #[test]
    fn done_reaches_total_only_at_the_end() {
        let (seen, r) = run(1_000_000, |rep| {
            for _ in 0..1_000 {
                rep.advance(1_000)?;
            }
            Ok(())
        });
        assert!(r.is_ok());
        assert!(seen.len() > 2, "{seen:?}");
        assert_eq!(seen[0], Progress { done: 0, total: 1_000_000 });
        assert_eq!(seen.last(), Some(&Progress { done: 1_000_000, total: 1_000_000 }));
        assert!(seen[..seen.len() - 1].iter().all(|p| p.done < p.total));
        assert!(seen.windows(2).all(|w| w[0].done <= w[1].done));
    }

    #[test]
    fn parallel_parts_count_every_unit_and_stop_on_every_thread() {
        let mut seen = Vec::new();
        let mut callback = |p: Progress| {
            seen.push(p);
            ControlFlow::Continue(())
        };
        let mut rep = Reporter::new(&mut callback, "test");
        rep.begin(64 * 100_000, 1).unwrap(); // ok: unit test
        let items: Vec<u64> = (0..64).collect();
        let out = map_all(items, &mut rep, |i, meter| {
            for _ in 0..100_000 {
                if meter.count(1).is_break() {
                    break;
                }
            }
            i
        })
        .unwrap(); // ok: unit test
        assert_eq!(out.len(), 64);
        assert_eq!(rep.done, 64 * 100_000);
        rep.end().unwrap(); // ok: unit test
        assert_eq!(seen.last(), Some(&Progress { done: 6_400_000, total: 6_400_000 }));
        // Stopped at the first report: the work does not start.
        let mut stop = |_: Progress| ControlFlow::Break(());
        let mut rep = Reporter::new(&mut stop, "the test");
        assert_eq!(rep.begin(10, 1).unwrap_err().to_string(), "the test was cancelled by the progress callback"); // ok: unit test
    }

    #[test]
    fn a_stop_ends_work_that_would_never_end_on_its_own() {
        let mut calls = 0;
        let mut callback = |_: Progress| {
            calls += 1;
            if calls > 1 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
        };
        let mut rep = Reporter::new(&mut callback, "endless work");
        rep.begin(u64::MAX, 1).unwrap(); // ok: unit test
        // Each item counts until it is told to stop: only the stop ends it.
        let e = map_all((0..8).collect::<Vec<u32>>(), &mut rep, |_, meter| while meter.count(1).is_continue() {})
            .unwrap_err(); // ok: unit test
        assert_eq!(e.kind(), "cancelled");
        assert_eq!(calls, 2);
    }
}
