"""Per-user API tokens for the read-only JSON API: shown once, stored as a SHA-256 hash.

A token reads with its owner's scope (an evaluator every MPP, a manager only theirs) and stops
working the moment it is revoked; a password change, "log out everywhere" and deactivation
revoke all of the owner's tokens (``revoke_user_tokens``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, String, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from surveys.errors import InvalidSubmission, NotFound
from surveys.models import Base, utcnow

if TYPE_CHECKING:
    from surveys.accounts import User  # accounts revokes tokens, so it imports this module

TOKEN_PREFIX = "mutu_"
TOKEN_ROLES = ("admin", "evaluator", "manager")


class ApiToken(Base):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)  # fmt: skip
    label: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(12))  # the first characters, to recognise it
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(session: Session, user: User, label: str) -> NewToken:
    label = (label or "").strip()
    if not label or len(label) > 80:
        raise InvalidSubmission("The token needs a name.", {"label": "1 to 80 characters"})
    if user.role not in TOKEN_ROLES:
        raise InvalidSubmission("This role cannot hold API tokens.", {"role": user.role})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, label=label, token_hash=_hash(secret), hint=secret[:9])
    session.add(token)
    session.commit()
    return NewToken(token, secret)


def user_tokens(session: Session, user: User) -> list[ApiToken]:
    query = select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
    return list(session.scalars(query))


def revoke_token(session: Session, user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens (another user's token is "not found")."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound("No such token.", {"token": "not found"})
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.commit()
    return token


def revoke_user_tokens(session: Session, user_id: int, now: dt.datetime) -> int:
    """Mark every unrevoked token of the user revoked (the caller commits); how many there were."""
    result = session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session="fetch")
    )
    return result.rowcount


def user_for_token(session: Session, secret: str) -> User | None:
    """The active owner of a valid, unrevoked token (None for anything else)."""
    if not secret or len(secret) > 200:
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(secret)))
    if token is None or token.revoked or not token.user.active:
        return None
    if token.user.role not in TOKEN_ROLES:
        return None
    token.last_used_at = utcnow()
    session.commit()
    return token.user
