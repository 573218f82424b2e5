"""Alerts a manager acknowledges: a bad streak at one counter, or the IKM dropping.

Two rules per MPP (:class:`AlertRule`, editable by its managers; defaults from DOMAIN 6):

``window``
    at one counter, within ``window_minutes`` before a response was given, at least
    ``min_responses`` responses and at least ``low_share`` of their answers at 1–2. Evaluated
    when a response is stored (:func:`check_response`, called by ``submit_response``; a kiosk
    answer on PostgreSQL has its window tallied before it is written, and one that makes the
    alert fall due is stored by ``submit_response``'s path, alert and all). Flagged
    and excluded responses are left out. A streak that goes on extends its open alert instead of
    raising a new one.
``ikm_drop``
    the IKM of the last complete month more than ``ikm_drop_points`` below the month before
    (each month with at least ``drop_min_responses`` responses). Evaluated lazily whenever the
    alert list or the dashboard count is read (:func:`refresh_period_alerts`); one alert per
    month at most.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from analysis.skm import ikm_from_counts
from surveys.errors import InvalidSubmission
from surveys.instrument import ELEMENTS
from surveys.models import Base, Counter, Mpp, Response, utcnow
from surveys.periods import parse_period
from surveys.stats_queries import element_counts

KINDS = ("window", "ikm_drop")
COMMENT_MAX_LENGTH = 1000


class AlertRule(Base):
    __tablename__ = "alert_rule"

    mpp_id: Mapped[int] = mapped_column(ForeignKey("mpp.id"), primary_key=True)
    window_enabled: Mapped[bool] = mapped_column(default=True)
    window_minutes: Mapped[int] = mapped_column(default=60)
    min_responses: Mapped[int] = mapped_column(default=4)
    low_share: Mapped[float] = mapped_column(Float, default=0.5)
    drop_enabled: Mapped[bool] = mapped_column(default=True)
    ikm_drop_points: Mapped[float] = mapped_column(Float, default=5.0)
    drop_min_responses: Mapped[int] = mapped_column(default=30)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Alert(Base):
    __tablename__ = "alert"
    __table_args__ = (UniqueConstraint("mpp_id", "kind", "counter_id", "window_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mpp_id: Mapped[int] = mapped_column(ForeignKey("mpp.id"), index=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    kind: Mapped[str] = mapped_column(String(12))
    window_start: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    window_end: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    raised_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    comment: Mapped[str] = mapped_column(Text, default="")

    counter: Mapped[Counter | None] = relationship()
    acknowledged_by = relationship("User")

    @property
    def open(self) -> bool:
        return self.acknowledged_at is None


# --- Rules ------------------------------------------------------------------------------------

RULE_LIMITS = {
    "window_minutes": (5, 24 * 60, int),
    "min_responses": (2, 1000, int),
    "low_share": (0.1, 1.0, float),
    "ikm_drop_points": (0.5, 75.0, float),
    "drop_min_responses": (1, 100_000, int),
}


def rule_for(session: Session, mpp_id: int) -> AlertRule:
    """The MPP's rule, or the defaults (not stored until a manager changes them)."""
    return session.get(AlertRule, mpp_id) or rule_with_defaults(mpp_id)


# What the window rule reads, for a caller that fetches it along with other data.
WINDOW_RULE_COLUMNS = ("window_enabled", "window_minutes", "min_responses", "low_share")
WINDOW_RULE_DEFAULTS = {
    name: AlertRule.__table__.c[name].default.arg for name in WINDOW_RULE_COLUMNS
}


def rule_with_defaults(mpp_id: int, values: dict | None = None) -> AlertRule:
    """An unsaved rule holding `values` (column -> value) and the defaults for the rest."""
    rule = AlertRule(mpp_id=mpp_id, **(values or {}))
    for column in AlertRule.__table__.columns:
        if getattr(rule, column.key) is None and column.default is not None:
            setattr(rule, column.key, column.default.arg)
    return rule


