"""Pairing a tablet from the web: it asks for a code, then polls until a manager confirms it."""

from __future__ import annotations

import datetime as dt

from flask import jsonify, request

from app.api import bp
from app.extensions import csrf, db
from surveys import pairing
from surveys.models import utcnow


@bp.post("/pairings")
@csrf.exempt
def pairing_create():
    now = utcnow()
    created = pairing.create_pairing(db.session, request.remote_addr or "", now)
    response = jsonify({"code": created.code, "secret": created.secret,
                        **_expiry(created.expires_at, now)})  # fmt: skip
    response.headers["Cache-Control"] = "no-store"  # the secret is shown once, never cached
    return response, 201


@bp.get("/pairings/<code>")
def pairing_status(code: str):
    now = utcnow()
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme != "Pairing" or not secret.strip():
        raise pairing.PairingUnknown(
            "The pairing secret is required.", {"authorization": "expected 'Pairing <secret>'"}
        )
    status = pairing.pairing_status(db.session, code, secret.strip(), now)
    device = status.device
    if device is None:
        body = {"status": "pending", **_expiry(status.expires_at, now)}
    else:
        fixed = device.counter
        body = {"status": "confirmed", "label": device.label,
                "mpp": {"code": device.mpp.code, "name": device.mpp.name},
                "counter": {"code": fixed.code, "name": fixed.name} if fixed else None}  # fmt: skip
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response


def _expiry(expires_at: dt.datetime, now: dt.datetime) -> dict:
    """The moment, and the seconds left: a tablet's own clock may be wrong."""
    return {
        "expires_at": expires_at.isoformat().replace("+00:00", "Z"),
        "expires_in": max(0, int((expires_at - now).total_seconds())),
    }
