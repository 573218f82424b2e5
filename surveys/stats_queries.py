"""Queries the dashboards, reports and national views call: answer counts per group.

Every function takes the same filters (each optional; lists mean "any of"):

``mpp_ids, tenant_ids, counter_ids, service_ids`` (``None`` inside ``service_ids`` = no service),
``channels`` ("kiosk", "qr"), ``date_from, date_to`` (inclusive local dates, the MPP's own zone).

Excluded responses are always left out. Counts are in ``analysis.skm.ELEMENT_CODES`` order, so
``analysis.skm.ikm_from_counts(result.counts)`` gives the IKM per group.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Date, Integer, cast, func, literal, select, type_coerce
from sqlalchemy.orm import Session

from analysis.skm import ELEMENT_CODES, N_ELEMENTS
from surveys.models import Response
from surveys.rollups import COUNT_COLUMNS, NO_SERVICE, response_rollup, response_rollup_month

GROUPINGS = ("mpp_id", "tenant_id", "counter_id", "service_id", "channel", "local_date", "month",
             "week")  # fmt: skip


@dataclass(frozen=True)
class GroupedCounts:
    """Answer counts per group: ``counts[g, e, s-1]`` answers with score s to element e.

    ``keys[g]`` is the group's tuple of ``group_by`` values: ids as int (``service_id`` None
    for "no service"), ``channel`` str, ``local_date`` and ``week`` (its Monday) as
    ``datetime.date``, ``month`` as "YYYY-MM". Groups come sorted by key; empty groups are absent
    (except ``group_by=()``, which always gives the one total group).
    """

    group_by: tuple[str, ...]
    keys: list[tuple]
    counts: np.ndarray  # (g, 9, 4) int64
    respondents: np.ndarray  # (g,) int64


@dataclass(frozen=True)
class RawScores:
    """One row per included respondent: ``scores`` (n, 9) int8, 0 = not answered.

    ``group_codes[i]`` indexes ``keys`` (same key types as :class:`GroupedCounts`).
    Unpacks as ``group_codes, scores = raw_scores(...)``.
    """

    group_by: tuple[str, ...]
    keys: list[tuple]
    group_codes: np.ndarray  # (n,) int64
    scores: np.ndarray  # (n, 9) int8

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter((self.group_codes, self.scores))


@dataclass(frozen=True)
class HeatmapCounts:
    """Answer counts by weekday (0 = Monday) × local hour: ``counts`` (7, 24, 9, 4)."""

    counts: np.ndarray  # (7, 24, 9, 4) int64
    respondents: np.ndarray  # (7, 24) int64


def element_counts(
    session: Session,
    *,
    mpp_ids: Sequence[int] | None = None,
    tenant_ids: Sequence[int] | None = None,
    counter_ids: Sequence[int] | None = None,
    service_ids: Sequence[int | None] | None = None,
    channels: Sequence[str] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    group_by: Sequence[str] = ("counter_id",),
) -> GroupedCounts:
    """Answer counts per group, read from the rollups (never from the raw rows).

    ``group_by`` is any of mpp_id, tenant_id, counter_id, service_id, channel, local_date,
    month, week. Whole-month periods grouped by MPP and/or month read the month rollup (a few
    rows per MPP and month, whatever the volume); everything else reads the day rollup.
    """
    group_by = _checked_grouping(group_by)
    filters = dict(mpp_ids=mpp_ids, tenant_ids=tenant_ids, counter_ids=counter_ids,
                   service_ids=service_ids, channels=channels)  # fmt: skip
    if _month_rollup_will_do(filters, date_from, date_to, group_by):
        table, date_column = response_rollup_month, response_rollup_month.c.month
    else:
        table, date_column = response_rollup, response_rollup.c.local_date
    keys = [_group_expression(session, table, date_column, name) for name in group_by]
    sums = [func.coalesce(func.sum(table.c[n]), 0) for n in ("respondents", *COUNT_COLUMNS)]
    stmt = select(*keys, *sums).where(*_conditions(table, date_column, filters, date_from, date_to))
    if keys:
        stmt = stmt.group_by(*keys).order_by(*keys)
    rows = session.execute(stmt).all()
    width = 1 + len(COUNT_COLUMNS)  # explicit: reshape(0, -1) fails when no group matched
    values = np.array([row[len(keys) :] for row in rows], dtype=np.int64).reshape(len(rows), width)
    return GroupedCounts(
        group_by,
        [_key(group_by, row[: len(keys)]) for row in rows],
        values[:, 1:].reshape(len(rows), N_ELEMENTS, 4),
        values[:, 0],
    )


def raw_scores(
    session: Session,
    *,
    mpp_ids: Sequence[int] | None = None,
    tenant_ids: Sequence[int] | None = None,
    counter_ids: Sequence[int] | None = None,
    service_ids: Sequence[int | None] | None = None,
    channels: Sequence[str] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    group_by: Sequence[str] = ("counter_id",),
) -> RawScores:
    """Each included respondent's nine answers, for statistics that need respondents
    (bootstrap intervals, Kruskal–Wallis, Cronbach's alpha). Same filters and groupings as
    :func:`element_counts`; reads the raw rows through the (mpp_id, local_date) index.
    """
    group_by = _checked_grouping(group_by)
    table = Response.__table__
    filters = dict(mpp_ids=mpp_ids, tenant_ids=tenant_ids, counter_ids=counter_ids,
                   service_ids=service_ids, channels=channels)  # fmt: skip
    keys = [_group_expression(session, table, table.c.local_date, name) for name in group_by]
    # The nine answers travel as one base-5 number per respondent: a tenth of the rows' bulk.
    terms = [func.coalesce(cast(table.c[code], Integer), 0) * literal(5**e, Integer)
             for e, code in enumerate(ELEMENT_CODES)]  # fmt: skip
    packed = sum(terms[1:], terms[0])
    conditions = _conditions(table, table.c.local_date, filters, date_from, date_to)
    stmt = select(*keys, packed).where(table.c.excluded.is_(False), *conditions)
    rows = session.execute(stmt).all()
    width = len(keys)
    numbers = np.fromiter((row[width] for row in rows), dtype=np.int64, count=len(rows))
    scores = (numbers[:, None] // 5 ** np.arange(N_ELEMENTS) % 5).astype(np.int8)
    codes: dict[tuple, int] = {}
    group_codes = np.fromiter(
        (codes.setdefault(_key(group_by, row[:width]), len(codes)) for row in rows),
        dtype=np.int64,
        count=len(rows),
    )
    return RawScores(group_by, list(codes), group_codes, scores)


def heatmap_counts(
    session: Session,
    *,
    mpp_ids: Sequence[int] | None = None,
    tenant_ids: Sequence[int] | None = None,
    counter_ids: Sequence[int] | None = None,
    service_ids: Sequence[int | None] | None = None,
    channels: Sequence[str] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> HeatmapCounts:
    """Answer counts by weekday × local hour, read from the day rollup (keyed by hour)."""
    counts = element_counts(
        session, mpp_ids=mpp_ids, tenant_ids=tenant_ids, counter_ids=counter_ids,
        service_ids=service_ids, channels=channels, date_from=date_from, date_to=date_to,
        group_by=("local_date", "local_hour"),
    )  # fmt: skip
    out = np.zeros((7, 24, N_ELEMENTS, 4), dtype=np.int64)
    respondents = np.zeros((7, 24), dtype=np.int64)
    if counts.keys:
        weekday = np.array([day.weekday() for day, _ in counts.keys], dtype=np.intp)
        hour = np.array([h for _, h in counts.keys], dtype=np.intp)
        np.add.at(out, (weekday, hour), counts.counts)
        np.add.at(respondents, (weekday, hour), counts.respondents)
    return HeatmapCounts(out, respondents)


# --- Building blocks --------------------------------------------------------------------------


def _checked_grouping(group_by: Sequence[str]) -> tuple[str, ...]:
    if isinstance(group_by, str):
        group_by = (group_by,)
    unknown = [name for name in group_by if name not in (*GROUPINGS, "local_hour")]
    if unknown:
        raise ValueError(f"group_by: unknown grouping {unknown}; choose from {GROUPINGS}")
    return tuple(group_by)


def _month_rollup_will_do(filters: dict, date_from, date_to, group_by) -> bool:
    if any(values is not None for name, values in filters.items() if name != "mpp_ids"):
        return False
    if not set(group_by) <= {"mpp_id", "month"}:
        return False
    starts_a_month = date_from is None or date_from.day == 1
    ends_a_month = date_to is None or (date_to + dt.timedelta(days=1)).day == 1
    return starts_a_month and ends_a_month


def _group_expression(session: Session, table, date_column, name: str):
    postgres = session.get_bind().dialect.name == "postgresql"
    if name == "month":
        if postgres:
            return func.to_char(date_column, "YYYY-MM")
        return func.strftime("%Y-%m", date_column)
    if name == "week":  # the Monday that starts the ISO week
        if postgres:
            return cast(func.date_trunc("week", date_column), Date)
        return type_coerce(func.date(date_column, "weekday 0", "-6 days"), Date)
    if name == "local_date":
        return date_column
    return table.c[name]


def _conditions(table, date_column, filters: dict, date_from, date_to) -> list:
    conditions = []
    for name, values in filters.items():
        if values is None:
            continue
        column = table.c[name.removesuffix("s")]
        values = list(values)
        if name == "service_ids" and table.name != "response":
            values = [NO_SERVICE if v is None else v for v in values]
        elif name == "service_ids" and None in values:
            known = [v for v in values if v is not None]
            conditions.append(column.in_(known) | column.is_(None))
            continue
        conditions.append(column.in_(values))
    if date_from is not None:
        conditions.append(date_column >= date_from)
    if date_to is not None:
        conditions.append(date_column <= date_to)
    return conditions


def _key(group_by: tuple[str, ...], values) -> tuple:
    key = []
    for name, value in zip(group_by, values, strict=True):
        if name == "service_id" and value in (None, NO_SERVICE):
            value = None
        elif name in ("local_date", "week") and isinstance(value, str):
            value = dt.date.fromisoformat(value)
        elif name == "local_date" and isinstance(value, dt.datetime):
            value = value.date()
        key.append(value)
    return tuple(key)
