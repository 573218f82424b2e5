from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth import bp
from app.auth.forms import LoginForm, PasswordChangeForm, TotpForm
from app.auth.login import audit, sign_in, sign_out
from app.extensions import db
from surveys import throttle
from surveys.accounts import (
    User,
    authenticate,
    change_password,
    end_all_sessions,
    user_by_session_id,
)
from surveys.errors import InvalidSubmission
from surveys.totp import code_is_valid, enroll, new_secret, provisioning_uri


def _safe_next(target: str | None) -> str:
    if target and not urlsplit(target).netloc and target.startswith("/") and "//" not in target:
        return target
    return url_for("public.home")


def _address() -> str:
    return request.remote_addr or ""


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        wait = throttle.login_blocked(db.session, form.email.data, _address())
        if wait:
            form.password.errors.append(
                _(
                    "Terlalu banyak percobaan gagal. Coba lagi dalam %(minutes)d menit.",
                    minutes=wait // 60 + 1,
                )  # fmt: skip
            )
            return render_template("auth/login.html", form=form), 429
        user = authenticate(db.session, form.email.data, form.password.data)
        if user is not None:
            throttle.clear_failures(db.session, form.email.data, _address())
            return _second_step_or_sign_in(user)
        throttle.record_failure(db.session, form.email.data, _address())
        form.password.errors.append(_("Email atau kata sandi salah."))
    status = 401 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


def _second_step_or_sign_in(user: User):
    next_url = _safe_next(request.args.get("next"))
    if user.role not in current_app.config["TOTP_REQUIRED_ROLES"]:
        sign_in(user)
        return redirect(next_url)
    session["pending_user"] = f"{user.id}:{user.session_version}"
    session["pending_next"] = next_url
    return redirect(url_for("auth.totp" if user.totp_secret else "auth.totp_setup"))


def _pending_user() -> User | None:
    return user_by_session_id(db.session, session.get("pending_user", ""))


def _finish_sign_in(user: User):
    session.pop("pending_user", None)
    sign_in(user)
    return redirect(session.pop("pending_next", None) or url_for("public.home"))


@bp.route("/totp", methods=["GET", "POST"])
def totp():
    user = _pending_user()
    if user is None or not user.totp_secret:
        return redirect(url_for("auth.login"))
    form = TotpForm()
    if form.validate_on_submit():
        if code_is_valid(user.totp_secret, form.code.data):
            return _finish_sign_in(user)
        throttle.record_failure(db.session, user.email, _address())
        form.code.errors.append(_("Kode salah atau kedaluwarsa."))
    return render_template("auth/totp.html", form=form), 401 if request.method == "POST" else 200


@bp.route("/totp/setup", methods=["GET", "POST"])
def totp_setup():
    user = _pending_user()
    if user is None:
        return redirect(url_for("auth.login"))
    secret = session.setdefault("pending_totp_secret", new_secret())
    form = TotpForm()
    if form.validate_on_submit():
        try:
            enroll(db.session, user, secret, form.code.data)
        except InvalidSubmission:
            form.code.errors.append(_("Kode salah atau kedaluwarsa."))
        else:
            session.pop("pending_totp_secret", None)
            return _finish_sign_in(user)
    uri = provisioning_uri(user, secret)
    return render_template("auth/totp_setup.html", form=form, secret=secret, uri=uri)


@bp.post("/logout")
def logout():
    sign_out()
    return redirect(url_for("public.home"))


@bp.post("/logout-everywhere")
@login_required
def logout_everywhere():
    ended = end_all_sessions(db.session, current_user.user)
    audit("session.end_all", current_user.user.email,
          f"sessions={ended.sessions} tokens={ended.tokens}")  # fmt: skip
    sign_out()
    flash(_("Semua sesi dan token API Anda sudah diakhiri."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            ended = change_password(db.session, current_user.user, form.current.data,
                                    form.new.data)  # fmt: skip
        except InvalidSubmission as exc:
            form.current.errors.extend(exc.fields.values())
        else:
            audit("password.change", current_user.user.email,
                  f"sessions={ended.sessions} tokens={ended.tokens}")  # fmt: skip
            sign_in(current_user.user)  # every session ended; this browser gets a new one
            flash(_("Kata sandi sudah diganti. Sesi lain dan token API sudah dicabut."), "info")
            return redirect(url_for("public.home"))
    return render_template("auth/password.html", form=form)
