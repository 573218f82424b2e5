"""One MPP's national page (why it scores as it does, its history) and province coverage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.skm import ikm_from_counts
from surveys.effectiveness_inputs import MIN_RESPONSES
from surveys.models import Mpp, Province, Regency
from surveys.national import NationalRow, all_rows, ikm_interval, medians_of
from surveys.readiness import Assessment, assessment, readiness_history
from surveys.stats_queries import element_counts

DKI = "31"  # DKI Jakarta: its administrative cities and regency are not autonomous


@dataclass(frozen=True)
class IkmPoint:
    label: str  # "2026-10" or "2026"
    responses: int
    ikm: float | None
    mutu: str
    low: float | None
    high: float | None


@dataclass(frozen=True)
class MppDetail:
    mpp: Mpp
    year: int
    row: NationalRow
    medians: dict
    peers: list[tuple[str, str, float]]  # (code, name, lambda)
    scored_count: int
    monthly: list[IkmPoint]
    yearly: list[IkmPoint]
    readiness: Assessment
    readiness_years: dict


def _points(grouped, label_of, min_responses: int = MIN_RESPONSES) -> list[IkmPoint]:
    """IKM per group; below ``min_responses`` answers, no grade (the national table's rule)."""
    points = []
    for i, key in enumerate(grouped.keys):
        counts = grouped.counts[i]
        n = int(grouped.respondents[i])
        if counts.sum(axis=-1).min() == 0:
            points.append(IkmPoint(label_of(key), n, None, "", None, None))
            continue
        result = ikm_from_counts(counts)
        low, high = ikm_interval(counts)
        mutu = str(result.mutu) if n >= min_responses else ""
        points.append(IkmPoint(label_of(key), n, float(result.ikm), mutu, low, high))
    return points


def ikm_history(
    session: Session, mpp_id: int, year: int, min_responses: int = MIN_RESPONSES
) -> tuple[list[IkmPoint], list[IkmPoint]]:
    """IKM per month (the 24 months up to the end of ``year``) and per year."""
    monthly = element_counts(session, mpp_ids=[mpp_id], date_from=dt.date(year - 1, 1, 1),
                             date_to=dt.date(year, 12, 31), group_by=("month",))  # fmt: skip
    by_month = _points(monthly, lambda key: key[0], min_responses)
    grouped = element_counts(session, mpp_ids=[mpp_id], group_by=("month",))
    years: dict[str, list[int]] = {}
    for i, key in enumerate(grouped.keys):
        years.setdefault(key[0][:4], []).append(i)
    by_year = []
    for label, idx in sorted(years.items()):
        counts = grouped.counts[idx].sum(axis=0)
        total = grouped.respondents[idx].sum()[None]
        one = type(grouped)(("year",), [(label,)], counts[None], total)
        by_year.extend(_points(one, lambda key: key[0], min_responses))
    return by_month, by_year


def mpp_detail(
    session: Session, mpp: Mpp, year: int, min_responses: int = MIN_RESPONSES
) -> MppDetail:
    rows = all_rows(session, year, min_responses)
    row = next(r for r in rows if r.mpp_id == mpp.id)
    names = {r.code: r.name for r in rows}
    peers = sorted(((c, names[c], lam) for c, lam in row.dea_peers.items()), key=lambda p: -p[2])
    monthly, yearly = ikm_history(session, mpp.id, year, min_responses)
    scored = sum(1 for r in rows if not r.too_little_data)
    readiness = assessment(session, mpp, year)
    history = readiness_history(session, mpp.id)
    return MppDetail(mpp, year, row, medians_of(rows), peers, scored, monthly, yearly,
                     readiness, history)  # fmt: skip


@dataclass(frozen=True)
class ProvinceCoverage:
    code: str
    name: str
    units: int  # autonomous kab/kota (DKI Jakarta: the province counts as one)
    covered: int
    mpps: int
    uncovered: list[str]  # kab/kota without an MPP

    @property
    def share(self) -> float:
        return self.covered / self.units if self.units else 0.0


@dataclass(frozen=True)
class Coverage:
    provinces: list[ProvinceCoverage]

    @property
    def units(self) -> int:
        return sum(p.units for p in self.provinces)

    @property
    def covered(self) -> int:
        return sum(p.covered for p in self.provinces)

    @property
    def provinces_without(self) -> list[ProvinceCoverage]:
        return [p for p in self.provinces if p.covered == 0]


def coverage(session: Session) -> Coverage:
    """MPPs per province against its kab/kota, and the kab/kota without one."""
    mpp_regencies = dict(session.execute(
        select(Mpp.regency_code, func.count()).group_by(Mpp.regency_code)
    ).all())  # fmt: skip
    regencies = session.scalars(select(Regency).order_by(Regency.code)).all()
    out = []
    for province in session.scalars(select(Province).order_by(Province.code)):
        own = [r for r in regencies if r.province_code == province.code]
        mpps = sum(mpp_regencies.get(r.code, 0) for r in own)
        if province.code == DKI:
            units, covered, uncovered = 1, int(mpps > 0), ([] if mpps else [province.name])
        else:
            autonomous = [r for r in own if r.autonomous]
            uncovered = [r.name for r in autonomous if r.code not in mpp_regencies]
            units, covered = len(autonomous), len(autonomous) - len(uncovered)
        out.append(ProvinceCoverage(province.code, province.name, units, covered, mpps, uncovered))
    return Coverage(out)
