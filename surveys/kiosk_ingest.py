"""A kiosk's answer on PostgreSQL in two statements instead of seven.

Answers arrive from thousands of tablets at once, and on PostgreSQL every statement is a round
trip. The general path (:func:`surveys.responses.submit_kiosk_response`) spends seven; here:

1. one SELECT, outside any transaction, brings the device, its MPP's zone, the counter and
   service the answer names, the MPP's alert rule, the device's latest answers (for the abuse
   rules) and the counter's tally within the alert window;
2. one INSERT whose data-modifying CTEs also count the answer in both rollups. One statement is
   one transaction: the answer and its counts are stored together or not at all.

Both run on a pool of their own (``app.database.ingest_engine``) that skips the ping before each
checkout: on a lost connection the pair is simply run again, which is safe (the id is unique).

Whatever is out of the ordinary takes the general path, which answers exactly as it always has:
an unknown or closed counter, a service of another agency, a repeated id (a retry whose
acknowledgement was lost), and an answer that makes the counter's alert fall due (there the
alert is raised in the same transaction as the answer).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from zoneinfo import ZoneInfo

from psycopg import OperationalError, RawCursor
from psycopg.rows import namedtuple_row
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from surveys import alerts, rollups
from surveys.abuse import HISTORY, flag_reason, history_from
from surveys.devices import TOKEN_MAX_LENGTH, ensure_usable, hash_token
from surveys.errors import InvalidSubmission
from surveys.instrument import ELEMENTS
from surveys.models import utcnow
from surveys.responses import (
    Origin,
    StoredResponse,
    checked_ids,
    response_values,
    submit_kiosk_response,
    summary_with_codes,
)
from surveys.validation import Submission


def _numbered(sql: str) -> tuple[str, tuple[str, ...]]:
    """``:name`` placeholders as PostgreSQL's own ``$1, $2 …``, and the names in that order.

    Done once, at import: the statements run on psycopg's raw cursor, which sends them as they
    are (its usual placeholder conversion is not cached for statements this long, and cost more
    CPU than the rest of the write).
    """
    names: list[str] = []

    def number(match: re.Match) -> str:
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    return re.sub(r"(?<![:\w]):([a-z_]+)", number, sql), tuple(names)


# The window rule's longest window (RULE_LIMITS): bounds the tally's local dates.
_LONGEST_WINDOW = dt.timedelta(minutes=alerts.RULE_LIMITS["window_minutes"][1])

_scores = ", ".join(f"h.{code}" for code in ELEMENTS)
_history_scores = ", ".join(ELEMENTS)
_answered = " + ".join(f"(w.{code} IS NOT NULL)::int" for code in ELEMENTS)
_low = " + ".join(f"coalesce((w.{code} <= 2)::int, 0)" for code in ELEMENTS)
_READ, _READ_PARAMS = _numbered(f"""
SELECT d.id AS device_id, d.mpp_id, d.revoked_at, d.counter_id AS fixed_counter_id,
       p.timezone, c.id AS counter_id, c.tenant_id, c.active,
       s.id AS service_id, s.tenant_id AS service_tenant_id,
       {", ".join(f"r.{name}" for name in alerts.WINDOW_RULE_COLUMNS)},
       latest.stamps, latest.scores,
       tally.responses AS tally_responses, tally.answers AS tally_answers, tally.low AS tally_low
FROM device d
JOIN mpp m ON m.id = d.mpp_id
JOIN regency g ON g.code = m.regency_code
JOIN province p ON p.code = g.province_code
LEFT JOIN counter c ON c.mpp_id = d.mpp_id AND c.code = :counter
LEFT JOIN service s ON s.mpp_id = d.mpp_id AND s.code = :service
LEFT JOIN alert_rule r ON r.mpp_id = d.mpp_id
CROSS JOIN LATERAL (
    SELECT array_agg(h.client_submitted_at ORDER BY h.id DESC) AS stamps,
           array_agg(ARRAY[{_scores}] ORDER BY h.id DESC) AS scores
    FROM (SELECT id, client_submitted_at, {_history_scores} FROM response
          WHERE device_id = d.id ORDER BY id DESC LIMIT :history) h
) latest
CROSS JOIN LATERAL (
    SELECT count(*) AS responses, coalesce(sum({_answered}), 0) AS answers,
           coalesce(sum({_low}), 0) AS low
    FROM response w
    WHERE w.counter_id = c.id AND w.local_date BETWEEN :first_day AND :last_day
      AND w.client_submitted_at BETWEEN
          :stamp - make_interval(mins => coalesce(r.window_minutes, :default_minutes)) AND :stamp
      AND NOT w.excluded AND w.flag_reason IS NULL
) tally
WHERE d.token_hash = :token_hash
""")  # fmt: skip

# What the stored row adds to the rollups, computed from it in the same statement.
_day_values = [
    "coalesce(s.service_id, 0)" if name == "service_id" else f"s.{name}" for name in rollups.DAY_KEY
]
_month_values = ["date_trunc('month', s.local_date)::date", "s.mpp_id"]  # rollups.MONTH_KEY
_counts = ["1"] + [
    f"CASE s.{code} WHEN {score} THEN 1 ELSE 0 END"
    for code, score in (column.rsplit("_", 1) for column in rollups.COUNT_COLUMNS)
]


@functools.cache
def _write(columns: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The answer's INSERT with both rollup upserts chained behind it: nothing is counted
    when the id was stored before (the insert yields no row)."""
    counting = rollups.counting_ctes(
        _day_values + _counts, _month_values + _counts, rows="FROM stored s"
    )
    return _numbered(
        f"WITH stored AS (INSERT INTO response ({', '.join(columns)}) "
        f"VALUES ({', '.join(f':{c}' for c in columns)}) ON CONFLICT (uuid) DO NOTHING "
        f"RETURNING id, {', '.join((*rollups.DAY_KEY, *ELEMENTS))}), "
        f"{counting} SELECT stored.id FROM stored, month_rollup"
    )


