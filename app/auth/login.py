"""Flask-Login wiring: the cookie carries a random session secret, checked against the database.

Every request asks ``surveys.sessions`` whether the session still lives (not revoked, not idle,
not past its lifetime), so logout on one host ends it on all of them and a copied cookie is
refused afterwards. No remember-me cookie is ever set; one sent anyway carries the same secret
and goes through the same check.
"""

from __future__ import annotations

from functools import wraps

from flask import abort, current_app, g, request
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from flask_login import UserMixin as _UserMixin

from app.extensions import db
from surveys.accounts import Scope, User, scope_of
from surveys.audit import record
from surveys.sessions import SessionPolicy, end_session, live_session, start_session

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = None
login_manager.session_protection = "basic"


class SessionUser(_UserMixin):
    """The signed-in user as Flask-Login sees it; the domain's User stays free of Flask."""

    def __init__(self, user: User, secret: str, session_id: int):
        self.user = user
        self.session_secret = secret
        self.session_id = session_id  # the row's id, safe to show and to log

    def get_id(self) -> str:
        return self.session_secret

    @property
    def is_active(self) -> bool:
        return self.user.active

    def __getattr__(self, name):
        return getattr(self.user, name)


def session_policy() -> SessionPolicy:
    config = current_app.config
    return SessionPolicy.of(config["SESSION_IDLE_MINUTES"], config["SESSION_MAX_HOURS"])


@login_manager.user_loader
def _load_user(secret: str):
    row = live_session(db.session, secret, session_policy())
    return SessionUser(row.user, secret, row.id) if row else None


def client_address() -> str:
    return request.remote_addr or ""


def sign_in(user: User) -> None:
    """Start a server-side session for the user and put its secret in the signed cookie."""
    new = start_session(db.session, user, user_agent=request.user_agent.string,
                        ip=client_address())  # fmt: skip
    login_user(SessionUser(user, new.secret, new.row.id))


def sign_out() -> None:
    """End this browser's session on the server too, not only its cookie."""
    if current_user.is_authenticated:
        row = end_session(db.session, current_user.session_secret)
        if row is not None:
            audit("session.end", f"session {row.id}")
    logout_user()


def audit(action: str, target: str, details: str = "", user_id: int | None = None) -> None:
    """One audit event about the signed-in user (or ``user_id``), with the client's address."""
    if user_id is None and current_user.is_authenticated:
        user_id = current_user.user.id
    record(db.session, user_id, action, target, details=details, ip=client_address())


def current_scope() -> Scope:
    if "scope" not in g:
        g.scope = scope_of(current_user.user)
    return g.scope


def roles_required(*roles: str):
    """Sign-in required, and one of these roles; anything else is a 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
