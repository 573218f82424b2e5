import datetime as dt

import pytest
from sqlalchemy import func, select

from surveys.errors import InvalidSubmission
from surveys.models import Response
from surveys.privacy import purge, retention, set_retention
from surveys.responses import submit_response
from surveys.validation import parse_submission
from tests.factories import make_mpp, submission_payload

TODAY = dt.date(2026, 11, 23)


def store(session, mpp, days_ago: int, comment="Antrean lama"):
    when = dt.datetime(2026, 11, 23, 3, tzinfo=dt.UTC) - dt.timedelta(days=days_ago)
    payload = submission_payload(comment=comment, submitted_at=when.isoformat())
    submit_response(session, parse_submission(payload, when), mpp, None, when)


def test_old_comments_go_and_answers_stay(session):
    mpp = make_mpp(session)
    set_retention(session, comment_days=90, response_days=None)
    store(session, mpp, days_ago=200)
    store(session, mpp, days_ago=10)
    assert purge(session, TODAY, dry_run=True).comments_removed == 1
    assert session.scalar(select(func.count()).where(Response.comment.is_not(None))) == 2
    result = purge(session, TODAY)
    assert result.comments_removed == 1 and result.responses_removed == 0
    assert session.scalar(select(func.count()).where(Response.comment.is_not(None))) == 1
    assert session.scalar(select(func.count()).select_from(Response)) == 2


def test_old_answers_can_be_purged_too(session):
    mpp = make_mpp(session)
    set_retention(session, comment_days=90, response_days=365)
    store(session, mpp, days_ago=400)
    store(session, mpp, days_ago=10)
    result = purge(session, TODAY)
    assert result.responses_removed == 1
    assert session.scalar(select(func.count()).select_from(Response)) == 1
    assert retention(session).responses_purged_before == TODAY - dt.timedelta(days=365)


def test_retention_bounds(session):
    with pytest.raises(InvalidSubmission) as caught:
        set_retention(session, comment_days=5, response_days=30)
    assert set(caught.value.fields) == {"comment_days", "response_days"}


def test_purged_answers_keep_their_counts_in_the_rollups(session):
    from surveys import rollups
    from surveys.stats_queries import element_counts

    mpp = make_mpp(session)
    set_retention(session, comment_days=90, response_days=365)
    store(session, mpp, days_ago=400)
    store(session, mpp, days_ago=10)
    before = element_counts(session, mpp_ids=[mpp.id], group_by=("mpp_id",)).counts.sum()
    purge(session, TODAY)
    assert rollups.check(session) == []
    rollups.rebuild(session)
    assert rollups.check(session) == []
    after = element_counts(session, mpp_ids=[mpp.id], group_by=("mpp_id",)).counts.sum()
    assert after == before
