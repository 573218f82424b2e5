"""The audit log: who did what, when — administrative actions, role changes, exports, downloads."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from surveys.accounts import User
from surveys.models import Base, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(80))  # e.g. "download", "user.role", "POST"
    target: Mapped[str] = mapped_column(String(300))  # the path or the object changed
    details: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[int | None] = mapped_column()
    ip: Mapped[str] = mapped_column(String(45), default="")

    user: Mapped[User | None] = relationship()


def record(
    session: Session,
    user_id: int | None,
    action: str,
    target: str,
    details: str = "",
    status: int | None = None,
    ip: str = "",
) -> AuditEvent:
    event = AuditEvent(user_id=user_id, action=action[:80], target=target[:300],
                       details=details[:4000], status=status, ip=ip[:45])  # fmt: skip
    session.add(event)
    session.commit()
    return event


def recent_events(session: Session, limit: int = 200, offset: int = 0) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    return list(session.scalars(query.limit(limit).offset(offset)))
