"""Sign-in throttles whose delays grow, instead of one lockout that anyone can trigger.

Attempts are counted per account and address pair (one person mistyping), per account (one
account guessed from many addresses), per address (one address spraying many accounts) and per
half-way sign-in (wrong second-factor codes). After a key's free attempts, each further attempt
must wait a delay that doubles up to a cap, so the owner of an attacked account is slowed down,
never shut out for long, and colleagues behind one office address keep signing in.

An attempt is charged *before* the password or code is checked, in one conditional UPDATE per
key, so concurrent guesses cannot slip past the limit; a success then clears its keys. Counts
live in the database, so several app hosts share them, and hold hashes, never an email or an
address in clear.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import DateTime, String, case, delete, literal, null, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from surveys.models import Base, utcnow

QUIET = dt.timedelta(hours=1)  # a key without attempts for this long starts again from zero


@dataclass(frozen=True)
class Rule:
    """``free`` attempts without delay; then ``first`` seconds, doubling up to ``cap``."""

    free: int
    first: int
    cap: int

    def delay(self, attempts: int) -> int | None:
        """Seconds to wait after the ``attempts``-th attempt (None while attempts are free)."""
        if attempts < self.free:
            return None
        return min(self.first * 2 ** (attempts - self.free), self.cap)


RULES = {
    "pair": Rule(free=5, first=30, cap=15 * 60),
    "account": Rule(free=20, first=5, cap=5 * 60),  # short cap: an attacker can slow the owner
    "address": Rule(free=30, first=5, cap=15 * 60),
    "pending": Rule(free=3, first=30, cap=5 * 60),
}


class LoginThrottle(Base):
    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)  # "kind:sha256"
    attempts: Mapped[int] = mapped_column(default=0)
    last_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    next_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _email(email: str) -> str:
    return email.strip().lower()


def sign_in_keys(email: str, address: str) -> list[str]:
    """The keys a password attempt is charged to."""
    return [f"pair:{_hash(_email(email), address)}", f"account:{_hash(_email(email))}",
            f"address:{_hash(address)}"]  # fmt: skip


def address_keys(keys: list[str]) -> list[str]:
    return [key for key in keys if key.startswith("address:")]


def code_keys(email: str, address: str, pending: str) -> list[str]:
    """A second-factor code counts towards the account's keys too."""
    return [*sign_in_keys(email, address), f"pending:{pending}"]


def charge(session: Session, keys: list[str], now: dt.datetime | None = None) -> int:
    """Count one attempt against every key: 0, or the seconds to wait (then nothing is counted).

    Commits the caller's transaction first, so that the throttle writes before it reads (two
    SQLite writers that both read first cannot both write).
    """
    now = now or utcnow()
    session.commit()
    keys = sorted(set(keys))  # one lock order on PostgreSQL: no deadlock between two attempts
    _ensure_rows(session, keys, now)
    blocked = [key for key in keys if not _count(session, key, now)]
    if not blocked:
        session.commit()
        return 0
    session.rollback()
    waits = session.scalars(select(LoginThrottle.next_at).where(LoginThrottle.key.in_(blocked)))
    return max([_seconds_until(at, now) for at in waits if at is not None] or [1])


def _ensure_rows(session: Session, keys: list[str], now: dt.datetime) -> None:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    rows = [{"key": key, "attempts": 0, "last_at": now} for key in keys]
    session.execute(dialect.insert(LoginThrottle).values(rows).on_conflict_do_nothing())


def _count(session: Session, key: str, now: dt.datetime) -> bool:
    """One attempt more, unless the key must still wait: one statement, so it is atomic."""
    rule = RULES[key.partition(":")[0]]
    column = LoginThrottle.__table__.c
    stale = column.last_at < now - QUIET
    attempts = case((stale, 1), else_=column.attempts + 1)
    horizon = [(attempts == n, _at(now, rule.delay(n))) for n in range(rule.free, _capped(rule))]
    next_at = case((attempts < rule.free, null()), *horizon, else_=_at(now, rule.cap))
    statement = (
        update(LoginThrottle.__table__)
        .where(column.key == key, column.next_at.is_(None) | (column.next_at <= now))
        .values(attempts=attempts, last_at=now, next_at=next_at)
    )
    return session.execute(statement).rowcount == 1


def _capped(rule: Rule) -> int:
    n = rule.free
    while rule.delay(n) < rule.cap:
        n += 1
    return n


def _at(now: dt.datetime, seconds: int):
    return literal(now + dt.timedelta(seconds=seconds), DateTime(timezone=True))


def _seconds_until(at: dt.datetime, now: dt.datetime) -> int:
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return max(1, int((at - now).total_seconds() + 0.999))


def clear(session: Session, keys: list[str]) -> None:
    """A success: these keys start again from zero (the address keeps its count but this one)."""
    column = LoginThrottle.__table__.c
    addresses = address_keys(keys)
    session.execute(delete(LoginThrottle).where(column.key.in_(set(keys) - set(addresses))))
    session.execute(update(LoginThrottle.__table__)
                    .where(column.key.in_(addresses), column.attempts > 0)
                    .values(attempts=column.attempts - 1))  # fmt: skip
    session.commit()


def forget(session: Session, now: dt.datetime | None = None) -> int:
    """Delete keys quiet for longer than QUIET and no longer waiting (housekeeping)."""
    now = now or utcnow()
    column = LoginThrottle.__table__.c
    done = (column.last_at < now - QUIET) & (column.next_at.is_(None) | (column.next_at <= now))
    removed = session.execute(delete(LoginThrottle).where(done)).rowcount
    session.commit()
    return removed
