"""The official SKM report of one unit (an MPP or one tenant) over one period.

:func:`build_report` reads the rollups and returns a :class:`SkmReport`: the nine elements'
totals, NRR and weighted NRR, the IKM with its grade, the sample adequacy (Krejcie–Morgan on the
visitors entered in the monthly figures), a short trend, the tenants' IKM and the complaints'
follow-up. :func:`respondent_rows` reads the raw answers for the worksheet, one row per
respondent. Both leave excluded responses out, so the worksheet adds up to the report.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.sample import SampleAdequacyResult, sample_adequacy
from analysis.skm import ELEMENT_CODES, classify, ikm_from_counts
from surveys.complaints import follow_up_stats
from surveys.instrument import ELEMENTS
from surveys.models import Counter, Mpp, Response, Service, Tenant, utcnow
from surveys.operations import visitors_in
from surveys.periods import Period, parse_period
from surveys.publication import published_periods
from surveys.stats_queries import element_counts

TREND_LENGTH = 6
WEIGHT = 1 / 9


@dataclass(frozen=True)
class ElementRow:
    """One element (unsur) of the worksheet's summary rows."""

    number: int  # U1..U9, the questionnaire's order
    code: str
    name: dict[str, str]
    total: int  # Σ nilai per unsur
    answers: int  # answers given to this element
    nrr: float  # total / answers (NaN when none)
    weighted: float  # nrr × 1/9
    mutu: str  # grade of nrr × 25 ("" when none)


@dataclass(frozen=True)
class UnitScore:
    """A tenant's (or a period's) IKM for the small tables and the trend."""

    key: str
    label: str
    respondents: int
    ikm: float  # 25–100, rounded to 2 decimals (NaN when undefined)
    mutu: str
    kinerja: str


@dataclass(frozen=True)
class FollowUp:
    """Comments of a tenant in the period and how many were followed up."""

    tenant_name: str
    total: int
    open: int
    closed: int
    share: float | None
    median_hours: float | None


@dataclass(frozen=True)
class SkmReport:
    mpp_code: str
    mpp_name: str
    is_demo: bool
    timezone: str
    zone_abbreviation: str
    tenant_id: int | None
    tenant_name: str | None
    period: Period
    generated_at: dt.datetime
    respondents: int
    elements: list[ElementRow]
    ikm_1_4: float  # Σ NRR tertimbang, full precision
    ikm: float  # IKM × 25 rounded to 2 decimals
    mutu: str
    kinerja: str
    population: int | None  # service users in the period (monthly figures), None if not entered
    sample: SampleAdequacyResult | None
    trend: list[UnitScore] = field(default_factory=list)
    tenants: list[UnitScore] = field(default_factory=list)
    follow_up: list[FollowUp] = field(default_factory=list)

    @property
    def unit_name(self) -> str:
        return f"{self.tenant_name} · {self.mpp_name}" if self.tenant_name else self.mpp_name

    @property
    def has_data(self) -> bool:
        return self.respondents > 0

    @property
    def ikm_unrounded(self) -> float:
        return 25.0 * self.ikm_1_4


@dataclass(frozen=True)
class RespondentRow:
    number: int
    local_date: dt.date
    local_hour: int
    counter: str
    service: str
    channel: str
    scores: tuple[int | None, ...]  # U1..U9; None = not answered
    comment: str | None


def _scores(counts: np.ndarray) -> tuple[float, float, str, str]:
    result = ikm_from_counts(counts)
    return float(result.ikm_1_4), float(result.ikm), str(result.mutu), str(result.kinerja)


def _filters(mpp: Mpp, tenant: Tenant | None, period: Period) -> dict:
    return dict(mpp_ids=[mpp.id], tenant_ids=[tenant.id] if tenant else None,
                date_from=period.start, date_to=period.end)  # fmt: skip


def _element_rows(counts: np.ndarray) -> list[ElementRow]:
    result = ikm_from_counts(counts)
    totals = counts @ np.arange(1, 5)
    rows = []
    for i, code in enumerate(ELEMENT_CODES):
        nrr = float(result.nrr[i])
        mutu = classify(25 * nrr).mutu if result.n_answers[i] else ""
        rows.append(ElementRow(i + 1, code, ELEMENTS[code].name, int(totals[i]),
                               int(result.n_answers[i]), nrr, nrr * WEIGHT, mutu))  # fmt: skip
    return rows


def build_report(
    session: Session,
    mpp: Mpp,
    period: Period,
    tenant: Tenant | None = None,
    now: dt.datetime | None = None,
    details: bool = True,
) -> SkmReport:
    """The SKM report of an MPP (``tenant=None``) or of one of its tenants over ``period``.

    ``details=False`` leaves out the trend, the tenants and the follow-up (for the poster).
    """
    total = element_counts(session, **_filters(mpp, tenant, period), group_by=())
    counts, respondents = total.counts[0], int(total.respondents[0])
    ikm_1_4, ikm, mutu, kinerja = _scores(counts) if respondents else (math.nan, math.nan, "", "")
    population = visitors_in(session, mpp.id, period.months(), [tenant.id] if tenant else None)
    sample = sample_adequacy(respondents, population) if population else None
    return SkmReport(
        mpp.code, mpp.name, mpp.is_demo, mpp.timezone, mpp.zone_abbreviation,
        tenant.id if tenant else None, tenant.name if tenant else None, period, now or utcnow(),
        respondents, _element_rows(counts), ikm_1_4, ikm, mutu, kinerja, population, sample,
        trend=ikm_trend(session, mpp, period, tenant) if details else [],
        tenants=tenant_scores(session, mpp, period) if details and not tenant else [],
        follow_up=follow_up(session, mpp, period, tenant) if details else [],
    )  # fmt: skip


