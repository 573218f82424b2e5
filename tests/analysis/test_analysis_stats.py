import numpy as np
import pytest
from scipy import stats as sps

from analysis.reliability import cronbach_alpha
from analysis.stats import (
    compare_groups,
    difference_interval,
    dunn_holm,
    holm,
    ikm_influence_interval,
    ikm_interval,
    respondent_scores,
    trend,
)


def test_ikm_interval_contains_point(rng):
    s = rng.integers(2, 5, (60, 9))
    r = ikm_interval(s, n_resamples=999, rng=1)
    assert r.low < r.ikm < r.high
    assert r.ikm == pytest.approx(25 * s.mean())
    assert r.n == 60


def test_ikm_interval_degenerate_and_invalid():
    r = ikm_interval(np.full((5, 9), 3))
    assert r.low == r.high == 75.0
    with pytest.raises(ValueError, match="confidence"):
        ikm_interval(np.full((5, 9), 3), confidence=1.5)
    with pytest.raises(ValueError, match="scores"):
        ikm_interval(np.full((1, 9), 3))


def test_respondent_scores_mean_of_answered_times_25():
    s = np.array([[4] * 9, [4, 0, 2, 0, 0, 0, 0, 0, 0], [0] * 9])
    out = respondent_scores(s)
    assert out[0] == 100 and out[1] == 75 and np.isnan(out[2])


def test_kruskal_h_matches_scipy(rng):
    s = rng.integers(1, 5, (90, 9))
    s[:30] = np.minimum(4, s[:30] + 1)
    groups = np.repeat(["loket A", "loket B", "loket C"], 30)
    x = respondent_scores(s)
    r = compare_groups(x, groups)
    h, p = sps.kruskal(x[:30], x[30:60], x[60:])
    assert r.H == pytest.approx(h) and r.p == pytest.approx(p)
    assert r.groups == ("loket A", "loket B", "loket C") and r.n == (30, 30, 30)
    assert [(d.a, d.b) for d in r.pairs] == [
        ("loket A", "loket B"),
        ("loket A", "loket C"),
        ("loket B", "loket C"),
    ]


def test_dunn_by_hand_without_ties():
    x = np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9])
    g = np.array([0, 0, 0, 1, 1, 1, 2, 2, 2])
    _, _, pairs = dunn_holm(x, g)
    # Mean ranks 2, 5, 8; variance N(N+1)/12 = 7.5.
    se = np.sqrt(7.5 * (1 / 3 + 1 / 3))
    assert pairs[0].z == pytest.approx(-3 / se)
    assert pairs[1].z == pytest.approx(-6 / se)
    assert pairs[1].p == pytest.approx(2 * sps.norm.sf(6 / se))
    assert pairs[1].p_holm == pytest.approx(3 * pairs[1].p)


def test_holm_by_hand():
    np.testing.assert_allclose(holm([0.01, 0.04, 0.03, 0.5]), [0.04, 0.09, 0.09, 0.5])


def test_compare_groups_validates():
    with pytest.raises(ValueError, match="groups"):
        compare_groups([1.0, 2.0], ["a", "a"])
    with pytest.raises(ValueError, match="identical"):
        compare_groups([1.0, 1.0, 1.0], ["a", "b", "b"])


def test_cronbach_alpha_by_hand():
    x = np.array([[3, 4, 3], [2, 2, 3], [4, 4, 4], [1, 2, 2], [3, 3, 4], [2, 3, 2]], float)
    k = 3
    item_vars = sum(np.var(x[:, j], ddof=1) for j in range(k))
    total_var = np.var(x.sum(axis=1), ddof=1)
    expected = k / (k - 1) * (1 - item_vars / total_var)
    r = cronbach_alpha(x)
    assert r.alpha == pytest.approx(expected)
    assert r.n == 6 and r.k == 3
    assert r.ci[0] < r.alpha < r.ci[1]
    lo = 1 - (1 - expected) * sps.f.ppf(0.975, 5, 10)
    assert r.ci[0] == pytest.approx(lo)
    rest0 = x[:, 1] + x[:, 2]
    assert r.item_total[0] == pytest.approx(np.corrcoef(x[:, 0], rest0)[0, 1])


