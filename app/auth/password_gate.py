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
from pathlib import Path

from flask import Flask, Response, current_app, has_request_context, request
from flask_babel import gettext as _

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
    """Register before CSRF and the session are read: a flood is turned away for almost nothing."""
    app.before_request(_take_a_slot_for_a_password_post)
    app.teardown_request(_give_the_slot_back)


def password_check_slot():
    """``with password_check_slot(): ...`` around anything that verifies a password."""
    # A POST to a password view took its slot before anything else ran (init_app).
    if has_request_context() and SLOT_KEY in request.environ:
        return contextlib.nullcontext()
    return _gate().slot()


def busy_response() -> Response:
    """503 with ``Retry-After``: one sentence, no page around it (it must cost next to nothing)."""
    message = _("Terlalu banyak permintaan masuk saat ini. Coba lagi sebentar lagi.")
    return Response(message, 503, {"Retry-After": str(BUSY_RETRY_SECONDS)},
                    content_type="text/plain; charset=utf-8")  # fmt: skip


def _take_a_slot_for_a_password_post():
    if request.method != "POST" or request.endpoint not in PASSWORD_ENDPOINTS:
        return None
    slot = _gate().slot()
    try:
        slot.__enter__()
    except PasswordChecksBusy:
        return busy_response()
    request.environ[SLOT_KEY] = slot
    return None


def _give_the_slot_back(_exc=None) -> None:
    slot = request.environ.pop(SLOT_KEY, None)
    if slot is not None:
        slot.__exit__(None, None, None)


def _gate() -> PasswordGate:
    gate = current_app.extensions.get(EXTENSION)
    if gate is None:
        config = current_app.config
        slots = config.get("PASSWORD_CHECKS_AT_ONCE") or max(1, (os.cpu_count() or 2) // 2)
        lock_dir = Path(config.get("PASSWORD_CHECK_LOCK_DIR") or current_app.instance_path)
        new = PasswordGate(int(slots), float(config.get("PASSWORD_CHECK_WAIT_SECONDS", 0)),
                           lock_dir / "locks")  # fmt: skip
        gate = current_app.extensions.setdefault(EXTENSION, new)
    return gate
