"""Kiosk tablets (register, fix to a counter, revoke) and the printable QR sheet."""

from __future__ import annotations

import segno
from flask import make_response, render_template, request, url_for
from flask_babel import gettext as _

from app.auth.login import roles_required
from app.extensions import db
from app.manage import bp
from app.manage.common import done, form_int, found, managed_mpp, refused
from surveys import mall
from surveys.catalogue import active_tenants
from surveys.devices import register_device, revoke_device
from surveys.errors import InvalidSubmission


@bp.get("/<mpp_code>/devices")
@roles_required("manager", "admin")
def devices(mpp_code: str):
    mpp = managed_mpp(mpp_code)
    return render_template("manage/devices.html", mpp=mpp,
                           devices=mall.devices_of(db.session, mpp),
                           tenants=active_tenants(db.session, mpp))  # fmt: skip


@bp.post("/<mpp_code>/devices")
@roles_required("manager", "admin")
def device_register(mpp_code: str):
    mpp = managed_mpp(mpp_code)
    counter_id = form_int(request.form, "counter")
    counter = found(mall.counter_at, db.session, mpp, counter_id) if counter_id else None
    label = request.form.get("label", "").strip()
    try:
        registered = register_device(db.session, mpp, label or _("Kios"), counter)
    except InvalidSubmission as exc:
        return refused("manage.devices", mpp, exc)
    kiosk_url = url_for("kiosk.shell", _external=True) + "#token=" + registered.token
    qr = segno.make(kiosk_url, error="m").svg_inline(scale=5, border=2, title=_("Alamat kios"))
    response = make_response(render_template("manage/device_registered.html", mpp=mpp,
                             device=registered.device, kiosk_url=kiosk_url, qr=qr))  # fmt: skip
    response.headers["Cache-Control"] = "no-store"  # the token is shown once, never cached
    return response


@bp.post("/<mpp_code>/devices/<int:device_id>/revoke")
@roles_required("manager", "admin")
def device_revoke(mpp_code: str, device_id: int):
    mpp = managed_mpp(mpp_code)
    device = found(mall.device_at, db.session, mpp, device_id)
    revoke_device(db.session, device)
    return done("manage.devices", mpp, _("Perangkat %(label)s dicabut.", label=device.label))


@bp.get("/<mpp_code>/qr")
@roles_required("manager", "admin")
def qr_sheet(mpp_code: str):
    mpp = managed_mpp(mpp_code)
    return render_template("manage/qr_sheet.html", mpp=mpp,
                           tenants=active_tenants(db.session, mpp))  # fmt: skip
