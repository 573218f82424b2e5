import datetime as dt
from collections import Counter as Tally

import numpy as np
import pytest
from sqlalchemy import select

from analysis.skm import ELEMENT_CODES, grouped_counts
from surveys.models import Counter, Response, Service
from surveys.stats_queries import element_counts, heatmap_counts, raw_scores
from tests.factories import make_mpp
from tests.surveys.test_rollups import submit_many


@pytest.fixture
def data(session):
    first, second = make_mpp(session), make_mpp(session, zone="WITA")
    submit_many(session, first, 70, seed=3)
    submit_many(session, second, 30, seed=4)
    return first, second


def rows(session, **where):
    query = select(Response).where(Response.excluded.is_(False))
    for name, values in where.items():
        query = query.where(getattr(Response, name).in_(values))
    return session.scalars(query).all()


def counts_of(responses) -> np.ndarray:
    scores = np.array([[r.scores()[c] or 0 for c in ELEMENT_CODES] for r in responses])
    return grouped_counts(np.zeros(len(responses), dtype=np.int64), scores.reshape(-1, 9), 1)[0]


def test_filters_narrow_the_counts(session, data):
    first, _ = data
    l00 = session.scalar(select(Counter).where(Counter.mpp_id == first.id, Counter.code == "L00"))
    got = element_counts(session, counter_ids=[l00.id], channels=["qr"], group_by=())
    expected = [r for r in rows(session, counter_id=[l00.id]) if r.channel == "qr"]
    assert got.keys == [()]
    assert got.respondents[0] == len(expected)
    np.testing.assert_array_equal(got.counts[0], counts_of(expected))


def test_date_range_and_service_filters(session, data):
    first, _ = data
    s10 = session.scalar(select(Service).where(Service.mpp_id == first.id, Service.code == "S10"))
    start, end = dt.date(2026, 2, 3), dt.date(2026, 2, 20)
    got = element_counts(session, mpp_ids=[first.id], service_ids=[s10.id, None],
                         date_from=start, date_to=end, group_by=("service_id",))  # fmt: skip
    expected = [r for r in rows(session, mpp_id=[first.id]) if start <= r.local_date <= end]
    tally = Tally(r.service_id for r in expected)
    assert got.keys == sorted([(None,), (s10.id,)], key=lambda k: k[0] or 0)
    assert dict(zip([k[0] for k in got.keys], got.respondents.tolist(), strict=True)) == tally


@pytest.mark.parametrize(
    "grouping", ["mpp_id", "tenant_id", "counter_id", "channel", "local_date", "month", "week"]
)
def test_each_grouping_matches_the_raw_rows(session, data, grouping):
    got = element_counts(session, group_by=(grouping,))
    responses = rows(session)

    def key(r):
        if grouping == "month":
            return r.local_date.strftime("%Y-%m")
        if grouping == "week":
            return r.local_date - dt.timedelta(days=r.local_date.weekday())
        return getattr(r, grouping)

    keys = sorted({key(r) for r in responses})
    assert [k[0] for k in got.keys] == keys
    for index, value in enumerate(keys):
        group = [r for r in responses if key(r) == value]
        np.testing.assert_array_equal(got.counts[index], counts_of(group))


def test_two_level_grouping_and_month_rollup_agree_with_day_rollup(session, data):
    by_day_table = element_counts(session, group_by=("mpp_id", "month"), channels=["kiosk", "qr"])
    by_month_table = element_counts(session, group_by=("mpp_id", "month"))
    assert by_day_table.keys == by_month_table.keys
    np.testing.assert_array_equal(by_day_table.counts, by_month_table.counts)


def test_raw_scores_give_one_row_per_respondent(session, data):
    first, _ = data
    raw = raw_scores(session, mpp_ids=[first.id], group_by=("counter_id",))
    codes, scores = raw
    assert scores.shape == (70, 9) and codes.shape == (70,)
    by_counter = grouped_counts(codes, scores, len(raw.keys))
    counts = element_counts(session, mpp_ids=[first.id], group_by=("counter_id",))
    order = [raw.keys.index(k) for k in counts.keys]
    np.testing.assert_array_equal(by_counter[order], counts.counts)


def test_heatmap_counts_by_weekday_and_hour(session, data):
    first, _ = data
    heat = heatmap_counts(session, mpp_ids=[first.id])
    assert heat.counts.shape == (7, 24, 9, 4)
    tally = Tally((r.local_date.weekday(), r.local_hour) for r in rows(session, mpp_id=[first.id]))
    assert {k: v for k, v in np.ndenumerate(heat.respondents) if v} == tally


def test_unknown_grouping_is_refused(session):
    with pytest.raises(ValueError, match="group_by"):
        element_counts(session, group_by=("colour",))


def test_empty_selection(session, data):
    got = element_counts(session, mpp_ids=[-1], group_by=("counter_id",))
    assert got.keys == [] and got.counts.shape == (0, 9, 4)
    total = element_counts(session, mpp_ids=[-1], group_by=())
    assert total.respondents.tolist() == [0]
    raw = raw_scores(session, mpp_ids=[-1])
    assert raw.scores.shape == (0, 9)
