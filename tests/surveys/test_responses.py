import datetime as dt

import pytest
from sqlalchemy import func, select

from surveys.errors import InvalidSubmission
from surveys.models import Counter, Response
from surveys.responses import DuplicateSubmission, submit_response
from surveys.validation import parse_submission
from tests.factories import make_device, make_mpp, submission_payload


def count(session) -> int:
    return session.scalar(select(func.count()).select_from(Response))


def submit(session, mpp, device=None, **overrides):
    now = dt.datetime.now(dt.UTC)
    return submit_response(session, parse_submission(submission_payload(**overrides), now),
                           mpp, device, now)  # fmt: skip


def test_a_response_is_stored_with_its_local_day_and_hour(session):
    mpp = make_mpp(session, zone="WIT")
    stored = submit(session, mpp, submitted_at="2026-11-22T23:30:00Z")
    assert stored.created
    row = session.scalar(select(Response))
    assert (row.local_date, row.local_hour) == (dt.date(2026, 11, 23), 8)  # 08:30 WIT
    assert row.pengaduan == 1 and row.channel == "kiosk"


def test_the_same_id_twice_stores_once_and_returns_the_first(session):
    mpp = make_mpp(session)
    first = submit(session, mpp, id="0b7a3c9e-7a43-4a2b-9f5d-1f6ad6f1c001")
    again = submit(session, mpp, id="0b7a3c9e-7a43-4a2b-9f5d-1f6ad6f1c001")
    assert not again.created
    assert again.response.id == first.response.id
    with pytest.raises(DuplicateSubmission) as conflict:  # the same id, other answers: 409
        submit(session, mpp, id="0b7a3c9e-7a43-4a2b-9f5d-1f6ad6f1c001", answers={"waktu": 1})
    assert conflict.value.status == 409
    assert conflict.value.details["id"] == "0b7a3c9e-7a43-4a2b-9f5d-1f6ad6f1c001"
    assert session.get(Response, first.response.id).waktu == 2
    assert count(session) == 1


def test_a_retry_after_its_counter_was_closed_is_still_acknowledged(session):
    """The tablet's first delivery was stored but its acknowledgement lost; meanwhile the
    counter was deactivated. The retry must not be refused (the tablet would dead-letter it)."""
    mpp = make_mpp(session)
    first = submit(session, mpp, id="0b7a3c9e-7a43-4a2b-9f5d-1f6ad6f1c002")
    session.get(Counter, first.response.counter_id).active = False
    session.commit()
    again = submit(session, mpp, id="0b7a3c9e-7a43-4a2b-9f5d-1f6ad6f1c002")
    assert not again.created and again.response.id == first.response.id
    with pytest.raises(InvalidSubmission):
        submit(session, mpp, id="0b7a3c9e-7a43-4a2b-9f5d-1f6ad6f1c003")
    assert count(session) == 1


def test_a_counter_of_another_mpp_is_refused(session):
    mine, other = make_mpp(session), make_mpp(session)
    other_counter = session.scalar(select(Counter).where(Counter.mpp_id == other.id))
    with pytest.raises(InvalidSubmission) as caught:
        submit(session, mine, counter=other_counter.code + "x")
    assert "counter" in caught.value.fields
    assert count(session) == 0


def test_a_service_of_another_tenant_is_refused(session):
    mpp = make_mpp(session)
    with pytest.raises(InvalidSubmission) as caught:
        submit(session, mpp, counter="L00", service="S10")
    assert "service" in caught.value.fields


def test_a_device_fixed_to_a_counter_cannot_rate_another(session):
    mpp = make_mpp(session)
    counter = session.scalar(select(Counter).where(Counter.code == "L01"))
    device = make_device(session, mpp, counter).device
    with pytest.raises(InvalidSubmission):
        submit(session, mpp, device, counter="L00")
    assert submit(session, mpp, device, counter="L01", service="S01").created


def test_an_id_used_at_another_mpp_is_not_returned_to_this_one(session):
    mine, other = make_mpp(session), make_mpp(session)
    submit(session, other, id="0b7a3c9e-7a43-4a2b-9f5d-1f6ad6f1c002")
    with pytest.raises(InvalidSubmission):
        submit(session, mine, id="0b7a3c9e-7a43-4a2b-9f5d-1f6ad6f1c002")
