"""Login throttling that does not lock out a whole office.

Failures are counted per account *and* address pair, so colleagues behind one office
address keep signing in while one of them mistypes; an account attacked from many
addresses is slowed down as a whole at a higher threshold. Counts live in the database, so
several app hosts share them.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import DateTime, Index, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from surveys.models import Base, utcnow

WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5
MAX_FAILURES_PER_ACCOUNT = 30


class LoginFailure(Base):
    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_account_at", "account", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(String(64))  # sha256 of the lower-cased email
    address: Mapped[str] = mapped_column(String(45))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def _account_key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def login_blocked(session: Session, email: str, address: str, now: dt.datetime | None = None):
    """Seconds to wait before trying again, or 0 when a sign-in may be attempted."""
    now = now or utcnow()
    since = now - WINDOW
    account = _account_key(email)
    base = select(func.count(), func.min(LoginFailure.at)).where(
        LoginFailure.account == account, LoginFailure.at >= since
    )
    pair_count, pair_first = session.execute(base.where(LoginFailure.address == address)).one()
    all_count, all_first = session.execute(base).one()
    first = None
    if pair_count >= MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS:
        first = pair_first
    elif all_count >= MAX_FAILURES_PER_ACCOUNT:
        first = all_first
    if first is None:
        return 0
    if first.tzinfo is None:
        first = first.replace(tzinfo=dt.UTC)
    return max(1, int((first + WINDOW - now).total_seconds()))


def record_failure(session: Session, email: str, address: str) -> None:
    session.add(LoginFailure(account=_account_key(email), address=address[:45]))
    session.commit()


def clear_failures(session: Session, email: str, address: str) -> None:
    session.execute(delete(LoginFailure).where(
        LoginFailure.account == _account_key(email), LoginFailure.address == address
    ))  # fmt: skip
    session.commit()
