"""Abuse on a shared tablet: implausible answers are flagged with a reason, never dropped.

A kiosk stands in a public hall and many visitors share one IP address, so nothing here
counts per IP. The rules look at one device's own history instead: answers given faster
than anyone can read the questions, a burst of submissions in a short time, or the same
answers over and over. A manager sees the flagged answers and decides to exclude them.

The rules are pure functions of plain values; :func:`device_history` is the one query
they need (:func:`history_from` shapes rows fetched elsewhere) and :func:`flag_reason_for`
puts the two together for the submission service.

A phone has no device. Its answer is flagged when the form's signed "shown" stamp is missing or
invalid (a script posting without the page), and the burst and identical-run rules look at one
client at one counter: the client is a keyed hash of its address (:class:`PhoneVisit`, made by
the app), kept in :class:`PhoneArrival` for a day and never beside the answer itself. Many
phones may share a mall's Wi-Fi address, so a client's rules flag, never refuse; a counter that
receives more phone answers than any queue could gives a burst whatever the addresses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import DateTime, ForeignKey, Index, String, bindparam, delete, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from surveys.instrument import ELEMENTS
from surveys.models import Base, Response
from surveys.validation import Submission

# Reading one question and tapping an answer takes about a second at the very least.
MIN_MS_PER_ANSWER = 1000
# More than this many submissions from one device inside the window is a burst.
BURST_LIMIT = 6
BURST_WINDOW = dt.timedelta(minutes=2)
# The same answers as each of this many previous responses of the device is a run.
IDENTICAL_RUN = 5
REASON_MAX_LENGTH = 120  # Response.flag_reason
# How many of a device's latest arrivals the rules look at: well over a burst (BURST_LIMIT + 1)
# and a run (IDENTICAL_RUN) together; a tablet's outbox delivers in order, so these are its
# latest answers, and a device sending more than this within the window is a burst anyway.
HISTORY = 20
# Phone answers at one counter within BURST_WINDOW beyond which no queue explains them.
COUNTER_BURST_LIMIT = 30
PHONE_MEMORY = dt.timedelta(days=1)  # how long a phone client's arrivals are kept
UNSTAMPED = "unstamped: no valid signed time the form was shown"

Answers = Mapping[str, int | None]


class PhoneArrival(Base):
    """A phone answer's arrival at a counter, by client (a keyed hash), kept for a day.

    Not linked to the stored answer: what a client sent is known only while the rules need it.
    """

    __tablename__ = "phone_arrival"
    __table_args__ = (Index("ix_phone_arrival_counter_id_at", "counter_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    counter_id: Mapped[int] = mapped_column(ForeignKey("counter.id"))
    client: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    answers: Mapped[str] = mapped_column(String(9))  # the nine scores, "0" where unanswered


@dataclass(frozen=True)
class PhoneVisit:
    """What the phone survey knows of an answer's sender: a keyed hash of its address and
    whether the form's signed "shown" stamp was valid."""

    client: str
    stamped: bool


@dataclass(frozen=True)
class DeviceHistory:
    """What the rules need to know about a device's other responses."""

    nearby: tuple[dt.datetime, ...]  # submitted within BURST_WINDOW either side, in UTC
    previous: tuple[Answers, ...]  # the answers of the last responses before, newest first


def too_fast(duration_ms: int | None, answered: int) -> str | None:
    """A reason when `answered` questions took less than MIN_MS_PER_ANSWER each."""
    if duration_ms is None or answered == 0 or duration_ms >= answered * MIN_MS_PER_ANSWER:
        return None
    return f"too fast: {answered} answers in {duration_ms / 1000:.1f} s"


def burst(
    stamp: dt.datetime,
    others: Sequence[dt.datetime],
    limit: int = BURST_LIMIT,
    window: dt.timedelta = BURST_WINDOW,
) -> str | None:
    """A reason when some window of length `window` holding `stamp` holds more than `limit`.

    Offline kiosks deliver late and out of order, so `others` may lie on either side.
    """
    stamps = sorted([stamp, *(s for s in others if abs(s - stamp) <= window)])
    for start in (s for s in stamps if s <= stamp):
        inside = sum(1 for s in stamps if start <= s <= start + window)
        if start + window >= stamp and inside > limit:
            return f"burst: {inside} from this device within {_minutes(window)}"
    return None


def identical_run(
    answers: Answers, previous: Sequence[Answers], run: int = IDENTICAL_RUN
) -> str | None:
    """A reason when `answers` equal those of each of the `run` previous responses."""
    if len(previous) < run:
        return None
    mine = _nine(answers)
    if all(_nine(other) == mine for other in previous[:run]):
        return f"identical: same answers as the previous {run} from this device"
    return None


def flag_reason(submission: Submission, history: DeviceHistory | None) -> str | None:
    """Every rule that fires, joined; None when the submission looks like a real visit."""
    reasons = [too_fast(submission.duration_ms, len(submission.answers))]
    if history is not None:
        reasons.append(burst(submission.submitted_at, history.nearby))
        reasons.append(identical_run(submission.answers, history.previous))
    text = "; ".join(r for r in reasons if r)
    return text[:REASON_MAX_LENGTH] or None


