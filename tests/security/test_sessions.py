"""Server-side sessions (issue 13, item 5): revocable, idle timeout, absolute lifetime."""

from __future__ import annotations

import datetime as dt
import os

import pytest
import time_machine
from flask_login.utils import encode_cookie
from sqlalchemy import select

from app import create_app
from app.database import dispose_engines
from app.extensions import db
from surveys.audit import AuditEvent
from surveys.sessions import SessionPolicy, UserSession, live_session, start_session
from tests.conftest import CHEAP_HASHING
from tests.factories import PASSWORD, csrf_token, login, make_mpp, make_user

T0 = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)  # 08:00 WIB, a Monday


def signed_in(client) -> bool:
    return client.get("/auth/password").status_code == 200


def copy_cookie(source, target) -> None:
    target.set_cookie("session", source.get_cookie("session").value)


def cookie_secret(app, client) -> str:
    """What the signed cookie says about the session (signed, so readable by whoever holds it)."""
    cookie = client.get_cookie("session").value
    return app.session_interface.get_signing_serializer(app).loads(cookie)["_user_id"]


def post(client, url, data=None, page="/auth/password"):
    return client.post(url, data={"csrf_token": csrf_token(client, page), **(data or {})})


def test_a_cookie_copied_before_logout_is_refused_after_it(app, session):
    user = make_user(session, "manager", mpps=[make_mpp(session)])
    browser, thief = app.test_client(), app.test_client()
    login(browser, user)
    copy_cookie(browser, thief)
    assert signed_in(thief)  # the copy works while the session lives ...
    post(browser, "/auth/logout")
    assert not signed_in(browser)
    assert not signed_in(thief)  # ... and not a moment after logout
    row = session.scalars(select(UserSession)).one()
    assert row.revoked_at is not None


def test_the_cookie_holds_a_random_secret_stored_only_as_its_hash(app, session):
    user = make_user(session, "evaluator")
    client = app.test_client()
    login(client, user)
    secret = cookie_secret(app, client)
    assert str(user.id) not in secret.split(":")  # no "id:version" any more
    row = session.scalars(select(UserSession)).one()
    assert len(secret) >= 40 and secret not in row.secret_hash and len(row.secret_hash) == 64
    assert client.get_cookie("remember_token") is None  # no remember-me cookie is ever set


def _host(url: str):
    """One more app process on the same database: another host, or the same one restarted."""
    config = {"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": url}
    return create_app(
        {**config, "PASSWORD_HASH_PARAMETERS": CHEAP_HASHING, "TOTP_REQUIRED_ROLES": ()}
    )


@pytest.fixture
def database_file(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'hosts.sqlite3'}"
    first = _host(url)
    with first.app_context():
        db.drop_all()
        db.create_all()
    yield url
    with first.app_context():
        db.drop_all()
        dispose_engines()


def test_state_lives_in_the_database_across_hosts_and_restarts(database_file):
    first = _host(database_file)
    with first.app_context():
        user = make_user(db.session, "evaluator")
        browser = first.test_client()
        login(browser, user)
        dispose_engines()
    second = _host(database_file)  # another worker, or the first one restarted
    with second.app_context():
        thief = second.test_client()
        copy_cookie(browser, thief)
        assert signed_in(thief)  # signed in on any host
        dispose_engines()
    with first.app_context():
        post(browser, "/auth/logout")
        dispose_engines()
    restarted = _host(database_file)
    with restarted.app_context():
        for old in (thief, browser):  # after logout and a restart, the copy is still refused
            client = restarted.test_client()  # (a client of its own: an old one asks its app)
            copy_cookie(old, client)
            assert not signed_in(client)
        dispose_engines()


def test_a_remember_cookie_with_an_ended_session_is_refused(app, session):
    user = make_user(session, "evaluator")
    browser, thief = app.test_client(), app.test_client()
    login(browser, user)
    with app.test_request_context():
        remember = encode_cookie(cookie_secret(app, browser))
    post(browser, "/auth/logout")
    thief.set_cookie("remember_token", remember)
    assert not signed_in(thief)


def test_idle_sessions_end_after_the_configured_minutes(app, session):
    app.config["SESSION_IDLE_MINUTES"] = 10
    user = make_user(session, "evaluator")
    client = app.test_client()
    with time_machine.travel(T0, tick=False) as clock:
        login(client, user)
        for _ in range(6):  # an hour of work, a request every 9 minutes
            clock.shift(dt.timedelta(minutes=9))
            assert signed_in(client)
        clock.shift(dt.timedelta(minutes=10))
        assert not signed_in(client)
        clock.shift(dt.timedelta(seconds=1))
        assert not signed_in(client)  # and it never comes back
    assert session.scalars(select(UserSession)).one().revoked_at is not None


def test_sessions_end_after_the_configured_lifetime_however_busy(app, session):
    app.config.update(SESSION_IDLE_MINUTES=30, SESSION_MAX_HOURS=2)
    user = make_user(session, "manager", mpps=[make_mpp(session)])
    client = app.test_client()
    with time_machine.travel(T0, tick=False) as clock:
        login(client, user)
        for _ in range(7):  # busy for 1 h 45 min
            clock.shift(dt.timedelta(minutes=15))
            assert signed_in(client)
        clock.shift(dt.timedelta(minutes=14, seconds=59))
        assert signed_in(client)
        clock.shift(dt.timedelta(seconds=1))  # exactly two hours after sign-in
        assert not signed_in(client)
        login(client, user)  # signing in again starts a new session
        assert signed_in(client)


