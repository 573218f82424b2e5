from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import bp
from app.auth.forms import LoginForm, PasswordChangeForm
from app.auth.login import SessionUser
from app.extensions import db
from surveys.accounts import authenticate, change_password, end_all_sessions
from surveys.errors import InvalidSubmission


def _safe_next(target: str | None) -> str:
    if target and not urlsplit(target).netloc and target.startswith("/") and "//" not in target:
        return target
    return url_for("public.home")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(db.session, form.email.data, form.password.data)
        if user is not None:
            login_user(SessionUser(user))
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("Email atau kata sandi salah."))
    status = 401 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    logout_user()
    return redirect(url_for("public.home"))


@bp.post("/logout-everywhere")
@login_required
def logout_everywhere():
    end_all_sessions(db.session, current_user.user)
    logout_user()
    flash(_("Semua sesi Anda sudah diakhiri."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            change_password(db.session, current_user.user, form.current.data, form.new.data)
        except InvalidSubmission as exc:
            form.current.errors.extend(exc.fields.values())
        else:
            login_user(SessionUser(current_user.user))  # this session stays; the others end
            flash(_("Kata sandi sudah diganti. Sesi lain sudah diakhiri."), "info")
            return redirect(url_for("public.home"))
    return render_template("auth/password.html", form=form)
