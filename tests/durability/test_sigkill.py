"""SIGKILL the server mid-stream: every acknowledged answer survives, every retry stores once.

A kiosk keeps an answer in its outbox until the server acknowledges it (200 or 201) and then
forgets it; so an acknowledged answer must already be on disk, and an answer whose
acknowledgement was lost must be stored once however often it is sent again.
"""

from __future__ import annotations

import queue
import threading
import time

from sqlalchemy import create_engine, func, select

from surveys.instrument import ELEMENTS
from surveys.models import Response
from tests.durability.server import (
    Server,
    needs_server,
    prepare,
    request,
    temporary_postgres_database,
)
from tests.factories import submission_payload

pytestmark = needs_server
SENT, CLIENTS, KILL_AFTER = 240, 4, 80  # submissions, concurrent senders, acks before the kill
RETRY_ROUNDS, TIME_LIMIT = 20, 300.0


class Outbox:
    """A kiosk's outbox shared by CLIENTS senders: pending payloads and what was acknowledged."""

    def __init__(self, payloads: list[dict]):
        self.payloads = {p["id"]: p for p in payloads}
        self.acked: dict[str, int] = {}  # id -> first acknowledging status
        self.lock = threading.Lock()

    def send(self, server: Server, token: str, ids: list[str]) -> list[str]:
        """Send `ids` with CLIENTS threads; the ones not acknowledged, in order."""
        todo: queue.Queue[str] = queue.Queue()
        for client_id in ids:
            todo.put(client_id)
        failed: list[str] = []

        def sender():
            while True:
                try:
                    client_id = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    status, body = request(server.base + "/api/v1/responses",
                                           self.payloads[client_id], token, timeout=30)  # fmt: skip
                except OSError:
                    status, body = None, None
                with self.lock:
                    if status in (200, 201):
                        assert body["id"] == client_id
                        self.acked.setdefault(client_id, status)
                    else:
                        assert status is None, (status, body)  # never a 4xx or 5xx here
                        failed.append(client_id)

        threads = [threading.Thread(target=sender) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return failed


def kill_after(server: Server, outbox: Outbox, acks: int, killed: dict) -> threading.Thread:
    def watch():
        while len(outbox.acked) < acks:
            time.sleep(0.005)
        with outbox.lock:
            killed["acked"] = dict(outbox.acked)
        server.kill()

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def payloads() -> list[dict]:
    # Answers vary with the index, so a row can be checked against what was sent for its id.
    return [submission_payload(answers={code: 1 + (i + k) % 4 for k, code in enumerate(ELEMENTS)})
            for i in range(SENT)]  # fmt: skip


def stored_rows(database_url: str) -> dict[str, tuple]:
    engine = create_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(select(Response.uuid, *(getattr(Response, c) for c in ELEMENTS)))
        stored = {}
        for uuid, *scores in rows:
            assert uuid not in stored, f"{uuid} stored twice"
            stored[uuid] = tuple(scores)
        assert conn.scalar(select(func.count()).select_from(Response)) == len(stored)
    engine.dispose()
    return stored


def kill_and_recover(database_url: str, log) -> dict:
    started = time.monotonic()
    site = prepare(database_url)
    outbox = Outbox(payloads())
    server = Server(database_url, log, workers=2)
    server.start()
    killed: dict = {}
    try:
        watcher = kill_after(server, outbox, KILL_AFTER, killed)
        unacked = outbox.send(server, site.token, list(outbox.payloads))
        watcher.join(timeout=60)
        assert server.process.poll() is not None, "the server was not killed mid-stream"
        assert unacked, "the kill came after the last submission: nothing was mid-stream"
        server = Server(database_url, log, workers=2)
        server.start()
        for _ in range(RETRY_ROUNDS):
            if not unacked or time.monotonic() - started > TIME_LIMIT:
                break
            unacked = outbox.send(server, site.token, unacked)
    finally:
        server.stop()
    assert not unacked, f"{len(unacked)} never acknowledged"

    stored = stored_rows(database_url)
    sent = {i: tuple(p["answers"][c] for c in ELEMENTS) for i, p in outbox.payloads.items()}
    assert set(killed["acked"]) <= set(stored), "an answer acknowledged before the kill is lost"
    assert stored == sent  # each distinct id exactly once, with the answers sent under it
    return {"acked_before_kill": len(killed["acked"]),
            "retried_already_stored": sum(1 for s in outbox.acked.values() if s == 200),
            "seconds": round(time.monotonic() - started, 1)}  # fmt: skip


def test_sigkill_mid_stream_loses_no_acknowledged_answer_on_a_sqlite_file(tmp_path):
    print(kill_and_recover(f"sqlite:///{tmp_path / 'kiosk.sqlite3'}", tmp_path / "gunicorn.log"))


def test_sigkill_mid_stream_loses_no_acknowledged_answer_on_postgresql(tmp_path):
    with temporary_postgres_database() as url:
        print(kill_and_recover(url, tmp_path / "gunicorn.log"))
