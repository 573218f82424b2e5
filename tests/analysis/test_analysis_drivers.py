import numpy as np
import pytest

from analysis.drivers import importance_performance, key_drivers


def _survey(rng, n=200):
    latent = rng.normal(size=n)
    s = np.empty((n, 9), dtype=int)
    for j in range(9):
        noise = rng.normal(scale=0.5 + j * 0.3, size=n)
        s[:, j] = np.clip(np.round(2.8 + 0.7 * latent + noise + (j % 3) * 0.2), 1, 4)
    return s


def test_key_drivers_strongest_first(rng):
    s = _survey(rng)
    r = key_drivers(s)
    assert r.ranked()[0][0] == "persyaratan"  # least noise
    assert np.all(r.n == 200)


def test_key_drivers_with_overall(rng):
    s = _survey(rng)
    r = key_drivers(s, overall=s[:, 3])
    assert r.rho[3] == pytest.approx(1.0)
    with pytest.raises(ValueError, match="overall"):
        key_drivers(s, overall=np.ones(3))


def test_ipa_quadrants_with_stated_importance():
    perf_levels = [4, 4, 3, 3, 4, 3, 4, 3, 3]
    s = np.tile(perf_levels, (10, 1))
    s[0] = np.minimum(4, s[0] + 0)
    imp = np.array([4, 2, 4, 2, 4, 4, 2, 2, 3], float)
    r = importance_performance(s, importance=imp)
    assert r.source == "stated"
    assert r.quadrant[0] == "keep up the good work"
    assert r.quadrant[1] == "possible overkill"
    assert r.quadrant[2] == "concentrate here"
    assert r.quadrant[3] == "low priority"
    assert r.importance_mean == pytest.approx(imp.mean())


def test_ipa_derived_importance(rng):
    s = _survey(rng)
    r = importance_performance(s)
    assert r.source == "derived"
    assert len(r.quadrant) == 9
    with pytest.raises(ValueError, match="importance"):
        importance_performance(s, importance=np.ones(4))


def test_ipa_with_a_constant_element_analyses_the_others(rng):
    # Issue 16 item 3: ``biaya`` = 4 ("Gratis") for everyone, the normal case for a free
    # service. Expected values computed independently: Spearman rho (scipy.stats.spearmanr)
    # of each varying element with the mean of the other eight answers, NRR as column means,
    # crosshairs at the means over the eight varying elements.
    from scipy import stats as sps

    from analysis.skm import ELEMENT_CODES

    s = _survey(rng)
    b = ELEMENT_CODES.index("biaya")
    s[:, b] = 4
    r = importance_performance(s)
    assert np.isnan(r.importance[b]) and r.quadrant[b] == "" and r.undefined == ("biaya",)
    varying = [j for j in range(9) if j != b]
    rho = np.array(
        [sps.spearmanr(s[:, j], np.delete(s, j, axis=1).mean(axis=1)).statistic for j in varying]
    )
    perf = s[:, varying].mean(axis=0)
    np.testing.assert_allclose(r.importance[varying], rho)
    np.testing.assert_allclose(r.performance, s.mean(axis=0))
    assert r.importance_mean == pytest.approx(rho.mean())
    assert r.performance_mean == pytest.approx(perf.mean())
    expected = [
        ("keep up the good work" if p >= perf.mean() else "concentrate here")
        if i >= rho.mean()
        else ("possible overkill" if p >= perf.mean() else "low priority")
        for i, p in zip(rho, perf, strict=True)
    ]
    assert [r.quadrant[j] for j in varying] == expected


def test_ipa_chart_leaves_off_an_undefined_element(rng):
    from analysis import charts

    s = _survey(rng)
    s[:, 3] = 4
    fig = charts.ipa_quadrant(importance_performance(s), lang="id")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "Biaya/tarif" not in texts and "Persyaratan" in texts
