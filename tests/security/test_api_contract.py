"""Issue 13, item 17: 405 carries Allow, a repeated id with other answers is a 409 naming the
stored one, and the OpenAPI description says what the server does (lang, 90 days, 400, 413)."""

import datetime as dt
import io
import json

import pytest
from sqlalchemy import func, select

from surveys.models import Response, utcnow
from surveys.validation import MAX_AGE
from tests.factories import make_device, make_mpp, submission_payload


@pytest.fixture
def token(session):
    return make_device(session, make_mpp(session)).token


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").get_json()


def post(client, token, body, **kwargs):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post("/api/v1/responses", data=data, content_type="application/json",
                       headers={"Authorization": f"Device {token}"}, **kwargs)  # fmt: skip


def documented(spec, path: str, method: str, status: int) -> dict:
    responses = spec["paths"][path][method]["responses"]
    assert str(status) in responses, f"{method.upper()} {path} does not document {status}"
    ref = responses[str(status)].get("$ref", "")
    return spec["components"]["responses"][ref.rsplit("/", 1)[1]] if ref else responses[str(status)]


@pytest.mark.parametrize(
    ("method", "url", "allowed"),
    [("GET", "/api/v1/responses", {"POST"}), ("DELETE", "/api/v1/kiosk/config", {"GET"}),
     ("GET", "/api/v1/pairings", {"POST"}), ("PUT", "/auth/login", {"GET", "POST"}),
     ("POST", "/national/", {"GET"})],
)  # fmt: skip
def test_a_405_says_which_methods_are_allowed(client, spec, method, url, allowed):
    response = client.open(url, method=method)
    assert response.status_code == 405
    assert allowed <= {m.strip() for m in response.headers["Allow"].split(",")}
    assert "Allow" in spec["components"]["responses"]["MethodNotAllowed"]["headers"]


def test_the_same_id_with_other_answers_is_a_409_naming_the_stored_one(client, session, token):
    payload = submission_payload()
    assert post(client, token, payload).status_code == 201
    assert post(client, token, payload).status_code == 200  # a retry: as before
    changed = {**payload, "answers": {**payload["answers"], "waktu": 1}}
    conflict = post(client, token, changed)
    assert conflict.status_code == 409
    body = conflict.get_json()
    assert body["id"] == payload["id"] and body["stored"]["answers"]["waktu"] == 2
    assert body["fields"] == {"id": "already stored with a different body"}
    assert session.scalar(select(func.count()).select_from(Response)) == 1
    assert session.scalar(select(Response.waktu)) == 2
    for other in ({"counter": "L01", "service": None}, {"lang": "en"}, {"profile": {"sex": "L"}}):
        assert post(client, token, {**payload, **other}).status_code == 409, other


def test_the_409_is_documented(spec):
    conflict = documented(spec, "/responses", "post", 409)
    assert "stored" in conflict["description"]
    assert {"id", "stored"} <= set(spec["components"]["schemas"]["Error"]["properties"])


def test_the_lang_enum_is_what_the_server_accepts(client, token, spec):
    enum = spec["components"]["schemas"]["Submission"]["properties"]["lang"]["enum"]
    for lang in enum:
        assert post(client, token, submission_payload(lang=lang)).status_code == 201
    for lang in ("fr", "ID", "", "id "):
        refused = post(client, token, submission_payload(lang=lang))
        assert refused.status_code == 422 and "lang" in refused.get_json()["fields"]


def test_the_age_limit_on_submitted_at_is_the_documented_one(client, token, spec):
    described = spec["components"]["schemas"]["Submission"]["properties"]["submitted_at"]
    assert f"at most {MAX_AGE.days} days old" in described["description"]
    now = utcnow()  # the server's clock (a fixed instant under MUTU_TEST_NOW)

    def stamped(age: dt.timedelta) -> dict:
        return submission_payload(submitted_at=(now - age).isoformat())

    assert post(client, token, stamped(MAX_AGE - dt.timedelta(hours=1))).status_code == 201
    refused = post(client, token, stamped(MAX_AGE + dt.timedelta(hours=1)))
    assert refused.status_code == 422 and "submitted_at" in refused.get_json()["fields"]


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "/responses"), ("get", "/kiosk/config"), ("post", "/pairings"),
     ("get", "/national"), ("get", "/openapi.json")],
)  # fmt: skip
def test_a_nul_byte_is_a_documented_400(client, token, spec, method, path):
    documented(spec, path, method, 400)
    response = client.open(f"/api/v1{path}?note=a%00b", method=method.upper(),
                           headers={"Authorization": f"Device {token}"})  # fmt: skip
    assert response.status_code == 400 and response.get_json()["error"]


def test_a_body_over_the_limit_is_a_documented_413_with_or_without_a_length(
    app, client, token, spec
):
    assert "64 KB" in documented(spec, "/responses", "post", 413)["description"]
    assert app.config["MAX_CONTENT_LENGTH"] == 64 * 1024
    big = json.dumps(submission_payload(comment="x" * 70_000))
    assert post(client, token, big).status_code == 413
    chunked = {"wsgi.input_terminated": True, "HTTP_TRANSFER_ENCODING": "chunked"}
    response = client.post("/api/v1/responses", input_stream=io.BytesIO(big.encode()),
                           environ_overrides=chunked, content_type="application/json",
                           headers={"Authorization": f"Device {token}"})  # fmt: skip
    assert response.status_code == 413 and response.is_json


def test_retry_after_is_documented_where_it_is_sent(spec):
    for path, method, status in (("/pairings", "post", 429), ("/responses", "post", 503)):
        assert "Retry-After" in documented(spec, path, method, status)["headers"]
