//! Durations kept whole, so that merged partials give exactly the percentiles of one pass.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The most durations one [`Durations`] may hold: 2^56, far past any log, so that the counts of merged
/// durations cannot overflow.
pub const MAX_DURATIONS: u64 = 1 << 56;

/// A multiset of durations in nanoseconds: every duration is kept (as the values added, and as sorted runs
/// of one value and its count once read from bytes or merged with durations read so), so that quantiles
/// are exact: the same as those of the durations in one list, whichever way they were split and merged.
///
/// Serialised as sorted runs: the smallest value, the greatest common divisor of the distances between runs
/// (the unit), then for each further run its distance from the run before in units, and each run's count;
/// equal durations cost a count, not a value, and durations in whole seconds travel as seconds.
///
/// ```
/// use journey_core::analytics::Durations;
///
/// let (mut a, mut b) = (Durations::default(), Durations::default());
/// [5, 1, 9].into_iter().for_each(|d| a.push(d));
/// [3, 3].into_iter().for_each(|d| b.push(d));
/// a.merge(&b);
/// assert_eq!((a.len(), a.quantile(0.5)), (5, Some(3.0)));
/// assert_eq!(a.runs(), [(1, 1), (3, 2), (5, 1), (9, 1)]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Durations {
    /// Durations added one by one, in any order.
    values: Vec<i64>,
    /// Durations as sorted runs (value, count), values unique and increasing, counts above 0.
    runs: Vec<(i64, u64)>,
}

impl PartialEq for Durations {
    /// The same multiset of durations, however it is held.
    fn eq(&self, other: &Self) -> bool {
        self.runs() == other.runs()
    }
}

/// Sorted runs merged into one list of sorted runs.
fn merge_runs(a: &[(i64, u64)], b: &[(i64, u64)]) -> Vec<(i64, u64)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let next = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                i += 1;
                j += 1;
                (x.0, x.1 + y.1)
            }
            (Some(x), Some(y)) if x.0 < y.0 => {
                i += 1;
                *x
            }
            (Some(x), None) => {
                i += 1;
                *x
            }
            (_, Some(y)) => {
                j += 1;
                *y
            }
            (None, None) => break,
        };
        out.push(next);
    }
    out
}

impl Durations {
    /// Adds one duration.
    pub fn push(&mut self, ns: i64) {
        self.values.push(ns);
    }

    /// How many durations there are.
    pub fn len(&self) -> u64 {
        self.values.len() as u64 + self.runs.iter().map(|r| r.1).sum::<u64>()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.runs.is_empty()
    }

    /// Adds the durations of `other`. O(size of both) when either holds runs, O(size of `other`) otherwise.
    pub fn merge(&mut self, other: &Durations) {
        self.values.extend_from_slice(&other.values);
        if !other.runs.is_empty() {
            self.runs = merge_runs(&self.runs, &other.runs);
        }
    }

    /// The durations as sorted runs: (value, count), values increasing. Costs a sort of the durations added
    /// one by one.
    pub fn runs(&self) -> Vec<(i64, u64)> {
        let mut sorted = self.values.clone();
        sorted.sort_unstable();
        let mut runs: Vec<(i64, u64)> = Vec::new();
        for d in sorted {
            match runs.last_mut() {
                Some(last) if last.0 == d => last.1 += 1,
                _ => runs.push((d, 1)),
            }
        }
        merge_runs(&runs, &self.runs)
    }

