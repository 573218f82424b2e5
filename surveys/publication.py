"""Which SKM periods an MPP has published (PermenPANRB 14/2017 asks results to be published).

The public page of an MPP shows only published periods; a manager publishes or withdraws one.
Only whole official periods can be published (month, triwulan, semester, year), never a range,
and never a period that has not started yet.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, String, UniqueConstraint, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from surveys.errors import InvalidSubmission
from surveys.models import Base, Mpp, utcnow
from surveys.periods import Period, parse_period


class PublishedPeriod(Base):
    __tablename__ = "published_period"
    __table_args__ = (UniqueConstraint("mpp_id", "period_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mpp_id: Mapped[int] = mapped_column(ForeignKey("mpp.id"), index=True)
    period_code: Mapped[str] = mapped_column(String(24))  # "2026-10", "2026-Q3", "2026-S2", "2026"
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    published_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    published_by = relationship("User")

    @property
    def period(self) -> Period:
        return parse_period(self.period_code)


def _checked(period: Period, today: dt.date) -> Period:
    if period.kind == "range":
        raise InvalidSubmission(
            "Only a month, triwulan, semester or year can be published.",
            {"period": "choose a month, triwulan, semester or year"},
        )
    if period.start > today:
        raise InvalidSubmission(
            "This period has not started yet.", {"period": "choose a period that has started"}
        )
    return period


def publish(
    session: Session, mpp: Mpp, period: Period, user_id: int | None, today: dt.date
) -> PublishedPeriod:
    """Publish a period of an MPP's SKM results (publishing again keeps the first record)."""
    _checked(period, today)
    existing = published_record(session, mpp.id, period.code)
    if existing is not None:
        return existing
    record = PublishedPeriod(mpp_id=mpp.id, period_code=period.code, period_start=period.start,
                             period_end=period.end, published_by_id=user_id)  # fmt: skip
    session.add(record)
    session.commit()
    return record


def unpublish(session: Session, mpp: Mpp, period: Period) -> bool:
    """Withdraw a published period; False when it was not published."""
    result = session.execute(
        delete(PublishedPeriod).where(
            PublishedPeriod.mpp_id == mpp.id, PublishedPeriod.period_code == period.code
        )
    )
    session.commit()
    return bool(result.rowcount)


def published_record(session: Session, mpp_id: int, period_code: str) -> PublishedPeriod | None:
    return session.scalar(
        select(PublishedPeriod).where(
            PublishedPeriod.mpp_id == mpp_id, PublishedPeriod.period_code == period_code
        )
    )


def published_periods(session: Session, mpp_id: int) -> list[PublishedPeriod]:
    """Published periods, latest first (by the period's end, then by publication time)."""
    query = select(PublishedPeriod).where(PublishedPeriod.mpp_id == mpp_id)
    order = (PublishedPeriod.period_end.desc(), PublishedPeriod.period_start.desc(),
             PublishedPeriod.published_at.desc())  # fmt: skip
    return list(session.scalars(query.order_by(*order)))


def latest_published(session: Session, mpp_id: int) -> PublishedPeriod | None:
    periods = published_periods(session, mpp_id)
    return periods[0] if periods else None
