"""Pairing a tablet from the web: a code on the tablet, confirmed by a manager."""

import datetime as dt
import json
import re

import pytest
from sqlalchemy import func, select

from surveys import pairing
from surveys.devices import device_for_token, hash_token
from surveys.errors import InvalidSubmission
from surveys.models import Device, DevicePairing, Response, utcnow
from tests.factories import make_mpp, submission_payload

NOW = dt.datetime(2026, 10, 5, 3, 0, tzinfo=dt.UTC)
ADDRESS = "10.0.0.7"


def stored_pairing(session, code: str) -> DevicePairing:
    return session.scalar(
        select(DevicePairing).where(DevicePairing.code == pairing.normalize_code(code))
    )


def test_a_code_is_eight_unambiguous_characters_shown_with_a_dash(session):
    codes = {pairing.create_pairing(session, f"10.0.0.{i}", NOW).code for i in range(40)}
    assert len(codes) == 40
    for code in codes:
        assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", code), code
        assert not set(code) & set("01OI")


def test_only_the_hash_of_the_secret_is_stored_and_it_expires_in_15_minutes(session):
    created = pairing.create_pairing(session, ADDRESS, NOW)
    row = stored_pairing(session, created.code)
    assert len(created.secret) >= 40
    assert row.secret_hash == hash_token(created.secret)
    stored_text = json.dumps([str(getattr(row, c.key)) for c in DevicePairing.__table__.columns])
    assert created.secret not in stored_text
    assert created.expires_at == NOW + dt.timedelta(minutes=15)
    assert row.confirmed_at is None and row.device_id is None


def test_the_status_is_pending_then_expired(session):
    created = pairing.create_pairing(session, ADDRESS, NOW)
    status = pairing.pairing_status(session, created.code, created.secret, NOW)
    assert not status.confirmed
    later = NOW + dt.timedelta(minutes=15)
    with pytest.raises(pairing.PairingExpired):
        pairing.pairing_status(session, created.code, created.secret, later)


def test_the_status_needs_the_secret_of_that_very_code(session):
    first = pairing.create_pairing(session, ADDRESS, NOW)
    second = pairing.create_pairing(session, ADDRESS, NOW)
    for code, secret in ((first.code, "guess"), (first.code, second.secret), ("ABCD-EFGH", ""),
                         (first.code, "x" * 500)):  # fmt: skip
        with pytest.raises(pairing.PairingUnknown):
            pairing.pairing_status(session, code, secret, NOW)


def test_confirming_makes_the_tablets_secret_its_device_token(app, client, session):
    mpp = make_mpp(session)
    counter = mpp.tenants[0].counters[0]
    created = pairing.create_pairing(session, ADDRESS, utcnow())
    device = pairing.confirm_pairing(session, mpp, created.code, "Tablet lobi", counter)
    assert (device.mpp_id, device.counter_id, device.label) == (mpp.id, counter.id, "Tablet lobi")
    assert device_for_token(session, created.secret).id == device.id

    status = pairing.pairing_status(session, created.code, created.secret)
    assert status.confirmed and status.device.id == device.id

    answer = client.post("/api/v1/responses", json=submission_payload(counter=counter.code),
                         headers={"Authorization": f"Device {created.secret}"})  # fmt: skip
    assert answer.status_code == 201
    assert session.scalar(select(Response.device_id)) == device.id


def test_codes_match_ignoring_case_dashes_and_spaces(session):
    mpp = make_mpp(session)
    created = pairing.create_pairing(session, ADDRESS, NOW)
    typed = " " + created.code.lower().replace("-", " - ") + " "
    device = pairing.confirm_pairing(session, mpp, typed, "Tablet", now=NOW)
    assert device.token_hash == hash_token(created.secret)


