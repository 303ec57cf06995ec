//! Tests of two shares (`x1` of `n1` against `x2` of `n2`) and the false-discovery control over many of
//! them, for [`super::compare`].

/// Whether the 2×2 table of two shares has an expected cell count below 5 (Cochran's rule), so that the
/// normal approximation of the z-test is not to be trusted and an exact test is used instead.
pub(crate) fn small_expected(x1: u64, n1: u64, x2: u64, n2: u64) -> bool {
    let total = (n1 + n2) as f64;
    let successes = (x1 + x2) as f64;
    let rows = n1.min(n2) as f64;
    let columns = successes.min(total - successes);
    rows * columns / total < 5.0
}

/// Two-sided p-value of the pooled two-proportion z-test (no continuity correction); 1 when a trial count
/// is 0. Symmetric: swapping the two shares gives the same value.
pub(crate) fn z_test(x1: u64, n1: u64, x2: u64, n2: u64) -> f64 {
    if n1 == 0 || n2 == 0 {
        return 1.0;
    }
    let (p1, p2) = (x1 as f64 / n1 as f64, x2 as f64 / n2 as f64);
    let pooled = (x1 + x2) as f64 / (n1 + n2) as f64;
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 as f64 + 1.0 / n2 as f64)).sqrt();
    if se == 0.0 {
        return if p1 == p2 { 1.0 } else { 0.0 };
    }
    let z = (p2 - p1).abs() / se;
    libm::erfc(z / std::f64::consts::SQRT_2)
}

/// Two tables whose probabilities differ by less than this relative amount count as equally likely (R's
/// `fisher.test` uses the same tolerance), so that rounding does not decide whether a table is as extreme.
const RELATIVE_TIE: f64 = 1e-7;

/// Terms whose log-probability is this far below both the mode's and the observed table's are left out: the
/// rest of a tail of a log-concave distribution beyond them is below 1e-16 of the p-value.
const NEGLIGIBLE: f64 = 64.0;

/// `ln C(n, k)`.
fn ln_choose(n: u64, k: u64) -> f64 {
    libm::lgamma(n as f64 + 1.0) - libm::lgamma(k as f64 + 1.0) - libm::lgamma((n - k) as f64 + 1.0)
}

/// Two-sided p-value of Fisher's exact test of the table `[[x1, n1 - x1], [x2, n2 - x2]]`: the probability,
/// given both margins, of the tables no more likely than the observed one (the definition of R's
/// `fisher.test` and `scipy.stats.fisher_exact`). The hypergeometric probabilities come from log-gamma
/// functions, so that large counts neither overflow nor lose precision; the sum starts at the mode and
/// stops where the terms no longer matter, so it costs O(√n) terms, not O(n). 1 when a trial count is 0.
/// Symmetric: swapping the two shares gives the same value, bit for bit.
///
/// The caller guarantees `x1 <= n1` and `x2 <= n2`.
pub(crate) fn fisher_exact(x1: u64, n1: u64, x2: u64, n2: u64) -> f64 {
    if n1 == 0 || n2 == 0 {
        return 1.0;
    }
    // One order of the two rows, so that swapping them computes the very same sums.
    let ((x1, n1), (x2, n2)) = if (x1, n1) <= (x2, n2) { ((x1, n1), (x2, n2)) } else { ((x2, n2), (x1, n1)) };
    // The first row's successes k, given the margins, are hypergeometric: C(n1, k) C(n2, c - k) / C(n, c).
    let c = x1 + x2;
    let (lo, hi) = (c.saturating_sub(n2), n1.min(c));
    let ln_weight = |k: u64| ln_choose(n1, k) + ln_choose(n2, c - k);
    let mode = ((u128::from(n1) + 1) * (u128::from(c) + 1) / (u128::from(n1) + u128::from(n2) + 2)) as u64;
    let mode = mode.clamp(lo, hi);
    let (at_mode, observed) = (ln_weight(mode), ln_weight(x1));
    let floor = at_mode.min(observed) - NEGLIGIBLE;
    let as_likely = observed + RELATIVE_TIE.ln_1p();
    // Relative to the mode (all tables) and to the observed table (those no more likely), so that neither
    // sum underflows however far in the tail the observed table is.
    let (mut all, mut extreme) = (0.0, 0.0);
    let mut add = |k: u64| {
        let w = ln_weight(k);
        if w < floor {
            return false;
        }
        all += (w - at_mode).exp();
        if w <= as_likely {
            extreme += (w - observed).exp();
        }
        true
    };
    // The weights fall on both sides of the mode: walk out from it until they no longer matter.
    for k in (lo..=mode).rev() {
        if !add(k) {
            break;
        }
    }
    for k in mode + 1..=hi {
        if !add(k) {
            break;
        }
    }
    (extreme.ln() + observed - at_mode - all.ln()).exp().min(1.0)
}

