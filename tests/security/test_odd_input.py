"""Issue 13, item 16: nothing a person or a tablet can send ends in a 500.

Unicode digits ('²' passes str.isdigit() and then fails int()), CR/LF in `next`, lone UTF-16
surrogates in JSON, a chunked body past the limit, and a database write lock held past the
busy timeout.
"""

import io
import json
import re
import sqlite3

import pytest
from sqlalchemy import event, func, select

from app import create_app
from app.database import dispose_engines
from app.extensions import db
from app.security import safe_next
from surveys.api_tokens import create_token
from surveys.models import Response
from surveys.numerals import is_digits, whole_number
from tests.conftest import CHEAP_HASHING
from tests.factories import csrf_token, login, make_device, make_mpp, make_user, submission_payload

ODD_DIGITS = ("²", "12²", "١٢", "①", "𝟗")  # superscript, Arabic-Indic, circled, mathematical


def test_only_ascii_digits_are_digits():
    assert is_digits("2026") and whole_number("0042") == 42
    for text in (*ODD_DIGITS, "", " 1", "1 ", "-1", "+1", "1\n", "1.0", None, 7):
        assert not is_digits(text) and whole_number(text) is None, repr(text)
    assert whole_number("1" * 10) is None and whole_number("9" * 9) == 999_999_999


# Every place that read a number with str.isdigit() (19 in the report), by who can reach it.
QUERY_PLACES = [
    ("admin", "/admin/audit", "page"),
    ("manager", "/inbox/", "page"),
    ("manager", "/inbox/", "tenant"),
    ("manager", "/dashboard/{m}/", "tenant"),
    ("manager", "/dashboard/{m}/counter/L00", "tenant"),
    ("manager", "/dashboard/{m}/counters.csv", "tenant"),
    ("manager", "/dashboard/{m}/chart/elements.svg", "tenant"),
    ("manager", "/reports/{m}", "unit"),
    ("manager", "/reports/{m}/skm.xlsx", "unit"),
    ("manager", "/reports/{m}/elements.svg", "unit"),
    ("manager", "/manage/{m}/figures", "month"),
    ("manager", "/dashboard/{m}/", "period"),
    ("evaluator", "/national/", "year"),
    ("evaluator", "/national/", "province"),
    ("evaluator", "/national/export.csv", "year"),
    ("evaluator", "/national/charts/distribution.svg", "year"),
    ("evaluator", "/national/mpp/{m}", "year"),
    ("evaluator", "/national/mpp/{m}/history.svg", "year"),
    ("evaluator", "/national/mpp/{m}/effectiveness.svg", "year"),
    ("evaluator", "/national/mpp/{m}/readiness/{odd}", None),
    ("evaluator", "/national/mpp/{m}/readiness/{odd}.pdf", None),
]


@pytest.mark.parametrize(("role", "url", "key"), QUERY_PLACES)
def test_unicode_digits_in_a_query_are_a_clear_answer(app, session, role, url, key):
    mpp = make_mpp(session)
    client = app.test_client()
    login(client, make_user(session, role, mpps=[mpp]))
    for odd in ODD_DIGITS:
        response = client.get(url.format(m=mpp.code, odd=odd),
                              query_string={key: odd} if key else None)  # fmt: skip
        assert response.status_code < 500, (url, key, odd)
        if response.status_code >= 400:
            assert response.status_code in (400, 404, 422)


@pytest.mark.parametrize("url", ["/api/v1/national", "/api/v1/mpps/{m}", "/api/v1/mpps/{m}/ikm"])
def test_unicode_digits_in_the_api_are_a_422_naming_the_field(client, session, url):
    mpp = make_mpp(session)
    secret = create_token(session, make_user(session, "evaluator"), "uji").secret
    key = "period" if url.endswith("/ikm") else "year"
    for odd in ODD_DIGITS:
        response = client.get(url.format(m=mpp.code), query_string={key: odd},
                              headers={"Authorization": f"Bearer {secret}"})  # fmt: skip
        assert response.status_code == 422, (url, odd)
        assert key in response.get_json()["fields"]


def test_unicode_digits_in_posted_forms_are_refused_not_a_500(app, session):
    mpp = make_mpp(session)
    manager = app.test_client()
    login(manager, make_user(session, "manager", mpps=[mpp]))
    token = csrf_token(manager, f"/manage/{mpp.code}/devices")
    for odd in ODD_DIGITS:
        posts = [
            (f"/manage/{mpp.code}/devices", {"label": "Tablet", "counter": odd}),
            (f"/manage/{mpp.code}/tenants", {"agency": odd}),
            (f"/manage/{mpp.code}/figures?month=2026-10", {f"t{odd}-visitors": "5"}),
            (f"/national/mpp/{mpp.code}/readiness/2026", {"level-antrian": odd}),
        ]
        for url, data in posts:
            response = manager.post(url, data={"csrf_token": token, **data})
            assert response.status_code < 500, (url, odd)


