"""Time-based one-time passwords (RFC 6238) for the second sign-in step of admins and evaluators."""

from __future__ import annotations

import pyotp
from sqlalchemy.orm import Session

from surveys.accounts import User
from surveys.errors import InvalidSubmission

ISSUER = "Mutu MPP"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def code_is_valid(secret: str, code: str) -> bool:
    code = (code or "").replace(" ", "")
    return code.isdigit() and len(code) == 6 and pyotp.TOTP(secret).verify(code, valid_window=1)


def enroll(session: Session, user: User, secret: str, code: str) -> None:
    """Keep the secret only once the user proved their authenticator produces its codes."""
    if not code_is_valid(secret, code):
        raise InvalidSubmission("The code does not match.", {"code": "wrong or expired code"})
    user.totp_secret = secret
    session.commit()
