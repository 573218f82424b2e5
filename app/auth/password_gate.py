"""A few password checks at a time, so that a flood of sign-ins cannot starve the kiosks.

argon2id is slow on purpose (about half a second of CPU and 64 MiB at the library's cost); a
worker busy checking an anonymous flood's passwords serves no kiosk. Two bounds, both of
``PASSWORD_CHECKS_AT_ONCE`` (default: half the CPUs, at least one): a semaphore per worker
process, for threaded servers, and lock files shared by the processes of one host, for
gunicorn's sync workers. A check that finds no free slot is answered 503 with ``Retry-After`` at
once (``PASSWORD_CHECK_WAIT_SECONDS``, default 0, lets it wait: a sync worker that waits serves
no kiosk either, so keep it 0 there).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from flask import Flask, Response, current_app, has_request_context, request
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.http import parse_cookie

from surveys.accounts import run_password_checks_with

EXTENSION = "mutu_password_gate"
# The views that verify a password: a POST to one of them holds a slot for its whole request.
PASSWORD_ENDPOINTS = frozenset({"auth.login", "auth.password"})
BUSY_RETRY_SECONDS = 2
SLOT_KEY = "mutu.password_slot"  # in the request's environ: one request, one slot
POLL_SECONDS = 0.01


class PasswordChecksBusy(Exception):
    """Every slot is taken: answer 503 and let the client try again shortly."""


class PasswordGate:
    def __init__(self, slots: int, wait_seconds: float, lock_dir: Path):
        self._threads = threading.BoundedSemaphore(slots)
        self._wait = wait_seconds
        lock_dir.mkdir(parents=True, exist_ok=True)
        self._paths = [lock_dir / f"password-check-{n}.lock" for n in range(slots)]

    @contextlib.contextmanager
    def slot(self):
        deadline = time.monotonic() + self._wait
        if not self._threads.acquire(blocking=self._wait > 0, timeout=self._wait or None):
            raise PasswordChecksBusy
        try:
            fd = self._host_slot(deadline)
            try:
                yield
            finally:
                os.close(fd)  # closing releases the lock
        finally:
            self._threads.release()

    def _host_slot(self, deadline: float) -> int:
        while True:
            for path in self._paths:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return fd
                except BlockingIOError:
                    os.close(fd)
            if time.monotonic() >= deadline:
                raise PasswordChecksBusy
            time.sleep(POLL_SECONDS)


def init_app(app: Flask) -> None:
    """In front of Flask: a sign-in finding every slot taken is turned away for next to nothing."""
    app.wsgi_app = _TurnAwayWhenFull(app.wsgi_app, app)
    run_password_checks_with(_at_low_priority)


def password_check_slot():
    """``with password_check_slot(): ...`` around anything that verifies a password."""
    # A POST to a password view took its slot before Flask saw it (_TurnAwayWhenFull).
    if has_request_context() and SLOT_KEY in request.environ:
        return contextlib.nullcontext()
    return _gate_of(current_app).slot()


def busy_response() -> Response:
    """503 with ``Retry-After``: one sentence, no page around it (it must cost next to nothing)."""
    return Response(_busy_message(), 503, {"Retry-After": str(BUSY_RETRY_SECONDS)},
                    content_type="text/plain; charset=utf-8")  # fmt: skip


def _busy_message() -> str:
    return _("Terlalu banyak permintaan masuk saat ini. Coba lagi sebentar lagi.")


class _TurnAwayWhenFull:
    """WSGI middleware: a POST to a password view takes its slot before Flask runs at all.

    No slot free: 503 at once, before the session, CSRF and the database are read (a flood costs
    what a trivial request costs). A slot: held until Flask has answered.
    """

    def __init__(self, wsgi_app, app: Flask):
        self.wsgi_app, self.app = wsgi_app, app
        self._paths: frozenset[str] | None = None
        self._messages: dict[str, bytes] = {}

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "POST" or environ.get("PATH_INFO") not in self.paths:
            return self.wsgi_app(environ, start_response)
        slot = _gate_of(self.app).slot()
        try:
            slot.__enter__()
        except PasswordChecksBusy:
            body = self._message(_language(self.app, environ))
            start_response("503 Service Unavailable", [
                ("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body))),
                ("Retry-After", str(BUSY_RETRY_SECONDS)), ("Cache-Control", "no-store"),
            ])  # fmt: skip
            return [body]
        environ[SLOT_KEY] = slot
        try:  # the password views are not streamed: the check is over when Flask returns
            return self.wsgi_app(environ, start_response)
        finally:
            slot.__exit__(None, None, None)

    @property
    def paths(self) -> frozenset[str]:
        if self._paths is None:  # the blueprints are registered after this middleware
            rules = self.app.url_map.iter_rules()
            self._paths = frozenset(r.rule for r in rules if r.endpoint in PASSWORD_ENDPOINTS)
        return self._paths

    def _message(self, lang: str) -> bytes:
        if lang not in self._messages:
            with self.app.test_request_context(), force_locale(lang):
                self._messages[lang] = _busy_message().encode()
        return self._messages[lang]


def _language(app: Flask, environ) -> str:
    """The language remembered in the signed session cookie (Indonesian when there is none)."""
    cookie = parse_cookie(environ).get(app.config["SESSION_COOKIE_NAME"])
    if not cookie:
        return app.config["BABEL_DEFAULT_LOCALE"]
    serializer = app.session_interface.get_signing_serializer(app)
    try:
        lang = serializer.loads(cookie).get("lang")
    except Exception:  # an unreadable cookie is simply no preference
        lang = None
    return lang if lang in app.config["LANGUAGES"] else app.config["BABEL_DEFAULT_LOCALE"]


class _LowPriorityChecks:
    """One thread per worker process, at the lowest CPU priority, that runs the verifications.

    argon2's own lanes inherit its priority (Linux schedules threads, and nice is per thread), so
    a flood's checks use only the CPU left over by the workers answering kiosks. Made on first
    use, in the process that uses it (gunicorn forks its workers after importing the app).
    """

    def __init__(self):
        self._lock, self._pool, self._pid = threading.Lock(), None, None

    def __call__(self, check):
        with self._lock:
            if self._pool is None or self._pid != os.getpid():
                self._pool = ThreadPoolExecutor(1, "password-check", initializer=_lowest_priority)
                self._pid = os.getpid()
            pool = self._pool
        return pool.submit(check).result()


def _lowest_priority() -> None:
    with contextlib.suppress(AttributeError, OSError):  # not Linux, or not allowed: run as is
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)


_at_low_priority = _LowPriorityChecks()


def _gate_of(app: Flask) -> PasswordGate:
    gate = app.extensions.get(EXTENSION)
    if gate is None:
        config = app.config
        slots = config.get("PASSWORD_CHECKS_AT_ONCE") or max(1, (os.cpu_count() or 2) // 2)
        lock_dir = Path(config.get("PASSWORD_CHECK_LOCK_DIR") or app.instance_path)
        new = PasswordGate(int(slots), float(config.get("PASSWORD_CHECK_WAIT_SECONDS", 0)),
                           lock_dir / "locks")  # fmt: skip
        gate = app.extensions.setdefault(EXTENSION, new)
    return gate
