"""Storing a visitor's answers: the one use-case every channel (kiosk, phone QR) goes through."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, make_transient_to_detached

from surveys import alerts, rollups
from surveys.abuse import flag_reason_for
from surveys.errors import InvalidSubmission
from surveys.instrument import ELEMENTS
from surveys.models import Counter, Device, Mpp, Response, Service, utcnow
from surveys.validation import Submission


@dataclass(frozen=True)
class StoredResponse:
    response: Response
    created: bool  # False when the same client id had been stored before
    summary: dict  # the stored response as the API returns it (response_summary)


def submit_response(
    session: Session,
    submission: Submission,
    mpp: Mpp,
    device: Device | None = None,
    now: dt.datetime | None = None,
) -> StoredResponse:
    """Store one visit's answers exactly once; a repeated id returns the first stored result.

    One transaction holds the answer, both rollups and any alert it raises. The insert is
    optimistic: a repeated id is rare (a retry whose acknowledgement was lost), so it is found
    by the unique index refusing the insert instead of by a lookup before every insert.
    Every kiosk answer takes this path, so it speaks SQL directly where the ORM would only add
    work: one query for the catalogue, one INSERT … RETURNING for the answer.
    """
    values = _response_values(submission, mpp, _catalogue_ids(session, submission, mpp, device),
                              device, now or utcnow())  # fmt: skip
    values["flag_reason"] = flag_reason_for(session, submission, device)
    try:
        response = _insert(session, values)
    except IntegrityError:
        session.rollback()
        existing = _by_client_id(session, submission.id)
        if existing is None:
            raise
        existing = _same_origin(existing, mpp)
        return StoredResponse(existing, created=False, summary=response_summary(existing))
    rollups.add_response(session, response)  # same transaction: counts never drift
    alerts.check_response(session, response)  # the counter's bad-streak rule (surveys.alerts)
    summary = _summary(response, submission.counter, submission.service)
    session.commit()
    return StoredResponse(response, created=True, summary=summary)


_INSERT = insert(Response.__table__).returning(Response.__table__.c.id)


def _insert(session: Session, values: dict) -> Response:
    """INSERT the row, then let the session hold it as a loaded, persistent Response."""
    response = Response(id=session.execute(_INSERT, values).scalar_one(), **values)
    make_transient_to_detached(response)
    session.add(response)
    return response


def _by_client_id(session: Session, client_id: str) -> Response | None:
    return session.scalar(select(Response).where(Response.uuid == client_id))


def _same_origin(existing: Response, mpp: Mpp) -> Response:
    if existing.mpp_id != mpp.id:
        raise InvalidSubmission(
            "This id was already used for another response.", {"id": "already used"}
        )
    return existing


@dataclass(frozen=True)
class _CatalogueIds:
    counter_id: int
    tenant_id: int
    service_id: int | None


_counter, _service = Counter.__table__, Service.__table__
_CATALOGUE = (
    select(_counter.c.id, _counter.c.tenant_id, _counter.c.active, _service.c.id,
           _service.c.tenant_id)
    .select_from(_counter.outerjoin(_service, and_(_service.c.mpp_id == _counter.c.mpp_id,
                                                   _service.c.code == bindparam("service"))))
    .where(_counter.c.mpp_id == bindparam("mpp_id"), _counter.c.code == bindparam("counter"))
)  # fmt: skip


def _catalogue_ids(
    session: Session, submission: Submission, mpp: Mpp, device: Device | None
) -> _CatalogueIds:
    """The counter (and service) the submission names, in one round trip."""
    params = {"mpp_id": mpp.id, "counter": submission.counter, "service": submission.service}
    row = session.execute(_CATALOGUE, params).first()
    if row is None or not row[2]:
        raise InvalidSubmission("Unknown counter.", {"counter": "no such counter at this MPP"})
    counter_id, tenant_id, _, service_id, service_tenant_id = row
    if device is not None and device.counter_id not in (None, counter_id):
        raise InvalidSubmission(
            "This device is fixed to another counter.", {"counter": "not this device's counter"}
        )
    if submission.service is not None and (service_id is None or service_tenant_id != tenant_id):
        raise InvalidSubmission(
            "Unknown service for this counter.", {"service": "not a service of this counter"}
        )
    return _CatalogueIds(counter_id, tenant_id, service_id)


def _response_values(
    submission: Submission,
    mpp: Mpp,
    ids: _CatalogueIds,
    device: Device | None,
    now: dt.datetime,
) -> dict:
    local = submission.submitted_at.astimezone(mpp.zone)
    return {
        "uuid": submission.id,
        "mpp_id": mpp.id,
        "tenant_id": ids.tenant_id,
        "counter_id": ids.counter_id,
        "service_id": ids.service_id,
        "device_id": device.id if device else None,
        "channel": submission.channel,
        **{code: submission.answers.get(code) for code in ELEMENTS},
        **submission.profile,
        "comment": submission.comment,
        "lang": submission.lang,
        "client_submitted_at": submission.submitted_at,
        "received_at": now,
        "local_date": local.date(),
        "local_hour": local.hour,
        "flag_reason": None,
        "excluded": False,
    }


def response_summary(response: Response) -> dict:
    """The stored response as the API returns it (no comment: the tablet need not echo it)."""
    service = response.service.code if response.service else None
    return _summary(response, response.counter.code, service)


def _summary(response: Response, counter_code: str, service_code: str | None) -> dict:
    return {
        "id": response.uuid,
        "counter": counter_code,
        "service": service_code,
        "answers": {k: v for k, v in response.scores().items() if v is not None},
        "channel": response.channel,
        "submitted_at": _iso(response.client_submitted_at),
        "received_at": _iso(response.received_at),
        "flagged": response.flag_reason is not None,
    }


def _iso(stamp: dt.datetime) -> str:
    if stamp.tzinfo is None:  # SQLite hands back naive datetimes; they were stored in UTC
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
