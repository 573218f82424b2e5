"""The hardened web layer: headers, cookies, throttling, TOTP, the audit log."""

import re
import time

import pyotp
from sqlalchemy import select

from app import create_app
from surveys.audit import AuditEvent
from tests.factories import PASSWORD, csrf_token, login, make_mpp, make_user


def test_security_headers_on_pages_api_and_static(client, session):
    for url in ("/", "/api/v1/kiosk/config", "/static/css/app.css", "/nope"):
        with client.get(url) as response:
            headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, url
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_no_inline_scripts_or_handlers_in_templates():
    from pathlib import Path

    for template in Path(__file__).resolve().parents[2].glob("templates/**/*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), template
        assert not re.search(r"\son[a-z]+\s*=", text), template


def test_session_cookie_is_httponly_and_lax(client, session):
    login(client, make_user(session, "admin"))
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_production_refuses_the_default_secret_and_sets_secure_cookies(monkeypatch):
    monkeypatch.setenv("MUTU_ENV", "production")
    try:
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    except RuntimeError as exc:
        assert "SECRET_KEY" in str(exc)
    else:
        raise AssertionError("started in production with the default secret")
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 40})
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_throttling_is_per_account_and_address(app, session):
    victim = make_user(session, "admin")
    colleague = make_user(session, "admin")
    office = app.test_client()
    for _ in range(5):
        assert login(office, victim, "wrong password!").status_code == 401
    assert login(office, victim).status_code == 429  # even the right password waits
    assert login(office, colleague).status_code == 302  # same office address still signs in
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    response = login(elsewhere, victim)
    assert response.status_code == 302  # the owner at home is not locked out


def test_totp_second_step_for_admins(app, session):
    app.config["TOTP_REQUIRED_ROLES"] = ("admin", "evaluator")
    admin = make_user(session, "admin")
    client = app.test_client()
    response = login(client, admin)
    assert response.headers["Location"].endswith("/auth/totp/setup")
    page = client.get("/auth/totp/setup").get_data(as_text=True)
    secret = re.search(r"<code>([A-Z2-7]+)</code>", page).group(1)
    token = csrf_token(client, "/auth/totp/setup")
    wrong = client.post("/auth/totp/setup", data={"csrf_token": token, "code": "000000"})
    assert wrong.status_code == 200 and client.get("/admin/users").status_code == 302
    ok = client.post("/auth/totp/setup", data={"csrf_token": token,
                                               "code": pyotp.TOTP(secret).now()})  # fmt: skip
    assert ok.status_code == 302
    assert client.get("/admin/users").status_code == 200
    # Next time: password, then the code from the enrolled secret.
    again = app.test_client()
    assert login(again, admin).headers["Location"].endswith("/auth/totp")
    token = csrf_token(again, "/auth/totp")
    assert again.post("/auth/totp", data={"csrf_token": token, "code": "123456"}).status_code in (
        401,
        302,
    )
    # The enrolment's code was used once (RFC 6238 §5.2): the next step's code, as 30 s later.
    later = pyotp.TOTP(secret).at(time.time() + 30)
    again.post("/auth/totp", data={"csrf_token": token, "code": later})
    assert again.get("/admin/users").status_code == 200


def test_managers_skip_totp(app, session):
    app.config["TOTP_REQUIRED_ROLES"] = ("admin", "evaluator")
    manager = make_user(session, "manager", mpps=[make_mpp(session)])
    client = app.test_client()
    assert login(client, manager).headers["Location"] == "/dashboard/"


def test_role_changes_and_admin_actions_are_audited(client, session):
    admin = make_user(session, "admin")
    target = make_user(session, "evaluator")
    login(client, admin)
    token = csrf_token(client, f"/admin/users/{target.id}")
    client.post(f"/admin/users/{target.id}", data={
        "csrf_token": token, "email": target.email, "name": target.name, "role": "admin",
        "tenant": "0", "active": "y"})  # fmt: skip
    actions = {e.action: e for e in session.scalars(select(AuditEvent))}
    assert actions["user.role"].details == "evaluator -> admin"
    assert actions["user.role"].user_id == admin.id
    assert "POST admin.user_edit" in actions
    assert client.get("/admin/audit").status_code == 200
    assert target.email in client.get("/admin/audit").get_data(as_text=True)


def test_password_is_never_logged_in_the_audit(client, session):
    admin = make_user(session, "admin")
    login(client, admin)
    events = session.scalars(select(AuditEvent)).all()
    assert all(PASSWORD not in (e.details + e.target) for e in events)


def test_nul_bytes_in_forms_and_queries_get_a_clear_400(client, session):
    assert client.get("/?lang=\x00").status_code == 400
    response = client.post("/auth/login", data={"email": "a\x00@b.id", "password": "x"})
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)