def test_a_code_cannot_be_confirmed_twice(session):
    mpp_a, mpp_b = make_mpp(session), make_mpp(session)
    created = pairing.create_pairing(session, ADDRESS, NOW)
    pairing.confirm_pairing(session, mpp_a, created.code, "Tablet", now=NOW)
    with pytest.raises(InvalidSubmission) as refused:
        pairing.confirm_pairing(session, mpp_b, created.code, "Tablet", now=NOW)
    assert refused.value.fields == {"code": "code already used"}
    assert session.scalar(select(func.count()).select_from(Device)) == 1
    assert session.scalar(select(Device.mpp_id)) == mpp_a.id


def test_a_confirmation_registers_the_tablet_to_the_confirming_managers_mpp_only(session):
    """The tablet knows no MPP: the manager who types its code decides, within their own MPP."""
    mpp_a, mpp_b = make_mpp(session), make_mpp(session)
    created = pairing.create_pairing(session, ADDRESS, NOW)
    other_counter = mpp_a.tenants[0].counters[0]
    with pytest.raises(InvalidSubmission) as refused:
        pairing.confirm_pairing(session, mpp_b, created.code, "Tablet", other_counter, now=NOW)
    assert refused.value.fields == {"counter": "other MPP"}
    assert stored_pairing(session, created.code).confirmed_at is None  # still free to confirm
    device = pairing.confirm_pairing(session, mpp_b, created.code, "Tablet", now=NOW)
    assert device.mpp_id == mpp_b.id and device.counter_id is None


@pytest.mark.parametrize(
    ("typed", "problem"),
    [("", "not a pairing code"), ("K7QM-4ZP", "not a pairing code"),
     ("K0QM-4ZPA", "not a pairing code"), ("K7QM-4ZPA", "unknown code")],
)  # fmt: skip
def test_a_wrong_code_is_refused_naming_the_field(session, typed, problem):
    mpp = make_mpp(session)
    with pytest.raises(InvalidSubmission) as refused:
        pairing.confirm_pairing(session, mpp, typed, "Tablet", now=NOW)
    assert refused.value.fields == {"code": problem}


def test_an_expired_code_is_refused(session):
    mpp = make_mpp(session)
    created = pairing.create_pairing(session, ADDRESS, NOW)
    with pytest.raises(InvalidSubmission) as refused:
        pairing.confirm_pairing(session, mpp, created.code, "Tablet",
                                now=NOW + dt.timedelta(minutes=15))  # fmt: skip
    assert refused.value.fields == {"code": "expired code"}
    assert session.scalar(select(func.count()).select_from(Device)) == 0


def test_pending_pairings_are_bounded_per_address_and_expired_ones_forgotten(session):
    for _ in range(pairing.MAX_PENDING_PER_ADDRESS):
        pairing.create_pairing(session, "10.9.9.9", NOW)
    with pytest.raises(pairing.TooManyPairings) as refused:
        pairing.create_pairing(session, "10.9.9.9", NOW)
    assert refused.value.retry_after == pairing.LIFETIME.total_seconds() + 1
    later = NOW + pairing.LIFETIME
    pairing.create_pairing(session, "10.9.9.9", later)  # the others expired: deleted on create
    assert session.scalar(select(func.count()).select_from(DevicePairing)) == 1


def test_one_address_cannot_take_every_code(session):
    for _ in range(pairing.MAX_PENDING_PER_ADDRESS):
        pairing.create_pairing(session, ADDRESS, NOW)
    with pytest.raises(pairing.TooManyPairings):
        pairing.create_pairing(session, ADDRESS, NOW)
    pairing.create_pairing(session, "10.0.0.8", NOW)


def test_a_confirmed_pairing_answers_polls_for_a_day_after_its_expiry(session):
    mpp = make_mpp(session)
    created = pairing.create_pairing(session, ADDRESS, NOW)
    pairing.confirm_pairing(session, mpp, created.code, "Tablet", now=NOW)
    late = NOW + dt.timedelta(hours=3)
    pairing.create_pairing(session, "10.0.0.8", late)
    assert pairing.pairing_status(session, created.code, created.secret, late).confirmed
    pairing.create_pairing(session, "10.0.0.8", NOW + dt.timedelta(days=2))
    assert stored_pairing(session, created.code) is None
    assert session.scalar(select(func.count()).select_from(Device)) == 1  # the device stays
