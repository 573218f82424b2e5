from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth import attempts, bp
from app.auth.forms import LoginForm, PasswordChangeForm
from app.auth.landing import landing_url
from app.auth.login import audit, client_address, sign_in, sign_out
from app.auth.password_gate import password_check_slot
from app.auth.totp_views import start_second_step
from app.extensions import db
from app.security import safe_next
from surveys import throttle
from surveys.accounts import User, authenticate, change_password, end_all_sessions
from surveys.errors import InvalidSubmission


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if not form.validate_on_submit():
        status = 401 if request.method == "POST" else 200
        return render_template("auth/login.html", form=form), status
    email, keys = form.email.data, throttle.sign_in_keys(form.email.data, client_address())
    with password_check_slot():
        wait = attempts.charge(keys)
        user = None if wait else authenticate(db.session, email, form.password.data)
    if wait:
        attempts.failed(email, "password, waiting", 429)
        return attempts.too_many(form.password, "auth/login.html", wait, form=form)
    if user is None:
        attempts.failed(email, "password", 401)
        form.password.errors.append(_("Email atau kata sandi salah."))
        return render_template("auth/login.html", form=form), 401
    return _second_step_or_sign_in(user, keys)


def _second_step_or_sign_in(user: User, keys: list[str]):
    next_url = safe_next(request.args.get("next"), fallback=landing_url(user.role))
    if user.role in current_app.config["TOTP_REQUIRED_ROLES"]:
        # The account's counts wait for the code: a password alone must not reset them.
        attempts.succeeded(throttle.address_keys(keys))
        return start_second_step(user, next_url)
    attempts.succeeded(keys)
    sign_in(user)
    attempts.signed_in(user, "password")
    return redirect(next_url)


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
        keys = throttle.sign_in_keys(current_user.user.email, client_address())
        wait = attempts.charge(keys)
        if wait:
            return attempts.too_many(form.current, "auth/password.html", wait, form=form)
        try:
            with password_check_slot():
                ended = change_password(db.session, current_user.user, form.current.data,
                                        form.new.data)  # fmt: skip
        except InvalidSubmission as exc:
            form.current.errors.extend(exc.fields.values())
        else:
            attempts.succeeded(keys)
            audit("password.change", current_user.user.email,
                  f"sessions={ended.sessions} tokens={ended.tokens}")  # fmt: skip
            sign_in(current_user.user)  # every session ended; this browser gets a new one
            flash(_("Kata sandi sudah diganti. Sesi lain dan token API sudah dicabut."), "info")
            return redirect(url_for("public.home"))
    return render_template("auth/password.html", form=form)
