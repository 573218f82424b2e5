"""Item 12: a phone answer without a valid signed "shown" stamp is stored but flagged, and the
phone's burst and identical-run rules look at one client (a keyed hash of its address) at one
counter, so a script's flood is stored and flagged, never silently counted as clean."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from surveys.abuse import (
    BURST_LIMIT,
    COUNTER_BURST_LIMIT,
    IDENTICAL_RUN,
    UNSTAMPED,
    PhoneArrival,
    PhoneVisit,
)
from surveys.instrument import ELEMENTS
from surveys.models import Response
from surveys.responses import submit_response
from surveys.validation import parse_submission
from tests.app.test_phone_survey import Clock, all_answered, read_form
from tests.factories import make_mpp, submission_payload

ALL_ONES = {code: "1" for code in ELEMENTS}


def flags(session) -> list[str | None]:
    return list(session.scalars(select(Response.flag_reason).order_by(Response.id)))


def page(client, mpp) -> dict[str, str]:
    return all_answered(
        read_form(client.get(f"/s/{mpp.code}/L00", follow_redirects=True).get_data(as_text=True))
    )


def test_a_scripted_flood_is_stored_and_every_answer_flagged(client, session, monkeypatch):
    """The issue's script: one page fetched, then 40 all-1 answers posted in 1.7 s."""
    mpp = make_mpp(session)
    clock = Clock(monkeypatch)
    form = page(client, mpp)
    for i in range(40):
        data = dict(form, **ALL_ONES, response_id=f"00000000-0000-4000-8000-{i:012d}")
        assert client.post(f"/s/{mpp.code}/L00", data=data).status_code == 302
        clock.advance(milliseconds=43)
    stored = flags(session)
    assert len(stored) == 40 and all(stored)  # stored, none counted as clean
    assert all(UNSTAMPED in reason for reason in stored)  # the stamp was another form's
    assert all("burst" in reason for reason in stored[BURST_LIMIT:])


def test_answers_without_a_valid_stamp_are_flagged_not_refused(app, client, session, monkeypatch):
    mpp = make_mpp(session)
    clock = Clock(monkeypatch)
    stamps = {"missing": None, "garbage": "not-a-stamp"}
    for stamp in stamps.values():
        data = page(client, mpp)
        clock.advance(seconds=60)  # slow enough: only the stamp is wrong
        data.pop("shown") if stamp is None else data.update(shown=stamp)
        assert client.post(f"/s/{mpp.code}/L00", data=data).status_code == 302
        clock.advance(minutes=5)
    valid = page(client, mpp)
    clock.advance(seconds=60)
    client.post(f"/s/{mpp.code}/L00", data=valid)
    assert flags(session) == [UNSTAMPED, UNSTAMPED, None]


def test_one_address_posting_real_pages_fast_is_a_burst(client, session, monkeypatch):
    """Each answer through the page and slow enough to read: still too many from one address."""
    mpp = make_mpp(session)
    clock = Clock(monkeypatch)
    for i in range(BURST_LIMIT + 2):
        data = page(client, mpp)
        data["waktu"] = str(1 + i % 4)  # varied: no identical run
        clock.advance(seconds=10)
        client.post(f"/s/{mpp.code}/L00", data=data)
    stored = flags(session)
    assert stored[:BURST_LIMIT] == [None] * BURST_LIMIT
    assert all(r and r.startswith("burst: ") and "from this address" in r
               for r in stored[BURST_LIMIT:])  # fmt: skip
    # Someone else at the same counter, from another address, is not caught by that burst.
    neighbour = client.application.test_client()
    neighbour.environ_base["REMOTE_ADDR"] = "10.1.2.3"
    data = page(neighbour, mpp)
    clock.advance(seconds=10)
    neighbour.post(f"/s/{mpp.code}/L00", data=data)
    assert flags(session)[-1] is None


def test_one_address_sending_the_same_answers_over_and_over_is_an_identical_run(
    client, session, monkeypatch
):
    mpp = make_mpp(session)
    clock = Clock(monkeypatch)
    for _ in range(IDENTICAL_RUN + 1):
        data = page(client, mpp)
        clock.advance(seconds=40)  # one every 40 s: no burst
        client.post(f"/s/{mpp.code}/L00", data=data)
    stored = flags(session)
    assert stored[:IDENTICAL_RUN] == [None] * IDENTICAL_RUN
    assert stored[-1].startswith("identical: same answers as the previous 5 from this address")


def test_the_address_is_kept_only_as_a_keyed_hash_and_only_for_a_day(client, session, monkeypatch):
    mpp = make_mpp(session)
    clock = Clock(monkeypatch)
    client.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    client.post(f"/s/{mpp.code}/L00", data=page(client, mpp))
    (arrival,) = session.scalars(select(PhoneArrival))
    assert "203.0.113" not in arrival.client and len(arrival.client) == 32
    assert "203.0.113" not in repr(session.scalar(select(Response)).__dict__)
    first_at = arrival.at
    clock.advance(days=1, minutes=1)
    client.post(f"/s/{mpp.code}/L00", data=page(client, mpp))
    session.expire_all()
    (left,) = session.scalars(select(PhoneArrival))  # the day-old arrival is forgotten
    assert left.at > first_at + dt.timedelta(days=1)


def test_a_counter_flooded_from_many_addresses_is_a_burst(session):
    mpp = make_mpp(session)
    now = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)
    stored = []
    for i in range(COUNTER_BURST_LIMIT + 2):
        at = now + dt.timedelta(seconds=3 * i)
        payload = submission_payload(submitted_at=at.isoformat(), duration_ms=60_000,
                                     answers={"waktu": 1 + i % 4})  # fmt: skip
        visit = PhoneVisit(client=f"client-{i}", stamped=True)
        result = submit_response(session, parse_submission(payload, at, channel="qr"), mpp,
                                 None, at, phone=visit)  # fmt: skip
        stored.append(result.response.flag_reason)
    assert stored[:COUNTER_BURST_LIMIT] == [None] * COUNTER_BURST_LIMIT
    assert (
        stored[-1] == f"burst: {COUNTER_BURST_LIMIT + 2} phone answers at this counter within 2 min"
    )


def test_a_kiosk_answer_is_judged_by_its_device_as_before(session):
    mpp = make_mpp(session)
    now = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)
    payload = submission_payload(submitted_at=now.isoformat())
    result = submit_response(session, parse_submission(payload, now), mpp, None, now)
    assert result.response.flag_reason is None  # no device, no phone sender: speed rule only
    assert session.scalars(select(PhoneArrival)).all() == []
