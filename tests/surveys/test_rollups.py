import datetime as dt
import random

import numpy as np
import pytest
from sqlalchemy import select, update

from analysis.skm import ELEMENT_CODES, grouped_counts, ikm_from_counts
from surveys import rollups
from surveys.models import Response
from surveys.responses import submit_response
from surveys.rollups import check, rebuild, response_rollup, response_rollup_month, set_excluded
from surveys.stats_queries import element_counts
from surveys.validation import parse_submission
from tests.factories import make_mpp, submission_payload

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def submit_many(session, mpp, n, seed=1, now=NOW):
    """n varied submissions over ~40 days (month boundary crossed), some answers missing."""
    rng = random.Random(seed)
    for _ in range(n):
        answers = {c: rng.choice((1, 2, 3, 4, 4, None)) for c in ELEMENT_CODES}
        answers = {c: v for c, v in answers.items() if v is not None}
        stamp = now - dt.timedelta(days=rng.randrange(40), hours=rng.randrange(9))
        payload = submission_payload(
            counter=rng.choice(("L00", "L01", "L10", "L11")),
            service=None,
            answers=answers or {"waktu": 3},
            submitted_at=stamp.isoformat(),
        )
        if payload["counter"].startswith("L1") and rng.random() < 0.7:
            payload["service"] = "S10"
        channel = rng.choice(("kiosk", "qr"))
        submit_response(session, parse_submission(payload, now, channel=channel), mpp, None, now)


def raw_counts(session, mpp_ids=None):
    query = select(Response).where(Response.excluded.is_(False))
    if mpp_ids:
        query = query.where(Response.mpp_id.in_(mpp_ids))
    rows = session.scalars(query.order_by(Response.counter_id)).all()
    counters = sorted({r.counter_id for r in rows})
    codes = np.array([counters.index(r.counter_id) for r in rows], dtype=np.int64)
    scores = np.array([[r.scores()[c] or 0 for c in ELEMENT_CODES] for r in rows], dtype=np.int64)
    return counters, grouped_counts(codes, scores.reshape(len(rows), 9), max(len(counters), 1))


def stored(session, table):
    return sorted(tuple(row) for row in session.execute(select(table)))


@pytest.fixture
def two_mpps(session):
    first, second = make_mpp(session), make_mpp(session, zone="WIT")
    submit_many(session, first, 60, seed=1)
    submit_many(session, second, 25, seed=2)
    return first, second


def test_rollups_equal_raw_rows_after_submissions(session, two_mpps):
    assert check(session) == []
    counters, expected = raw_counts(session)
    got = element_counts(session, group_by=("counter_id",))
    assert [k[0] for k in got.keys] == counters
    np.testing.assert_array_equal(got.counts, expected)
    assert got.respondents.sum() == 85


def test_ikm_from_rollups_equals_ikm_from_raw_rows_exactly(session, two_mpps):
    _, expected = raw_counts(session)
    got = element_counts(session, group_by=("counter_id",))
    from_rollup, from_raw = ikm_from_counts(got.counts), ikm_from_counts(expected)
    np.testing.assert_array_equal(from_rollup.ikm_1_4, from_raw.ikm_1_4)  # to the last bit
    np.testing.assert_array_equal(from_rollup.ikm, from_raw.ikm)


def test_month_rollup_serves_the_national_view(session, two_mpps):
    first, second = two_mpps
    by_mpp = element_counts(session, group_by=("mpp_id",))
    year = element_counts(session, group_by=("mpp_id",), date_from=dt.date(2026, 1, 1),
                          date_to=dt.date(2026, 12, 31))  # fmt: skip
    assert [k[0] for k in by_mpp.keys] == sorted([first.id, second.id])
    np.testing.assert_array_equal(by_mpp.counts, year.counts)
    months = element_counts(session, mpp_ids=[first.id], group_by=("month",))
    assert [k[0] for k in months.keys] == ["2026-01", "2026-02", "2026-03"]
    assert months.respondents.sum() == 60


def test_exclude_and_include_adjust_the_rollups_in_step(session, two_mpps):
    responses = session.scalars(select(Response).order_by(Response.id).limit(10)).all()
    for response in responses:
        set_excluded(session, response, True)
    assert check(session) == []
    assert element_counts(session, group_by=()).respondents[0] == 75
    set_excluded(session, responses[0], True)  # no change: already excluded
    assert element_counts(session, group_by=()).respondents[0] == 75
    for response in responses:
        set_excluded(session, response, False)
    assert check(session) == []
    assert element_counts(session, group_by=()).respondents[0] == 85


def test_rebuild_reproduces_the_incremental_rollups(session, two_mpps):
    set_excluded(session, session.scalars(select(Response)).first(), True)
    day, month = stored(session, response_rollup), stored(session, response_rollup_month)
    rebuild(session)
    assert stored(session, response_rollup) == day
    assert stored(session, response_rollup_month) == month
    assert check(session) == []


def test_check_finds_a_planted_difference_and_rebuild_repairs_it(session, two_mpps):
    session.execute(update(response_rollup).where(response_rollup.c.counter_id == 1)
                    .values(waktu_4=response_rollup.c.waktu_4 + 1))  # fmt: skip
    session.execute(update(Response).where(Response.id == 3).values(excluded=True))
    session.commit()
    differences = check(session)
    assert {d.table for d in differences} == {"response_rollup", "response_rollup_month"}
    assert {d.side for d in differences} == {"raw", "rollup"}
    rebuild(session)
    assert check(session) == []


def test_a_failed_submission_leaves_the_rollups_untouched(session, two_mpps):
    first, _ = two_mpps
    before = stored(session, response_rollup)
    payload = submission_payload(submitted_at=NOW.isoformat())
    submit_response(session, parse_submission(payload, NOW), first, None, NOW)
    again = submit_response(session, parse_submission(payload, NOW), first, None, NOW)
    assert not again.created
    assert len(stored(session, response_rollup)) >= len(before)
    assert check(session) == []


def test_demo_loader_ends_with_rollups_in_step(session):
    from surveys.demo import load_demo

    load_demo(session, today=dt.date(2026, 3, 1), days=5, volume=1.0)
    assert check(session) == []
    assert element_counts(session, group_by=()).respondents[0] > 0


def test_add_response_can_uncount(session, two_mpps):
    response = session.scalars(select(Response)).first()
    rollups.add_response(session, response, sign=-1)
    session.commit()
    found = {(d.table, d.side) for d in check(session)}
    assert ("response_rollup_month", "raw") in found and (
        "response_rollup_month",
        "rollup",
    ) in found
    assert ("response_rollup", "raw") in found
