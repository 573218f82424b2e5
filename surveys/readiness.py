"""MPP Digital readiness assessments: a manager's self-assessment and an evaluator's review.

One row per MPP, year and criterion keeps both values, with their evidence and who gave them;
the review, when given, is the level that counts. The index itself (weighted mean on the SPBE
ladder, with its label) is this product's derived index: :mod:`analysis.readiness`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
    literal_column,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from analysis.readiness import CRITERIA, CRITERION_CODES, ReadinessResult, readiness_index
from surveys.accounts import User
from surveys.complaints import CLOSED_STATUSES, ComplaintStatus
from surveys.errors import InvalidSubmission
from surveys.models import Base, Mpp, Response, utcnow
from surveys.publication import published_periods

EVIDENCE_MAX = 1000


class ReadinessAssessment(Base):
    __tablename__ = "readiness_assessment"
    __table_args__ = (
        UniqueConstraint("mpp_id", "year", "criterion"),
        CheckConstraint("self_level IS NULL OR self_level BETWEEN 1 AND 5", name="self_range"),
        CheckConstraint(
            "review_level IS NULL OR review_level BETWEEN 1 AND 5", name="review_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mpp_id: Mapped[int] = mapped_column(ForeignKey("mpp.id"), index=True)
    year: Mapped[int] = mapped_column(SmallInteger)
    criterion: Mapped[str] = mapped_column(String(40))
    self_level: Mapped[int | None] = mapped_column(SmallInteger)
    self_evidence: Mapped[str] = mapped_column(Text, default="")
    self_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    self_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    review_level: Mapped[int | None] = mapped_column(SmallInteger)
    review_evidence: Mapped[str] = mapped_column(Text, default="")
    review_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    review_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    self_by: Mapped[User | None] = relationship(foreign_keys=[self_by_id])
    review_by: Mapped[User | None] = relationship(foreign_keys=[review_by_id])

    @property
    def level(self) -> int | None:
        """The level that counts: the evaluator's review, else the self-assessment."""
        return self.review_level if self.review_level is not None else self.self_level


@dataclass(frozen=True)
class Signal:
    """Something the system already knows that bears on a criterion, with a proposed level."""

    criterion: str
    text: str  # Indonesian; the web layer translates the template
    value: str
    proposed: int | None


@dataclass(frozen=True)
class AssessmentRow:
    code: str
    name_id: str
    name_en: str
    row: ReadinessAssessment | None
    signals: tuple[Signal, ...]


@dataclass(frozen=True)
class Assessment:
    mpp: Mpp
    year: int
    rows: tuple[AssessmentRow, ...]
    result: ReadinessResult | None  # None until every criterion has a level

    @property
    def complete(self) -> bool:
        return self.result is not None


def _rows(session: Session, mpp_id: int, year: int) -> dict[str, ReadinessAssessment]:
    query = select(ReadinessAssessment).where(
        ReadinessAssessment.mpp_id == mpp_id, ReadinessAssessment.year == year
    )
    return {r.criterion: r for r in session.scalars(query)}


def _result(levels: Mapping[str, int | None]) -> ReadinessResult | None:
    if any(levels.get(code) is None for code in CRITERION_CODES):
        return None
    return readiness_index({c: levels[c] for c in CRITERION_CODES})


def assessment(session: Session, mpp: Mpp, year: int) -> Assessment:
    """The year's assessment of one MPP with the signals shown beside the rubric."""
    stored = _rows(session, mpp.id, year)
    signals = readiness_signals(session, mpp, year)
    rows = tuple(
        AssessmentRow(c.code, c.name_id, c.name_en, stored.get(c.code),
                      tuple(s for s in signals if s.criterion == c.code))
        for c in CRITERIA
    )  # fmt: skip
    levels = {code: row.level for code, row in stored.items()}
    return Assessment(mpp, year, rows, _result(levels))


