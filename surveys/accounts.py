"""Accounts and roles: who may see which MPP, tenant and comment.

Roles: ``admin`` runs the system; ``evaluator`` reads every MPP nationally; ``manager``
runs one or more MPPs; ``officer`` serves one tenant at one MPP and sees only its counters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Column, DateTime, ForeignKey, String, Table, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from surveys.api_tokens import revoke_user_tokens
from surveys.errors import InvalidSubmission
from surveys.models import Base, Mpp, Tenant, utcnow
from surveys.numerals import is_digits
from surveys.sessions import revoke_user_sessions

ROLES = ("admin", "evaluator", "manager", "officer")
MIN_PASSWORD_LENGTH = 10

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
_dummy_hash: str | None = None  # verified for unknown and deactivated accounts


def _in_this_thread(check: Callable[[], bool]) -> bool:
    return check()


_run_check: Callable[[Callable[[], bool]], bool] = _in_this_thread


def configure_hashing(**parameters) -> None:
    """Replace the argon2id parameters (``time_cost``, ``memory_cost``, ``parallelism``).

    Production keeps the library's recommendation; the test suite asks for cheap ones, because
    hashing at full cost is most of its run time and proves nothing more.
    """
    global _hasher, _dummy_hash
    _hasher = PasswordHasher(**parameters) if parameters else PasswordHasher()
    _dummy_hash = None


def run_password_checks_with(runner: Callable[[Callable[[], bool]], bool]) -> None:
    """Where verifications run: ``runner(check)`` calls ``check()`` and returns its result.

    The web app hands them to a low-priority thread, so that argon2 takes only the CPU the
    kiosks leave; by default they run in the caller's thread.
    """
    global _run_check
    _run_check = runner


def _verify(password_hash: str, password: str) -> bool:
    return _run_check(lambda: _hasher.verify(password_hash, password))


def _verify_nothing(password: str) -> None:
    """Spend what checking a real password costs: a verification against a hash of the same
    parameters (hashing instead would cost a different time and tell accounts apart)."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("not a password of anyone")
    try:
        _verify(_dummy_hash, password)
    except VerificationError:
        pass


user_mpp = Table(
    "user_mpp",
    Base.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("mpp_id", ForeignKey("mpp.id", ondelete="CASCADE"), primary_key=True),
)


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(12))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped on password change or "log out everywhere": every older session stops working.
    session_version: Mapped[int] = mapped_column(default=1)
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenant.id"))  # officers only
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column()  # RFC 6238 time-step of the last code
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    mpps: Mapped[list[Mpp]] = relationship(secondary=user_mpp, order_by="Mpp.name")
    tenant: Mapped[Tenant | None] = relationship()

    def set_password(self, password: str) -> None:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise InvalidSubmission(
                "The password is too short.",
                {"password": f"at least {MIN_PASSWORD_LENGTH} characters"},
            )
        self.password_hash = _hasher.hash(password)

    def check_password(self, password: str) -> bool:
        try:
            return _verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


@dataclass(frozen=True)
class Scope:
    """What one user may read: None means every MPP (or every tenant of the allowed MPPs)."""

    role: str
    mpp_ids: frozenset[int] | None
    tenant_ids: frozenset[int] | None

    @property
    def national(self) -> bool:
        return self.mpp_ids is None

    def allows_mpp(self, mpp_id: int) -> bool:
        return self.mpp_ids is None or mpp_id in self.mpp_ids

    def allows_tenant(self, mpp_id: int, tenant_id: int) -> bool:
        return self.allows_mpp(mpp_id) and (self.tenant_ids is None or tenant_id in self.tenant_ids)

    def reads_comments(self, mpp_id: int, tenant_id: int) -> bool:
        """Free-text comments: only that MPP's managers and the agency concerned (UU PDP)."""
        if self.role == "manager":
            return self.allows_mpp(mpp_id)
        if self.role == "officer":
            return self.allows_tenant(mpp_id, tenant_id)
        return False

    @property
    def manages(self) -> bool:
        return self.role in ("manager", "admin")


def scope_of(user: User) -> Scope:
    if user.role in ("admin", "evaluator"):
        return Scope(user.role, None, None)
    if user.role == "manager":
        return Scope(user.role, frozenset(m.id for m in user.mpps), None)
    if user.tenant is None:
        return Scope(user.role, frozenset(), frozenset())
    return Scope(user.role, frozenset({user.tenant.mpp_id}), frozenset({user.tenant.id}))


def create_user(
    session: Session,
    email: str,
    name: str,
    role: str,
    password: str,
    mpps: list[Mpp] | None = None,
    tenant: Tenant | None = None,
) -> User:
    """Create an account; managers need MPPs, officers a tenant."""
    email = email.strip().lower()
    errors = {}
    if "@" not in email or len(email) > 254:
        errors["email"] = "not an email address"
    elif session.scalar(select(User).where(func.lower(User.email) == email)):
        errors["email"] = "already registered"
    if role not in ROLES:
        errors["role"] = f"must be one of {', '.join(ROLES)}"
    if role == "manager" and not mpps:
        errors["mpps"] = "a manager needs at least one MPP"
    if role == "officer" and tenant is None:
        errors["tenant"] = "an officer needs a tenant"
    if errors:
        raise InvalidSubmission("The account cannot be created.", errors)
    user = User(email=email, name=name.strip() or email, role=role,
                mpps=list(mpps or []) if role == "manager" else [],
                tenant_id=tenant.id if role == "officer" and tenant else None)  # fmt: skip
    user.set_password(password)
    session.add(user)
    session.commit()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this email and password, or None (same answer for both failures)."""
    user = session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None:
        _verify_nothing(password)  # the same time whether or not the account exists
        return None
    if not user.check_password(password) or not user.active:  # deactivated: the same time too
        return None
    user.last_login_at = utcnow()
    session.commit()
    return user


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


@dataclass(frozen=True)
class Revoked:
    sessions: int
    tokens: int


def change_password(
    session: Session, user: User, current: str, new: str, now: dt.datetime | None = None
) -> Revoked:
    """Set a new password; every session and API token of the user ends."""
    if not user.check_password(current):
        raise InvalidSubmission("The current password is wrong.", {"current": "wrong password"})
    user.set_password(new)
    return end_all_sessions(session, user, now=now)


def end_all_sessions(
    session: Session, user: User, *, tokens: bool = True, now: dt.datetime | None = None
) -> Revoked:
    """End every session of the user (and, unless ``tokens`` is False, every API token).

    For "log out everywhere", a password change and deactivation; a role change keeps the
    tokens, which read with the owner's current scope anyway.
    """
    now = now or utcnow()
    user.session_version += 1  # also ends a sign-in half-way through its second step
    ended = Revoked(revoke_user_sessions(session, user.id, now),
                    revoke_user_tokens(session, user.id, now) if tokens else 0)  # fmt: skip
    session.commit()
    return ended


def user_by_session_id(session: Session, session_id: str) -> User | None:
    """Resolve Flask-Login's "id:version" token; an old version means a revoked session."""
    user_id, _, version = session_id.partition(":")
    if not is_digits(user_id) or not is_digits(version):
        return None
    user = session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user
