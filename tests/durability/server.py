"""A real server for the tests that need one: gunicorn on loopback, over a database of its own.

Each test gets a fresh database (a temporary SQLite file, or a temporary PostgreSQL database on
the server TEST_DATABASE_URL points to) with one MPP and one registered device, and starts
`gunicorn wsgi:app` in its own process group, so that a SIGKILL takes master and workers down.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from app import create_app
from app.database import dispose_engines
from app.extensions import db
from tests.factories import make_device, make_mpp

ROOT = Path(__file__).resolve().parents[2]
# Starting the real server imports the whole app in every worker: seconds, not milliseconds.
needs_server = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("MUTU_DURABILITY") != "1",
        reason="starts real servers; run with MUTU_DURABILITY=1 (make test-durability, CI)",
    ),
]


@dataclass(frozen=True)
class Site:
    database_url: str
    token: str


def prepare(database_url: str) -> Site:
    """Tables (create_all, as the test suite does) and one MPP with a registered device."""
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": database_url}
    )
    with app.app_context():
        db.create_all()
        token = make_device(db.session, make_mpp(db.session)).token
        db.session.remove()
        dispose_engines()
    return Site(database_url, token)


@contextlib.contextmanager
def temporary_postgres_database():
    """A new database on TEST_DATABASE_URL's PostgreSQL server, dropped afterwards."""
    base = os.environ.get("TEST_DATABASE_URL", "")
    if not base.startswith("postgresql"):
        pytest.skip("set TEST_DATABASE_URL to a PostgreSQL server to run this against it")
    import psycopg

    url = make_url(base)
    name = f"mutu_srv_{secrets.token_hex(4)}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`gunicorn --workers N wsgi:app` on 127.0.0.1, started and killed as one process group."""

    def __init__(self, database_url: str, log: Path, workers: int = 2):
        self.database_url, self.log, self.workers = database_url, log, workers
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 180) -> None:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn if gunicorn.exists() else shutil.which("gunicorn")),
                   "--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}",
                   "--graceful-timeout", "1", "--no-control-socket", "wsgi:app"]  # fmt: skip
        env = {**os.environ, "DATABASE_URL": self.database_url,
               "MUTU_SECRET_KEY": secrets.token_hex(16), "MUTU_ENV": "test"}  # fmt: skip
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, for kill()
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log.read_text()[-2000:]}")
            with contextlib.suppress(OSError):
                if request(self.base + "/api/v1/openapi.json", None, "", timeout=60)[0] == 200:
                    return
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(
            f"gunicorn did not answer in {timeout} s: {self.log.read_text()[-2000:]}"
        )

    def kill(self) -> None:
        """SIGKILL to the whole process group: no worker gets to finish anything."""
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def request(url: str, body: dict | None, token: str, timeout: float = 10) -> tuple[int, dict]:
    """(status, JSON body) for a GET (body None) or a JSON POST; OSError when unreachable."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method="GET" if body is None else "POST")
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Device {token}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")
    except http.client.HTTPException as error:  # the connection broke mid-answer
        raise ConnectionError(str(error)) from error