def _checked(entries: Mapping[str, tuple[int | None, str]]) -> dict[str, tuple[int | None, str]]:
    errors, clean = {}, {}
    for code, (level, evidence) in entries.items():
        if code not in CRITERION_CODES:
            errors[code] = "unknown criterion"
        elif level is not None and (isinstance(level, bool) or level not in (1, 2, 3, 4, 5)):
            errors[code] = "level must be 1 to 5"
        elif len(evidence or "") > EVIDENCE_MAX:
            errors[code] = f"evidence is limited to {EVIDENCE_MAX} characters"
        else:
            clean[code] = (level, (evidence or "").strip())
    if errors:
        raise InvalidSubmission("The assessment has errors.", errors)
    return clean


def save_assessment(
    session: Session,
    mpp: Mpp,
    year: int,
    user: User,
    entries: Mapping[str, tuple[int | None, str]],
    kind: str,
) -> None:
    """Store a self-assessment (``kind="self"``) or a review (``"review"``); the other is kept."""
    if kind not in ("self", "review"):
        raise ValueError(f"kind must be 'self' or 'review', got {kind!r}")
    if not 2000 <= year <= 2100:
        raise InvalidSubmission("Unknown year.", {"year": "must be 2000..2100"})
    clean = _checked(entries)
    stored = _rows(session, mpp.id, year)
    now = utcnow()
    for code, (level, evidence) in clean.items():
        row = stored.get(code)
        if row is None:
            row = ReadinessAssessment(mpp_id=mpp.id, year=year, criterion=code)
            session.add(row)
        setattr(row, f"{kind}_level", level)
        setattr(row, f"{kind}_evidence", evidence)
        setattr(row, f"{kind}_by_id", user.id)
        setattr(row, f"{kind}_at", now)
    session.commit()


def readiness_by_mpp(session: Session, year: int) -> dict[int, ReadinessResult]:
    """Every MPP with a complete assessment this year: its readiness index and label."""
    query = select(ReadinessAssessment).where(ReadinessAssessment.year == year)
    levels: dict[int, dict[str, int | None]] = {}
    for row in session.scalars(query):
        levels.setdefault(row.mpp_id, {})[row.criterion] = row.level
    out = {}
    for mpp_id, by_code in levels.items():
        result = _result(by_code)
        if result is not None:
            out[mpp_id] = result
    return out


def readiness_history(session: Session, mpp_id: int) -> dict[int, ReadinessResult | None]:
    """Index per assessed year of one MPP (None for an incomplete year)."""
    years = session.scalars(
        select(ReadinessAssessment.year).where(ReadinessAssessment.mpp_id == mpp_id).distinct()
    )
    out = {}
    for year in sorted(years):
        out[year] = _result({c: r.level for c, r in _rows(session, mpp_id, year).items()})
    return out


# --- Signals the system already knows ---------------------------------------------------------


