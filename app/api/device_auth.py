"""`Authorization: Device <token>`: a long-lived, revocable token, not a CSRF cookie."""

from __future__ import annotations

from flask import request

from app.extensions import db
from surveys.devices import DeviceUnauthorized, device_for_token, ensure_usable
from surveys.models import Device


def device_token() -> str:
    """The token of `Authorization: Device <token>`; 401 when the header is missing."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme != "Device" or not token.strip():
        raise DeviceUnauthorized(
            "A device token is required.", {"authorization": "expected 'Device <token>'"}
        )
    return token.strip()


def authenticated_device() -> Device:
    device = device_for_token(db.session, device_token())
    ensure_usable(device is not None, device is not None and device.revoked)
    return device
