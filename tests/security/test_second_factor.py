"""The second factor as an attacker tries it (issue 13, items 1-4 and 18): the half-way state,
the set-up page, a replayed code, a flood of wrong codes, a lost phone."""

from __future__ import annotations

import datetime as dt
import json
import re

import pyotp
import pytest
import time_machine
from sqlalchemy import select

from surveys import throttle
from surveys.audit import AuditEvent
from surveys.sign_in import PendingSignIn
from surveys.totp import use_code
from tests.factories import PASSWORD, csrf_token, login, make_user

T = dt.datetime(2027, 3, 1, 2, 0, 15, tzinfo=dt.UTC)  # 09:00 WIB, 15 s into a time-step


@pytest.fixture
def clock():
    with time_machine.travel(T, tick=False) as traveller:
        yield traveller


def _admin(app, session, enrolled: bool = True):
    app.config["TOTP_REQUIRED_ROLES"] = ("admin", "evaluator")
    admin = make_user(session, "admin")
    if enrolled:
        admin.totp_secret = pyotp.random_base32()
        session.commit()
    return admin


def _code(client, code: str, url: str = "/auth/totp"):
    return client.post(url, data={"csrf_token": csrf_token(client, url), "code": code})


def _cookie(app, client) -> dict:
    value = client.get_cookie("session").value
    return app.session_interface.get_signing_serializer(app).loads(value)


