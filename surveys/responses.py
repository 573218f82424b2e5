"""Storing a visitor's answers: the one use-case every channel (kiosk, phone QR) goes through."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import and_, bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, make_transient_to_detached

from surveys import alerts, rollups
from surveys.abuse import PhoneVisit, flag_reason_for
from surveys.devices import TOKEN_MAX_LENGTH, ensure_usable, hash_token
from surveys.errors import DomainError, InvalidSubmission
from surveys.instrument import ELEMENTS, PROFILE_FIELDS
from surveys.models import Counter, Device, Mpp, Province, Regency, Response, Service, utcnow
from surveys.validation import Submission


class DuplicateSubmission(DomainError):
    """The client id was stored before with other answers: a retry must resend the same."""

    status = 409

    def __init__(self, stored: Response):
        super().__init__(
            "This id was already stored with different answers; nothing was changed.",
            {"id": "already stored with a different body"},
        )
        self.details = {"id": stored.uuid, "stored": response_summary(stored)}


@dataclass(frozen=True)
class StoredResponse:
    # The row as the session holds it; None from the two-statement path (surveys.kiosk_ingest),
    # which loads no ORM object: the summary is what the API answers.
    response: Response | None
    created: bool  # False when the same client id had been stored before
    summary: dict  # the stored response as the API returns it (response_summary)


@dataclass(frozen=True)
class Origin:
    """Where an answer is given: the MPP (with its time zone) and, for a kiosk, the tablet."""

    mpp_id: int
    zone: ZoneInfo
    device_id: int | None = None
    fixed_counter_id: int | None = None  # a tablet fixed to one counter

    @classmethod
    def of(cls, mpp: Mpp, device: Device | None) -> Origin:
        if device is None:
            return cls(mpp.id, mpp.zone)
        return cls(mpp.id, mpp.zone, device.id, device.counter_id)


@dataclass(frozen=True)
class _CatalogueIds:
    counter_id: int
    tenant_id: int
    service_id: int | None


def submit_response(
    session: Session,
    submission: Submission,
    mpp: Mpp,
    device: Device | None = None,
    now: dt.datetime | None = None,
    phone: PhoneVisit | None = None,
) -> StoredResponse:
    """Store one visit's answers exactly once; a repeated id returns the first stored result.

    `phone` (the phone survey's sender) lets the abuse rules look at one client at a counter.
    """
    origin = Origin.of(mpp, device)
    row = session.execute(_CATALOGUE, _catalogue_params(submission, mpp_id=mpp.id)).first()
    return _store(session, submission, origin, row, now, phone=phone)


def submit_kiosk_response(
    session: Session, token: str, submission: Submission, now: dt.datetime | None = None
) -> StoredResponse:
    """A kiosk's answer: its device, MPP, zone and the counter it names in one round trip.

    Refuses an unknown token (401) and a revoked device (403) as ``device_for_token`` does.
    """
    row = None
    if len(token) <= TOKEN_MAX_LENGTH:
        params = _catalogue_params(submission, token_hash=hash_token(token))
        row = session.execute(_KIOSK_CATALOGUE, params).first()
    ensure_usable(row is not None, row is not None and row.revoked_at is not None)
    origin = Origin(row.mpp_id, ZoneInfo(row.timezone), row.device_id, row.fixed_counter_id)
    # No saved rule comes as NULLs, which the defaults fill.
    values = {name: row._mapping[name] for name in alerts.WINDOW_RULE_COLUMNS}
    rule = alerts.rule_with_defaults(row.mpp_id, values)
    return _store(session, submission, origin, row, now, rule)


def _store(
    session: Session,
    submission: Submission,
    origin: Origin,
    catalogue_row,
    now: dt.datetime | None,
    rule: alerts.AlertRule | None = None,
    phone: PhoneVisit | None = None,
) -> StoredResponse:
    """One transaction holds the answer, both rollups and any alert it raises.

    The insert is optimistic: a repeated id is rare (a retry whose acknowledgement was lost),
    so the unique index finds it instead of a lookup before every insert. Every answer takes
    this path, so it speaks SQL directly where the ORM would only add work.
    """
    try:
        ids = checked_ids(submission, origin, catalogue_row)
    except InvalidSubmission:
        # A retry of an answer stored before its counter was closed is still acknowledged.
        if (stored := _stored_before(session, submission, origin)) is None:
            raise
        return stored
    values = response_values(submission, origin, ids, now or utcnow())
    values["flag_reason"] = flag_reason_for(session, submission, origin.device_id, phone,
                                            ids.counter_id)  # fmt: skip
    try:
        response = _insert(session, values)
    except IntegrityError:
        session.rollback()  # the id was stored before (perhaps by a delivery racing this one)
        if (stored := _stored_before(session, submission, origin)) is None:
            raise
        return stored
    rollups.add_response(session, response)  # same transaction: counts never drift
    alerts.check_response(session, response, rule)  # the counter's bad-streak rule
    summary = summary_with_codes(values, submission.counter, submission.service)
    session.commit()
    return StoredResponse(response, created=True, summary=summary)


_INSERT = insert(Response.__table__).returning(Response.__table__.c.id)


def _insert(session: Session, values: dict) -> Response:
    """INSERT the row, then let the session hold it as a loaded, persistent Response."""
    response = Response(id=session.execute(_INSERT, values).scalar_one(), **values)
    make_transient_to_detached(response)
    session.add(response)
    return response


def _stored_before(
    session: Session, submission: Submission, origin: Origin
) -> StoredResponse | None:
    """The answer stored earlier under this id, if any: refused if another MPP's (422), or if
    it holds other answers than this delivery (409, with the stored one)."""
    existing = _by_client_id(session, submission.id)
    if existing is None:
        return None
    existing = _same_origin(existing, origin)
    if not _same_answers(existing, submission):
        raise DuplicateSubmission(existing)
    return StoredResponse(existing, created=False, summary=response_summary(existing))


def _same_answers(existing: Response, submission: Submission) -> bool:
    """Whether a repeated delivery says what the stored one said (a retry): the same counter,
    service and answers. Not its time (a phone form posted twice is stamped twice), and the
    comment may have been erased since (privacy retention)."""
    service = existing.service.code if existing.service else None
    return (
        (existing.counter.code, service, existing.channel, existing.lang)
        == (submission.counter, submission.service, submission.channel, submission.lang)
        and all(getattr(existing, code) == submission.answers.get(code) for code in ELEMENTS)
        and all(getattr(existing, name) == submission.profile.get(name) for name in PROFILE_FIELDS)
        and existing.comment in (None, submission.comment)
    )  # fmt: skip


def is_stored(session: Session, client_id: str) -> bool:
    """Whether an answer was stored under this client id (a visit already counted)."""
    return session.scalar(select(Response.id).where(Response.uuid == client_id)) is not None


def _by_client_id(session: Session, client_id: str) -> Response | None:
    return session.scalar(select(Response).where(Response.uuid == client_id))


def _same_origin(existing: Response, origin: Origin) -> Response:
    if existing.mpp_id != origin.mpp_id:
        raise InvalidSubmission(
            "This id was already used for another response.", {"id": "already used"}
        )
    return existing


# The counter and service a submission names, found at its MPP by code; the kiosk variant
# starts from the device token and brings the device, its MPP's zone and alert rule along.
_device, _mpp, _regency, _province = (
    Device.__table__, Mpp.__table__, Regency.__table__, Province.__table__
)  # fmt: skip
_counter, _service, _rule = Counter.__table__, Service.__table__, alerts.AlertRule.__table__
_CATALOGUE_COLUMNS = (
    _counter.c.id.label("counter_id"), _counter.c.tenant_id, _counter.c.active,
    _service.c.id.label("service_id"), _service.c.tenant_id.label("service_tenant_id"),
)  # fmt: skip


def _catalogue_joins(mpp_id):
    counter_on = and_(_counter.c.mpp_id == mpp_id, _counter.c.code == bindparam("counter"))
    service_on = and_(_service.c.mpp_id == mpp_id, _service.c.code == bindparam("service"))
    return counter_on, service_on


_counter_on, _service_on = _catalogue_joins(bindparam("mpp_id"))
_CATALOGUE = (
    select(*_CATALOGUE_COLUMNS)
    .select_from(_counter.outerjoin(_service, _service_on))
    .where(_counter_on)
)
_kiosk_counter_on, _kiosk_service_on = _catalogue_joins(_device.c.mpp_id)
_KIOSK_CATALOGUE = (
    select(_device.c.id.label("device_id"), _device.c.mpp_id, _device.c.revoked_at,
           _device.c.counter_id.label("fixed_counter_id"), _province.c.timezone,
           *_CATALOGUE_COLUMNS, *(_rule.c[name] for name in alerts.WINDOW_RULE_COLUMNS))
    .select_from(
        _device.join(_mpp, _mpp.c.id == _device.c.mpp_id)
        .join(_regency, _regency.c.code == _mpp.c.regency_code)
        .join(_province, _province.c.code == _regency.c.province_code)
        .outerjoin(_counter, _kiosk_counter_on)
        .outerjoin(_service, _kiosk_service_on)
        .outerjoin(_rule, _rule.c.mpp_id == _device.c.mpp_id)
    )
    .where(_device.c.token_hash == bindparam("token_hash"))
)  # fmt: skip


def _catalogue_params(submission: Submission, **key) -> dict:
    return {"counter": submission.counter, "service": submission.service, **key}


def checked_ids(submission: Submission, origin: Origin, row) -> _CatalogueIds:
    if row is None or row.counter_id is None or not row.active:
        raise InvalidSubmission("Unknown counter.", {"counter": "no such counter at this MPP"})
    if origin.fixed_counter_id not in (None, row.counter_id):
        raise InvalidSubmission(
            "This device is fixed to another counter.", {"counter": "not this device's counter"}
        )
    if submission.service is not None and (
        row.service_id is None or row.service_tenant_id != row.tenant_id
    ):
        raise InvalidSubmission(
            "Unknown service for this counter.", {"service": "not a service of this counter"}
        )
    return _CatalogueIds(row.counter_id, row.tenant_id, row.service_id)


def response_values(
    submission: Submission, origin: Origin, ids: _CatalogueIds, now: dt.datetime
) -> dict:
    local = submission.submitted_at.astimezone(origin.zone)
    return {
        "uuid": submission.id,
        "mpp_id": origin.mpp_id,
        "tenant_id": ids.tenant_id,
        "counter_id": ids.counter_id,
        "service_id": ids.service_id,
        "device_id": origin.device_id,
        "channel": submission.channel,
        **{code: submission.answers.get(code) for code in ELEMENTS},
        **{name: submission.profile.get(name) for name in PROFILE_FIELDS},  # fixed columns
        "comment": submission.comment,
        "lang": submission.lang,
        "client_submitted_at": submission.submitted_at,
        "received_at": now,
        "local_date": local.date(),
        "local_hour": local.hour,
        "flag_reason": None,
        "excluded": False,
    }


_SUMMARY_COLUMNS = ("uuid", *ELEMENTS, "channel", "client_submitted_at", "received_at",
                    "flag_reason")  # fmt: skip


def response_summary(response: Response) -> dict:
    """The stored response as the API returns it (no comment: the tablet need not echo it)."""
    service = response.service.code if response.service else None
    values = {name: getattr(response, name) for name in _SUMMARY_COLUMNS}
    return summary_with_codes(values, response.counter.code, service)


def summary_with_codes(values: dict, counter_code: str, service_code: str | None) -> dict:
    """The summary from a response's column values and its counter's and service's codes."""
    return {
        "id": values["uuid"],
        "counter": counter_code,
        "service": service_code,
        "answers": {code: values[code] for code in ELEMENTS if values[code] is not None},
        "channel": values["channel"],
        "submitted_at": _iso(values["client_submitted_at"]),
        "received_at": _iso(values["received_at"]),
        "flagged": values["flag_reason"] is not None,
    }


def _iso(stamp: dt.datetime) -> str:
    if stamp.tzinfo is None:  # SQLite hands back naive datetimes; they were stored in UTC
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