def submit_kiosk(
    session: Session,
    token: str,
    submission: Submission,
    now: dt.datetime | None = None,
    engine: Engine | None = None,
) -> StoredResponse:
    """Store a kiosk's answer; errors as ``submit_kiosk_response``'s.

    With `engine` (a PostgreSQL pool) in two statements, unless the answer is out of the
    ordinary; without it (SQLite) by the general path.
    """
    now = now or utcnow()
    if engine is not None:
        try:
            stored = _store_in_two_statements(engine, token, submission, now)
        except _ConnectionLost:
            # The database restarted or failed over: every idle connection of the pool went
            # with it. Both statements are safe to repeat (a stored id is found, not doubled).
            engine.pool.dispose()
            stored = _store_in_two_statements(engine, token, submission, now)
        if stored is not None:
            return stored
    return submit_kiosk_response(session, token, submission, now)


class _ConnectionLost(OperationalError):
    """The connection broke under a statement (a second time, it ends the request as any
    database failure does)."""


def _store_in_two_statements(
    engine: Engine, token: str, submission: Submission, now: dt.datetime
) -> StoredResponse | None:
    """The stored answer, or None when the general path must take it."""
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")  # no BEGIN, no COMMIT
        driver = connection.connection.driver_connection
        try:
            stored = _two_statements(RawCursor(driver, row_factory=namedtuple_row), token,
                                     submission, now)  # fmt: skip
        except OperationalError as error:
            if not driver.broken:
                raise
            connection.invalidate()  # not back into the pool
            raise _ConnectionLost from error
    return stored


def _two_statements(cursor: RawCursor, token: str, submission: Submission, now: dt.datetime):
    row = None
    if len(token) <= TOKEN_MAX_LENGTH:
        row = _run(cursor, _READ, _READ_PARAMS, _read_params(token, submission))
    ensure_usable(row is not None, row is not None and row.revoked_at is not None)
    origin = Origin(row.mpp_id, ZoneInfo(row.timezone), row.device_id, row.fixed_counter_id)
    try:
        ids = checked_ids(submission, origin, row)
    except InvalidSubmission:
        return None  # refused there, unless it was stored before the counter closed
    values = response_values(submission, origin, ids, now)
    latest = zip(row.stamps or (), row.scores or (), strict=True)
    values["flag_reason"] = flag_reason(submission, history_from(latest, submission.submitted_at))
    if _alert_falls_due(row, values):
        return None
    if _run(cursor, *_write(tuple(values)), values) is None:
        return None  # the id was stored before: the general path answers with that one
    summary = summary_with_codes(values, submission.counter, submission.service)
    return StoredResponse(None, created=True, summary=summary)


def _run(cursor: RawCursor, sql: str, names: tuple[str, ...], params: dict):
    """Execute a numbered statement with its named parameters; its first row or None."""
    return cursor.execute(sql, [params[name] for name in names]).fetchone()


def _read_params(token: str, submission: Submission) -> dict:
    stamp = submission.submitted_at
    first_day, last_day = alerts.local_date_bounds(stamp - _LONGEST_WINDOW, stamp)
    return {
        "counter": submission.counter,
        "service": submission.service,
        "token_hash": hash_token(token),
        "history": HISTORY,
        "stamp": stamp,
        "first_day": first_day,
        "last_day": last_day,
        "default_minutes": alerts.WINDOW_RULE_DEFAULTS["window_minutes"],
    }


def _alert_falls_due(row, values: dict) -> bool:
    """Whether this answer completes a bad streak at its counter (as check_response decides)."""
    if values["flag_reason"] is not None:
        return False
    rule = {  # no saved rule comes as NULLs: the defaults hold
        name: default if getattr(row, name) is None else getattr(row, name)
        for name, default in alerts.WINDOW_RULE_DEFAULTS.items()
    }
    if not rule["window_enabled"]:
        return False
    before = alerts.WindowTally(row.tally_responses, row.tally_answers, row.tally_low)
    after = before.plus(values[code] for code in ELEMENTS)
    return alerts.window_due(after, rule["min_responses"], rule["low_share"])
