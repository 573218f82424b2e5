import numpy as np
import pytest

from analysis.dea import dea

# Cooper, Seiford & Tone, Data Envelopment Analysis (2007), Table 1.5 / Example 3.x:
# 12 hospitals, inputs (doctors, nurses), outputs (outpatients, inpatients).
HOSPITALS = {
    "A": (20, 151, 100, 90),
    "B": (19, 131, 150, 50),
    "C": (25, 160, 160, 55),
    "D": (27, 168, 180, 72),
    "E": (22, 158, 94, 66),
    "F": (55, 255, 230, 90),
    "G": (33, 235, 220, 88),
    "H": (31, 206, 152, 80),
    "I": (30, 244, 190, 100),
    "J": (50, 268, 250, 100),
    "K": (53, 306, 260, 147),
    "L": (38, 284, 250, 120),
}
CCR_PUBLISHED = {
    "A": 1,
    "B": 1,
    "C": 0.883,
    "D": 1,
    "E": 0.763,
    "F": 0.835,
    "G": 0.902,
    "H": 0.796,
    "I": 0.960,
    "J": 0.871,
    "K": 0.955,
    "L": 0.958,
}


def _data():
    ids = list(HOSPITALS)
    arr = np.array(list(HOSPITALS.values()), float)
    return ids, arr[:, :2], arr[:, 2:]


def test_ccr_input_hospitals_published():
    ids, x, y = _data()
    r = dea(x, y, ids=ids)
    for i, unit in enumerate(ids):
        assert r.efficiency[i] == pytest.approx(CCR_PUBLISHED[unit], abs=5e-4), unit


def test_ccr_output_equals_input_efficiency():
    ids, x, y = _data()
    a = dea(x, y, ids=ids)
    b = dea(x, y, ids=ids, orientation="output")
    np.testing.assert_allclose(a.efficiency, b.efficiency, atol=1e-7)
    np.testing.assert_allclose(b.score, 1 / a.score, atol=1e-7)


def test_peers_reconstruct_the_target():
    ids, x, y = _data()
    r = dea(x, y, ids=ids)
    for o in range(len(ids)):
        lam = r.lambdas[o]
        assert np.all(lam @ x <= r.score[o] * x[o] + 1e-6)
        assert np.all(lam @ y >= y[o] - 1e-6)
    assert r.peers[0] == {"A": pytest.approx(1.0)}
    inefficient_peers = set().union(*(r.peers[o] for o in range(12) if r.efficiency[o] < 1))
    assert inefficient_peers <= {"A", "B", "D"}


def test_bcc_at_least_ccr_and_sums_to_one():
    ids, x, y = _data()
    ccr = dea(x, y, ids=ids)
    for orientation in ("input", "output"):
        bcc = dea(x, y, ids=ids, rts="vrs", orientation=orientation)
        assert np.all(bcc.efficiency >= ccr.efficiency - 1e-9)
        np.testing.assert_allclose(bcc.lambdas.sum(axis=1), 1.0, atol=1e-7)
        assert np.all(bcc.efficiency <= 1 + 1e-9)


def test_single_input_output_ccr_is_productivity_ratio():
    x = np.array([[2.0], [4.0], [5.0]])
    y = np.array([[4.0], [4.0], [10.0]])
    r = dea(x, y)
    ratio = (y / x).ravel()
    np.testing.assert_allclose(r.efficiency, ratio / ratio.max())


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"rts": "drs"}, "rts"),
        ({"orientation": "both"}, "orientation"),
        ({"ids": ["a", "a", "b"]}, "ids"),
    ],
)
def test_invalid_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        dea([[1.0], [2.0], [3.0]], [[1.0], [1.0], [2.0]], **kwargs)


def test_invalid_data():
    with pytest.raises(ValueError, match="inputs"):
        dea([[-1.0], [2.0]], [[1.0], [1.0]])
    with pytest.raises(ValueError, match="outputs"):
        dea([[1.0], [2.0]], [[1.0]])