/// Benjamini–Hochberg adjusted p-values (q-values) of `p`, in the same order: the smallest false-discovery
/// rate at which each test is a discovery, `min over j >= i of p(j) m / j` over the p-values sorted
/// ascending (rank j of m), at most 1. Rejecting the tests with q below a level controls the expected share
/// of false discoveries among them at that level (for independent or positively dependent tests); when no
/// share differs at all, it keeps the chance of any discovery at that level. O(m log m).
pub(crate) fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut q = vec![1.0; m];
    let mut smallest: f64 = 1.0;
    for (rank, &i) in order.iter().enumerate().rev() {
        smallest = smallest.min(p[i] * m as f64 / (rank + 1) as f64);
        q[i] = smallest;
    }
    q
}

/// Where the `q`-quantile of `n` sorted values falls under linear interpolation between the two nearest
/// values (numpy's default): the index of the lower one and the fraction of the way to the next. The one
/// rule of every percentile and quantile the library gives. `n` must be above 0.
pub(crate) fn quantile_position(n: usize, q: f64) -> (usize, f64) {
    let pos = q * n.saturating_sub(1) as f64;
    let lo = (pos.floor() as usize).min(n.saturating_sub(1));
    (lo, pos - lo as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fisher_matches_published_values() {
        // [[2, 5], [0, 13]]: only the observed table is as unlikely, 21/190 = 0.1105. R's fisher.test of the
        // tea tasting table [[3, 1], [1, 3]] = 0.4857.
        assert!((fisher_exact(2, 7, 0, 13) - 21.0 / 190.0).abs() < 1e-12);
        assert!((fisher_exact(3, 4, 1, 4) - 0.485_714).abs() < 1e-6);
        assert_eq!(fisher_exact(0, 0, 3, 4), 1.0);
        assert_eq!(fisher_exact(0, 5, 0, 4), 1.0);
    }

    #[test]
    fn fisher_is_symmetric_and_stable_for_large_counts() {
        for (a, b) in [((2, 7), (0, 13)), ((40, 1000), (10, 900)), ((3, 2_000_000), (30, 1_000_000))] {
            assert_eq!(fisher_exact(a.0, a.1, b.0, b.1), fisher_exact(b.0, b.1, a.0, a.1));
        }
        // Large equal shares: p near 1; large different shares: a tiny p, not 0 or NaN.
        let same = fisher_exact(50_000, 1_000_000, 50_000, 1_000_000);
        assert!(same > 0.99 && same <= 1.0, "{same}");
        let far = fisher_exact(0, 1_000_000, 50, 1_000);
        assert!(far > 0.0 && far < 1e-100, "{far}");
    }

    #[test]
    fn benjamini_hochberg_adjusts_by_rank() {
        // R: p.adjust(c(0.01, 0.04, 0.03, 0.5), "BH") = 0.04 0.0533 0.0533 0.5
        let q = benjamini_hochberg(&[0.01, 0.04, 0.03, 0.5]);
        for (got, want) in q.iter().zip([0.04, 0.04 * 4.0 / 3.0, 0.04 * 4.0 / 3.0, 0.5]) {
            assert!((got - want).abs() < 1e-12, "{q:?}");
        }
        assert!(benjamini_hochberg(&[]).is_empty());
    }
}