def update_rule(session: Session, mpp_id: int, values: dict, user_id: int | None) -> AlertRule:
    """Change the thresholds; every value checked against RULE_LIMITS, all or nothing."""
    errors = {}
    for name, (low, high, _kind) in RULE_LIMITS.items():
        value = values.get(name)
        if value is None or not low <= value <= high:
            errors[name] = f"between {low:g} and {high:g}"
    if errors:
        raise InvalidSubmission("The alert rule was not saved.", errors)
    rule = session.get(AlertRule, mpp_id) or AlertRule(mpp_id=mpp_id)
    session.add(rule)
    for name, (_, _, kind) in RULE_LIMITS.items():
        setattr(rule, name, kind(values[name]))
    rule.window_enabled = bool(values.get("window_enabled"))
    rule.drop_enabled = bool(values.get("drop_enabled"))
    rule.updated_by_id, rule.updated_at = user_id, utcnow()
    session.commit()
    return rule


# --- The window rule ---------------------------------------------------------------------------


@dataclass(frozen=True)
class WindowTally:
    responses: int
    answers: int
    low: int  # answers at 1 or 2

    @property
    def low_share(self) -> float:
        return self.low / self.answers if self.answers else 0.0

    def plus(self, scores: Iterable[int | None]) -> WindowTally:
        """The tally with one more response holding these scores."""
        answered = [v for v in scores if v is not None]
        low = sum(1 for v in answered if v <= 2)
        return WindowTally(self.responses + 1, self.answers + len(answered), self.low + low)


def window_due(tally: WindowTally, min_responses: int, low_share: float) -> bool:
    """Whether a window's tally calls for the alert under the MPP's rule's thresholds."""
    return tally.responses >= min_responses and tally.low_share >= low_share


def local_date_bounds(start: dt.datetime, end: dt.datetime) -> tuple[dt.date, dt.date]:
    """Local dates holding [start, end] in any zone (UTC-12 to UTC+14): they bound a window's
    search on the (counter, local date) index, so it does not read every answer ever given."""
    return (start - dt.timedelta(hours=12)).date(), (end + dt.timedelta(hours=14)).date()


def window_tally(session: Session, counter_id: int, start: dt.datetime, end: dt.datetime):
    """The included, unflagged responses at a counter given within [start, end]."""
    first_day, last_day = local_date_bounds(start, end)
    rows = session.execute(
        select(*(getattr(Response, code) for code in ELEMENTS)).where(
            Response.counter_id == counter_id,
            Response.local_date.between(first_day, last_day),
            Response.client_submitted_at.between(start, end),
            Response.excluded.is_(False),
            Response.flag_reason.is_(None),
        )
    ).all()
    answers = [v for row in rows for v in row if v is not None]
    return WindowTally(len(rows), len(answers), sum(1 for v in answers if v <= 2))


def check_response(
    session: Session, response: Response, rule: AlertRule | None = None
) -> Alert | None:
    """Apply the window rule around a response just flushed, in its transaction (the caller
    commits): the answer and the alert it raises are stored together or not at all."""
    if response.flag_reason or response.excluded:
        return None
    rule = rule or rule_for(session, response.mpp_id)
    if not rule.window_enabled:
        return None
    end = _utc(response.client_submitted_at)
    start = end - dt.timedelta(minutes=rule.window_minutes)
    tally = window_tally(session, response.counter_id, start, end)
    if not window_due(tally, rule.min_responses, rule.low_share):
        return None
    details = {"responses": tally.responses, "answers": tally.answers, "low": tally.low,
               "minutes": rule.window_minutes}  # fmt: skip
    alert = _overlapping_window_alert(session, response.counter_id, start, end)
    if alert is None:
        alert = Alert(mpp_id=response.mpp_id, counter_id=response.counter_id, kind="window",
                      window_start=start, window_end=end, details=details)  # fmt: skip
        try:
            with session.begin_nested():  # another worker raising the same alert must not
                session.add(alert)  # cost this answer its place
        except IntegrityError:
            return None
    else:
        alert.window_start = min(_utc(alert.window_start), start)
        alert.window_end = max(_utc(alert.window_end), end)
        alert.details = details
    return alert


def _overlapping_window_alert(session, counter_id, start, end) -> Alert | None:
    return session.scalar(
        select(Alert).where(
            Alert.kind == "window",
            Alert.counter_id == counter_id,
            Alert.acknowledged_at.is_(None),
            Alert.window_end >= start,
            Alert.window_start <= end,
        )
    )


