"""`Authorization: Device <token>`: a long-lived, revocable token, not a CSRF cookie."""

from __future__ import annotations

from flask import request

from app.extensions import db
from surveys.devices import device_for_token
from surveys.errors import DomainError
from surveys.models import Device


class DeviceUnauthorized(DomainError):
    status = 401


class DeviceRevoked(DomainError):
    status = 403


def authenticated_device() -> Device:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme != "Device" or not token.strip():
        raise DeviceUnauthorized(
            "A device token is required.", {"authorization": "expected 'Device <token>'"}
        )
    device = device_for_token(db.session, token.strip())
    if device is None:
        raise DeviceUnauthorized("Unknown device token.", {"authorization": "unknown token"})
    if device.revoked:
        raise DeviceRevoked(
            "This device has been revoked; keep its unsent answers and ask a manager.",
            {"authorization": "revoked"},
        )
    return device
