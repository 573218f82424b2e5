import json

from sqlalchemy import func, select

from surveys.devices import revoke_device
from surveys.models import Response
from tests.factories import make_device, make_mpp, submission_payload


def stored(session) -> int:
    return session.scalar(select(func.count()).select_from(Response))


def post(client, token, body, **kwargs):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post("/api/v1/responses", data=data, content_type="application/json",
                       headers={"Authorization": f"Device {token}"}, **kwargs)  # fmt: skip


def test_first_receipt_is_201_and_a_repeat_is_200_with_the_same_response(client, session):
    mpp = make_mpp(session)
    token = make_device(session, mpp).token
    body = submission_payload()
    first = post(client, token, body)
    again = post(client, token, body)
    assert first.status_code == 201
    assert again.status_code == 200
    assert first.get_json() == again.get_json()
    assert first.get_json()["answers"]["pengaduan"] == 1
    assert stored(session) == 1


def test_invalid_input_gets_a_json_4xx_naming_the_field(client, session):
    mpp = make_mpp(session)
    token = make_device(session, mpp).token
    cases = [
        (submission_payload(answers={"waktu": 5}), "answers.waktu"),
        (submission_payload(answers={"kecepatan": 3}), "answers.kecepatan"),
        (submission_payload(counter="NOPE"), "counter"),
        ("{not json", "body"),
        ("[]", "body"),
        ("null", "body"),
    ]
    for body, field in cases:
        response = post(client, token, body)
        assert 400 <= response.status_code < 500, body
        assert field in response.get_json()["fields"], body
    assert stored(session) == 0


def test_bad_missing_and_revoked_tokens_are_refused_clearly(client, session):
    mpp = make_mpp(session)
    registered = make_device(session, mpp)
    assert post(client, "wrong", submission_payload()).status_code == 401
    no_header = client.post("/api/v1/responses", json=submission_payload())
    assert no_header.status_code == 401 and no_header.get_json()["error"]
    revoke_device(session, registered.device)
    revoked = post(client, registered.token, submission_payload())
    assert revoked.status_code == 403
    assert "revoked" in revoked.get_json()["error"]
    assert stored(session) == 0


def test_an_oversized_body_is_refused_with_json(client, session):
    mpp = make_mpp(session)
    token = make_device(session, mpp).token
    response = post(client, token, submission_payload(comment="x" * 100_000))
    assert response.status_code == 413
    assert response.get_json()["error"]


def test_kiosk_config_lists_the_catalogue_and_instrument(client, session):
    mpp = make_mpp(session)
    token = make_device(session, mpp).token
    response = client.get("/api/v1/kiosk/config?lang=en",
                          headers={"Authorization": f"Device {token}"})  # fmt: skip
    data = response.get_json()
    assert data["mpp"]["code"] == mpp.code
    assert [c["code"] for c in data["tenants"][0]["counters"]] == ["L00", "L01"]
    assert data["tenants"][0]["services"][0]["name"] == "Service 00"
    assert len(data["instrument"]["elements"]) == 9