    /// The q-quantile (0 <= q <= 1) in nanoseconds with linear interpolation between the two nearest
    /// durations (numpy's default), `None` when there are none. O(n) for durations added one by one (it
    /// selects, as the in-memory analyses do), O(runs) once there are runs.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        if self.is_empty() {
            return None;
        }
        if self.runs.is_empty() {
            let mut v = self.values.clone();
            return Some(super::discover::percentile(&mut v, q));
        }
        let runs = self.runs();
        let n = self.len();
        let (lo, frac) = super::stats::quantile_position(usize::try_from(n).unwrap_or(usize::MAX), q);
        // The durations at sorted positions lo and lo + 1.
        let at = |k: u64| {
            let mut seen = 0u64;
            for &(v, c) in &runs {
                seen += c;
                if k < seen {
                    return v;
                }
            }
            runs.last().map_or(0, |r| r.0)
        };
        let a = at(lo as u64) as f64;
        if frac == 0.0 {
            return Some(a);
        }
        let b = at(lo as u64 + 1) as f64;
        Some(a + (b - a) * frac)
    }

    /// The sum of the durations in nanoseconds, exact.
    pub fn total(&self) -> i128 {
        self.values.iter().map(|v| i128::from(*v)).sum::<i128>()
            + self.runs.iter().map(|(v, c)| i128::from(*v) * i128::from(*c)).sum::<i128>()
    }
}

/// The form of [`Durations`] in bytes.
#[derive(Serialize, Deserialize)]
struct Runs {
    /// The smallest duration (0 when there are none).
    first: i64,
    /// The greatest common divisor of the distances between runs (1 when there are none): durations in
    /// whole milliseconds or seconds travel as counts of them.
    unit: u64,
    /// For each run: its distance from the run before in `unit`s (0 for the first), and its count.
    runs: Vec<(u64, u64)>,
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Serialize for Durations {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let runs = self.runs();
        let first = runs.first().map_or(0, |r| r.0);
        let mut prev = first;
        let mut runs: Vec<(u64, u64)> = runs
            .into_iter()
            .map(|(v, c)| {
                let gap = v.abs_diff(prev);
                prev = v;
                (gap, c)
            })
            .collect();
        let unit = runs.iter().fold(0, |g, r| gcd(g, r.0)).max(1);
        runs.iter_mut().for_each(|r| r.0 /= unit);
        Runs { first, unit, runs }.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Durations {
    /// Refuses runs that are not increasing, an empty run, values past the range of `i64` and more than
    /// [`MAX_DURATIONS`] durations.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let Runs { first, unit, runs: gaps } = Runs::deserialize(d)?;
        if unit == 0 {
            return Err(D::Error::custom("durations: the unit is 0"));
        }
        let mut runs = Vec::with_capacity(gaps.len());
        let (mut value, mut total) = (first, 0u64);
        for (i, (gap, count)) in gaps.into_iter().enumerate() {
            if (i == 0) != (gap == 0) {
                return Err(D::Error::custom("durations: runs are not in increasing order"));
            }
            value = gap
                .checked_mul(unit)
                .and_then(|g| i64::try_from(g).ok())
                .and_then(|g| value.checked_add(g))
                .ok_or_else(|| D::Error::custom("durations: a run is past the range of 64-bit nanoseconds"))?;
            total = total
                .checked_add(count)
                .filter(|t| *t <= MAX_DURATIONS && count > 0)
                .ok_or_else(|| D::Error::custom("durations: a run is empty or the runs count too many"))?;
            runs.push((value, count));
        }
        Ok(Durations { values: Vec::new(), runs })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_of_runs_are_those_of_the_list() {
        let values = [7i64, -2, 7, 7, 0, 30, 1, 1, 12];
        let mut one = Durations::default();
        values.iter().for_each(|v| one.push(*v));
        let bytes = postcard::to_stdvec(&one).unwrap_or_default();
        let read: Durations = postcard::from_bytes(&bytes).unwrap_or_default();
        assert_eq!(read, one);
        assert_eq!(read.len(), 9);
        assert_eq!(read.total(), one.total());
        for q in [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 1.0] {
            assert_eq!(read.quantile(q), one.quantile(q), "{q}");
        }
        // 9 values: the median is the 5th smallest, 7.
        assert_eq!(one.quantile(0.5), Some(7.0));
        assert_eq!(Durations::default().quantile(0.5), None);
    }
}
