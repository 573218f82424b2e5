"""A sign-in half-way: the password is right, the second-factor code is still to come.

The browser holds only a random token; the row (under the token's SHA-256) names the user, the
page to go to afterwards and, while an authenticator is being set up, the candidate secret. So
nothing in the cookie, which is signed but readable, says who is signing in or what their
secret is, and the row dies after a few minutes, on success, or when the user's sessions end.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import DateTime, ForeignKey, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from surveys.accounts import User
from surveys.models import Base, utcnow
from surveys.totp import new_secret

LIFETIME = dt.timedelta(minutes=5)
PURPOSES = ("sign_in", "reenrol")  # the second step of a sign-in; a signed-in owner's new phone


class PendingSignIn(Base):
    __tablename__ = "pending_sign_in"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)  # fmt: skip
    purpose: Mapped[str] = mapped_column(String(12), default="sign_in")
    session_version: Mapped[int] = mapped_column()  # a password change or logout ends it too
    next_url: Mapped[str] = mapped_column(String(500), default="")
    new_secret: Mapped[str | None] = mapped_column(String(64))  # an authenticator being set up
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()


@dataclass(frozen=True)
class Started:
    row: PendingSignIn
    token: str  # for the cookie; only its hash is stored


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(
    session: Session,
    user: User,
    purpose: str = "sign_in",
    next_url: str = "",
    now: dt.datetime | None = None,
) -> Started:
    now = now or utcnow()
    session.execute(delete(PendingSignIn).where(PendingSignIn.expires_at < now))
    token = secrets.token_urlsafe(32)
    row = PendingSignIn(token_hash=token_hash(token), user_id=user.id, purpose=purpose,
                        session_version=user.session_version, next_url=next_url[:500],
                        expires_at=now + LIFETIME)  # fmt: skip
    session.add(row)
    session.commit()
    return Started(row, token)


def find(
    session: Session, token: str | None, purpose: str = "sign_in", now: dt.datetime | None = None
) -> PendingSignIn | None:
    """The live row for this token, or None (unknown, expired, ended or for another purpose)."""
    if not token:
        return None
    now = now or utcnow()
    row = session.scalar(select(PendingSignIn).where(PendingSignIn.token_hash == token_hash(token)))
    if row is None or row.purpose != purpose:
        return None
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=dt.UTC)
    user = row.user
    if expires <= now or not user.active or user.session_version != row.session_version:
        return None
    return row


def candidate_secret(session: Session, row: PendingSignIn) -> str:
    """The secret of the authenticator being set up: made once, kept server-side."""
    if not row.new_secret:
        row.new_secret = new_secret()
        session.commit()
    return row.new_secret


def finish(session: Session, row: PendingSignIn) -> None:
    session.delete(row)
    session.commit()
