"""The complaints inbox: statuses, who and when, follow-up statistics."""

import datetime as dt
import uuid

import pytest

from surveys.complaints import (
    complaint_history,
    follow_up_stats,
    inbox,
    open_complaint_count,
    update_complaint,
)
from surveys.errors import InvalidSubmission
from surveys.models import Response
from tests.factories import make_mpp, make_user

VISIT = dt.datetime(2026, 10, 5, 2, 0, tzinfo=dt.UTC)  # 09:00 WIB


def add_comment(session, mpp, comment="Antrean lama", tenant_index=0, at=VISIT):
    tenant = mpp.tenants[tenant_index]
    counter = tenant.counters[0]
    response = Response(
        uuid=str(uuid.uuid4()),
        mpp_id=mpp.id,
        tenant_id=tenant.id,
        counter_id=counter.id,
        channel="qr",
        waktu=2,
        comment=comment,
        client_submitted_at=at,
        received_at=at,
        local_date=at.date(),
        local_hour=9,
    )
    session.add(response)
    session.commit()
    return response


def test_a_new_comment_is_in_the_inbox_as_baru(session):
    mpp = make_mpp(session)
    add_comment(session, mpp)
    add_comment(session, mpp, comment="   ")  # blank: not a complaint
    items = inbox(session, mpp.id)
    assert [i.status for i in items] == ["baru"]
    assert open_complaint_count(session, mpp.id) == 1


def test_transitions_record_who_and_when_and_refuse_invalid_ones(session):
    mpp = make_mpp(session)
    user = make_user(session, "manager", mpps=[mpp])
    response = add_comment(session, mpp)
    at = dt.datetime(2026, 10, 5, 5, 0, tzinfo=dt.UTC)
    update_complaint(session, response, "diproses", "Kami cek", user.id, now=at)
    with pytest.raises(InvalidSubmission) as refused:
        update_complaint(session, response, "baru", "", user.id)
    assert "cannot become baru" in refused.value.message
    with pytest.raises(InvalidSubmission) as empty:
        update_complaint(session, response, "ditindaklanjuti", "  ", user.id)
    assert "reply" in empty.value.fields
    state = update_complaint(
        session,
        response,
        "ditindaklanjuti",
        "Loket ditambah",
        user.id,
        now=at + dt.timedelta(hours=1),
    )
    assert state.updated_by_id == user.id and state.reply == "Loket ditambah"
    with pytest.raises(InvalidSubmission):
        update_complaint(session, response, "ditolak", "x", user.id)  # closed stays closed
    history = complaint_history(session, response.id)
    assert [(e.from_status, e.to_status, e.user_id) for e in history] == [
        ("baru", "diproses", user.id),
        ("diproses", "ditindaklanjuti", user.id),
    ]
    assert open_complaint_count(session, mpp.id) == 0


def test_follow_up_stats_median_hours_per_tenant(session):
    mpp = make_mpp(session)
    user = make_user(session, "manager", mpps=[mpp])
    closed_after = [2, 4, 10]  # hours → median 4
    for n, hours in enumerate(closed_after):
        r = add_comment(session, mpp, comment=f"c{n}")
        update_complaint(
            session,
            r,
            "ditindaklanjuti" if n else "ditolak",
            "ok",
            user.id,
            now=VISIT + dt.timedelta(hours=hours),
        )
    add_comment(session, mpp, comment="still open")
    add_comment(session, mpp, comment="other tenant", tenant_index=1)
    stats = {
        s.tenant_name: s
        for s in follow_up_stats(session, mpp.id, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    }
    first = stats[mpp.tenants[0].name]
    assert (first.total, first.open, first.followed_up, first.rejected) == (4, 1, 2, 1)
    assert first.share_followed_up == pytest.approx(0.75)
    assert first.median_hours == pytest.approx(4.0)
    second = stats[mpp.tenants[1].name]
    assert second.total == 1 and second.median_hours is None and second.share_followed_up == 0
    assert follow_up_stats(session, mpp.id, dt.date(2026, 11, 1), dt.date(2026, 11, 30)) == []


def test_officer_view_is_limited_to_its_tenant(session):
    mpp = make_mpp(session)
    add_comment(session, mpp, tenant_index=0)
    add_comment(session, mpp, comment="b", tenant_index=1)
    assert len(inbox(session, mpp.id, tenant_ids=[mpp.tenants[1].id])) == 1
    assert open_complaint_count(session, mpp.id, tenant_ids=[mpp.tenants[1].id]) == 1