def readiness_signals(session: Session, mpp: Mpp, year: int) -> list[Signal]:
    """Electronic SKM, share of phone (QR) answers, complaint follow-up, published results."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    by_channel = dict(
        session.execute(
            select(Response.channel, func.count())
            .where(Response.mpp_id == mpp.id, Response.excluded.is_(False),
                   Response.local_date >= start, Response.local_date <= end)
            .group_by(Response.channel)
        ).all()
    )  # fmt: skip
    total = sum(by_channel.values())
    signals = []
    if total:
        qr_share = by_channel.get("qr", 0) / total
        signals.append(Signal("survei_kepuasan", "SKM dijalankan elektronik di sistem ini",
                              f"{total}", 3))  # fmt: skip
        signals.append(Signal("survei_kepuasan", "Porsi jawaban lewat ponsel (QR)",
                              f"{100 * qr_share:.0f}%", 4 if qr_share >= 0.25 else 3))  # fmt: skip
    else:
        signals.append(Signal("survei_kepuasan", "Belum ada jawaban SKM elektronik tahun ini",
                              "0", None))  # fmt: skip
    signals.extend(_complaint_signals(session, mpp, start, end))
    signals.extend(_publication_signals(session, mpp, year))
    return signals


def _complaint_signals(session: Session, mpp: Mpp, start: dt.date, end: dt.date) -> list[Signal]:
    stats = complaint_follow_up(session, mpp.id, start, end)
    if stats is None:
        return []
    rate, days = stats
    proposed = 4 if rate >= 0.9 and (days is None or days <= 5) else 3 if rate >= 0.6 else 2
    value = f"{100 * rate:.0f}%" + (f" · {days:.1f} d" if days is not None else "")
    return [Signal("konsultasi_pengaduan", "Tindak lanjut pengaduan (porsi · rata-rata hari)",
                   value, proposed)]  # fmt: skip


def complaint_follow_up(
    session: Session, mpp_id: int, date_from: dt.date, date_to: dt.date
) -> tuple[float, float | None] | None:
    """(share of complaints followed up, median days to follow up) of one MPP, or None."""
    return complaint_follow_up_by_mpp(session, date_from, date_to, [mpp_id]).get(mpp_id)


def complaint_follow_up_by_mpp(
    session: Session, date_from: dt.date, date_to: dt.date, mpp_ids=None
) -> dict[int, tuple[float, float | None]]:
    """Per MPP with complaints in the period (by visit date): the share handled (followed up or
    rejected with an answer, as in surveys.complaints) and the median days from visit to close.

    Two grouped queries for every MPP at once, so the national table stays fast.
    """
    status = func.coalesce(ComplaintStatus.status, literal_column("'baru'"))
    conditions = [Response.comment.is_not(None), func.length(func.trim(Response.comment)) > 0,
                  Response.local_date >= date_from, Response.local_date <= date_to]  # fmt: skip
    if mpp_ids is not None:
        conditions.append(Response.mpp_id.in_(list(mpp_ids)))
    joined = select(Response.mpp_id, status, func.count()).outerjoin(
        ComplaintStatus, ComplaintStatus.response_id == Response.id
    )
    totals: dict[int, list[int]] = {}
    for mpp_id, state, n in session.execute(
        joined.where(*conditions).group_by(Response.mpp_id, status)
    ):
        t = totals.setdefault(mpp_id, [0, 0])
        t[0] += n
        t[1] += n if state in CLOSED_STATUSES else 0
    closed = select(Response.mpp_id, Response.client_submitted_at, ComplaintStatus.closed_at).join(
        ComplaintStatus, ComplaintStatus.response_id == Response.id
    )
    closed = closed.where(*conditions, ComplaintStatus.status.in_(CLOSED_STATUSES),
                          ComplaintStatus.closed_at.is_not(None))  # fmt: skip
    days: dict[int, list[float]] = {}
    for mpp_id, visited, done in session.execute(closed):
        days.setdefault(mpp_id, []).append((_utc(done) - _utc(visited)).total_seconds() / 86400)
    return {
        mpp_id: (handled / total, float(np.median(days[mpp_id])) if mpp_id in days else None)
        for mpp_id, (total, handled) in totals.items()
        if total
    }


def _utc(stamp: dt.datetime) -> dt.datetime:
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def _publication_signals(session: Session, mpp: Mpp, year: int) -> list[Signal]:
    published = [p for p in published_periods(session, mpp.id)
                 if p.period_start.year == year or p.period_end.year == year]  # fmt: skip
    value = ", ".join(p.period_code for p in published[:4]) if published else "-"
    return [
        Signal(
            "informasi_umum",
            "Hasil SKM dipublikasikan di halaman publik",
            value,
            3 if published else 2,
        ),
        Signal(
            "pelaporan_kinerja",
            "Periode SKM yang dipublikasikan tahun ini",
            str(len(published)),
            3 if len(published) >= 4 else 2 if published else 1,
        ),
    ]
