"""Kiosk answers in two statements (PostgreSQL): stored, counted, flagged and alerted exactly as
the general path would, and never lost when the database drops its connections."""

import datetime as dt

import pytest
from sqlalchemy import func, select, text

from analysis.skm import ELEMENT_CODES
from app.database import ingest_engine
from surveys import rollups
from surveys.abuse import BURST_LIMIT, IDENTICAL_RUN
from surveys.alerts import Alert
from surveys.devices import DeviceRevoked, DeviceUnauthorized, revoke_device
from surveys.errors import InvalidSubmission
from surveys.kiosk_ingest import submit_kiosk
from surveys.models import Counter, Response
from surveys.responses import DuplicateSubmission, response_summary, submit_kiosk_response
from surveys.validation import parse_submission
from tests.conftest import database_url
from tests.factories import make_device, make_mpp, submission_payload

pytestmark = pytest.mark.skipif(
    not database_url().startswith("postgresql"), reason="the two-statement path is PostgreSQL's"
)

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def payload_at(at: dt.datetime, **overrides) -> dict:
    return submission_payload(submitted_at=at.isoformat().replace("+00:00", "Z"), **overrides)


def submit(session, token, payload, store=None):
    submission = parse_submission(payload, NOW)
    if store is None:
        return submit_kiosk(session, token, submission, NOW, ingest_engine())
    return store(session, token, submission, NOW)


def test_an_ordinary_answer_is_stored_and_counted_in_two_statements(session):
    mpp = make_mpp(session, zone="WITA")
    token = make_device(session, mpp).token
    at = (NOW - dt.timedelta(days=1)).replace(hour=16, minute=30, second=0)  # 00:30 WITA
    stored = submit(session, token, payload_at(at))
    assert stored.created and stored.response is None  # no ORM object: the two-statement path
    row = session.scalar(select(Response))
    assert (row.local_date, row.local_hour) == ((at + dt.timedelta(days=1)).date(), 0)
    assert (row.counter.code, row.service.code) == ("L00", "S00")
    assert row.tenant_id == row.counter.tenant_id and row.device_id is not None
    assert (row.sex, row.age_band, row.comment) == ("P", "30-39", "Antrean cukup lama.")
    assert row.flag_reason is None and not row.excluded
    assert stored.summary == response_summary(row)
    assert rollups.check(session) == []


def test_a_repeated_id_is_acknowledged_again_and_counted_once(session):
    mpp = make_mpp(session)
    token = make_device(session, mpp).token
    payload = payload_at(NOW - dt.timedelta(minutes=5))
    first = submit(session, token, payload)
    again = submit(session, token, payload)
    assert first.created and not again.created
    assert again.summary == first.summary
    assert session.scalar(select(func.count()).select_from(Response)) == 1
    month = session.execute(select(rollups.response_rollup_month.c.respondents)).scalars().all()
    assert month == [1] and rollups.check(session) == []


def test_a_repeated_id_with_other_answers_is_a_conflict_naming_the_stored_one(session):
    mpp = make_mpp(session)
    token = make_device(session, mpp).token
    payload = payload_at(NOW - dt.timedelta(minutes=5))
    first = submit(session, token, payload)
    changed = {**payload, "answers": {**payload["answers"], "waktu": 1}}
    with pytest.raises(DuplicateSubmission) as conflict:
        submit(session, token, changed)
    assert conflict.value.status == 409 and conflict.value.details["stored"] == first.summary
    assert session.scalar(select(Response.waktu)) == payload["answers"]["waktu"]
    assert session.scalar(select(func.count()).select_from(Response)) == 1
    assert rollups.check(session) == []


def test_abuse_flags_are_the_general_paths(session):
    """The same visits sent through both paths, by two tablets, carry the same flags."""
    mpp = make_mpp(session)
    tokens = make_device(session, mpp).token, make_device(session, mpp).token
    visits = [NOW - dt.timedelta(minutes=100 - 10 * i) for i in range(IDENTICAL_RUN + 2)]
    visits += [NOW - dt.timedelta(seconds=60 - 5 * i) for i in range(BURST_LIMIT + 2)]
    flags = {}
    for token, store in zip(tokens, (None, submit_kiosk_response), strict=True):
        results = [submit(session, token, payload_at(at), store) for at in visits]
        flags[store] = [r.summary["flagged"] for r in results]
    query = select(Response.device_id, Response.flag_reason).order_by(Response.id)
    reasons = session.execute(query)
    by_device: dict[int, list] = {}
    for device_id, reason in reasons:
        by_device.setdefault(device_id, []).append(reason)
    fast, general = by_device.values()
    assert fast == general
    assert flags[None] == flags[submit_kiosk_response]
    assert any(r and r.startswith("identical") for r in fast)
    assert any(r and "burst" in r for r in fast)
    assert rollups.check(session) == []


def test_an_answer_that_makes_the_alert_fall_due_raises_it_with_the_answer(session):
    mpp = make_mpp(session)
    token = make_device(session, mpp).token
    results = []
    for score, minutes in ((1, 50), (2, 40), (4, 30), (1, 20), (1, 10)):
        at = NOW - dt.timedelta(minutes=minutes)
        answers = dict.fromkeys(ELEMENT_CODES, score)
        results.append(submit(session, token, payload_at(at, answers=answers)))
    assert [r.response is None for r in results] == [True, True, True, False, False]
    alerts = session.scalars(select(Alert)).all()
    assert len(alerts) == 1
    assert alerts[0].details["responses"] == 5 and alerts[0].details["low"] == 36
    assert session.scalar(select(func.count()).select_from(Response)) == 5
    assert rollups.check(session) == []


def test_refusals_are_the_general_paths_and_store_nothing(session):
    mpp = make_mpp(session)
    fixed = session.scalar(select(Counter).where(Counter.mpp_id == mpp.id, Counter.code == "L01"))
    token = make_device(session, mpp).token
    fixed_token = make_device(session, mpp, counter=fixed).token
    at = NOW - dt.timedelta(minutes=1)
    with pytest.raises(DeviceUnauthorized):
        submit(session, "not-a-token", payload_at(at))
    with pytest.raises(InvalidSubmission) as unknown:
        submit(session, token, payload_at(at, counter="NOPE"))
    assert "counter" in unknown.value.fields
    with pytest.raises(InvalidSubmission) as other_tenant:
        submit(session, token, payload_at(at, counter="L00", service="S10"))
    assert "service" in other_tenant.value.fields
    with pytest.raises(InvalidSubmission) as not_fixed:
        submit(session, fixed_token, payload_at(at, counter="L00"))
    assert "counter" in not_fixed.value.fields
    revoked = make_device(session, mpp)
    revoke_device(session, revoked.device)
    with pytest.raises(DeviceRevoked):
        submit(session, revoked.token, payload_at(at))
    assert session.scalar(select(func.count()).select_from(Response)) == 0


def test_an_answer_survives_the_database_dropping_every_connection(session):
    mpp = make_mpp(session)
    token = make_device(session, mpp).token
    submit(session, token, payload_at(NOW - dt.timedelta(minutes=3)))  # the pool holds one now
    others = "datname = current_database() AND pid <> pg_backend_pid()"
    session.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE {others}"))
    session.commit()
    stored = submit(session, token, payload_at(NOW - dt.timedelta(minutes=2)))
    assert stored.created and stored.response is None
    assert session.scalar(select(func.count()).select_from(Response)) == 2
