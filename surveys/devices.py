"""Kiosk devices: long-lived tokens, stored only as hashes, revocable."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from surveys.errors import DomainError, InvalidSubmission
from surveys.models import Counter, Device, Mpp, Regency, utcnow

TOKEN_MAX_LENGTH = 200


class DeviceUnauthorized(DomainError):
    status = 401


class DeviceRevoked(DomainError):
    status = 403


def ensure_usable(found: bool, revoked: bool) -> None:
    """Refuse a token no device has, and a revoked device (which keeps its unsent answers)."""
    if not found:
        raise DeviceUnauthorized("Unknown device token.", {"authorization": "unknown token"})
    if revoked:
        raise DeviceRevoked(
            "This device has been revoked; keep its unsent answers and ask a manager.",
            {"authorization": "revoked"},
        )


@dataclass(frozen=True)
class RegisteredDevice:
    device: Device
    token: str  # shown once; only its hash is stored


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def register_device(
    session: Session,
    mpp: Mpp,
    label: str,
    counter: Counter | None = None,
    token: str | None = None,
) -> RegisteredDevice:
    """Register a tablet to an MPP (optionally fixed to one counter) and return its token."""
    token = token or secrets.token_urlsafe(32)
    device = add_device(session, mpp, label, counter, hash_token(token))
    session.commit()
    return RegisteredDevice(device, token)


def add_device(
    session: Session, mpp: Mpp, label: str, counter: Counter | None, token_hash: str
) -> Device:
    """A new device for a token the caller already holds only as a hash; not committed."""
    if counter is not None and counter.mpp_id != mpp.id:
        raise InvalidSubmission("The counter is not at this MPP.", {"counter": "other MPP"})
    device = Device(
        mpp_id=mpp.id, counter_id=counter.id if counter else None,
        label=label.strip()[:80] or "Kiosk", token_hash=token_hash,
    )  # fmt: skip
    session.add(device)
    return device


def device_for_token(session: Session, token: str) -> Device | None:
    """The device a token belongs to, revoked or not (the caller tells a revoked one so)."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    # The MPP and its zone come in the same round trip: every submission needs them.
    return session.scalar(
        select(Device)
        .where(Device.token_hash == hash_token(token))
        .options(joinedload(Device.mpp).joinedload(Mpp.regency).joinedload(Regency.province))
    )


def revoke_device(session: Session, device: Device) -> None:
    if device.revoked_at is None:
        device.revoked_at = utcnow()
        session.commit()