def _events(session, action: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_the_password_alone_cannot_enrol_another_authenticator(app, session):
    admin = _admin(app, session)
    secret = admin.totp_secret
    attacker = app.test_client()
    assert login(attacker, admin).headers["Location"].endswith("/auth/totp")
    page = attacker.get("/auth/totp/setup")
    assert page.status_code == 302 and page.headers["Location"].endswith("/auth/totp")
    own = pyotp.random_base32()
    token = csrf_token(attacker, "/auth/totp")
    response = attacker.post("/auth/totp/setup", data={"csrf_token": token,
                                                       "code": pyotp.TOTP(own).now()})  # fmt: skip
    assert response.headers["Location"].endswith("/auth/totp")
    session.refresh(admin)
    assert admin.totp_secret == secret and attacker.get("/admin/users").status_code == 302
    assert _events(session, "totp.enrol") == []


def test_the_half_way_cookie_names_neither_the_user_nor_a_secret(app, session):
    admin = _admin(app, session, enrolled=False)
    client = app.test_client()
    login(client, admin)
    page = client.get("/auth/totp/setup").get_data(as_text=True)
    secret = re.search(r"<code>([A-Z2-7]+)</code>", page).group(1)
    cookie = _cookie(app, client)
    assert set(cookie) <= {"pending_sign_in", "csrf_token", "_fresh"}, cookie
    text = json.dumps(cookie)
    assert secret not in text and admin.email not in text and "_user_id" not in text
    row = session.scalar(select(PendingSignIn))
    assert row.new_secret == secret and row.user_id == admin.id  # kept on the server


def test_the_half_way_state_expires_after_five_minutes(app, session, clock):
    admin = _admin(app, session)
    client = app.test_client()
    login(client, admin)
    assert client.get("/auth/totp").status_code == 200
    clock.move_to(T + dt.timedelta(minutes=6))
    assert client.get("/auth/totp").headers["Location"].endswith("/auth/login")
    token, code = csrf_token(client), pyotp.TOTP(admin.totp_secret).now()
    late = client.post("/auth/totp", data={"csrf_token": token, "code": code})
    assert late.headers["Location"].endswith("/auth/login")
    assert client.get("/admin/users").status_code == 302


def test_a_code_signs_in_once_not_again_31_seconds_later(app, session, clock):
    admin = _admin(app, session)
    code = pyotp.TOTP(admin.totp_secret).now()
    first = app.test_client()
    login(first, admin)
    assert _code(first, code).status_code == 302
    again = app.test_client()
    login(again, admin)
    assert _code(again, code).status_code == 401  # the same code, at once
    clock.move_to(T + dt.timedelta(seconds=31))  # the next step: the old code is still "valid"
    assert _code(again, code).status_code == 401
    assert _code(again, pyotp.TOTP(admin.totp_secret).now()).status_code == 302


def test_an_earlier_step_is_refused_after_a_later_one(session):
    user = make_user(session, "evaluator")
    user.totp_secret = pyotp.random_base32()
    session.commit()
    totp = pyotp.TOTP(user.totp_secret)
    assert use_code(session, user, totp.at(T), now=T)
    earlier = totp.at(T - dt.timedelta(seconds=30))  # inside the valid window, but older
    assert not use_code(session, user, earlier, now=T)
    assert user.totp_last_step == totp.timecode(T)


def test_wrong_codes_are_throttled_with_growing_delays(app, session, clock):
    admin = _admin(app, session)
    client = app.test_client()
    login(client, admin)
    for _ in range(3):
        assert _code(client, "000000").status_code == 401
    blocked = _code(client, pyotp.TOTP(admin.totp_secret).now())  # even the right one waits
    assert blocked.status_code == 429 and blocked.headers["Retry-After"] == "30"
    clock.move_to(T + dt.timedelta(seconds=31))
    assert _code(client, "000000").status_code == 401
    longer = _code(client, "000000")
    assert longer.status_code == 429 and longer.headers["Retry-After"] == "60"
    account = throttle.sign_in_keys(admin.email, "127.0.0.1")[1]
    counted = session.get(throttle.LoginThrottle, account)
    assert counted.attempts == 5  # the password, then four codes: the account's count


def test_an_admin_resets_a_lost_authenticator_and_the_user_enrols_again(app, session):
    admin, evaluator = _admin(app, session), make_user(session, "evaluator")
    evaluator.totp_secret = pyotp.random_base32()
    session.commit()
    boss = app.test_client()
    login(boss, admin)
    _code(boss, pyotp.TOTP(admin.totp_secret).now())
    url = f"/admin/users/{evaluator.id}/totp-reset"
    assert boss.post(url, data={"csrf_token": csrf_token(boss, "/admin/users")}).status_code == 302
    session.refresh(evaluator)
    assert evaluator.totp_secret is None
    (reset,) = _events(session, "totp.reset")
    assert (reset.user_id, reset.target, reset.ip) == (admin.id, evaluator.email, "127.0.0.1")
    owner = app.test_client()
    assert login(owner, evaluator).headers["Location"].endswith("/auth/totp/setup")
    page = owner.get("/auth/totp/setup").get_data(as_text=True)
    secret = re.search(r"<code>([A-Z2-7]+)</code>", page).group(1)
    assert _code(owner, pyotp.TOTP(secret).now(), "/auth/totp/setup").status_code == 302
    (enrolled,) = _events(session, "totp.enrol")
    assert enrolled.user_id == evaluator.id and secret not in enrolled.details + enrolled.target


def test_the_signed_in_owner_moves_to_a_new_phone_with_the_current_code(app, session, clock):
    admin = _admin(app, session)
    old = pyotp.TOTP(admin.totp_secret)
    client = app.test_client()
    login(client, admin)
    _code(client, old.now())
    page = client.get("/auth/totp/change").get_data(as_text=True)
    secret = re.search(r"<code>([A-Z2-7]+)</code>", page).group(1)
    assert secret not in json.dumps(_cookie(app, client))
    new = pyotp.TOTP(secret)
    token = csrf_token(client, "/auth/totp/change")
    wrong = client.post("/auth/totp/change", data={"csrf_token": token, "current": "000000",
                                                   "code": new.now()})  # fmt: skip
    assert wrong.status_code == 401
    clock.move_to(T + dt.timedelta(seconds=30))
    ok = client.post("/auth/totp/change", data={"csrf_token": token, "current": old.now(),
                                                "code": new.now()})  # fmt: skip
    assert ok.status_code == 302
    session.refresh(admin)
    assert admin.totp_secret == secret
    assert [e.user_id for e in _events(session, "totp.reenrol")] == [admin.id]


def test_sign_in_success_and_failure_are_audited_with_the_address(app, session):
    admin = _admin(app, session)
    client = app.test_client()
    login(client, admin, "wrong password!")
    login(client, admin)
    _code(client, "000000")
    _code(client, pyotp.TOTP(admin.totp_secret).now())
    failures = _events(session, "sign_in.failure")
    assert [e.details.split(";")[0] for e in failures] == ["password", "code"]
    (success,) = _events(session, "sign_in.success")
    assert success.user_id == admin.id and success.ip == "127.0.0.1"
    assert all(e.ip == "127.0.0.1" and e.user_id == admin.id for e in failures)
    for event in session.scalars(select(AuditEvent)):
        assert PASSWORD not in event.details + event.target
        assert admin.totp_secret not in event.details + event.target
