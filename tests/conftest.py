"""A fresh app and database per test: SQLite in memory, or TEST_DATABASE_URL (PostgreSQL in CI)."""

from __future__ import annotations

import datetime as dt
import os
import tempfile

import pytest
import time_machine
from flask import g

from app import create_app
from app.database import dispose_engines
from app.extensions import db as _db

# argon2id at the cost of a test (production keeps the library's recommended parameters).
CHEAP_HASHING = {"time_cost": 1, "memory_cost": 64, "parallelism": 1}
PASSWORD_CHECK_LOCKS = tempfile.mkdtemp(prefix="mutu-password-checks-")


def pytest_configure(config):
    """``MUTU_TEST_NOW=2027-02-01T07:20+07:00 make test``: the whole suite from that instant on.

    The clock keeps running from there (server threads of the browser tests included, since they
    run in this process); tests that need their own instant travel again inside it.
    """
    instant = os.environ.get("MUTU_TEST_NOW")
    if instant:
        time_machine.travel(dt.datetime.fromisoformat(instant), tick=True).start()


def database_url() -> str:
    return os.environ.get("TEST_DATABASE_URL", "sqlite://")


@pytest.fixture
def app():
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url(),
            "WTF_CSRF_ENABLED": True,
            "TOTP_REQUIRED_ROLES": (),  # tests/app/test_totp.py turns it on
            "PASSWORD_HASH_PARAMETERS": CHEAP_HASHING,
            # This run's own lock files: the password-check slots of other runs on the machine
            # are no business of these tests.
            "PASSWORD_CHECK_LOCK_DIR": PASSWORD_CHECK_LOCKS,
        }
    )
    app.before_request(_forget_request_caches)
    with app.app_context():
        _db.drop_all()
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()
        dispose_engines()  # the default pool and, on PostgreSQL, the kiosks


def _forget_request_caches():
    """Requests reuse the test's app context (and its `g`): start each as a fresh one would."""
    for key in list(g):
        g.pop(key, None)


@pytest.fixture
def session(app):
    return _db.session


@pytest.fixture
def client(app):
    return app.test_client()
