"""Server-side sign-in sessions: revocable, with an idle timeout and an absolute lifetime.

The browser's cookie carries only a random secret; the database keeps its SHA-256 hash, so a
session ends for every host at once when its row is revoked (logout, "log out everywhere", a
password change, deactivation, a role change) and a copied cookie is refused afterwards.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, String, select, update
from sqlalchemy.orm import Mapped, Session, joinedload, mapped_column, relationship

from surveys.errors import NotFound
from surveys.models import Base, utcnow

if TYPE_CHECKING:
    from surveys.accounts import User

# Writing last_seen_at on every request would make every page view a write; once a minute is
# precise enough for an idle timeout counted in minutes.
TOUCH_INTERVAL = dt.timedelta(minutes=1)


class UserSession(Base):
    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)  # fmt: skip
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    ip: Mapped[str] = mapped_column(String(45), default="")

    user: Mapped[User] = relationship()

    def expired(self, policy: SessionPolicy, now: dt.datetime) -> bool:
        return (
            now - _aware(self.last_seen_at) >= policy.idle
            or now - _aware(self.created_at) >= policy.lifetime
        )


@dataclass(frozen=True)
class SessionPolicy:
    """How long a session lives: ``idle`` without a request, ``lifetime`` since sign-in."""

    idle: dt.timedelta
    lifetime: dt.timedelta

    @classmethod
    def of(cls, idle_minutes: float, max_hours: float) -> SessionPolicy:
        if idle_minutes <= 0 or max_hours <= 0:
            raise ValueError("session lifetimes must be positive")
        return cls(dt.timedelta(minutes=idle_minutes), dt.timedelta(hours=max_hours))


@dataclass(frozen=True)
class NewSession:
    row: UserSession
    secret: str  # goes into the signed cookie, never stored


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes for what was stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def start_session(
    session: Session,
    user: User,
    *,
    user_agent: str = "",
    ip: str = "",
    now: dt.datetime | None = None,
) -> NewSession:
    now = now or utcnow()
    secret = secrets.token_urlsafe(32)
    row = UserSession(user_id=user.id, secret_hash=_hash(secret), created_at=now,
                      last_seen_at=now, user_agent=user_agent[:200], ip=ip[:45])  # fmt: skip
    session.add(row)
    session.commit()
    return NewSession(row, secret)


def live_session(
    session: Session, secret: str, policy: SessionPolicy, now: dt.datetime | None = None
) -> UserSession | None:
    """The unrevoked, unexpired session of an active user with this secret, or None.

    An expired session is revoked on the way, so that it never comes back and the list of a
    user's sessions stays honest.
    """
    if not secret or len(secret) > 200:
        return None
    now = now or utcnow()
    query = select(UserSession).where(UserSession.secret_hash == _hash(secret))
    row = session.scalar(query.options(joinedload(UserSession.user)))  # one query per request
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    if row.expired(policy, now):
        row.revoked_at = now
        session.commit()
        return None
    if now - _aware(row.last_seen_at) >= TOUCH_INTERVAL:
        row.last_seen_at = now
        session.commit()
    return row


def end_session(
    session: Session, secret: str, now: dt.datetime | None = None
) -> UserSession | None:
    """Revoke the session with this secret (logout); None if there was none to end."""
    row = session.scalar(select(UserSession).where(UserSession.secret_hash == _hash(secret or "")))
    if row is None or row.revoked_at is not None:
        return None
    row.revoked_at = now or utcnow()
    session.commit()
    return row


def revoke_user_sessions(session: Session, user_id: int, now: dt.datetime) -> int:
    """Mark every open session of the user revoked (the caller commits); how many there were."""
    result = session.execute(
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount


def open_sessions(
    session: Session, user: User, policy: SessionPolicy, now: dt.datetime | None = None
) -> list[UserSession]:
    """The user's sessions that still work, most recently used first."""
    now = now or utcnow()
    query = (
        select(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    )
    return [row for row in session.scalars(query) if not row.expired(policy, now)]


def revoke_session(
    session: Session, user: User, session_id: int, now: dt.datetime | None = None
) -> UserSession:
    """End one of the user's own sessions (another user's session is "not found")."""
    row = session.get(UserSession, session_id)
    if row is None or row.user_id != user.id:
        raise NotFound("No such session.", {"session": "not found"})
    if row.revoked_at is None:
        row.revoked_at = now or utcnow()
        session.commit()
    return row
