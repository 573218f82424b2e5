import numpy as np
import pytest

from analysis.skm import (
    ELEMENT_CODES,
    Grade,
    classify,
    grouped_counts,
    grouped_ikm,
    ikm,
    ikm_from_counts,
    round2,
)

WORKED_SUMS = [105, 101, 100, 116, 102, 105, 106, 105, 115]


def test_element_codes_in_regulation_order():
    assert ELEMENT_CODES == (
        "persyaratan",
        "prosedur",
        "waktu",
        "biaya",
        "produk",
        "kompetensi",
        "perilaku",
        "sarana",
        "pengaduan",
    )


def test_domain_worked_example(column_sums_matrix):
    scores = column_sums_matrix(WORKED_SUMS, 29)
    assert scores.min() >= 1 and scores.max() <= 4
    assert scores.sum(axis=0).tolist() == WORKED_SUMS
    r = ikm(scores)
    assert r.nrr[0] == pytest.approx(3.6207, abs=5e-5)
    assert r.nrr[-1] == pytest.approx(3.9655, abs=5e-5)
    assert r.ikm_1_4 == pytest.approx(3.6590, abs=5e-5)
    assert float(r.ikm) == 91.48
    assert r.grade == Grade("A", "Sangat baik")
    assert r.n_answers.tolist() == [29] * 9


def _exact_88_50():
    # 27 fours and 23 threes per element: NRR 3.54, IKM 88.50 exactly.
    return np.array([4] * 27 + [3] * 23)[:, None].repeat(9, axis=1)


def test_exact_88_50_stays_a():
    r = ikm(_exact_88_50())
    assert float(r.ikm) == 88.50
    assert r.grade.mutu == "A"


def test_weight_0_11_is_rejected_and_would_give_b():
    with pytest.raises(ValueError, match="sum to 1"):
        ikm(_exact_88_50(), weights={c: 0.11 for c in ELEMENT_CODES})
    wrong = round2(25 * 3.54 * 0.11 * 9)
    assert wrong == 87.62 and classify(wrong).mutu == "B"


@pytest.mark.parametrize(
    ("value", "mutu", "kinerja"),
    [
        (88.30, "B", "Baik"),
        (88.31, "A", "Sangat baik"),
        (76.60, "C", "Kurang baik"),
        (76.61, "B", "Baik"),
        (64.99, "D", "Tidak baik"),
        (65.00, "C", "Kurang baik"),
        (25.00, "D", "Tidak baik"),
        (100.0, "A", "Sangat baik"),
        (88.305, "A", "Sangat baik"),  # rounds half up to 88.31
        (88.304, "B", "Baik"),
    ],
)
def test_classification_bounds(value, mutu, kinerja):
    assert classify(value) == Grade(mutu, kinerja)


@pytest.mark.parametrize("bad", [24.99, 100.01, float("nan"), 3.6])
def test_classify_rejects_values_off_the_25_100_scale(bad):
    # 3.6 is a 1–4 value: comparing it with the 25–100 bounds is a known peer-app error.
    with pytest.raises(ValueError, match="ikm_25_100"):
        classify(bad)


def test_custom_weights_validated(column_sums_matrix):
    scores = column_sums_matrix(WORKED_SUMS, 29)
    w = dict.fromkeys(ELEMENT_CODES, 0.1)
    w["pengaduan"] = 0.2
    r = ikm(scores, weights=w)
    expected = 0.1 * sum(WORKED_SUMS[:8]) / 29 + 0.2 * 115 / 29
    assert float(r.ikm_1_4) == pytest.approx(expected)
    with pytest.raises(ValueError, match="unknown element"):
        ikm(scores, weights={"harga": 1.0})
    with pytest.raises(ValueError, match="non-negative"):
        ikm(scores, weights={"biaya": 1.5, "waktu": -0.5})


def test_missing_answers_left_out_of_that_element_only():
    scores = np.full((4, 9), 4)
    scores[0, 2] = 0
    scores[1, 2] = 1
    r = ikm(scores)
    assert r.n_answers[2] == 3
    assert r.nrr[2] == pytest.approx(3.0)
    assert float(r.ikm_1_4) == pytest.approx((8 * 4 + 3) / 9)
    nan_scores = scores.astype(float)
    nan_scores[0, 2] = np.nan
    assert float(ikm(nan_scores).ikm) == float(r.ikm)


