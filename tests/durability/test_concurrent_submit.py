"""Two (or eight) deliveries of one id at the same instant store one row, on a real server."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import create_engine, func, select

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
IDS, COPIES = 12, 8  # each id posted COPIES times at once


def post_at_once(server: Server, token: str, payload: dict) -> list[tuple[int, dict]]:
    start = threading.Barrier(COPIES)

    def deliver(_):
        start.wait()
        return request(server.base + "/api/v1/responses", payload, token)

    with ThreadPoolExecutor(COPIES) as pool:
        return list(pool.map(deliver, range(COPIES)))


def race(database_url: str, log) -> None:
    site = prepare(database_url)
    server = Server(database_url, log, workers=4)
    server.start()
    try:
        for _ in range(IDS):
            answers = post_at_once(server, site.token, submission_payload())
            statuses = sorted(status for status, _ in answers)
            assert statuses == [200] * (COPIES - 1) + [201], answers
            assert all(body == answers[0][1] for _, body in answers)
    finally:
        server.stop()
    engine = create_engine(database_url)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Response)) == IDS
    engine.dispose()


def test_simultaneous_deliveries_store_one_row_on_a_sqlite_file(tmp_path):
    race(f"sqlite:///{tmp_path / 'race.sqlite3'}", tmp_path / "gunicorn.log")


def test_simultaneous_deliveries_store_one_row_on_postgresql(tmp_path):
    with temporary_postgres_database() as url:
        race(url, tmp_path / "gunicorn.log")
