"""Storing a visitor's answers: the one use-case every channel (kiosk, phone QR) goes through."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

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
    """
    counter, service = _resolve_catalogue(session, submission, mpp, device)
    response = _new_response(submission, mpp, counter, service, device, now or utcnow())
    response.flag_reason = flag_reason_for(session, submission, device)
    session.add(response)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        existing = _by_client_id(session, submission.id)
        if existing is None:
            raise
        existing = _same_origin(existing, mpp)
        return StoredResponse(existing, created=False, summary=response_summary(existing))
    rollups.add_response(session, response)  # same transaction: counts never drift
    alerts.check_response(session, response)  # the counter's bad-streak rule (surveys.alerts)
    summary = response_summary(response)  # before the commit expires what it reads
    session.commit()
    return StoredResponse(response, created=True, summary=summary)


def _by_client_id(session: Session, client_id: str) -> Response | None:
    return session.scalar(select(Response).where(Response.uuid == client_id))


def _same_origin(existing: Response, mpp: Mpp) -> Response:
    if existing.mpp_id != mpp.id:
        raise InvalidSubmission(
            "This id was already used for another response.", {"id": "already used"}
        )
    return existing


def _resolve_catalogue(
    session: Session, submission: Submission, mpp: Mpp, device: Device | None
) -> tuple[Counter, Service | None]:
    counter = session.scalar(
        select(Counter).where(Counter.mpp_id == mpp.id, Counter.code == submission.counter)
    )
    if counter is None or not counter.active:
        raise InvalidSubmission("Unknown counter.", {"counter": "no such counter at this MPP"})
    if device is not None and device.counter_id not in (None, counter.id):
        raise InvalidSubmission(
            "This device is fixed to another counter.", {"counter": "not this device's counter"}
        )
    if submission.service is None:
        return counter, None
    service = session.scalar(
        select(Service).where(Service.mpp_id == mpp.id, Service.code == submission.service)
    )
    if service is None or service.tenant_id != counter.tenant_id:
        raise InvalidSubmission(
            "Unknown service for this counter.", {"service": "not a service of this counter"}
        )
    return counter, service


def _new_response(
    submission: Submission,
    mpp: Mpp,
    counter: Counter,
    service: Service | None,
    device: Device | None,
    now: dt.datetime,
) -> Response:
    local = submission.submitted_at.astimezone(mpp.zone)
    return Response(
        uuid=submission.id,
        mpp_id=mpp.id,
        tenant_id=counter.tenant_id,
        counter=counter,
        service=service,
        device_id=device.id if device else None,
        channel=submission.channel,
        **{code: submission.answers.get(code) for code in ELEMENTS},
        **submission.profile,
        comment=submission.comment,
        lang=submission.lang,
        client_submitted_at=submission.submitted_at,
        received_at=now,
        local_date=local.date(),
        local_hour=local.hour,
    )


def response_summary(response: Response) -> dict:
    """The stored response as the API returns it (no comment: the tablet need not echo it)."""
    return {
        "id": response.uuid,
        "counter": response.counter.code,
        "service": response.service.code if response.service else None,
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