# --- The IKM drop rule -------------------------------------------------------------------------


def refresh_period_alerts(session: Session, mpp: Mpp, today: dt.date | None = None) -> None:
    """Raise the IKM-drop alert for the last complete month, if due and not raised yet."""
    rule = rule_for(session, mpp.id)
    if not rule.drop_enabled:
        return
    today = today or mpp.today()
    last = parse_period(f"{today.year}-{today.month:02d}").previous()
    before = last.previous()
    start = dt.datetime.combine(last.start, dt.time(), mpp.zone).astimezone(dt.UTC)
    if session.scalar(select(Alert.id).where(Alert.mpp_id == mpp.id, Alert.kind == "ikm_drop",
                                             Alert.window_start == start)):  # fmt: skip
        return
    now_ikm, now_n = _month_ikm(session, mpp.id, last)
    was_ikm, was_n = _month_ikm(session, mpp.id, before)
    if min(now_n, was_n) < rule.drop_min_responses or now_ikm is None or was_ikm is None:
        return
    if was_ikm - now_ikm <= rule.ikm_drop_points:
        return
    end = dt.datetime.combine(last.end, dt.time(23, 59), mpp.zone).astimezone(dt.UTC)
    details = {"period": last.code, "previous": before.code, "ikm": now_ikm,
               "previous_ikm": was_ikm, "points": rule.ikm_drop_points}  # fmt: skip
    session.add(Alert(mpp_id=mpp.id, kind="ikm_drop", window_start=start, window_end=end,
                      details=details))  # fmt: skip
    session.commit()


def _month_ikm(session: Session, mpp_id: int, period) -> tuple[float | None, int]:
    counts = element_counts(session, mpp_ids=[mpp_id], date_from=period.start,
                            date_to=period.end, group_by=())  # fmt: skip
    n = int(counts.respondents[0]) if len(counts.respondents) else 0
    if n == 0:
        return None, 0
    value = float(ikm_from_counts(counts.counts[0]).ikm)
    return (None if value != value else value), n


# --- Reading and acknowledging -----------------------------------------------------------------


def alerts_for(session: Session, mpp_id: int, include_acknowledged: bool = True, limit=100):
    """An MPP's alerts, open ones first, newest first."""
    query = select(Alert).where(Alert.mpp_id == mpp_id)
    if not include_acknowledged:
        query = query.where(Alert.acknowledged_at.is_(None))
    query = query.order_by(Alert.acknowledged_at.is_not(None), Alert.raised_at.desc())
    return list(session.scalars(query.limit(limit)))


def open_alert_count(session: Session, mpp_id: int) -> int:
    """Alerts not acknowledged yet (evaluates the IKM-drop rule first)."""
    mpp = session.get(Mpp, mpp_id)
    if mpp is not None:
        refresh_period_alerts(session, mpp)
    query = (
        select(func.count())
        .select_from(Alert)
        .where(Alert.mpp_id == mpp_id, Alert.acknowledged_at.is_(None))
    )
    return int(session.scalar(query))


def alert_in_mpp(session: Session, mpp_id: int, alert_id: int) -> Alert | None:
    alert = session.get(Alert, alert_id)
    return alert if alert is not None and alert.mpp_id == mpp_id else None


def acknowledge(session: Session, alert: Alert, user_id: int | None, comment: str) -> None:
    """Acknowledge an alert with a comment on what was done (a comment is required)."""
    comment = (comment or "").strip()
    if alert.acknowledged_at is not None:
        raise InvalidSubmission("This alert was acknowledged already.", {"alert": "closed"})
    if not comment:
        raise InvalidSubmission("Write what was done about it.", {"comment": "required"})
    if len(comment) > COMMENT_MAX_LENGTH:
        raise InvalidSubmission("The comment is too long.", {"comment": "too long"})
    alert.acknowledged_by_id, alert.acknowledged_at, alert.comment = user_id, utcnow(), comment
    session.commit()


def _utc(stamp: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; they were stored in UTC.
    return stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp.astimezone(dt.UTC)
