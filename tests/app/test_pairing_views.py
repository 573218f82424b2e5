"""Pairing over HTTP: the tablet's two API calls and the manager's form on the devices page."""

import re

import pytest
from sqlalchemy import func, select

from surveys import pairing
from surveys.audit import AuditEvent
from surveys.devices import hash_token
from surveys.models import Device, DevicePairing
from tests.factories import csrf_token, login, make_mpp, make_user, submission_payload


def new_pairing(client) -> dict:
    answer = client.post("/api/v1/pairings")
    assert answer.status_code == 201
    return answer.get_json()


def poll(client, code: str, secret: str | None):
    headers = {"Authorization": f"Pairing {secret}"} if secret is not None else {}
    return client.get(f"/api/v1/pairings/{code}", headers=headers)


@pytest.fixture
def manager(app, session):
    mpp = make_mpp(session)
    client = app.test_client()
    user = make_user(session, "manager", mpps=[mpp])
    login(client, user)
    return client, mpp, user


def pair(client, mpp, code: str, **fields):
    token = csrf_token(client, f"/manage/{mpp.code}/devices")
    return client.post(f"/manage/{mpp.code}/devices/pair",
                       data={"csrf_token": token, "code": code, **fields})  # fmt: skip


# ---- The tablet's side ----


def test_a_tablet_gets_a_code_and_a_secret_once_without_a_csrf_token(client, session):
    body = new_pairing(client)
    assert set(body) == {"code", "secret", "expires_at", "expires_in"}
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", body["code"])
    assert body["expires_at"].endswith("Z") and 890 <= body["expires_in"] <= 900
    row = session.scalar(select(DevicePairing))
    assert row.secret_hash == hash_token(body["secret"])
    assert client.post("/api/v1/pairings").headers["Cache-Control"] == "no-store"


def test_polling_says_pending_and_refuses_a_wrong_or_missing_secret(client):
    body = new_pairing(client)
    pending = poll(client, body["code"], body["secret"])
    assert pending.status_code == 200 and pending.get_json()["status"] == "pending"
    assert pending.get_json()["expires_in"] > 0
    for secret in (None, "", "not-the-secret", new_pairing(client)["secret"]):
        refused = poll(client, body["code"], secret)
        assert refused.status_code == 401, secret
        assert set(refused.get_json()) == {"error", "fields"}
    assert poll(client, "ABCD-EFGH", body["secret"]).status_code == 401


def test_an_expired_code_is_410(client, session):
    body = new_pairing(client)
    row = session.scalar(select(DevicePairing))
    row.expires_at = row.created_at
    session.commit()
    gone = poll(client, body["code"], body["secret"])
    assert gone.status_code == 410 and gone.get_json()["fields"] == {"code": "expired"}


def test_too_many_pending_pairings_is_a_429_in_json(client, monkeypatch):
    monkeypatch.setattr(pairing, "MAX_PENDING_PER_ADDRESS", 2)
    new_pairing(client)
    new_pairing(client)
    refused = client.post("/api/v1/pairings")
    assert refused.status_code == 429
    assert refused.get_json()["fields"] == {"pairing": "too many pending"}
    assert 0 < int(refused.headers["Retry-After"]) <= pairing.LIFETIME.total_seconds() + 1


# ---- The manager's side, then the tablet again ----


def test_a_manager_confirms_the_code_and_the_secret_becomes_the_device_token(app, session, manager):
    client, mpp, user = manager
    tablet = app.test_client()
    body = new_pairing(tablet)
    counter = mpp.tenants[1].counters[0]
    typed = body["code"].lower().replace("-", " ")
    answer = pair(client, mpp, typed, label="Tablet lobi", counter=str(counter.id))
    assert answer.status_code == 302
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Tablet lobi dipasangkan" in page

    device = session.scalar(select(Device))
    assert (device.mpp_id, device.counter_id) == (mpp.id, counter.id)
    assert device.token_hash == hash_token(body["secret"])
    confirmed = poll(tablet, body["code"], body["secret"]).get_json()
    assert confirmed == {"status": "confirmed", "label": "Tablet lobi",
                         "mpp": {"code": mpp.code, "name": mpp.name},
                         "counter": {"code": counter.code, "name": counter.name}}  # fmt: skip
    device_header = {"Authorization": f"Device {body['secret']}"}
    assert tablet.get("/api/v1/kiosk/config", headers=device_header).status_code == 200
    survey = submission_payload(counter=counter.code, service=None)
    assert tablet.post("/api/v1/responses", json=survey, headers=device_header).status_code == 201
    audit = select(AuditEvent).where(AuditEvent.action == "POST manage.device_pair")
    audited = session.scalar(audit)
    assert audited.user_id == user.id and audited.status == 302


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "8 huruf dan angka"), ("K7QM-4ZPA", "Tidak ada tablet"), ("<b>x</b>", "8 huruf")],
)
def test_a_bad_code_gets_a_message_by_the_field_not_a_500(manager, typed, message):
    client, mpp, _ = manager
    answer = pair(client, mpp, typed, label="Tablet lobi")
    text = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert message in text and 'aria-invalid="true"' in text
    assert 'value="Tablet lobi"' in text  # what was typed stays


def test_a_used_or_expired_code_is_explained(app, session, manager):
    client, mpp, _ = manager
    used = new_pairing(app.test_client())
    assert pair(client, mpp, used["code"]).status_code == 302
    again = pair(client, mpp, used["code"])
    assert again.status_code == 422 and "sudah dipakai" in again.get_data(as_text=True)
    stale = new_pairing(app.test_client())
    row = session.scalar(select(DevicePairing).where(DevicePairing.device_id.is_(None)))
    row.expires_at = row.created_at
    session.commit()
    expired = pair(client, mpp, stale["code"])
    assert expired.status_code == 422 and "kedaluwarsa" in expired.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Device)) == 1


def test_the_form_and_its_message_are_in_english_for_an_english_manager(manager):
    client, mpp, _ = manager
    page = client.get(f"/manage/{mpp.code}/devices?lang=en").get_data(as_text=True)
    assert "Pair a tablet" in page
    answer = pair(client, mpp, "K7QM-4ZPA")
    assert "No tablet is showing this code" in answer.get_data(as_text=True)


def test_another_mpps_manager_cannot_pair_into_this_mpp(app, session, manager):
    _, mpp_a, _ = manager
    mpp_b = make_mpp(session)
    other = app.test_client()
    login(other, make_user(session, "manager", mpps=[mpp_b]))
    body = new_pairing(app.test_client())
    token = csrf_token(other, f"/manage/{mpp_b.code}/devices")
    refused = other.post(f"/manage/{mpp_a.code}/devices/pair",
                         data={"csrf_token": token, "code": body["code"]})  # fmt: skip
    assert refused.status_code in (403, 404)
    counter_a = mpp_a.tenants[0].counters[0]
    foreign = other.post(f"/manage/{mpp_b.code}/devices/pair", data={
        "csrf_token": token, "code": body["code"], "counter": str(counter_a.id)})  # fmt: skip
    assert foreign.status_code == 404
    assert session.scalar(select(func.count()).select_from(Device)) == 0
