import pytest

from analysis.readiness import (
    CRITERIA,
    CRITERION_CODES,
    LEVELS,
    readiness_index,
    readiness_label,
    rubric,
)
from analysis.readiness_rubric import RUBRIC


def test_eleven_criteria_with_full_rubric():
    assert len(CRITERIA) == 11
    assert set(RUBRIC) == set(CRITERION_CODES)
    for code in CRITERION_CODES:
        for level in LEVELS:
            assert rubric(code, level, "id") and rubric(code, level, "en")
            assert rubric(code, level, "id") != rubric(code, level, "en")


@pytest.mark.parametrize(
    ("index", "label"),
    [
        (5.0, "Memuaskan"),
        (4.2, "Memuaskan"),
        (4.19, "Sangat Baik"),
        (3.5, "Sangat Baik"),
        (3.49, "Baik"),
        (2.6, "Baik"),
        (2.59, "Cukup"),
        (1.8, "Cukup"),
        (1.79, "Kurang"),
        (1.0, "Kurang"),
    ],
)
def test_labels(index, label):
    assert readiness_label(index)[0] == label


def test_index_equal_and_custom_weights():
    scores = dict.fromkeys(CRITERION_CODES, 3)
    scores["antrian"] = 5
    r = readiness_index(scores)
    assert r.index == pytest.approx((10 * 3 + 5) / 11)
    assert r.label == "Baik" and r.derived
    assert sum(r.contribution.values()) == pytest.approx(r.index)
    w = dict.fromkeys(CRITERION_CODES, 0.0)
    w["antrian"] = 1.0
    assert readiness_index(scores, w).index == 5.0


def test_exact_threshold_with_custom_weights_is_not_lowered_by_floating_point():
    # Issue 16 item 5, by hand: 0.1 · 4 + 0.2 · 5 + 0.7 · 3 = 0.4 + 1.0 + 2.1 = 3.5 exactly,
    # the "Sangat Baik" threshold; in binary floating point the sum is 3.4999999999999996.
    # Rounded to 2 decimals as the IKM is (PermenPANRB 14/2017 practice), it is 3.50.
    scores = dict.fromkeys(CRITERION_CODES, 3)
    scores.update(informasi_umum=4, antrian=5, konsultasi_pengaduan=3)
    w = dict.fromkeys(CRITERION_CODES, 0.0)
    w.update(informasi_umum=0.1, antrian=0.2, konsultasi_pengaduan=0.7)
    r = readiness_index(scores, w)
    assert r.index == pytest.approx(3.5) and r.label == "Sangat Baik"
    scores.update(informasi_umum=4, antrian=5, konsultasi_pengaduan=4)  # 4.2 exactly
    assert readiness_index(scores, w).label == "Memuaskan"
    assert readiness_label(2.5999999999999996)[0] == "Baik"
    assert readiness_label(3.494)[0] == "Baik"


def test_index_validates():
    scores = dict.fromkeys(CRITERION_CODES, 3)
    with pytest.raises(ValueError, match="missing"):
        readiness_index({"antrian": 3})
    with pytest.raises(ValueError, match="scores"):
        readiness_index({**scores, "antrian": 6})
    with pytest.raises(ValueError, match="weights"):
        readiness_index(scores, dict.fromkeys(CRITERION_CODES, 0.1))
    with pytest.raises(ValueError, match="level"):
        rubric("antrian", 0)
