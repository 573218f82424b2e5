"""Complaints and suggestions: every comment a visitor leaves lands in its MPP's inbox.

A comment needs no row of its own to be in the inbox: a response with a comment and no
:class:`ComplaintStatus` row is ``baru``. The first action creates the row; every action is
also written to :class:`ComplaintEvent` (who, when, from which status to which, the text).

Statuses follow the usual follow-up path (DOMAIN 6)::

    baru → diproses → ditindaklanjuti | ditolak      (baru may close at once)

A closed complaint stays closed. "Followed up" in :func:`follow_up_stats` means closed with a
reply: ``ditindaklanjuti`` (action taken) or ``ditolak`` (refused, with the reason given to the
citizen); both count as answered, and the time to follow up runs from the visit to the close.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from sqlalchemy import DateTime, ForeignKey, String, Text, and_, func, literal_column, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from surveys.errors import InvalidSubmission, NotFound
from surveys.models import Base, Response, Tenant, utcnow

STATUSES = ("baru", "diproses", "ditindaklanjuti", "ditolak")
OPEN_STATUSES = ("baru", "diproses")
CLOSED_STATUSES = ("ditindaklanjuti", "ditolak")
TRANSITIONS = {
    "baru": ("diproses", "ditindaklanjuti", "ditolak"),
    "diproses": ("ditindaklanjuti", "ditolak"),
    "ditindaklanjuti": (),
    "ditolak": (),
}
REPLY_MAX_LENGTH = 2000
PAGE_SIZE = 25


class ComplaintStatus(Base):
    """The follow-up state of one response's comment (absent: still ``baru``)."""

    __tablename__ = "complaint_status"

    response_id: Mapped[int] = mapped_column(ForeignKey("response.id"), primary_key=True)
    mpp_id: Mapped[int] = mapped_column(ForeignKey("mpp.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="baru")
    reply: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    updated_by = relationship("User")


class ComplaintEvent(Base):
    """One action on a complaint, kept for the record."""

    __tablename__ = "complaint_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


@dataclass(frozen=True)
class InboxItem:
    response: Response
    status: str
    reply: str
    updated_by: str | None
    updated_at: dt.datetime | None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return TRANSITIONS[self.status]


def _has_comment():
    return and_(Response.comment.is_not(None), func.length(func.trim(Response.comment)) > 0)


def _status_column():
    # A literal, not a bound parameter: PostgreSQL must see the same text in GROUP BY.
    return func.coalesce(ComplaintStatus.status, literal_column("'baru'"))


def inbox(
    session: Session,
    mpp_id: int,
    tenant_ids: list[int] | None = None,
    statuses: list[str] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[InboxItem]:
    """An MPP's comments, newest first, with their follow-up state."""
    query = (
        select(Response, ComplaintStatus)
        .outerjoin(ComplaintStatus, ComplaintStatus.response_id == Response.id)
        .where(Response.mpp_id == mpp_id, _has_comment())
    )
    if tenant_ids is not None:
        query = query.where(Response.tenant_id.in_(tenant_ids or [-1]))
    if statuses:
        query = query.where(_status_column().in_(statuses))
    if date_from is not None:
        query = query.where(Response.local_date >= date_from)
    if date_to is not None:
        query = query.where(Response.local_date <= date_to)
    query = query.order_by(Response.client_submitted_at.desc(), Response.id.desc())
    query = query.limit(limit).offset(offset)
    return [_item(response, state) for response, state in session.execute(query)]


def _item(response: Response, state: ComplaintStatus | None) -> InboxItem:
    if state is None:
        return InboxItem(response, "baru", "", None, None)
    who = state.updated_by.name if state.updated_by else None
    return InboxItem(response, state.status, state.reply, who, state.updated_at)


def status_counts(
    session: Session, mpp_id: int, tenant_ids: list[int] | None = None,
    counter_ids: list[int] | None = None,
) -> dict:  # fmt: skip
    """How many comments are in each status (every status present, zero when none)."""
    query = (
        select(_status_column(), func.count())
        .select_from(Response)
        .outerjoin(ComplaintStatus, ComplaintStatus.response_id == Response.id)
        .where(Response.mpp_id == mpp_id, _has_comment())
        .group_by(_status_column())
    )
    if tenant_ids is not None:
        query = query.where(Response.tenant_id.in_(tenant_ids or [-1]))
    if counter_ids is not None:
        query = query.where(Response.counter_id.in_(counter_ids or [-1]))
    found = dict(session.execute(query).all())
    return {status: int(found.get(status, 0)) for status in STATUSES}


def open_complaint_count(
    session: Session, mpp_id: int, tenant_ids: list[int] | None = None,
    counter_ids: list[int] | None = None,
) -> int:  # fmt: skip
    """Comments still ``baru`` or ``diproses`` (for the dashboard's card; one counter's on its
    page)."""
    counts = status_counts(session, mpp_id, tenant_ids, counter_ids)
    return sum(counts[s] for s in OPEN_STATUSES)


def commented_response(session: Session, mpp_id: int, response_id: int) -> Response:
    """The response behind a complaint, only if it belongs to this MPP and has a comment."""
    response = session.get(Response, response_id)
    if response is None or response.mpp_id != mpp_id or not (response.comment or "").strip():
        raise NotFound("No such complaint.", {"complaint": "not found"})
    return response


def update_complaint(
    session: Session,
    response: Response,
    to_status: str,
    reply: str,
    user_id: int | None,
    now: dt.datetime | None = None,
) -> ComplaintStatus:
    """Move a complaint to `to_status` with a reply or note; refuse a transition not allowed."""
    state = session.get(ComplaintStatus, response.id)
    current = state.status if state else "baru"
    reply = (reply or "").strip()
    _check_update(current, to_status, reply)
    now = now or utcnow()
    if state is None:
        state = ComplaintStatus(response_id=response.id, mpp_id=response.mpp_id)
        session.add(state)
    state.status, state.updated_by_id, state.updated_at = to_status, user_id, now
    if reply:
        state.reply = reply
    if to_status in CLOSED_STATUSES:
        state.closed_at = now
    session.add(ComplaintEvent(response_id=response.id, from_status=current, to_status=to_status,
                               text=reply, user_id=user_id, at=now))  # fmt: skip
    session.commit()
    return state


def _check_update(current: str, to_status: str, reply: str) -> None:
    if to_status not in STATUSES:
        raise InvalidSubmission("Unknown status.", {"status": "unknown status"})
    if to_status not in TRANSITIONS[current]:
        raise InvalidSubmission(
            f"A complaint that is {current} cannot become {to_status}.",
            {"status": f"not allowed from {current}"},
        )
    if to_status in CLOSED_STATUSES and not reply:
        raise InvalidSubmission("Write the reply or the action taken.", {"reply": "required"})
    if len(reply) > REPLY_MAX_LENGTH:
        raise InvalidSubmission("The reply is too long.", {"reply": f"≤ {REPLY_MAX_LENGTH}"})


def complaint_history(session: Session, response_id: int) -> list[ComplaintEvent]:
    query = select(ComplaintEvent).where(ComplaintEvent.response_id == response_id)
    return list(session.scalars(query.order_by(ComplaintEvent.at, ComplaintEvent.id)))


@dataclass(frozen=True)
class TenantFollowUp:
    """Follow-up of one tenant's complaints in a period (by the visit's local date)."""

    tenant_id: int
    tenant_name: str
    total: int
    open: int
    followed_up: int  # ditindaklanjuti
    rejected: int  # ditolak
    share_followed_up: float | None  # (followed_up + rejected) / total; None when total is 0
    median_hours: float | None  # visit → close, over closed complaints


def follow_up_stats(
    session: Session, mpp_id: int, date_from: dt.date | None, date_to: dt.date | None
) -> list[TenantFollowUp]:
    """Per tenant: comments, how many were followed up, and the median hours to follow up."""
    query = (
        select(Response.tenant_id, Response.client_submitted_at, _status_column(),
               ComplaintStatus.closed_at)
        .outerjoin(ComplaintStatus, ComplaintStatus.response_id == Response.id)
        .where(Response.mpp_id == mpp_id, _has_comment())
    )  # fmt: skip
    if date_from is not None:
        query = query.where(Response.local_date >= date_from)
    if date_to is not None:
        query = query.where(Response.local_date <= date_to)
    rows: dict[int, list] = {}
    for tenant_id, visited, status, closed in session.execute(query):
        rows.setdefault(tenant_id, []).append((_utc(visited), status, closed and _utc(closed)))
    names = _tenant_names(session, list(rows))
    stats = [_tenant_stats(tid, names.get(tid, str(tid)), items) for tid, items in rows.items()]
    return sorted(stats, key=lambda s: s.tenant_name.lower())


def _tenant_stats(tenant_id: int, name: str, items: list) -> TenantFollowUp:
    statuses = [status for _, status, _ in items]
    hours = [(closed - visited).total_seconds() / 3600 for visited, status, closed in items
             if status in CLOSED_STATUSES and closed is not None]  # fmt: skip
    closed = statuses.count("ditindaklanjuti") + statuses.count("ditolak")
    return TenantFollowUp(
        tenant_id, name, len(items),
        open=sum(1 for s in statuses if s in OPEN_STATUSES),
        followed_up=statuses.count("ditindaklanjuti"), rejected=statuses.count("ditolak"),
        share_followed_up=closed / len(items) if items else None,
        median_hours=statistics.median(hours) if hours else None,
    )  # fmt: skip


def _tenant_names(session: Session, tenant_ids: list[int]) -> dict[int, str]:
    tenants = session.scalars(select(Tenant).where(Tenant.id.in_(tenant_ids or [-1])))
    return {t.id: t.name for t in tenants}


def _utc(stamp: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; they were stored in UTC.
    return stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp.astimezone(dt.UTC)


__all__ = [
    "ComplaintEvent",
    "ComplaintStatus",
    "InboxItem",
    "TenantFollowUp",
    "follow_up_stats",
    "inbox",
    "open_complaint_count",
    "status_counts",
    "update_complaint",
]


@dataclass(frozen=True)
class InboxPage:
    """What the inbox page shows: the comments matching the filters and the tallies."""

    items: list[InboxItem]
    counts: dict[str, int]
    stats: list[TenantFollowUp]
    tenants: list[Tenant]
    page: int = 1
    has_more: bool = False


def inbox_page(
    session: Session,
    mpp_id: int,
    visible_tenant_ids: list[int] | None,
    status: str | None = None,
    tenant_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    page: int = 1,
) -> InboxPage:
    """The inbox of one MPP as one user may see it (`visible_tenant_ids` None: every tenant)."""
    tenant_ids = visible_tenant_ids if tenant_id is None else [tenant_id]
    statuses = [status] if status else None
    items = inbox(session, mpp_id, tenant_ids, statuses, date_from, date_to,
                  limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)  # fmt: skip
    stats = follow_up_stats(session, mpp_id, date_from, date_to)
    if visible_tenant_ids is not None:
        stats = [s for s in stats if s.tenant_id in visible_tenant_ids]
    tenants = session.scalars(select(Tenant).where(Tenant.mpp_id == mpp_id)).all()
    tenants = [t for t in tenants if visible_tenant_ids is None or t.id in visible_tenant_ids]
    return InboxPage(items[:PAGE_SIZE], status_counts(session, mpp_id, visible_tenant_ids),
                     stats, sorted(tenants, key=lambda t: t.name.lower()), page,
                     has_more=len(items) > PAGE_SIZE)  # fmt: skip