def ikm_trend(
    session: Session, mpp: Mpp, period: Period, tenant: Tenant | None = None
) -> list[UnitScore]:
    """The IKM of this period and the ones of the same kind before it, oldest first."""
    periods = [period]
    for _ in range(TREND_LENGTH - 1):
        periods.insert(0, periods[0].previous())
    scores = []
    for p in periods:
        total = element_counts(session, **_filters(mpp, tenant, p), group_by=())
        n = int(total.respondents[0])
        _, ikm, mutu, kinerja = _scores(total.counts[0]) if n else (0, math.nan, "", "")
        scores.append(UnitScore(p.code, p.code, n, ikm, mutu, kinerja))
    return scores


def tenant_scores(session: Session, mpp: Mpp, period: Period) -> list[UnitScore]:
    """Every active tenant of the MPP with its IKM in the period (NaN when no answers)."""
    filters = _filters(mpp, None, period)
    # element_counts cannot group zero rows (reshape of an empty array): ask for the total first.
    empty = int(element_counts(session, **filters, group_by=()).respondents[0]) == 0
    grouped = None if empty else element_counts(session, **filters, group_by=("tenant_id",))
    by_tenant = {key[0]: i for i, key in enumerate(grouped.keys)} if grouped else {}
    tenants = session.scalars(select(Tenant).where(Tenant.mpp_id == mpp.id)).all()
    scores = []
    for tenant in sorted(tenants, key=lambda t: t.name.lower()):
        i = by_tenant.get(tenant.id)
        if i is None and not tenant.active:
            continue
        n = int(grouped.respondents[i]) if i is not None else 0
        _, ikm, mutu, kinerja = _scores(grouped.counts[i]) if n else (0, math.nan, "", "")
        scores.append(UnitScore(str(tenant.id), tenant.name, n, ikm, mutu, kinerja))
    return scores


def follow_up(
    session: Session, mpp: Mpp, period: Period, tenant: Tenant | None = None
) -> list[FollowUp]:
    """Comments per tenant in the period and their follow-up (counts only, never the text)."""
    stats = follow_up_stats(session, mpp.id, period.start, period.end)
    return [
        FollowUp(
            s.tenant_name,
            s.total,
            s.open,
            s.followed_up + s.rejected,
            s.share_followed_up,
            s.median_hours,
        )  # fmt: skip
        for s in stats
        if tenant is None or s.tenant_id == tenant.id
    ]


def respondent_rows(
    session: Session,
    mpp: Mpp,
    period: Period,
    tenant: Tenant | None = None,
    with_comments: bool = False,
) -> list[RespondentRow]:
    """One row per included respondent, in visit order, for the official worksheet."""
    answers = [Response.__table__.c[code] for code in ELEMENT_CODES]
    query = (
        select(Response.local_date, Response.local_hour, Response.channel, Response.comment,
               Counter.name, Service.name, *answers)
        .join(Counter, Counter.id == Response.counter_id)
        .outerjoin(Service, Service.id == Response.service_id)
        .where(Response.mpp_id == mpp.id, Response.excluded.is_(False),
               Response.local_date >= period.start, Response.local_date <= period.end)
        .order_by(Response.local_date, Response.local_hour, Response.id)
    )  # fmt: skip
    if tenant is not None:
        query = query.where(Response.tenant_id == tenant.id)
    rows = []
    for number, row in enumerate(session.execute(query), start=1):
        day, hour, channel, comment, counter, service, *scores = row
        comment = comment if with_comments and comment else None
        rows.append(RespondentRow(number, day, hour, counter, service or "", channel,
                                  tuple(scores), comment))  # fmt: skip
    return rows


def recent_periods(today: dt.date) -> list[Period]:
    """Period choices for a picker: the last 12 months, 4 triwulan, 2 semesters and 2 years."""
    month = parse_period(f"{today.year}-{today.month:02d}")
    quarter = parse_period(f"{today.year}-Q{(today.month - 1) // 3 + 1}")
    semester = parse_period(f"{today.year}-S{1 if today.month <= 6 else 2}")
    year = parse_period(str(today.year))
    choices = []
    for first, count in ((month, 12), (quarter, 4), (semester, 2), (year, 2)):
        period = first
        for _ in range(count):
            choices.append(period)
            period = period.previous()
    return choices


@dataclass(frozen=True)
class PublishedResult:
    period: Period
    published_at: dt.datetime
    respondents: int
    ikm: float
    mutu: str
    kinerja: str


@dataclass(frozen=True)
class PublicSummary:
    """What the public page of an MPP shows: published periods only, never comments or rows."""

    latest: SkmReport | None
    history: list[PublishedResult]


def public_summary(session: Session, mpp: Mpp, history: int = 12) -> PublicSummary:
    records = published_periods(session, mpp.id)
    if not records:
        return PublicSummary(None, [])
    latest = build_report(session, mpp, records[0].period, details=False)
    latest = replace(latest, tenants=tenant_scores(session, mpp, latest.period))
    results = []
    for record in records[:history]:
        total = element_counts(session, **_filters(mpp, None, record.period), group_by=())
        n = int(total.respondents[0])
        _, ikm, mutu, kinerja = _scores(total.counts[0]) if n else (0, math.nan, "", "")
        results.append(PublishedResult(record.period, record.published_at, n, ikm, mutu, kinerja))
    return PublicSummary(latest, results)
