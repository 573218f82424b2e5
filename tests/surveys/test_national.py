import math

import numpy as np
import pytest
from sqlalchemy import select

from analysis.readiness import readiness_label
from analysis.skm import ikm_from_counts
from surveys.effectiveness_inputs import current_components, save_weights
from surveys.errors import InvalidSubmission
from surveys.models import Mpp, Province, Regency
from surveys.national import NationalFilters, export_records, ikm_interval, national_table
from surveys.national_detail import coverage, mpp_detail
from surveys.regions import load_regions
from surveys.stats_queries import element_counts
from tests.surveys.test_national_seed import YEAR, national_world, short_region_codes  # noqa: F401


@pytest.fixture
def world(session):
    return national_world(session)


def test_rows_carry_ikm_from_the_rollups_and_an_interval_around_it(session, world):
    table = national_table(session, YEAR)
    assert table.total_mpps == 4
    good = next(r for r in table.rows if r.code == "mpp-good")
    counts = element_counts(session, mpp_ids=[good.mpp_id], group_by=())
    assert good.ikm == float(ikm_from_counts(counts.counts[0]).ikm)
    assert good.responses == 240
    assert good.ikm_low < good.ikm < good.ikm_high


def test_composite_contributions_add_up_to_the_score(session, world):
    for row in national_table(session, YEAR).rows:
        if row.effectiveness is not None:
            assert math.isclose(sum(row.contributions.values()), row.effectiveness, abs_tol=0.006)
            assert set(row.contributions) == {c.code for c in current_components(session)}


def test_too_little_data_is_marked_and_not_scored(session, world):
    rows = {r.code: r for r in national_table(session, YEAR).rows}
    thin = rows["mpp-thin"]
    assert thin.too_little_data and thin.effectiveness is None and thin.dea_efficiency is None
    assert not rows["mpp-good"].too_little_data
    assert rows["mpp-good"].effectiveness > rows["mpp-weak"].effectiveness


def test_dea_efficiencies_and_peers(session, world):
    rows = {r.code: r for r in national_table(session, YEAR).rows}
    scored = [r for r in rows.values() if r.dea_efficiency is not None]
    assert len(scored) == 3 and max(r.dea_efficiency for r in scored) == pytest.approx(1.0)
    inefficient = [r for r in scored if r.dea_efficiency < 0.999]
    assert inefficient, "the demo world has an MPP below the frontier"
    for r in inefficient:
        assert r.dea_peers and all(
            rows[p].dea_efficiency == pytest.approx(1.0) for p in r.dea_peers
        )


def test_readiness_labels_follow_the_spbe_thresholds(session, world):
    rows = {r.code: r for r in national_table(session, YEAR).rows}
    assert (rows["mpp-good"].readiness, rows["mpp-good"].readiness_label) == (5.0, "Memuaskan")
    assert (rows["mpp-mid"].readiness, rows["mpp-mid"].readiness_label) == (3.0, "Baik")
    assert rows["mpp-weak"].readiness_label == readiness_label(rows["mpp-weak"].readiness)[0]
    assert rows["mpp-thin"].readiness is None


@pytest.mark.parametrize(
    ("index", "label"),
    [(4.2, "Memuaskan"), (4.19, "Sangat Baik"), (3.5, "Sangat Baik"), (3.49, "Baik"),
     (2.6, "Baik"), (2.59, "Cukup"), (1.8, "Cukup"), (1.79, "Kurang"), (1.0, "Kurang")],
)  # fmt: skip
def test_readiness_label_thresholds(index, label):
    assert readiness_label(index)[0] == label


def test_filters_keep_only_matching_rows_and_refuse_unknown_values(session, world):
    table = national_table(session, YEAR, NationalFilters.parse(readiness_label="Baik"))
    assert [r.code for r in table.rows] == ["mpp-mid"]
    by_grade = national_table(session, YEAR, NationalFilters.parse(grade="A"))
    assert all(r.mutu == "A" for r in by_grade.rows)
    with pytest.raises(InvalidSubmission):
        NationalFilters.parse(grade="E")
    with pytest.raises(InvalidSubmission):
        NationalFilters.parse(province="Jawa")


def test_scoped_table_shows_only_those_mpps_with_national_medians(session, world):
    table = national_table(session, YEAR, mpp_ids={world["mid"].id})
    assert [r.code for r in table.rows] == ["mpp-mid"]
    assert table.total_mpps == 4 and table.medians["ikm"] is not None


def test_admin_weights_change_the_index_and_must_sum_to_one(session, world):
    before = {r.code: r.effectiveness for r in national_table(session, YEAR).rows}
    with pytest.raises(InvalidSubmission):
        save_weights(session, {c.code: 0.5 for c in current_components(session)}, None)
    weights = dict.fromkeys((c.code for c in current_components(session)), 0.0)
    weights["kepuasan"] = 1.0
    save_weights(session, weights, None)
    after = {r.code: r for r in national_table(session, YEAR).rows}
    assert after["mpp-good"].effectiveness != before["mpp-good"]
    assert after["mpp-good"].effectiveness == pytest.approx(
        100 * (after["mpp-good"].ikm - 25) / 75, abs=0.01
    )


