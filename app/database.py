"""Engine settings: every acknowledged answer durable; kiosk answers on a pool of their own."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.extensions import db

INGEST_BIND = "ingest"


def add_ingest_bind(config) -> None:
    """PostgreSQL: a second pool, for kiosk answers, that does not ping before each checkout.

    The app's pool pings every connection it hands out (a round trip) so that pages survive a
    database restart. Kiosk answers take the two-statement path (surveys.kiosk_ingest), which
    may repeat both statements safely: it retries on a lost connection instead, and saves a
    third of its round trips.
    """
    url = config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("postgresql"):
        binds = config.setdefault("SQLALCHEMY_BINDS", {})
        binds.setdefault(INGEST_BIND, {"url": url, "pool_pre_ping": False})


def ingest_engine() -> Engine | None:
    """The kiosk answers' pool (None on SQLite, where the general path stores every answer)."""
    return db.engines.get(INGEST_BIND)


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
