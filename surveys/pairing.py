"""Pairing a kiosk tablet from the web: the tablet shows a code, a manager confirms it.

The tablet asks for a pairing and receives a short code to show and a secret to keep. A
manager types the code on the devices page; confirming creates the Device whose token hash is
the hash of that secret, so the secret the tablet already holds becomes its device token. The
token never travels again and no plaintext of it is stored.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from surveys.devices import add_device, hash_token
from surveys.errors import DomainError, InvalidSubmission
from surveys.models import Counter, Device, DevicePairing, Mpp, utcnow

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, no 1/I: read aloud or typed, unambiguous
CODE_LENGTH = 8
LIFETIME = dt.timedelta(minutes=15)
# A confirmed pairing answers the tablet's polls a while longer, should it have been offline.
KEEP_CONFIRMED = dt.timedelta(days=1)
# Pending pairings per address (an IPv6 client per /64, what one line is given): a flood from
# one address waits for its own codes to expire, and every other tablet can still pair. Tablets
# behind one NAT can pair ten at a time. There is no global cap for a flood to fill.
MAX_PENDING_PER_ADDRESS = 10
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]+")


class PairingUnknown(DomainError):
    status = 401


class PairingExpired(DomainError):
    status = 410


class TooManyPairings(DomainError):
    status = 429

    def __init__(self, message: str, fields: dict[str, str], retry_after: int):
        super().__init__(message, fields)
        self.retry_after = retry_after  # seconds until this address's oldest code expires


@dataclass(frozen=True)
class NewPairing:
    code: str  # as shown, K7QM-4ZPA
    secret: str  # returned once; only its hash is stored
    expires_at: dt.datetime


@dataclass(frozen=True)
class PairingStatus:
    expires_at: dt.datetime
    device: Device | None  # the new device once a manager has confirmed

    @property
    def confirmed(self) -> bool:
        return self.device is not None


def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def normalize_code(text: str) -> str:
    """What a person typed, as stored: upper case, without dashes or spaces."""
    return _SEPARATORS.sub("", text or "").upper()


def create_pairing(session: Session, address: str, now: dt.datetime | None = None) -> NewPairing:
    """A pending pairing for a tablet with no token; TooManyPairings when too many wait."""
    now = now or utcnow()
    _forget_expired(session, now)
    address = address_key(address)
    _check_room(session, address, now)
    secret, code, expires_at = secrets.token_urlsafe(32), _unused_code(session), now + LIFETIME
    session.add(DevicePairing(code=code, secret_hash=hash_token(secret), address=address,
                              created_at=now, expires_at=expires_at))  # fmt: skip
    session.commit()
    return NewPairing(display_code(code), secret, expires_at)


def pairing_status(
    session: Session, code: str, secret: str, now: dt.datetime | None = None
) -> PairingStatus:
    """Pending or confirmed, for the tablet holding the secret; 401 or 410 otherwise."""
    now = now or utcnow()
    pairing = None
    if secret and len(secret) <= 200:
        pairing = session.scalar(
            select(DevicePairing)
            .where(DevicePairing.secret_hash == hash_token(secret))
            .options(joinedload(DevicePairing.device).joinedload(Device.mpp))
        )  # fmt: skip
    if pairing is None or pairing.code != normalize_code(code):
        raise PairingUnknown(
            "Unknown pairing code or secret; ask for a new code.", {"authorization": "unknown"}
        )
    if pairing.confirmed_at is None and _aware(pairing.expires_at) <= now:
        raise PairingExpired(
            "The pairing code has expired; ask for a new one.", {"code": "expired"}
        )
    return PairingStatus(_aware(pairing.expires_at), pairing.device)


def confirm_pairing(
    session: Session,
    mpp: Mpp,
    code: str,
    label: str,
    counter: Counter | None = None,
    now: dt.datetime | None = None,
) -> Device:
    """Register the tablet showing `code` to `mpp`: its secret becomes its device token."""
    now = now or utcnow()
    pairing = _pending(session, normalize_code(code), now)
    device = add_device(session, mpp, label, counter, pairing.secret_hash)
    try:
        session.flush()
        claimed = session.execute(
            update(DevicePairing)
            .where(DevicePairing.id == pairing.id, DevicePairing.confirmed_at.is_(None))
            .values(confirmed_at=now, device_id=device.id)
            .execution_options(synchronize_session=False)
        ).rowcount  # fmt: skip
    except IntegrityError:  # another confirmation created the device first
        claimed = 0
    if claimed != 1:
        session.rollback()
        raise _already_used()
    session.commit()
    return device


def _pending(session: Session, code: str, now: dt.datetime) -> DevicePairing:
    if len(code) != CODE_LENGTH or set(code) - set(ALPHABET):
        raise InvalidSubmission("Not a pairing code.", {"code": "not a pairing code"})
    pairing = session.scalar(select(DevicePairing).where(DevicePairing.code == code))
    if pairing is None:
        raise InvalidSubmission("No tablet shows this code.", {"code": "unknown code"})
    if pairing.confirmed_at is not None:
        raise _already_used()
    if _aware(pairing.expires_at) <= now:
        raise InvalidSubmission("The code has expired.", {"code": "expired code"})
    return pairing


def address_key(address: str) -> str:
    """The address a limit counts by: an IPv4 address, or the /64 network of an IPv6 one."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:45]
    if ip.version == 6:
        if ip.ipv4_mapped is not None:  # ::ffff:10.0.0.1 is the IPv4 client 10.0.0.1
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _check_room(session: Session, address: str, now: dt.datetime) -> None:
    """Expired pairings are gone by now: whatever is unconfirmed is pending."""
    count, oldest = session.execute(
        select(func.count(), func.min(DevicePairing.expires_at))
        .where(DevicePairing.confirmed_at.is_(None), DevicePairing.address == address)
    ).one()  # fmt: skip
    if count >= MAX_PENDING_PER_ADDRESS:
        raise TooManyPairings(
            "Too many tablets are waiting to be paired; try again in a few minutes.",
            {"pairing": "too many pending"},
            retry_after=max(1, int((_aware(oldest) - now).total_seconds()) + 1),
        )


def _already_used() -> InvalidSubmission:
    return InvalidSubmission("The code was already used.", {"code": "code already used"})


def _unused_code(session: Session) -> str:
    while True:  # 32**8 codes and at most a few hundred rows: a repeat is all but impossible
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalar(select(DevicePairing.id).where(DevicePairing.code == code)) is None:
            return code


def _forget_expired(session: Session, now: dt.datetime) -> None:
    session.execute(
        delete(DevicePairing).where(or_(
            DevicePairing.confirmed_at.is_(None) & (DevicePairing.expires_at <= now),
            DevicePairing.expires_at <= now - KEEP_CONFIRMED,
        )).execution_options(synchronize_session=False)
    )  # fmt: skip


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
