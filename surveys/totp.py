"""Time-based one-time passwords (RFC 6238) for the second sign-in step of admins and evaluators.

A code is accepted once: the account keeps the time-step of the last code it accepted and
refuses that step or an earlier one (RFC 6238 §5.2), so a code seen over a shoulder or in a
proxy log cannot sign in again, not even within its 30 seconds.
"""

from __future__ import annotations

import datetime as dt
import hmac

import pyotp
from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from surveys.accounts import User
from surveys.errors import InvalidSubmission
from surveys.models import utcnow
from surveys.numerals import is_digits

ISSUER = "Mutu MPP"
VALID_WINDOW = 1  # one step either side: a phone's clock 30 s off still works


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def matching_step(secret: str, code: str, now: dt.datetime | None = None) -> int | None:
    """The time-step whose code this is, within the valid window, or None."""
    code = (code or "").replace(" ", "")
    if not (is_digits(code) and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now or utcnow())
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def use_code(session: Session, user: User, code: str, now: dt.datetime | None = None) -> bool:
    """Accept the user's code once; two requests racing with one code: only one wins."""
    step = matching_step(user.totp_secret or "", code, now) if user.totp_secret else None
    if step is None:
        return False
    later = or_(User.totp_last_step.is_(None), User.totp_last_step < step)
    won = session.execute(
        update(User).where(User.id == user.id, later).values(totp_last_step=step)
    ).rowcount
    session.commit()
    return won == 1


def _enrolled_step(secret: str, code: str, now: dt.datetime | None) -> int:
    step = matching_step(secret, code, now)
    if step is None:
        raise InvalidSubmission("The code does not match.", {"code": "wrong or expired code"})
    return step


def enroll(
    session: Session, user: User, secret: str, code: str, now: dt.datetime | None = None
) -> None:
    """Keep the secret only once the user proved their authenticator produces its codes.

    Only for an account without an authenticator: replacing one is ``replace_authenticator``.
    """
    if user.totp_secret:
        raise InvalidSubmission("An authenticator is already set up.", {"code": "already set up"})
    user.totp_secret, user.totp_last_step = secret, _enrolled_step(secret, code, now)
    session.commit()


def replace_authenticator(
    session: Session,
    user: User,
    current_code: str,
    secret: str,
    code: str,
    now: dt.datetime | None = None,
) -> None:
    """The signed-in owner moves to a new authenticator, proving they hold the current one."""
    step = _enrolled_step(secret, code, now)
    if not use_code(session, user, current_code, now):
        raise InvalidSubmission("The current code does not match.", {"current": "wrong code"})
    user.totp_secret, user.totp_last_step = secret, step
    session.commit()


def reset(session: Session, user: User) -> None:
    """An admin's reset: the user sets up a new authenticator at their next sign-in."""
    user.totp_secret, user.totp_last_step = None, None
    session.commit()
