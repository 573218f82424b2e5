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
