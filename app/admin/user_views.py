from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from app.admin import bp
from app.admin.forms import UserForm
from app.auth.login import audit, roles_required
from app.extensions import db
from surveys import totp
from surveys.accounts import User, create_user, end_all_sessions
from surveys.audit import record
from surveys.errors import InvalidSubmission
from surveys.models import Mpp, Tenant


def _fill_choices(form: UserForm) -> None:
    mpps = db.session.scalars(select(Mpp).order_by(Mpp.name)).all()
    form.mpps.choices = [SelectChoice(m.id, m.name) for m in mpps]
    tenants = db.session.scalars(select(Tenant).join(Mpp).order_by(Mpp.name)).all()
    form.tenant.choices = [SelectChoice(0, "—")] + [
        SelectChoice(t.id, f"{t.mpp.name} · {t.name}") for t in tenants
    ]


@bp.get("/users")
@roles_required("admin")
def users():
    accounts = db.session.scalars(select(User).order_by(User.role, User.email)).all()
    return render_template("admin/users.html", users=accounts)


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required("admin")
def user_new():
    form = UserForm()
    _fill_choices(form)
    if form.validate_on_submit():
        try:
            create_user(
                db.session, form.email.data, form.name.data, form.role.data,
                form.password.data or "", mpps=[db.session.get(Mpp, i) for i in form.mpps.data],
                tenant=db.session.get(Tenant, form.tenant.data) if form.tenant.data else None,
            )  # fmt: skip
        except InvalidSubmission as exc:
            for name, message in exc.fields.items():
                (form[name] if name in form else form.email).errors.append(message)
        else:
            flash(_("Akun dibuat."), "info")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required("admin")
def user_edit(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = UserForm(obj=user)
    _fill_choices(form)
    if not form.is_submitted():
        form.mpps.data = [m.id for m in user.mpps]
        form.tenant.data = user.tenant_id or 0
    if form.validate_on_submit():
        _apply(user, form)
        flash(_("Akun disimpan."), "info")
        return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user)


def _apply(user: User, form: UserForm) -> None:
    changed_access = (user.role != form.role.data or not form.active.data
                      or {m.id for m in user.mpps} != set(form.mpps.data))  # fmt: skip
    if user.role != form.role.data:
        record(db.session, current_user.id, "user.role", user.email,
               details=f"{user.role} -> {form.role.data}")  # fmt: skip
    user.name, user.role, user.active = form.name.data, form.role.data, form.active.data
    user.mpps = [db.session.get(Mpp, i) for i in form.mpps.data] if user.role == "manager" else []
    user.tenant_id = (form.tenant.data or None) if user.role == "officer" else None
    if form.password.data:
        user.set_password(form.password.data)
        audit("password.set", user.email, "by admin")
        changed_access = True
    if changed_access:  # a role change takes effect at once; a new password or deactivation
        _end_access(user, tokens=bool(form.password.data) or not user.active)  # ends tokens too
    db.session.commit()


def _end_access(user: User, tokens: bool) -> None:
    ended = end_all_sessions(db.session, user, tokens=tokens)
    audit(
        "session.end_all", user.email, f"by admin; sessions={ended.sessions} tokens={ended.tokens}"
    )


@bp.post("/users/<int:user_id>/totp-reset")
@roles_required("admin")
def user_totp_reset(user_id: int):
    """A lost authenticator: the user sets up a new one at their next sign-in (sessions end)."""
    user = db.session.get(User, user_id) or abort(404)
    totp.reset(db.session, user)
    ended = end_all_sessions(db.session, user, tokens=False)
    audit("totp.reset", user.email, f"by admin; sessions={ended.sessions}")
    flash(_("Verifikasi dua langkah diatur ulang: pengguna memasang aplikasi autentikator baru "
            "saat masuk berikutnya."), "info")  # fmt: skip
    return redirect(url_for("admin.user_edit", user_id=user.id))
