"""Retention (UU PDP 27/2022): free-text comments, and optionally raw answers, are kept no longer
than needed; the aggregates (rollups) that the indices are computed from stay.

Comments are the only free text a visitor gives, so they go first. Raw answers may be purged
too: their counts stay in the rollups, and the rollup check and rebuild leave the purged days
alone (``responses_purged_before``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Date, DateTime, delete, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from surveys.errors import InvalidSubmission
from surveys.models import Base, Response, utcnow

DEFAULT_COMMENT_RETENTION_DAYS = 730  # two yearly SKM cycles


class RetentionSetting(Base):
    """One row: how long comments and raw answers are kept."""

    __tablename__ = "retention_setting"

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_days: Mapped[int] = mapped_column(default=DEFAULT_COMMENT_RETENTION_DAYS)
    response_days: Mapped[int | None] = mapped_column()  # None: raw answers are kept
    responses_purged_before: Mapped[dt.date | None] = mapped_column(Date)
    last_purge_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


@dataclass(frozen=True)
class PurgeResult:
    comments_removed: int
    responses_removed: int
    comments_before: dt.date
    responses_before: dt.date | None


def retention(session: Session) -> RetentionSetting:
    setting = session.scalar(select(RetentionSetting).limit(1))
    if setting is None:
        setting = RetentionSetting()
        session.add(setting)
        session.flush()
    return setting


def set_retention(session: Session, comment_days: int, response_days: int | None) -> None:
    errors = {}
    if not 30 <= comment_days <= 3650:
        errors["comment_days"] = "between 30 and 3650 days"
    if response_days is not None and not 365 <= response_days <= 36500:
        errors["response_days"] = "at least 365 days (a full SKM year), or none"
    if errors:
        raise InvalidSubmission("The retention setting is not valid.", errors)
    setting = retention(session)
    setting.comment_days, setting.response_days = comment_days, response_days
    session.commit()


def purge(session: Session, today: dt.date, dry_run: bool = False) -> PurgeResult:
    """Remove comments (and raw answers, if configured) older than the retention setting."""
    setting = retention(session)
    comments_before = today - dt.timedelta(days=setting.comment_days)
    responses_before = (
        today - dt.timedelta(days=setting.response_days) if setting.response_days else None
    )
    old_comments = (Response.local_date < comments_before) & Response.comment.is_not(None)
    comments = session.execute(
        update(Response).where(old_comments).values(comment=None)
        if not dry_run
        else select(Response.id).where(old_comments)
    )
    responses = 0
    if responses_before is not None:
        old_ids = select(Response.id).where(Response.local_date < responses_before)
        responses = _count(session.execute(old_ids))
        if not dry_run:
            _delete_dependents(session, old_ids)
            session.execute(delete(Response).where(Response.id.in_(old_ids)))
        if not dry_run:
            setting.responses_purged_before = max(
                responses_before, setting.responses_purged_before or responses_before
            )
    if dry_run:
        session.rollback()
    else:
        setting.last_purge_at = utcnow()
        session.commit()
    return PurgeResult(_count(comments), responses, comments_before, responses_before)


def _delete_dependents(session: Session, response_ids) -> None:
    """Rows of other tables that point at a purged answer (complaint follow-ups...) go with it."""
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "response" and table.name != "response":
                session.execute(delete(table).where(fk.parent.in_(response_ids)))


def _count(result) -> int:
    rowcount = getattr(result, "rowcount", -1)
    if rowcount is not None and rowcount >= 0 and not result.returns_rows:
        return rowcount
    return len(result.all())
