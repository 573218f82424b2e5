"""Engine settings: every acknowledged answer durable; kiosk answers on a pool of their own."""

from __future__ import annotations

from flask import Flask, current_app
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from app.extensions import db

INGEST_ENGINE = "mutu_ingest_engine"  # its key in app.extensions


def add_ingest_engine(app: Flask) -> None:
    """PostgreSQL: a second pool, for kiosk answers, that does not ping before each checkout.

    The app's pool pings every connection it hands out (a round trip) so that pages survive a
    database restart. Kiosk answers take the two-statement path (surveys.kiosk_ingest), which
    may repeat both statements safely: it retries on a lost connection instead, and saves a
    third of its round trips.
    """
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("postgresql"):
        options = {**app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}), "pool_pre_ping": False}
        app.extensions[INGEST_ENGINE] = create_engine(url, **options)


def ingest_engine() -> Engine | None:
    """The kiosk answers' pool (None on SQLite, where the general path stores every answer)."""
    return current_app.extensions.get(INGEST_ENGINE)


def dispose_engines() -> None:
    """Close the current app's pooled connections, in every pool (the test apps do).

    The session goes first: a connection it still holds would outlive the disposed pool.
    """
    db.session.remove()
    for engine in (*db.engines.values(), ingest_engine()):
        if engine is not None:
            engine.dispose()


def configure_engine(engine: Engine) -> None:
    """SQLite: WAL journal, full synchronous commits, foreign keys, a patient busy timeout.

    PostgreSQL keeps its defaults (synchronous_commit on, fsync on).
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()
