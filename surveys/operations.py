"""Monthly operational figures per tenant, entered by the MPP's manager (form or CSV).

They feed the sample size (visitors), the effectiveness index and DEA (transactions, staff,
counters open, opening hours, waiting and service time).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from surveys.models import Base, Tenant, utcnow

FIGURE_FIELDS = (
    "visitors", "transactions", "staff_on_duty", "counters_open",
    "opening_hours", "avg_wait_minutes", "avg_service_minutes",
)  # fmt: skip


class MonthlyFigures(Base):
    __tablename__ = "monthly_figures"
    __table_args__ = (
        UniqueConstraint("tenant_id", "month"),
        CheckConstraint("visitors >= 0 AND transactions >= 0", name="non_negative_counts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mpp_id: Mapped[int] = mapped_column(ForeignKey("mpp.id"), index=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id"))
    month: Mapped[dt.date] = mapped_column(Date)  # the first day of the month
    visitors: Mapped[int] = mapped_column(default=0)  # service users (N for Krejcie–Morgan)
    transactions: Mapped[int] = mapped_column(default=0)
    staff_on_duty: Mapped[float] = mapped_column(default=0)  # average per day
    counters_open: Mapped[float] = mapped_column(default=0)  # average per day
    opening_hours: Mapped[float] = mapped_column(default=0)  # hours open in the month
    avg_wait_minutes: Mapped[float | None] = mapped_column()
    avg_service_minutes: Mapped[float | None] = mapped_column()
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                    onupdate=utcnow)  # fmt: skip
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    tenant: Mapped[Tenant] = relationship()


def visitors_in(
    session: Session, mpp_id: int, months: list[dt.date], tenant_ids: list[int] | None = None
) -> int | None:
    """Service users in these months (None when nothing was entered for them)."""
    query = select(func.sum(MonthlyFigures.visitors), func.count()).where(
        MonthlyFigures.mpp_id == mpp_id, MonthlyFigures.month.in_(months)
    )
    if tenant_ids is not None:
        query = query.where(MonthlyFigures.tenant_id.in_(tenant_ids))
    total, rows = session.execute(query).one()
    return int(total) if rows else None
