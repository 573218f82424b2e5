"""Flask-Login wiring: the session carries "user id:session version", never a bare user id."""

from __future__ import annotations

from functools import wraps

from flask import abort, g
from flask_login import LoginManager, current_user, login_required
from flask_login import UserMixin as _UserMixin

from app.extensions import db
from surveys.accounts import Scope, User, scope_of, user_by_session_id

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = None
login_manager.session_protection = "basic"


class SessionUser(_UserMixin):
    """The signed-in user as Flask-Login sees it; the domain's User stays free of Flask."""

    def __init__(self, user: User):
        self.user = user

    def get_id(self) -> str:
        return f"{self.user.id}:{self.user.session_version}"

    @property
    def is_active(self) -> bool:
        return self.user.active

    def __getattr__(self, name):
        return getattr(self.user, name)


@login_manager.user_loader
def _load_user(session_id: str):
    user = user_by_session_id(db.session, session_id)
    return SessionUser(user) if user else None


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
