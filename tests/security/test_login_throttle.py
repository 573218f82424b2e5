"""Login limits (issue 13, items 9 and 10): growing delays per account, per address and per
pair, the current password throttled too, concurrent guesses held to the limit, and password
checks that cannot starve the server or tell accounts apart."""

from __future__ import annotations

import datetime as dt
import os
import threading

import argon2
import pytest
import time_machine
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from app.auth.password_gate import PasswordGate, password_check_slot
from surveys import accounts, throttle
from surveys.models import Base
from tests.conftest import database_url
from tests.factories import PASSWORD, csrf_token, login, make_mpp, make_user

T = dt.datetime(2027, 3, 1, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(T, tick=False) as traveller:
        yield traveller


def _from(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _login_as(client, email: str, password: str):
    return client.post("/auth/login", data={"csrf_token": csrf_token(client), "email": email,
                                            "password": password})  # fmt: skip


def test_delays_grow_instead_of_one_fixed_lockout(app, session, clock):
    user = make_user(session, "evaluator")
    client = app.test_client()
    for _ in range(5):
        assert login(client, user, "wrong password!").status_code == 401
    first = login(client, user)
    assert first.status_code == 429 and first.headers["Retry-After"] == "30"
    clock.move_to(T + dt.timedelta(seconds=31))
    assert login(client, user, "wrong password!").status_code == 401
    second = login(client, user)
    assert second.status_code == 429 and second.headers["Retry-After"] == "60"
    clock.move_to(T + dt.timedelta(seconds=92))
    assert login(client, user).status_code == 302  # the owner gets in after the wait


def test_password_spraying_from_one_address_is_limited(app, session, clock):
    sprayer = _from(app, "198.51.100.7")
    for n in range(30):
        assert _login_as(sprayer, f"guess{n}@example.id", "Password123!").status_code == 401
    assert _login_as(sprayer, "guess99@example.id", "Password123!").status_code == 429
    user = make_user(session, "manager", mpps=[make_mpp(session)])
    assert login(_from(app, "203.0.113.5"), user).status_code == 302  # others are not blocked


def test_one_account_guessed_from_many_addresses_is_slowed_not_shut(app, session, clock):
    user = make_user(session, "evaluator")
    for n in range(20):
        assert login(_from(app, f"192.0.2.{n + 1}"), user, "wrong password!").status_code == 401
    slowed = login(_from(app, "192.0.2.200"), user)
    assert slowed.status_code == 429 and int(slowed.headers["Retry-After"]) <= 5
    clock.move_to(T + dt.timedelta(seconds=6))
    assert login(_from(app, "192.0.2.201"), user).status_code == 302


def test_the_current_password_on_the_password_page_is_throttled(app, session, clock):
    user = make_user(session, "manager", mpps=[make_mpp(session)])
    client = app.test_client()
    login(client, user)

    def change(current: str):
        return client.post("/auth/password", data={
            "csrf_token": csrf_token(client, "/auth/password"), "current": current,
            "new": "a new password!", "confirm": "a new password!"})  # fmt: skip

    for _ in range(5):
        assert change("wrong password!").status_code == 200  # the form again, with its error
    blocked = change(PASSWORD)
    assert blocked.status_code == 429 and blocked.headers["Retry-After"] == "30"
    session.refresh(user)
    assert user.check_password(PASSWORD)


@pytest.fixture
def engine(tmp_path):
    url = database_url()
    url = f"sqlite:///{tmp_path / 'throttle.sqlite3'}" if url.startswith("sqlite") else url
    engine = create_engine(url, connect_args={"timeout": 30} if "sqlite" in url else {})
    Base.metadata.create_all(engine, tables=[throttle.LoginThrottle.__table__])
    yield engine
    Base.metadata.drop_all(engine, tables=[throttle.LoginThrottle.__table__])
    engine.dispose()


def test_concurrent_guesses_cannot_exceed_the_limit(engine):
    key = throttle.sign_in_keys("victim@example.id", "192.0.2.1")[:1]  # the pair: 5 free
    allowed, start = [], threading.Barrier(12)

    def guess():
        with Session(engine) as session:
            start.wait()
            allowed.append(throttle.charge(session, key, now=T) == 0)

    threads = [threading.Thread(target=guess) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert allowed.count(True) == throttle.RULES["pair"].free


def test_unknown_and_deactivated_accounts_verify_a_hash_as_real_ones_do(session, monkeypatch):
    user = make_user(session, "manager", mpps=[make_mpp(session)])
    gone = make_user(session, "manager", mpps=[make_mpp(session)])
    gone.active = False
    session.commit()
    accounts.authenticate(session, "warm@example.id", "x")  # the dummy hash is made once
    calls = []
    hasher = accounts._hasher

    class Spy:
        def hash(self, password):
            calls.append("hash")
            return hasher.hash(password)

        def verify(self, stored, password):
            calls.append(stored)
            return hasher.verify(stored, password)

    monkeypatch.setattr(accounts, "_hasher", Spy())
    for email in (user.email, gone.email, "nobody@example.id"):
        calls.clear()
        assert accounts.authenticate(session, email, "wrong password!") is None
        assert len(calls) == 1 and calls != ["hash"], email  # one verification, no hashing
        used = argon2.extract_parameters(calls[0])
        assert used == argon2.extract_parameters(user.password_hash)  # the same cost
    assert accounts.authenticate(session, gone.email, PASSWORD) is None


def test_password_checks_beyond_the_bound_get_503_with_retry_after(app, session, tmp_path):
    app.config.update(PASSWORD_CHECKS_AT_ONCE=1, PASSWORD_CHECK_WAIT_SECONDS=0.01)
    user = make_user(session, "evaluator")
    client = app.test_client()
    token = csrf_token(client)
    with app.test_request_context(), password_check_slot():  # this worker's one slot, taken
        busy = client.post("/auth/login", data={"csrf_token": token, "email": user.email,
                                                "password": PASSWORD})  # fmt: skip
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "2"
    other_process = PasswordGate(1, 0.01, app.extensions["mutu_password_gate"]._paths[0].parent)
    with other_process.slot():  # the host's one slot, taken by another worker
        assert login(client, user).status_code == 503
    assert login(client, user).status_code == 302


def test_quiet_keys_are_forgotten_but_waiting_ones_kept(session):
    waiting, quiet = ["pair:waiting"], ["pair:quiet"]
    for _ in range(5):
        throttle.charge(session, quiet, now=T)
    for _ in range(5):
        throttle.charge(session, waiting, now=T + dt.timedelta(minutes=59, seconds=45))
    assert throttle.forget(session, now=T + dt.timedelta(hours=1, minutes=1)) == 1
    assert session.get(throttle.LoginThrottle, "pair:quiet") is None
    assert session.get(throttle.LoginThrottle, "pair:waiting") is not None


def test_a_full_gate_turns_a_sign_in_away_before_csrf_and_the_database(app, session):
    """The 503 comes before anything costly: no CSRF token needed, nothing counted or written."""
    app.config.update(PASSWORD_CHECKS_AT_ONCE=1)
    client = app.test_client()
    with app.test_request_context(), password_check_slot():  # the one slot, taken
        busy = client.post("/auth/login", data={"email": "x@example.id", "password": "x" * 12})
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "2"
    assert busy.mimetype == "text/plain" and "Coba lagi" in busy.get_data(as_text=True)
    assert session.scalars(select(throttle.LoginThrottle)).all() == []
    no_token = client.post("/auth/login", data={"email": "x@example.id", "password": "x" * 12})
    assert no_token.status_code == 400  # with a free slot, CSRF answers as before
    user = make_user(session, "evaluator")
    for _ in range(3):  # each request gives its slot back
        assert login(client, user).status_code == 302
        client.post("/auth/logout", data={"csrf_token": csrf_token(client)})


def test_the_busy_answer_speaks_the_language_remembered_in_the_session(app, session):
    app.config.update(PASSWORD_CHECKS_AT_ONCE=1)
    client = app.test_client()
    client.get("/auth/login?lang=en")  # the choice is remembered in the signed session
    with app.test_request_context(), password_check_slot():
        busy = client.post("/auth/login", data={"email": "x@example.id", "password": "x" * 12})
    assert busy.status_code == 503 and "try again" in busy.get_data(as_text=True).lower()
    assert "Set-Cookie" not in busy.headers  # Flask never ran: no session was opened


def test_password_checks_run_at_the_lowest_cpu_priority_beside_the_kiosks(app):
    """argon2 runs in a thread of nice 19, so a flood's checks take only CPU the kiosks leave."""
    seen = {}

    def check():
        seen["thread"] = threading.current_thread().name
        seen["nice"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        return True

    assert accounts._run_check(check) is True
    assert seen["thread"].startswith("password-check") and seen["nice"] == 19
