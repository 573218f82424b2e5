"""The second sign-in step, setting up an authenticator, and moving to a new one.

Between the password and the code, the cookie holds only a random token of a server-side
``PendingSignIn`` row (who, where to go next, the secret being set up): nothing readable.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth import attempts, bp
from app.auth.forms import TotpChangeForm, TotpForm
from app.auth.landing import landing_url
from app.auth.login import audit, client_address, sign_in
from app.extensions import db
from surveys import sign_in as pending
from surveys import throttle
from surveys.accounts import User
from surveys.errors import InvalidSubmission
from surveys.totp import enroll, provisioning_uri, replace_authenticator, use_code

COOKIE_KEY = {"sign_in": "pending_sign_in", "reenrol": "pending_reenrol"}


def _wrong_code() -> str:
    return _("Kode salah atau kedaluwarsa.")


def start_second_step(user: User, next_url: str):
    started = pending.start(db.session, user, next_url=next_url)
    session[COOKIE_KEY["sign_in"]] = started.token
    return redirect(url_for("auth.totp" if user.totp_secret else "auth.totp_setup"))


def _pending(purpose: str = "sign_in") -> pending.PendingSignIn | None:
    return pending.find(db.session, session.get(COOKIE_KEY[purpose]), purpose)


def _keys(row: pending.PendingSignIn) -> list[str]:
    return throttle.code_keys(row.user.email, client_address(), row.token_hash)


def _finish_sign_in(row: pending.PendingSignIn, keys: list[str], how: str):
    user, next_url = row.user, row.next_url
    pending.finish(db.session, row)
    session.pop(COOKIE_KEY["sign_in"], None)
    attempts.succeeded(keys)
    sign_in(user)
    attempts.signed_in(user, how)
    return redirect(next_url or landing_url(user.role))


@bp.route("/totp", methods=["GET", "POST"])
def totp():
    row = _pending()
    if row is None or not row.user.totp_secret:
        return redirect(url_for("auth.login"))
    form = TotpForm()
    if not form.validate_on_submit():
        status = 401 if request.method == "POST" else 200
        return render_template("auth/totp.html", form=form), status
    keys = _keys(row)
    wait = attempts.charge(keys)
    if wait:
        attempts.failed(row.user.email, "code, waiting", 429)
        return attempts.too_many(form.code, "auth/totp.html", wait, form=form)
    if use_code(db.session, row.user, form.code.data):
        return _finish_sign_in(row, keys, "password and code")
    attempts.failed(row.user.email, "code", 401)
    form.code.errors.append(_wrong_code())
    return render_template("auth/totp.html", form=form), 401


@bp.route("/totp/setup", methods=["GET", "POST"])
def totp_setup():
    """Only for an account without an authenticator (new, or reset by an admin)."""
    row = _pending()
    if row is None:
        return redirect(url_for("auth.login"))
    if row.user.totp_secret:
        return redirect(url_for("auth.totp"))  # the code of the authenticator it has, no other
    secret = pending.candidate_secret(db.session, row)
    form = TotpForm()
    if form.validate_on_submit():
        keys = _keys(row)
        wait = attempts.charge(keys)
        if wait:
            uri = provisioning_uri(row.user, secret)
            return attempts.too_many(form.code, "auth/totp_setup.html", wait, form=form,
                                     secret=secret, uri=uri)  # fmt: skip
        try:
            enroll(db.session, row.user, secret, form.code.data)
        except InvalidSubmission:
            attempts.failed(row.user.email, "set-up code", 200)
            form.code.errors.append(_wrong_code())
        else:
            audit("totp.enrol", row.user.email, "at sign-in", user_id=row.user.id)
            return _finish_sign_in(row, keys, "password and new authenticator")
    uri = provisioning_uri(row.user, secret)
    return render_template("auth/totp_setup.html", form=form, secret=secret, uri=uri)


@bp.route("/totp/change", methods=["GET", "POST"])
@login_required
def totp_change():
    """The signed-in owner moves to a new phone, confirming with the current code."""
    user = current_user.user
    if not user.totp_secret:
        flash(_("Akun ini belum memakai verifikasi dua langkah."), "info")
        return redirect(url_for("auth.password"))
    row = _pending("reenrol")
    if row is None or row.user_id != user.id:
        started = pending.start(db.session, user, purpose="reenrol")
        session[COOKIE_KEY["reenrol"]] = started.token
        row = started.row
    secret = pending.candidate_secret(db.session, row)
    form = TotpChangeForm()
    if form.validate_on_submit():
        return _replace(user, row, secret, form)
    uri = provisioning_uri(user, secret)
    return render_template("auth/totp_change.html", form=form, secret=secret, uri=uri)


def _replace(user: User, row: pending.PendingSignIn, secret: str, form: TotpChangeForm):
    context = {"form": form, "secret": secret, "uri": provisioning_uri(user, secret)}
    keys = _keys(row)
    wait = attempts.charge(keys)
    if wait:
        return attempts.too_many(form.current, "auth/totp_change.html", wait, **context)
    try:
        replace_authenticator(db.session, user, form.current.data, secret, form.code.data)
    except InvalidSubmission as exc:
        field = form.current if "current" in exc.fields else form.code
        field.errors.append(_wrong_code())
        return render_template("auth/totp_change.html", **context), 401
    pending.finish(db.session, row)
    session.pop(COOKIE_KEY["reenrol"], None)
    attempts.succeeded(keys)
    audit("totp.reenrol", user.email, "by the owner, confirmed with the current code")
    flash(_("Aplikasi autentikator baru sudah aktif."), "info")
    return redirect(url_for("public.home"))
