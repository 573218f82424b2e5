"""Pre-aggregated answer counts that dashboards, reports and national views read.

Two wide tables, kept in step with ``response`` in the same transaction as every change:

``response_rollup``
    one row per MPP × tenant × counter × service × channel × local date × local hour, with
    ``respondents`` and 36 counts ``persyaratan_1 … pengaduan_4`` (answers with that score).
    ``service_id`` 0 stands for "no service chosen", so the primary key works on every engine.
``response_rollup_month``
    one row per MPP × month (first day of the month): the national and trend views, whose size
    does not grow with the number of answers.

Excluded responses are left out. :func:`add_response` runs inside ``submit_response``'s
transaction; a kiosk answer on PostgreSQL is counted by the same statement that inserts it
(``surveys.kiosk_ingest``, through :func:`counting_ctes`); :func:`set_excluded` changes a
response and both rollups in one transaction;
:func:`rebuild` and :func:`check` recompute everything from the raw rows.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from sqlalchemy import (
    Column,
    Date,
    Integer,
    SmallInteger,
    String,
    Table,
    case,
    cast,
    delete,
    except_,
    func,
    select,
    text,
    true,
    type_coerce,
)
from sqlalchemy.orm import Session

from analysis.skm import ELEMENT_CODES
from surveys.models import Base, Response
from surveys.privacy import RetentionSetting

COUNT_COLUMNS = tuple(f"{code}_{score}" for code in ELEMENT_CODES for score in range(1, 5))
DAY_KEY = ("mpp_id", "tenant_id", "counter_id", "service_id", "channel", "local_date", "local_hour")
MONTH_KEY = ("month", "mpp_id")
NO_SERVICE = 0


def _count_columns() -> list[Column]:
    return [
        Column(name, Integer, nullable=False, default=0, server_default=text("0"))
        for name in ("respondents", *COUNT_COLUMNS)
    ]


response_rollup = Table(
    "response_rollup",
    Base.metadata,
    # Key order = primary-key index order: an MPP's date range is one contiguous index range.
    Column("mpp_id", Integer, primary_key=True),
    Column("local_date", Date, primary_key=True),
    Column("local_hour", SmallInteger, primary_key=True),
    Column("counter_id", Integer, primary_key=True),
    Column("service_id", Integer, primary_key=True),  # 0 = no service chosen
    Column("channel", String(8), primary_key=True),
    Column("tenant_id", Integer, primary_key=True),
    *_count_columns(),
)

response_rollup_month = Table(
    "response_rollup_month",
    Base.metadata,
    Column("month", Date, primary_key=True),  # first day of the month, in the MPP's zone
    Column("mpp_id", Integer, primary_key=True),
    *_count_columns(),
)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


COUNTED = ("respondents", *COUNT_COLUMNS)  # what one response adds to (or takes from) a row


def _upsert_sql(table: Table, key_names: tuple[str, ...], values: list[str], rows: str = "") -> str:
    """INSERT … ON CONFLICT (key) DO UPDATE SET col = col + delta (SQLite and PostgreSQL).

    `values` holds one SQL expression per key column, then per COUNTED column (parameters, or
    expressions over the ``rows`` clause such as ``FROM stored s``). Every count column is always
    named (a zero where the response adds nothing): one statement per table whatever the answers,
    compiled and prepared once rather than once per score pattern.
    """
    names = (*key_names, *COUNTED)
    sets = ", ".join(f"{n} = {table.name}.{n} + excluded.{n}" for n in COUNTED)
    source = f"SELECT {', '.join(values)} {rows}" if rows else f"VALUES ({', '.join(values)})"
    return (
        f"INSERT INTO {table.name} ({', '.join(names)}) {source} "
        f"ON CONFLICT ({', '.join(key_names)}) DO UPDATE SET {sets}"
    )


def _parameters(prefix: str, key_names: tuple[str, ...]) -> list[str]:
    return [f":{prefix}_{name}" for name in (*key_names, *COUNTED)]


def counting_ctes(day_values: list[str], month_values: list[str], rows: str = "") -> str:
    """Both upserts as data-modifying CTEs ``day_rollup`` and ``month_rollup`` (PostgreSQL).

    The month upsert reads the day upsert's output, so every writer locks the day row, then
    the month row: two answers never wait on each other in opposite orders. ``rows`` (such as
    ``FROM stored s``) gates both: nothing is counted when it yields no row.
    """
    day = _upsert_sql(response_rollup, DAY_KEY, day_values, rows)
    after_day = f"{rows}, day_rollup" if rows else "FROM day_rollup"
    month = _upsert_sql(response_rollup_month, MONTH_KEY, month_values, after_day)
    return f"day_rollup AS ({day} RETURNING 1), month_rollup AS ({month} RETURNING 1)"


@functools.cache
def _upsert_statements(dialect: str) -> tuple:
    day, month = _parameters("d", DAY_KEY), _parameters("m", MONTH_KEY)
    if dialect == "postgresql":  # one round trip
        return (text(f"WITH {counting_ctes(day, month)} SELECT count(*) FROM month_rollup"),)
    day_sql = _upsert_sql(response_rollup, DAY_KEY, day)
    return text(day_sql), text(_upsert_sql(response_rollup_month, MONTH_KEY, month))


def _deltas(response: Response, sign: int) -> dict[str, int]:
    """What the response adds to every counted column (sign -1: takes away)."""
    deltas = dict.fromkeys(COUNTED, 0)
    deltas["respondents"] = sign
    for code in ELEMENT_CODES:
        if (score := getattr(response, code)) is not None:
            deltas[f"{code}_{score}"] = sign
    return deltas


def _keys(response: Response) -> tuple[dict, dict]:
    day = {
        "mpp_id": response.mpp_id,
        "tenant_id": response.tenant_id,
        "counter_id": response.counter_id,
        "service_id": response.service_id or NO_SERVICE,
        "channel": response.channel,
        "local_date": response.local_date,
        "local_hour": response.local_hour,
    }
    return day, {"mpp_id": response.mpp_id, "month": month_start(response.local_date)}


def add_response(session: Session, response: Response, sign: int = 1) -> None:
    """Count (sign=1) or uncount (sign=-1) one response in both rollups; the caller commits.

    Every writer comes through here or through :func:`counting_ctes` (the kiosk's insert), so
    all take the two row locks in the same order: the day row, then the month row.
    """
    day_key, month_key = _keys(response)
    deltas = _deltas(response, sign)
    params = {f"d_{k}": v for k, v in {**day_key, **deltas}.items()}
    params.update({f"m_{k}": v for k, v in {**month_key, **deltas}.items()})
    for statement in _upsert_statements(_dialect(session)):
        session.execute(statement, params)
    if sign < 0:
        for table, key in ((response_rollup, day_key), (response_rollup_month, month_key)):
            match = [table.c[name] == value for name, value in key.items()]
            session.execute(delete(table).where(*match, table.c.respondents == 0))


def set_excluded(session: Session, response: Response, excluded: bool) -> None:
    """Exclude (or include again) a response and adjust the rollups, in one transaction."""
    if bool(response.excluded) == excluded:
        return
    response.excluded = excluded
    session.flush()
    add_response(session, response, sign=-1 if excluded else 1)
    session.commit()


# --- Recomputing from the raw rows ------------------------------------------------------------


def _month_of(session: Session, column):
    if _dialect(session) == "postgresql":
        return cast(func.date_trunc("month", column), Date)
    return type_coerce(func.date(column, "start of month"), Date)


def _count_expressions(source) -> list:
    exprs = [func.count().label("respondents")]
    for code in ELEMENT_CODES:
        for score in range(1, 5):
            hit = case((source.c[code] == score, 1), else_=0)
            exprs.append(func.coalesce(func.sum(hit), 0).label(f"{code}_{score}"))
    return exprs


def expected_day_rows(session: Session):
    """The day rollup as it should be, computed from the included raw responses."""
    r = Response.__table__
    service = func.coalesce(r.c.service_id, NO_SERVICE).label("service_id")
    keys = [r.c.mpp_id, r.c.local_date, r.c.local_hour, r.c.counter_id, service, r.c.channel,
            r.c.tenant_id]  # fmt: skip
    return (
        select(*keys, *_count_expressions(r))
        .where(r.c.excluded.is_(False))
        .group_by(*keys[:4], r.c.service_id, r.c.channel, r.c.tenant_id)
    )


def month_rows_from_days(session: Session):
    """The month rollup summed from the day rollup (what rebuild uses, once days are rebuilt)."""
    day = response_rollup
    month = _month_of(session, day.c.local_date)
    sums = [func.sum(c).label(c.name) for c in _stored_counts(day)]
    return select(month.label("month"), day.c.mpp_id, *sums).group_by(month, day.c.mpp_id)


def _in_key_order(stmt):
    return stmt.order_by(*list(stmt.selected_columns)[: len(DAY_KEY)])


def _stored_counts(table: Table) -> list[Column]:
    return [table.c[name] for name in ("respondents", *COUNT_COLUMNS)]


def _stored_rows(table: Table, key_names) -> object:
    return select(*(table.c[name] for name in key_names), *_stored_counts(table))


def _lock_for_rebuild(session: Session) -> None:
    if _dialect(session) == "postgresql":
        # Submissions wait while the rollups are rebuilt, so none is counted twice or lost.
        session.execute(text("LOCK TABLE response IN SHARE MODE"))
        session.execute(text("LOCK TABLE response_rollup, response_rollup_month IN EXCLUSIVE MODE"))


def rebuild(session: Session) -> int:
    """Recompute both rollups from the raw rows in one transaction; returns the day rows."""
    _lock_for_rebuild(session)
    horizon = purged_before(session)
    # Days whose raw answers were purged (privacy retention) keep their counts: only the rollup
    # remembers them now.
    session.execute(delete(response_rollup).where(_on_or_after(response_rollup.c.local_date,
                                                                horizon)))  # fmt: skip
    session.execute(delete(response_rollup_month))
    day_names = ["mpp_id", "local_date", "local_hour", "counter_id", "service_id", "channel",
                 "tenant_id", "respondents", *COUNT_COLUMNS]  # fmt: skip
    # In key order, so that an MPP's month lies on a few neighbouring pages.
    rows_in_order = _in_key_order(
        expected_day_rows(session).where(_on_or_after(Response.__table__.c.local_date, horizon))
    )
    session.execute(response_rollup.insert().from_select(day_names, rows_in_order))
    month_names = ["month", "mpp_id", "respondents", *COUNT_COLUMNS]
    session.execute(
        response_rollup_month.insert().from_select(month_names, month_rows_from_days(session))
    )
    rows = session.scalar(select(func.count()).select_from(response_rollup))
    session.commit()
    return rows


@dataclass(frozen=True)
class RollupDifference:
    table: str
    side: str  # "raw" (rows the raw data implies) or "rollup" (rows stored)
    row: tuple


def check(session: Session, limit: int = 20) -> list[RollupDifference]:
    """Compare both rollups with the raw rows; an empty list means they agree exactly."""
    day_names = ("mpp_id", "local_date", "local_hour", "counter_id", "service_id", "channel",
                 "tenant_id")  # fmt: skip
    horizon = purged_before(session)
    expected_day = expected_day_rows(session).where(
        _on_or_after(Response.__table__.c.local_date, horizon)
    )
    stored_day = _stored_rows(response_rollup, day_names).where(
        _on_or_after(response_rollup.c.local_date, horizon)
    )
    differences = _differences(session, "response_rollup", expected_day, stored_day, limit)
    # The month rollup is checked against the raw rows too, not only against the day rollup.
    first_full_month = _month_after(horizon)
    expected_month = _raw_month_rows(session).where(
        _on_or_after(Response.__table__.c.local_date, first_full_month)
    )
    stored_month = _stored_rows(response_rollup_month, MONTH_KEY).where(
        _on_or_after(response_rollup_month.c.month, first_full_month)
    )
    differences += _differences(
        session, "response_rollup_month", expected_month, stored_month, limit
    )
    return differences


def purged_before(session: Session) -> dt.date | None:
    """Raw answers before this day were purged under the retention setting (None: none were)."""
    return session.scalar(select(RetentionSetting.responses_purged_before).limit(1))


def _on_or_after(column, day: dt.date | None):
    return column >= day if day is not None else true()


def _month_after(day: dt.date | None) -> dt.date | None:
    if day is None:
        return None
    if day.day == 1:
        return day
    return (month_start(day) + dt.timedelta(days=32)).replace(day=1)


def _raw_month_rows(session: Session):
    r = Response.__table__
    month = _month_of(session, r.c.local_date)
    return (
        select(month.label("month"), r.c.mpp_id, *_count_expressions(r))
        .where(r.c.excluded.is_(False))
        .group_by(month, r.c.mpp_id)
    )


def _differences(session, name, expected, stored, limit) -> list[RollupDifference]:
    found = []
    for side, first, second in (("raw", expected, stored), ("rollup", stored, expected)):
        diff = except_(first, second).subquery()
        for row in session.execute(select(diff).limit(limit)):
            found.append(RollupDifference(name, side, tuple(row)))
    return found


__all__ = [
    "COUNT_COLUMNS",
    "DAY_KEY",
    "MONTH_KEY",
    "NO_SERVICE",
    "RollupDifference",
    "add_response",
    "check",
    "counting_ctes",
    "rebuild",
    "response_rollup",
    "response_rollup_month",
    "set_excluded",
]