def test_last_seen_is_written_at_most_once_a_minute(session):
    user = make_user(session, "evaluator")
    policy = SessionPolicy.of(30, 12)
    new = start_session(session, user, now=T0)
    for seconds in (1, 30, 59):
        assert live_session(session, new.secret, policy, T0 + dt.timedelta(seconds=seconds))
        assert new.row.last_seen_at.replace(tzinfo=dt.UTC) == T0
    assert live_session(session, new.secret, policy, T0 + dt.timedelta(seconds=60))
    assert new.row.last_seen_at.replace(tzinfo=dt.UTC) == T0 + dt.timedelta(seconds=60)
    assert live_session(session, "not-a-session", policy, T0) is None
    with pytest.raises(ValueError):
        SessionPolicy.of(0, 12)


def test_log_out_everywhere_ends_every_browser(app, session):
    user = make_user(session, "evaluator")
    office, home = app.test_client(), app.test_client()
    login(office, user)
    login(home, user)
    response = post(home, "/auth/logout-everywhere")
    assert response.headers["Location"] == "/auth/login"
    assert not signed_in(office) and not signed_in(home)


def test_password_change_keeps_this_browser_with_a_new_session(app, session):
    user = make_user(session, "evaluator")
    browser, thief = app.test_client(), app.test_client()
    login(browser, user)
    copy_cookie(browser, thief)
    new = "another long passphrase"
    response = post(browser, "/auth/password", {"current": PASSWORD, "new": new, "confirm": new})
    assert response.status_code == 302
    assert signed_in(browser)
    assert not signed_in(thief)  # the old cookie's session ended with the password


def _admin_edits(client, target, **fields):
    data = {"email": target.email, "name": target.name, "role": target.role, "tenant": "0",
            "active": "y", **fields}  # fmt: skip
    data = {k: v for k, v in data.items() if v is not None}
    return post(client, f"/admin/users/{target.id}", data, page=f"/admin/users/{target.id}")


def test_a_role_change_or_deactivation_ends_the_users_sessions(app, session):
    admin = make_user(session, "admin")
    target = make_user(session, "evaluator")
    admin_browser, target_browser = app.test_client(), app.test_client()
    login(admin_browser, admin)
    login(target_browser, target)
    assert _admin_edits(admin_browser, target, role="admin").status_code == 302
    assert not signed_in(target_browser)
    login(target_browser, target)
    assert signed_in(target_browser)
    assert _admin_edits(admin_browser, target, active=None).status_code == 302
    assert not signed_in(target_browser)
    assert signed_in(admin_browser)  # the admin's own session is not touched


def test_the_sessions_page_lists_and_ends_one_session(app, session):
    user = make_user(session, "evaluator")
    office, phone = app.test_client(), app.test_client()
    phone.environ_base["HTTP_USER_AGENT"] = "Telepon Android"
    login(office, user)
    login(phone, user)
    page = office.get("/auth/sessions").get_data(as_text=True)
    assert "Telepon Android" in page and page.count("/revoke") == 2
    rows = session.scalars(select(UserSession).order_by(UserSession.id)).all()
    phone_row = rows[-1]
    assert phone_row.user_agent == "Telepon Android"
    response = post(office, f"/auth/sessions/{phone_row.id}/revoke", page="/auth/sessions")
    assert response.headers["Location"] == "/auth/sessions"
    assert not signed_in(phone) and signed_in(office)
    assert "Telepon Android" not in office.get("/auth/sessions").get_data(as_text=True)


def test_nobody_ends_another_users_session(app, session):
    owner, other = make_user(session, "evaluator"), make_user(session, "evaluator")
    owner_browser, other_browser = app.test_client(), app.test_client()
    login(owner_browser, owner)
    login(other_browser, other)
    owner_row = session.scalar(select(UserSession).where(UserSession.user_id == owner.id))
    response = post(other_browser, f"/auth/sessions/{owner_row.id}/revoke", page="/auth/sessions")
    assert response.status_code == 404
    assert signed_in(owner_browser)


def test_session_revocations_and_password_changes_are_audited_without_secrets(app, session):
    user = make_user(session, "evaluator")
    browser, other = app.test_client(), app.test_client()
    browser.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    login(browser, user)
    login(other, user)
    new = "another long passphrase"
    post(browser, "/auth/password", {"current": PASSWORD, "new": new, "confirm": new})
    login(other, user, new)
    other_row = session.scalars(
        select(UserSession).where(UserSession.revoked_at.is_(None)).order_by(UserSession.id)
    ).all()[-1]
    post(browser, f"/auth/sessions/{other_row.id}/revoke", page="/auth/sessions")
    post(browser, "/auth/logout-everywhere")
    login(browser, user, new)
    post(browser, "/auth/logout")
    events = {e.action: e for e in session.scalars(select(AuditEvent))}
    assert events["password.change"].details == "sessions=2 tokens=0"
    assert events["session.revoke"].target == f"session {other_row.id}"
    assert events["session.end_all"].details.startswith("sessions=")
    assert "session.end" in events
    for action in ("password.change", "session.revoke", "session.end_all", "session.end"):
        assert events[action].user_id == user.id and events[action].ip == "198.51.100.7"
    words = " ".join(e.target + " " + e.details for e in events.values())
    assert PASSWORD not in words and new not in words
    hashes = {row.secret_hash for row in session.scalars(select(UserSession))}
    assert not any(h in words for h in hashes)
