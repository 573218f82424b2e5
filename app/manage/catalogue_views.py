"""Tenants (from the agency catalogue), their counters and their services."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _

from app.auth.login import roles_required
from app.extensions import db
from app.manage import bp
from app.manage.common import done, form_int, found, managed_mpp, refused
from surveys import mall
from surveys.errors import InvalidSubmission


@bp.get("/<mpp_code>/tenants")
@roles_required("manager", "admin")
def tenants(mpp_code: str):
    mpp = managed_mpp(mpp_code)
    ordered = sorted(mpp.tenants, key=lambda t: (not t.active, t.name.lower()))
    return render_template("manage/tenants.html", mpp=mpp, tenants=ordered,
                           agencies=mall.agencies_to_add(db.session, mpp))  # fmt: skip


@bp.post("/<mpp_code>/tenants")
@roles_required("manager", "admin")
def tenant_add(mpp_code: str):
    mpp = managed_mpp(mpp_code)
    try:
        tenant = mall.add_tenant(db.session, mpp, form_int(request.form, "agency") or 0)
    except InvalidSubmission as exc:
        return refused("manage.tenants", mpp, exc)
    return done("manage.tenant", mpp, _("Instansi %(name)s ditambahkan.", name=tenant.name),
                tenant_id=tenant.id)  # fmt: skip


@bp.post("/<mpp_code>/tenants/<int:tenant_id>/active")
@roles_required("manager", "admin")
def tenant_active(mpp_code: str, tenant_id: int):
    mpp = managed_mpp(mpp_code)
    tenant = found(mall.tenant_at, db.session, mpp, tenant_id)
    mall.set_active(db.session, tenant, request.form.get("active") == "1")
    return done("manage.tenants", mpp, _("Status instansi %(name)s disimpan.", name=tenant.name))


@bp.get("/<mpp_code>/tenants/<int:tenant_id>")
@roles_required("manager", "admin")
def tenant(mpp_code: str, tenant_id: int):
    mpp = managed_mpp(mpp_code)
    tenant = found(mall.tenant_at, db.session, mpp, tenant_id)
    return render_template("manage/tenant.html", mpp=mpp, tenant=tenant,
                           next_code=mall.suggested_counter_code(mpp, db.session))  # fmt: skip


@bp.post("/<mpp_code>/tenants/<int:tenant_id>/counters")
@roles_required("manager", "admin")
def counter_add(mpp_code: str, tenant_id: int):
    mpp = managed_mpp(mpp_code)
    tenant = found(mall.tenant_at, db.session, mpp, tenant_id)
    try:
        mall.add_counter(
            db.session, mpp, tenant, request.form.get("code"), request.form.get("name")
        )
    except InvalidSubmission as exc:
        return refused("manage.tenant", mpp, exc, tenant_id=tenant.id)
    return done("manage.tenant", mpp, _("Loket ditambahkan."), tenant_id=tenant.id)


@bp.post("/<mpp_code>/tenants/<int:tenant_id>/services")
@roles_required("manager", "admin")
def service_add(mpp_code: str, tenant_id: int):
    mpp = managed_mpp(mpp_code)
    tenant = found(mall.tenant_at, db.session, mpp, tenant_id)
    form = request.form
    try:
        mall.add_service(db.session, mpp, tenant, form.get("code"), form.get("name"),
                         form.get("name_en", ""))  # fmt: skip
    except InvalidSubmission as exc:
        return refused("manage.tenant", mpp, exc, tenant_id=tenant.id)
    return done("manage.tenant", mpp, _("Layanan ditambahkan."), tenant_id=tenant.id)


@bp.post("/<mpp_code>/<any(counters, services):kind>/<int:item_id>")
@roles_required("manager", "admin")
def item_update(mpp_code: str, kind: str, item_id: int):
    """Rename a counter or service, or (de)activate it: one form per row."""
    mpp = managed_mpp(mpp_code)
    lookup = mall.counter_at if kind == "counters" else mall.service_at
    item = found(lookup, db.session, mpp, item_id)
    form = request.form
    try:
        if "active" in form:
            mall.set_active(db.session, item, form.get("active") == "1")
        else:
            mall.rename(db.session, item, form.get("name"), form.get("name_en"))
    except InvalidSubmission as exc:
        return refused("manage.tenant", mpp, exc, tenant_id=item.tenant_id)
    return done("manage.tenant", mpp, _("Perubahan disimpan."), tenant_id=item.tenant_id)