def test_cronbach_drops_incomplete_rows_and_validates():
    x = np.array([[3, 4, 3], [2, 0, 3], [4, 4, 4], [1, 2, 2], [3, 3, 4]])
    assert cronbach_alpha(x).n == 4
    with pytest.raises(ValueError, match="items"):
        cronbach_alpha(np.ones((5, 3)))


def test_trend_increasing():
    y = [80.1, 81.0, 80.7, 82.3, 83.0, 84.2, 83.9, 85.5]
    r = trend(y)
    tau, p = sps.kendalltau(np.arange(8), y)
    assert r.tau == pytest.approx(tau) and r.p == pytest.approx(p)
    assert r.direction == "naik"
    assert r.slope_low <= r.slope <= r.slope_high
    assert r.slope == pytest.approx(sps.theilslopes(y).slope)


def test_trend_flat_and_invalid():
    assert trend([80, 80, 80, 80]).direction == "tidak ada"
    with pytest.raises(ValueError, match="values"):
        trend([1, 2])


def test_trend_with_all_times_equal_says_it_cannot_tell():
    # Issue 16 item 2: Kendall's tau against a constant time is undefined (scipy returns NaN);
    # that is not a fall.
    with np.errstate(all="ignore"):
        tau, p = sps.kendalltau([3, 3, 3, 3], [84.0, 80.0, 78.0, 75.0])
    assert np.isnan(tau) and np.isnan(p)
    r = trend([84.0, 80.0, 78.0, 75.0], times=[3, 3, 3, 3])
    assert r.direction == "tidak dapat dihitung"
    assert np.isnan(r.tau) and np.isnan(r.p) and np.isnan(r.slope)
    assert trend([80, 80, 80], times=[1, 1, 1]).direction == "tidak dapat dihitung"


def test_ikm_interval_with_weights(rng):
    from analysis.skm import ELEMENT_CODES, ikm

    s = rng.integers(1, 5, (40, 9))
    w = dict.fromkeys(ELEMENT_CODES, 0.1)
    w["biaya"] = 0.2
    r = ikm_interval(s, weights=w, n_resamples=999, rng=2, method="percentile")
    assert r.ikm == pytest.approx(25 * float(ikm(s, w).ikm_1_4))
    assert r.low < r.ikm < r.high


def test_ikm_interval_element_weighted_0_may_be_unanswered(rng):
    # Issue 16 item 1 for the interval: ``biaya`` unanswered and weighted 0 takes no part.
    from analysis.skm import ELEMENT_CODES, ikm

    s = rng.integers(1, 5, (60, 9))
    s[:, ELEMENT_CODES.index("biaya")] = 0
    w = {c: (0.0 if c == "biaya" else 1 / 8) for c in ELEMENT_CODES}
    r = ikm_interval(s, weights=w, n_resamples=999, rng=3, method="percentile")
    assert r.ikm == pytest.approx(25 * float(ikm(s, w).ikm_1_4))
    assert r.low < r.ikm < r.high
    normal = ikm_influence_interval(s, weights=w)
    assert normal.ikm == pytest.approx(r.ikm)


def test_influence_interval_is_the_textbook_interval_of_a_mean(rng):
    # Independent closed form: every element answered, equal weights, so the IKM is
    # 25 · mean of the respondents' row means r_i and the delta-method interval is
    # 25 · (r̄ ± z_0.975 · sd(r) / √n), z from scipy.stats.norm.
    s = rng.integers(1, 5, (800, 9))
    r_i = s.mean(axis=1)
    z = sps.norm.ppf(0.975)
    half = 25 * z * r_i.std(ddof=1) / np.sqrt(len(r_i))
    res = ikm_interval(s, bootstrap_max_n=500)
    assert res.method == "normal" and res.n == 800
    assert res.ikm == pytest.approx(25 * r_i.mean())
    assert res.low == pytest.approx(25 * r_i.mean() - half)
    assert res.high == pytest.approx(25 * r_i.mean() + half)


