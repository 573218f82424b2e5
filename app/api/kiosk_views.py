"""Endpoints a kiosk calls: its configuration, and one survey submission."""

from __future__ import annotations

from flask import jsonify, request

from app.api import bp
from app.api.device_auth import authenticated_device, device_token
from app.database import ingest_engine
from app.extensions import csrf, db
from surveys import instrument
from surveys.catalogue import kiosk_catalogue, service_choices
from surveys.errors import InvalidSubmission
from surveys.kiosk_ingest import submit_kiosk
from surveys.models import utcnow
from surveys.validation import parse_submission


@bp.get("/kiosk/config")
def kiosk_config():
    device = authenticated_device()
    lang = request.args.get("lang", "id") if request.args.get("lang") in ("id", "en") else "id"
    fixed = device.counter
    return jsonify(
        {
            "device": {"label": device.label, "id": device.id},
            "mpp": {"code": device.mpp.code, "name": device.mpp.name,
                    "timezone": device.mpp.timezone},
            "fixed_counter": (
                {"code": fixed.code, "name": fixed.name, "tenant": fixed.tenant.name,
                 "services": service_choices(fixed.tenant.services, lang)}
                if fixed else None
            ),
            "tenants": kiosk_catalogue(db.session, device.mpp, lang),
            "instrument": instrument.as_dict(lang),
        }
    )  # fmt: skip


@bp.post("/responses")
@csrf.exempt
def submit():
    token = device_token()
    now = utcnow()
    try:
        submission = parse_submission(_json_body(), now, channel="kiosk")
    except InvalidSubmission:
        authenticated_device()  # a bad or revoked token is answered before a bad body
        raise
    # The token is checked in the same round trip that finds the counter (an answer's hot path).
    stored = submit_kiosk(db.session, token, submission, now, ingest_engine())
    return jsonify(stored.summary), 201 if stored.created else 200


def _json_body() -> object:
    """The body as JSON whatever its Content-Type; malformed or absurdly nested is a 422."""
    try:
        payload = request.get_json(force=True, silent=True)
    except RecursionError:  # json gives up on deep nesting with this, not a ValueError
        payload = None
    if payload is None:
        raise InvalidSubmission("The body is not valid JSON.", {"body": "malformed JSON"})
    return payload