def test_element_without_answers_gives_undefined_index():
    scores = np.full((3, 9), 3)
    scores[:, 4] = 0
    r = ikm(scores)
    assert np.isnan(r.nrr[4]) and np.isnan(r.ikm)
    assert str(r.mutu) == ""


def test_unanswered_element_weighted_0_takes_no_part():
    # Issue 16 item 1, by hand: 20 respondents answer 3 to every element but ``biaya``
    # (unanswered, weight 0), the other eight weigh 1/8: IKM_1-4 = 8 · (1/8) · 3 = 3,
    # IKM = 25 · 3 = 75.00, and 65.00 <= 75.00 < 76.61 is C (PermenPANRB 14/2017).
    scores = np.full((20, 9), 3)
    scores[:, ELEMENT_CODES.index("biaya")] = 0
    weights = {c: (0.0 if c == "biaya" else 1 / 8) for c in ELEMENT_CODES}
    r = ikm(scores, weights)
    assert np.isnan(r.nrr[ELEMENT_CODES.index("biaya")])
    assert float(r.ikm_1_4) == 3.0 and float(r.ikm) == 75.00
    assert r.grade == Grade("C", "Kurang baik")
    grouped = grouped_ikm(np.zeros(20, dtype=int), scores, 2, weights)
    assert grouped.ikm[0] == 75.00 and np.isnan(grouped.ikm[1])


def test_unanswered_element_with_positive_weight_still_undefined():
    scores = np.full((20, 9), 3)
    scores[:, 3] = 0
    weights = {c: (0.2 if c == "biaya" else 0.1) for c in ELEMENT_CODES}
    assert np.isnan(ikm(scores, weights).ikm)


def test_counts_shape_and_values_validated():
    with pytest.raises(ValueError, match="counts"):
        ikm_from_counts(np.zeros((9, 5), dtype=int))
    with pytest.raises(ValueError, match="counts"):
        ikm_from_counts(-np.ones((9, 4), dtype=int))
    with pytest.raises(ValueError, match="scores"):
        ikm(np.full((2, 9), 5))


def test_grouped_matches_per_group(rng):
    n, g = 2000, 7
    codes = rng.integers(0, g, n)
    scores = rng.integers(0, 5, (n, 9))
    counts = grouped_counts(codes, scores, g)
    assert counts.shape == (g, 9, 4)
    assert counts.sum() == np.count_nonzero(scores)
    res = grouped_ikm(codes, scores, g)
    for k in range(g):
        one = ikm(scores[codes == k])
        np.testing.assert_allclose(res.nrr[k], one.nrr)
        assert res.ikm[k] == one.ikm and res.mutu[k] == one.mutu
    total = ikm_from_counts(counts.sum(axis=0))
    assert float(total.ikm) == float(ikm(scores).ikm)


def test_grouped_counts_validates_arguments():
    s = np.ones((3, 9), dtype=int)
    with pytest.raises(ValueError, match="group_codes"):
        grouped_counts(np.array([0, 1, 5]), s, 2)
    with pytest.raises(ValueError, match="scores"):
        grouped_counts(np.array([0, 1, 1]), s[:, :8], 2)
    with pytest.raises(ValueError, match="n_groups"):
        grouped_counts(np.array([0, 0, 0]), s, 0)


def test_counts_with_several_leading_dimensions(rng):
    counts = rng.integers(0, 6, (2, 3, 9, 4))
    counts[1, 2] = 0
    r = ikm_from_counts(counts)
    assert r.nrr.shape == (2, 3, 9) and r.ikm.shape == (2, 3) and r.mutu.shape == (2, 3)
    flat = ikm_from_counts(counts.reshape(6, 9, 4))
    np.testing.assert_array_equal(r.ikm.ravel(), flat.ikm)
    assert np.isnan(r.ikm[1, 2]) and r.mutu[1, 2] == ""
    s = counts[0, 0]
    expected = (s @ np.arange(1, 5) / s.sum(axis=1)).mean()
    assert r.ikm_1_4[0, 0] == pytest.approx(expected)
    with pytest.raises(ValueError, match="several groups"):
        _ = r.grade


def test_n_elements_matches_codes():
    from analysis.counts import N_ELEMENTS

    assert len(ELEMENT_CODES) == N_ELEMENTS