_response = Response.__table__
_HISTORY = (
    select(_response.c.client_submitted_at, *(_response.c[code] for code in ELEMENTS))
    .where(_response.c.device_id == bindparam("device_id"))
    .order_by(_response.c.id.desc())
    .limit(HISTORY)
)


def device_history(
    session: Session, device_id: int, stamp: dt.datetime, run: int = IDENTICAL_RUN
) -> DeviceHistory:
    """What the device sent around `stamp` (by its clock), from its last HISTORY arrivals.

    Walking back by arrival rides the device_id index however long the device has served;
    a tablet's outbox delivers in order, so its last arrivals are its latest answers.
    """
    rows = session.execute(_HISTORY, {"device_id": device_id}).all()
    return history_from([(row[0], row[1:]) for row in rows], stamp, run)


def history_from(
    sent: Sequence[tuple[dt.datetime, Sequence[int | None]]],
    stamp: dt.datetime,
    run: int = IDENTICAL_RUN,
) -> DeviceHistory:
    """The history around `stamp` from a device's latest arrivals: (submitted at, nine scores)."""
    answered = [(_utc(at), dict(zip(ELEMENTS, scores, strict=True))) for at, scores in sent]
    before = sorted((i for i in answered if i[0] <= stamp), key=lambda i: i[0], reverse=True)
    return DeviceHistory(
        nearby=tuple(at for at, _ in answered if abs(at - stamp) <= BURST_WINDOW),
        previous=tuple(answers for _, answers in before[:run]),
    )


def flag_reason_for(
    session: Session,
    submission: Submission,
    device_id: int | None,
    phone: PhoneVisit | None = None,
    counter_id: int | None = None,
) -> str | None:
    """The flag for a new submission: all rules for a kiosk (by device) and a phone (by client
    at the counter: this also notes its arrival), the speed rule alone otherwise."""
    if device_id is not None:
        return flag_reason(submission, device_history(session, device_id, submission.submitted_at))
    if phone is None or counter_id is None:
        return flag_reason(submission, None)
    history, at_counter = phone_history(session, counter_id, phone.client, submission.submitted_at)
    note_phone_arrival(session, counter_id, phone.client, submission)
    by_client = flag_reason(submission, history)
    reasons = [None if phone.stamped else UNSTAMPED,
               by_client and by_client.replace("this device", "this address"),
               counter_burst(submission.submitted_at, at_counter)]  # fmt: skip
    return "; ".join(r for r in reasons if r)[:REASON_MAX_LENGTH] or None


def counter_burst(
    stamp: dt.datetime, others: Sequence[dt.datetime], limit: int = COUNTER_BURST_LIMIT
) -> str | None:
    """A reason when one counter gets more phone answers in a window than a queue could give."""
    found = burst(stamp, others, limit)
    return found and found.replace("from this device", "phone answers at this counter")


_arrival = PhoneArrival.__table__
_PHONE_RECENT = (
    select(_arrival.c.client, _arrival.c.at, _arrival.c.answers)
    .where(_arrival.c.counter_id == bindparam("counter_id"), _arrival.c.at >= bindparam("since"))
    .order_by(_arrival.c.id.desc())
)


def phone_history(
    session: Session, counter_id: int, client: str, stamp: dt.datetime
) -> tuple[DeviceHistory, tuple[dt.datetime, ...]]:
    """The client's history at the counter (as a device's) and every phone arrival near `stamp`."""
    rows = session.execute(_PHONE_RECENT, {"counter_id": counter_id,
                                           "since": stamp - PHONE_MEMORY}).all()  # fmt: skip
    mine = [(at, _scores(answers)) for who, at, answers in rows if who == client][:HISTORY]
    nearby = tuple(_utc(at) for _, at, _ in rows if abs(_utc(at) - stamp) <= BURST_WINDOW)
    return history_from(mine, stamp), nearby


def note_phone_arrival(
    session: Session, counter_id: int, client: str, submission: Submission
) -> None:
    """Remember the arrival for the rules (same transaction as the answer); forget old ones."""
    stamp = submission.submitted_at
    session.execute(delete(_arrival).where(_arrival.c.counter_id == counter_id,
                                           _arrival.c.at < stamp - PHONE_MEMORY))  # fmt: skip
    nine = "".join(str(score or 0) for score in _nine(submission.answers))
    session.execute(insert(_arrival).values(counter_id=counter_id, client=client, at=stamp,
                                            answers=nine))  # fmt: skip


def _scores(answers: str) -> tuple[int | None, ...]:
    return tuple(int(ch) or None for ch in answers)


def flagged_responses(
    session: Session,
    mpp_id: int,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> list[Response]:
    """An MPP's flagged responses (excluded or not), by local date, oldest first."""
    query = select(Response).where(Response.mpp_id == mpp_id, Response.flag_reason.is_not(None))
    if date_from is not None:
        query = query.where(Response.local_date >= date_from)
    if date_to is not None:
        query = query.where(Response.local_date <= date_to)
    return list(session.scalars(query.order_by(Response.client_submitted_at, Response.id)))


def _nine(answers: Answers) -> tuple[int | None, ...]:
    return tuple(answers.get(code) for code in ELEMENTS)


def _utc(stamp: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; they were stored in UTC.
    return stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp.astimezone(dt.UTC)


def _minutes(window: dt.timedelta) -> str:
    minutes = window.total_seconds() / 60
    return f"{minutes:g} min"
