import numpy as np
import pytest
from scipy import stats as sps

from analysis.reliability import cronbach_alpha
from analysis.stats import (
    compare_groups,
    dunn_holm,
    holm,
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


def test_ikm_interval_with_weights(rng):
    from analysis.skm import ELEMENT_CODES, ikm

    s = rng.integers(1, 5, (40, 9))
    w = dict.fromkeys(ELEMENT_CODES, 0.1)
    w["biaya"] = 0.2
    r = ikm_interval(s, weights=w, n_resamples=999, rng=2, method="percentile")
    assert r.ikm == pytest.approx(25 * float(ikm(s, w).ikm_1_4))
    assert r.low < r.ikm < r.high