@pytest.mark.parametrize(
    "target",
    ["/\r\nSet-Cookie: taken=1", "/%0d%0a", "/\\evil.example", "/\t/evil.example",
     "//evil.example", "https://evil.example/", "/x\nLocation: //evil", " /inbox/"],
)  # fmt: skip
def test_a_next_with_line_breaks_or_another_host_goes_home(app, session, target):
    with app.test_request_context("/"):
        if "%" in target:
            assert safe_next(target) == target  # escaped: a path, harmless
        else:
            assert safe_next(target) == "/"
            assert safe_next(target, "/inbox/?mpp=x", prefix="/inbox/") == "/inbox/?mpp=x"
    client = app.test_client()
    user = make_user(session, "evaluator")
    token = csrf_token(client, "/auth/login")
    response = client.post("/auth/login", query_string={"next": target},
                           data={"csrf_token": token, "email": user.email,
                                 "password": "correct horse battery"})  # fmt: skip
    assert response.status_code == 302
    assert "\r" not in response.headers["Location"] and "\n" not in response.headers["Location"]
    assert "evil" not in response.headers["Location"]


def _post(client, token, body, **headers):
    return client.post("/api/v1/responses", data=body, content_type="application/json",
                       headers={"Authorization": f"Device {token}", **headers})  # fmt: skip


@pytest.mark.parametrize("field", ["comment", "counter", "service", "lang", "submitted_at"])
def test_a_lone_surrogate_in_a_kiosk_answer_is_a_422_naming_the_field(client, session, field):
    token = make_device(session, make_mpp(session)).token
    body = json.dumps(submission_payload(**{field: "Antrean \ud800 lama"}))
    assert "\\ud800" in body  # what a buggy client sends: half of a UTF-16 pair
    response = _post(client, token, body)
    assert response.status_code == 422
    assert response.get_json()["fields"] == {field: "contains a lone UTF-16 surrogate"}
    nested = json.dumps({**submission_payload(), "profile": {"sex": "\udfff"}})
    assert _post(client, token, nested).get_json()["fields"] == {
        "profile.sex": "contains a lone UTF-16 surrogate"
    }
    as_key = json.dumps({**submission_payload(), "\udcff": 1})  # a key is not echoed back
    assert _post(client, token, as_key).get_json()["fields"] == {
        "body": "contains a lone UTF-16 surrogate"
    }
    assert session.scalar(select(func.count()).select_from(Response)) == 0


def _chunked(client, token, body: bytes):
    # gunicorn sets wsgi.input_terminated for a chunked body (no Content-Length)
    environ = {"wsgi.input_terminated": True, "HTTP_TRANSFER_ENCODING": "chunked"}
    return client.post("/api/v1/responses", input_stream=io.BytesIO(body),
                       environ_overrides=environ, content_type="application/json",
                       headers={"Authorization": f"Device {token}"})  # fmt: skip


def test_a_chunked_body_over_the_limit_is_a_413_and_one_under_it_is_stored(app, client, session):
    token = make_device(session, make_mpp(session)).token
    limit = app.config["MAX_CONTENT_LENGTH"]
    padded = submission_payload(comment="x" * limit)
    response = _chunked(client, token, json.dumps(padded).encode())
    assert response.status_code == 413 and response.get_json()["error"]
    stored = _chunked(client, token, json.dumps(submission_payload()).encode())
    assert stored.status_code == 201  # read once here, and still there for the view


@pytest.fixture
def locked_app(tmp_path):
    """A file database (as in production on SQLite) whose busy timeout is short."""
    url = f"sqlite:///{tmp_path / 'mutu.sqlite3'}"
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": url, "TOTP_REQUIRED_ROLES": (),
                      "PASSWORD_HASH_PARAMETERS": CHEAP_HASHING})  # fmt: skip
    with app.app_context():

        @event.listens_for(db.engine, "connect")
        def _short_busy_timeout(dbapi_connection, _record):
            dbapi_connection.execute("PRAGMA busy_timeout=50")

        db.create_all()
        yield app, tmp_path / "mutu.sqlite3"
        db.session.remove()
        dispose_engines()


def test_a_write_lock_past_the_busy_timeout_is_a_503_with_retry_after(locked_app):
    app, path = locked_app
    mpp = make_mpp(db.session)
    token, mpp_code = make_device(db.session, mpp).token, mpp.code
    db.session.remove()
    payload = submission_payload()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        client = app.test_client()
        busy = _post(client, token, json.dumps(payload))
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "5"
        assert busy.get_json()["fields"] == {"database": "busy"}
        assert "sibuk" in busy.get_json()["error"]  # the user's language, not a traceback
        form = client.get(f"/s/{mpp_code}/L00", follow_redirects=True).get_data(
            as_text=True
        )  # reading still works
        hidden = dict(re.findall(r'name="(\w+)" type="hidden" value="([^"]*)"', form))
        page = client.post(f"/s/{mpp_code}/L00", data={**hidden, "waktu": "4"})
        assert page.status_code == 503 and "sibuk" in page.get_data(as_text=True)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0  # no false 200
    assert _post(client, token, json.dumps(payload)).status_code == 201  # the retry is stored
