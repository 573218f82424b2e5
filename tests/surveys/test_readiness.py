import pytest

from analysis.readiness import CRITERION_CODES
from surveys.errors import InvalidSubmission
from surveys.readiness import assessment, readiness_by_mpp, readiness_signals, save_assessment
from tests.factories import make_mpp, make_user
from tests.surveys.test_national_seed import YEAR, add_answers, short_region_codes  # noqa: F401


def test_index_only_when_all_eleven_criteria_have_a_level(session):
    mpp = make_mpp(session)
    manager = make_user(session, "manager", mpps=[mpp])
    save_assessment(session, mpp, YEAR, manager, {c: (3, "") for c in CRITERION_CODES[:10]}, "self")
    assert mpp.id not in readiness_by_mpp(session, YEAR)
    assert not assessment(session, mpp, YEAR).complete
    save_assessment(session, mpp, YEAR, manager, {CRITERION_CODES[10]: (4, "ok")}, "self")
    result = readiness_by_mpp(session, YEAR)[mpp.id]
    assert result.index == pytest.approx((30 + 4) / 11) and result.label == "Baik"


def test_review_overrides_and_both_values_are_kept(session):
    mpp = make_mpp(session)
    manager = make_user(session, "manager", mpps=[mpp])
    evaluator = make_user(session, "evaluator")
    save_assessment(session, mpp, YEAR, manager, {c: (5, "klaim") for c in CRITERION_CODES}, "self")
    save_assessment(session, mpp, YEAR, evaluator, {c: (4, "bukti") for c in CRITERION_CODES},
                    "review")  # fmt: skip
    rows = {r.code: r.row for r in assessment(session, mpp, YEAR).rows}
    assert all((r.self_level, r.review_level, r.level) == (5, 4, 4) for r in rows.values())
    assert rows["antrian"].self_evidence == "klaim" and rows["antrian"].review_evidence == "bukti"
    assert readiness_by_mpp(session, YEAR)[mpp.id].label == "Sangat Baik"


@pytest.mark.parametrize(
    "entries",
    [
        {"antrian": (6, "")},
        {"antrian": (0, "")},
        {"unknown": (3, "")},
        {"antrian": (3, "x" * 1001)},
    ],
)
def test_bad_levels_and_evidence_are_refused(session, entries):
    mpp = make_mpp(session)
    user = make_user(session, "evaluator")
    with pytest.raises(InvalidSubmission):
        save_assessment(session, mpp, YEAR, user, entries, "review")


def test_signals_from_the_data(session):
    mpp = make_mpp(session)
    assert any(s.proposed is None for s in readiness_signals(session, mpp, YEAR))
    add_answers(session, mpp, 30, 3.0, seed=5)
    signals = {s.text: s for s in readiness_signals(session, mpp, YEAR)}
    electronic = signals["SKM dijalankan elektronik di sistem ini"]
    assert electronic.value == "30" and electronic.proposed == 3
    assert signals["Porsi jawaban lewat ponsel (QR)"].value == "33%"
    assert any(s.criterion == "informasi_umum" for s in signals.values())