def test_influence_standard_error_agrees_with_scipy_bootstrap(rng):
    # With missing answers and custom weights the delta-method SE is checked against the
    # bootstrap standard error of scipy.stats.bootstrap (an independent implementation).
    from analysis.skm import ELEMENT_CODES, ikm

    s = rng.integers(1, 5, (600, 9))
    s[rng.random(s.shape) < 0.15] = 0
    w = dict.fromkeys(ELEMENT_CODES, 0.1)
    w["biaya"] = 0.2
    wv = np.array([w[c] for c in ELEMENT_CODES])

    def stat(i, axis=-1):
        x = s[i]
        return 25 * (x.sum(axis=-2) / (x > 0).sum(axis=-2)) @ wv

    boot = sps.bootstrap(
        (np.arange(len(s)),), stat, n_resamples=2000, method="percentile", rng=5
    ).standard_error
    res = ikm_influence_interval(s, weights=w)
    se = (res.high - res.low) / (2 * sps.norm.ppf(0.975))
    assert res.ikm == pytest.approx(25 * float(ikm(s, w).ikm_1_4))
    assert se == pytest.approx(boot, rel=0.08)


def test_ikm_interval_large_n_switches_to_influence_interval(rng):
    # Issue 16 item 8: above bootstrap_max_n (default 5,000) no resample is held in memory.
    import tracemalloc

    s = rng.integers(1, 5, (100_000, 9)).astype(np.int8)
    tracemalloc.start()
    try:
        res = ikm_interval(s)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert res.method == "normal" and res.low < res.ikm < res.high
    assert peak < 100e6  # the data as float is 7.2 MB; 9,999 resamples would be 72 GB


def test_ikm_interval_batches_the_resamples(rng):
    # Issue 16 item 8: batch_size bounds memory (batch × n values per call); the draws are
    # the same, so the interval equals the one computed in a single call.
    import tracemalloc

    s = rng.integers(1, 5, (1000, 9))
    whole = ikm_interval(s, n_resamples=999, rng=0, batch_size=999)
    tracemalloc.start()
    try:
        batched = ikm_interval(s, n_resamples=999, rng=0, batch_size=25)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert batched.method == "BCa"
    assert (batched.low, batched.high) == pytest.approx((whole.low, whole.high))
    assert peak < 10e6  # all 999 × 1000 resampled values at once are 8 MB per column
    with pytest.raises(ValueError, match="batch_size"):
        ikm_interval(s, batch_size=0)


def test_difference_interval_by_hand():
    # Altman & Bland (2003): SE from each 95% interval's width, added in quadrature. Here the
    # half-widths are 2 and 3 points, so the difference's half-width is √(2² + 3²) = √13.
    res = difference_interval(80.0, 78.0, 82.0, 75.0, 72.0, 78.0)
    assert res.difference == 5.0
    assert res.low == pytest.approx(5 - 13**0.5) and res.high == pytest.approx(5 + 13**0.5)
    assert res.low == pytest.approx(1.394449, abs=1e-6) and res.significant
    assert res.se == pytest.approx(13**0.5 / 1.959963984540054)
    flat = difference_interval(77.45, 76.0, 78.9, 77.49, 76.1, 78.88)
    assert flat.low < 0 < flat.high and not flat.significant


def test_difference_interval_of_two_periods_is_the_textbook_two_sample_interval(rng):
    # Independent closed form: two independent samples, every element answered, so each IKM
    # is 25 · mean of row means and the z interval of the difference is
    # 25 · (r̄_a − r̄_b ± z · √(s_a²/n_a + s_b²/n_b)).
    a, b = rng.integers(1, 5, (700, 9)), rng.integers(2, 5, (900, 9))
    ra, rb = a.mean(axis=1), b.mean(axis=1)
    half = 25 * sps.norm.ppf(0.975) * np.sqrt(ra.var(ddof=1) / 700 + rb.var(ddof=1) / 900)
    ia, ib = ikm_influence_interval(a), ikm_influence_interval(b)
    res = difference_interval(ia.ikm, ia.low, ia.high, ib.ikm, ib.low, ib.high)
    assert res.difference == pytest.approx(25 * (ra.mean() - rb.mean()))
    assert res.low == pytest.approx(25 * (ra.mean() - rb.mean()) - half)
    assert res.high == pytest.approx(25 * (ra.mean() - rb.mean()) + half)


def test_difference_interval_validates():
    with pytest.raises(ValueError, match="finite"):
        difference_interval(80, float("nan"), 82, 75, 72, 78)
    with pytest.raises(ValueError, match="low"):
        difference_interval(80, 82, 78, 75, 72, 78)
    with pytest.raises(ValueError, match="confidence"):
        difference_interval(80, 78, 82, 75, 72, 78, confidence=1.5)