def test_export_records_have_the_cli_columns(session, world):
    records = export_records(national_table(session, YEAR))
    columns = {"mpp_code", "mpp_name", "province", "regency", "responses", "ikm", "mutu",
               "effectiveness", "dea_efficiency", "readiness", "readiness_label"}  # fmt: skip
    assert columns <= set(records[0])


def test_interval_is_conservative_and_narrows_with_more_answers():
    rng = np.random.default_rng(0)
    small = np.stack([np.bincount(rng.integers(1, 5, 40), minlength=5)[1:] for _ in range(9)])
    large = small * 10
    lo_s, hi_s = ikm_interval(small)
    lo_l, hi_l = ikm_interval(large)
    assert hi_l - lo_l < hi_s - lo_s
    centre = float(ikm_from_counts(small).ikm)
    assert lo_s < centre < hi_s


def test_detail_lists_peers_history_and_readiness(session, world):
    detail = mpp_detail(session, world["weak"], YEAR)
    assert detail.row.code == "mpp-weak"
    assert len(detail.monthly) == 12 and detail.yearly[-1].label == str(YEAR)
    assert detail.readiness.complete
    assert {code for code, _, _ in detail.peers} == set(detail.row.dea_peers)


def test_coverage_counts_provinces_and_kab_kota_without_an_mpp(session):
    load_regions(session)
    assert session.scalar(select(Province).where(Province.code == "35")) is not None
    session.add_all([Mpp(code="kab-banyuwangi", name="MPP Banyuwangi", regency_code="35.10"),
                     Mpp(code="dki", name="MPP DKI", regency_code="31.74")])  # fmt: skip
    session.commit()
    result = coverage(session)
    assert len(result.provinces) == 38
    autonomous = session.scalars(select(Regency).where(Regency.kind.in_(("kabupaten", "kota"))))
    assert result.units == len(list(autonomous)) + 1  # DKI Jakarta counts once, as the province
    assert result.covered == 2
    east_java = next(p for p in result.provinces if p.code == "35")
    assert east_java.covered == 1 and "Kabupaten Banyuwangi" not in east_java.uncovered
    assert "Kota Surabaya" in east_java.uncovered
    dki = next(p for p in result.provinces if p.code == "31")
    assert (dki.units, dki.covered, dki.uncovered) == (1, 1, [])
    assert len(result.provinces_without) == 36


def test_demo_gives_a_meaningful_ranking(session):
    import datetime as dt

    from surveys.demo import load_demo
    from surveys.demo_national import load_demo_national
    from surveys.demo_users import load_demo_users

    today = dt.date(2026, 11, 23)
    load_demo(session, today=today, days=14)
    load_demo_users(session)
    figures, assessments = load_demo_national(session, today)
    assert figures > 0 and assessments > 0
    rows = {r.code: r for r in national_table(session, today.year).rows}
    assert len(rows) == 11
    assert rows["kota-ambon"].too_little_data and rows["kota-ambon"].readiness is None
    scored = [r for r in rows.values() if not r.too_little_data]
    assert len(scored) == 10
    assert len({round(r.effectiveness) for r in scored}) >= 6  # spread, not ties
    assert len({r.readiness_label for r in scored}) >= 3
    assert any(r.dea_efficiency < 0.999 and r.dea_peers for r in scored)


def test_follow_up_share_agrees_with_the_complaints_register(session, world):
    import datetime as dt

    from surveys.complaints import follow_up_stats
    from surveys.models import Response
    from surveys.readiness import complaint_follow_up_by_mpp

    mpp = world["good"]
    responses = session.scalars(select(Response).where(Response.mpp_id == mpp.id).limit(5)).all()
    for r in responses:
        r.comment = "Antrean lama"
    session.commit()
    start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    stats = follow_up_stats(session, mpp.id, start, end)
    total = sum(s.total for s in stats)
    handled = sum(s.followed_up + s.rejected for s in stats)
    share, _ = complaint_follow_up_by_mpp(session, start, end)[mpp.id]
    assert total == 5 and share == handled / total


def test_below_thirty_answers_an_mpp_has_its_ikm_and_interval_but_no_grade(session, world):
    rows = {r.code: r for r in national_table(session, YEAR).rows}
    thin = rows["mpp-thin"]
    assert 0 < thin.responses < 30 and thin.ikm is not None and thin.ikm_low is not None
    assert thin.mutu == "" and rows["mpp-good"].mutu in "ABCD"
    exported = {r["mpp_code"]: r for r in export_records(national_table(session, YEAR))}
    assert exported["mpp-thin"]["mutu"] in ("", None)
    assert all(
        p.mutu == "" for p in mpp_detail(session, world["thin"], YEAR).monthly if p.responses < 30
    )
    lowered = {r.code: r for r in national_table(session, YEAR, min_responses=1).rows}
    assert lowered["mpp-thin"].mutu in "ABCD"  # the same rule, configurable
