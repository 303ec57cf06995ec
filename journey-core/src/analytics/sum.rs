//! Exact sums of `f64` values, correctly rounded at the end.
//!
//! A sum is kept as a short list of non-overlapping `f64` parts whose exact total is the exact sum of
//! everything added (Shewchuk's expansion arithmetic, the algorithm of Python's `math.fsum`). Two sums
//! merge exactly, so a total does not depend on the order of the values or on how they were split into
//! partial sums. Products are added exactly too (the rounding error of `a * b` is `a.mul_add(b, -a * b)`).
//!
//! Written here rather than taken from a crate: the crates that implement this algorithm (`fsum`) keep the
//! parts private, so two partial sums cannot be merged exactly, which attribution partials need; the
//! superaccumulator crates (`xsum`) hold about 540 bytes per sum, too much for one sum per touchpoint.
//! Exact as long as no part overflows: the values added here are bounded by
//! [`MAX_OUTCOME`](super::MAX_OUTCOME) times a count of events, far below `f64::MAX`.

/// An exact sum of `f64` values.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ExactSum {
    /// Non-overlapping parts in increasing magnitude; their exact total is the sum.
    parts: Vec<f64>,
}

impl ExactSum {
    /// Adds `x` exactly.
    pub(crate) fn add(&mut self, mut x: f64) {
        if x == 0.0 {
            return;
        }
        let mut kept = 0;
        for i in 0..self.parts.len() {
            let mut y = self.parts[i];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            // hi + lo == x + y exactly (Fast2Sum, |x| >= |y|).
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                self.parts[kept] = lo;
                kept += 1;
            }
            x = hi;
        }
        self.parts.truncate(kept);
        if x != 0.0 {
            self.parts.push(x);
        }
    }

    /// Adds the exact product `a * b` (exact unless the product is below about 1e-290, where its rounding
    /// error underflows).
    pub(crate) fn add_product(&mut self, a: f64, b: f64) {
        let p = a * b;
        self.add(p);
        self.add(a.mul_add(b, -p));
    }

    /// Adds another sum exactly.
    pub(crate) fn merge(&mut self, other: &ExactSum) {
        for &p in &other.parts {
            self.add(p);
        }
    }

    /// The parts, whose exact total is the sum.
    pub(crate) fn parts(&self) -> &[f64] {
        &self.parts
    }

    /// The parts as adding them one by one into an empty sum leaves them: one form for one sum however it
    /// was added up, the form a partial's bytes hold (reading them adds them so).
    pub(crate) fn canonical_parts(&self) -> Vec<f64> {
        let mut s = ExactSum::default();
        self.parts.iter().for_each(|p| s.add(*p));
        s.parts
    }

    /// The sum, correctly rounded to the nearest `f64` (ties to even).
    pub(crate) fn value(&self) -> f64 {
        let p = &self.parts;
        let Some(mut n) = p.len().checked_sub(1) else { return 0.0 };
        let mut total = p[n];
        // Add the parts from the largest down while the sum stays exact.
        while n > 0 {
            let old = total;
            n -= 1;
            let x = p[n];
            total = old + x;
            let error = x - (total - old);
            if error != 0.0 {
                // Half-way cases: the parts below decide the direction of the rounding.
                if n > 0 && ((error < 0.0 && p[n - 1] < 0.0) || (error > 0.0 && p[n - 1] > 0.0)) {
                    let y = error * 2.0;
                    let x = total + y;
                    if y == x - total {
                        return x;
                    }
                }
                return total;
            }
        }
        total
    }
}

/// The correctly rounded sum of `values`, without allocating for the usual one or two values.
pub(crate) fn exact_sum(values: impl IntoIterator<Item = f64>) -> f64 {
    let mut values = values.into_iter().filter(|v| *v != 0.0);
    let Some(first) = values.next() else { return 0.0 };
    let Some(second) = values.next() else { return first };
    let mut s = ExactSum::default();
    s.add(first);
    s.add(second);
    values.for_each(|v| s.add(v));
    s.value()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_are_exact_and_independent_of_order() {
        let values = [1e16, 1.0, -1e16, 1e-16, 0.1, 0.2, 0.3];
        let mut a = ExactSum::default();
        values.iter().for_each(|v| a.add(*v));
        let mut b = ExactSum::default();
        values.iter().rev().for_each(|v| b.add(*v));
        assert_eq!(a.value(), b.value());
        // As Python's math.fsum gives it.
        assert_eq!(a.value(), 1.6);
        let mut tenth = ExactSum::default();
        (0..10).for_each(|_| tenth.add(0.1));
        assert_eq!(tenth.value(), 1.0);
        assert_eq!(exact_sum([2.5e28, 2.5e28]), 5e28);
        assert_eq!(exact_sum([]), 0.0);
    }

    #[test]
    fn merging_and_products_are_exact() {
        let mut a = ExactSum::default();
        let mut b = ExactSum::default();
        for i in 0..1000 {
            let w = 1.0 / 7.0 + f64::from(i) * 1e-9;
            if i % 2 == 0 { a.add_product(w, 3.3) } else { b.add_product(w, 3.3) }
        }
        let mut ab = a.clone();
        ab.merge(&b);
        let mut ba = b;
        ba.merge(&a);
        assert_eq!(ab.value(), ba.value());
        let mut third = ExactSum::default();
        third.add_product(1.0 / 3.0, 3.0);
        third.add(-1.0);
        // 3 * fl(1/3) is 1 - 2^-54 exactly.
        assert_eq!(third.value(), -(2f64.powi(-54)));
    }
}
