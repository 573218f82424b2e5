"""Sign-in attempts as HTTP sees them: the throttle's wait as a 429, a full gate as a 503, audit."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _

from app.auth import bp
from app.auth.login import audit
from app.auth.password_gate import PasswordChecksBusy, busy_response
from app.extensions import db
from surveys import throttle
from surveys.accounts import user_by_email


def charge(keys: list[str]) -> int:
    """Count this attempt before checking it: 0, or the seconds the client must wait."""
    return throttle.charge(db.session, keys)


def succeeded(keys: list[str]) -> None:
    throttle.clear(db.session, keys)
    throttle.forget(db.session)  # long-quiet keys: a success now and then is often enough


def too_many(field, template: str, wait: int, **context):
    """The form again with the wait, as 429 with ``Retry-After``."""
    field.errors.append(
        _("Terlalu banyak percobaan gagal. Coba lagi dalam %(seconds)d detik.", seconds=wait)
    )
    return render_template(template, **context), 429, {"Retry-After": str(wait)}


def failed(email: str, step: str, status: int) -> None:
    """A failed sign-in in the audit log: the account if it exists, the step; never the secret."""
    user = user_by_email(db.session, email)
    audit("sign_in.failure", user.email if user else "", f"{step}; status={status}",
          user_id=user.id if user else None)  # fmt: skip


def signed_in(user, how: str) -> None:
    audit("sign_in.success", user.email, how, user_id=user.id)


@bp.app_errorhandler(PasswordChecksBusy)
def _busy(_exc):
    return busy_response()
