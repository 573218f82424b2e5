import numpy as np
import pytest

from analysis.effectiveness import DEFAULT_COMPONENTS, Component, composite_index
from analysis.pekppp import ASPECTS, PREDICATES, pekppp_index, pekppp_predicate


def test_composite_contributions_add_up():
    values = {
        "kepuasan": [91.48, 80.0, 70.0],
        "cakupan": [0.9, 0.5, 0.2],
        "throughput": [120, 80, 60],
        "waktu_tunggu": [10, 25, 40],
        "tindak_lanjut": [1.0, 0.5, 0.0],
        "kecukupan_sampel": [1.0, 1.0, 0.5],
    }
    r = composite_index(values)
    total = np.sum([r.contribution[c.code] for c in DEFAULT_COMPONENTS], axis=0)
    np.testing.assert_allclose(total, r.index)
    assert r.index[0] > r.index[1] > r.index[2]
    assert r.normalised["waktu_tunggu"].tolist() == [1.0, 0.5, 0.0]
    assert r.contribution["kepuasan"][0] == pytest.approx(30 * (91.48 - 25) / 75)
    assert sum(r.weights.values()) == pytest.approx(1.0)


def test_composite_validates():
    comps = (Component("a", "a", "a", 0.5), Component("b", "b", "b", 0.6))
    with pytest.raises(ValueError, match="sum to 1"):
        composite_index({"a": [1], "b": [2]}, comps)
    comps = (Component("a", "a", "a", 0.5), Component("b", "b", "b", 0.5))
    with pytest.raises(ValueError, match="missing"):
        composite_index({"a": [1]}, comps)
    with pytest.raises(ValueError, match="same length"):
        composite_index({"a": [1, 2], "b": [1]}, comps)
    r = composite_index({"a": [3, 3], "b": [1, 2]}, comps)
    assert r.index.tolist() == [50.0, 100.0]


def test_component_equal_for_all_gives_full_points_in_either_direction():
    # Issue 16 item 4, by hand: weights 1/2 each; every MPP has the same value of ``a``, so
    # z_a = 1 whatever the direction; ``b`` (lower is better) 10 and 20 gives z_b = 1 and 0:
    # I = 100 · (0.5 · 1 + 0.5 · z_b) = 100 and 50.
    for a_higher in (True, False):
        comps = (
            Component("a", "a", "a", 0.5, higher_is_better=a_higher),
            Component("b", "b", "b", 0.5, higher_is_better=False),
        )
        r = composite_index({"a": [7.0, 7.0], "b": [10.0, 20.0]}, comps)
        assert r.normalised["a"].tolist() == [1.0, 1.0]
        assert r.index.tolist() == [100.0, 50.0]
    one = (Component("w", "w", "w", 1.0, higher_is_better=False),)
    assert composite_index({"w": [12.0]}, one).index.tolist() == [100.0]
    with pytest.raises(ValueError, match="low < high"):
        composite_index({"w": [12.0]}, (Component("w", "w", "w", 1.0, bounds=(5.0, 5.0)),))


@pytest.mark.parametrize(
    ("index", "category", "predicate"),
    [
        (5.0, "A", "Pelayanan Prima"),
        (4.51, "A", "Pelayanan Prima"),
        (4.505, "A", "Pelayanan Prima"),
        (4.50, "A-", "Sangat Baik"),
        (4.01, "A-", "Sangat Baik"),
        (4.00, "B", "Baik"),
        (3.51, "B", "Baik"),
        (3.50, "B-", "Baik (Dengan Catatan)"),
        (3.01, "B-", "Baik (Dengan Catatan)"),
        (3.00, "C", "Cukup"),
        (2.51, "C", "Cukup"),
        (2.50, "C-", "Cukup (Dengan Catatan)"),
        (2.01, "C-", "Cukup (Dengan Catatan)"),
        (2.00, "D", "Buruk"),
        (1.51, "D", "Buruk"),
        (1.50, "E", "Sangat Buruk"),
        (1.01, "E", "Sangat Buruk"),
        (1.00, "F", "Gagal"),
        (0.0, "F", "Gagal"),
    ],
)
def test_pekppp_predicate_table(index, category, predicate):
    r = pekppp_predicate(index)
    assert (r.category, r.predicate) == (category, predicate)


def test_pekppp_table_and_weights_as_data():
    assert [p[1] for p in PREDICATES] == ["A", "A-", "B", "B-", "C", "C-", "D", "E", "F"]
    assert sum(w for _, w in ASPECTS.values()) == pytest.approx(1.0)
    assert pekppp_index(dict.fromkeys(ASPECTS, 4.0)) == pytest.approx(4.0)
    with pytest.raises(ValueError, match="index"):
        pekppp_predicate(5.2)
    with pytest.raises(ValueError, match="aspect_scores"):
        pekppp_index({"kebijakan": 4.0})
