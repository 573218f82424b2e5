"""Demo data for the national view: a year of operational figures and readiness assessments.

Synthetic and seeded, but shaped so that rankings mean something: big, busy MPPs (Surabaya,
Jakarta) against small ones, short and long waits, strong and weak digital readiness, and one
MPP (Ambon, opened in 2022) that reports too little to be ranked.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.readiness import CRITERION_CODES
from surveys.accounts import User
from surveys.models import Mpp, Tenant, local_today, utcnow
from surveys.operations import MonthlyFigures
from surveys.readiness import ReadinessAssessment

# code: (visitors per tenant-month, transactions per visitor, wait minutes, staff per counter,
#        opening hours per month, readiness level around which criteria vary)
PROFILES = {
    "dki-jakarta": (2600, 1.15, 24, 2.4, 190, 4.2),
    "kota-batam": (1500, 1.05, 18, 1.9, 176, 3.6),
    "kota-surabaya": (2900, 1.20, 14, 1.8, 198, 4.4),
    "kab-banyuwangi": (1300, 1.10, 11, 1.5, 198, 4.3),
    "kab-badung": (900, 1.05, 16, 2.2, 176, 3.3),
    "kab-sidoarjo": (1800, 1.10, 20, 1.7, 176, 3.7),
    "kota-bandung": (2200, 1.00, 32, 2.6, 160, 3.1),
    "kab-hulu-sungai-selatan": (500, 1.00, 12, 1.4, 154, 2.4),
    "kab-kutai-kartanegara": (700, 0.95, 27, 2.8, 154, 2.2),
    "kota-pekanbaru": (1400, 1.05, 23, 2.0, 168, 3.0),
    "kota-ambon": (400, 0.90, 35, 2.5, 140, 1.7),
}
SPARSE = "kota-ambon"  # figures for two months only and an unfinished self-assessment


def _months(today: dt.date, n: int = 12) -> list[dt.date]:
    first = today.replace(day=1)
    out = []
    for k in range(n):
        index = first.year * 12 + first.month - 1 - k
        out.append(dt.date(index // 12, index % 12 + 1, 1))
    return sorted(out)


def load_demo_national(
    session: Session, today: dt.date | None = None, seed: int = 2023
) -> tuple[int, int]:
    """Add the figures and assessments; return (figure rows, assessment rows)."""
    today = today or local_today()
    rng = np.random.default_rng(seed)
    mpps = session.scalars(select(Mpp).where(Mpp.is_demo.is_(True)).order_by(Mpp.id)).all()
    n_figures = n_assessments = 0
    for mpp in mpps:
        profile = PROFILES.get(mpp.code, (800, 1.0, 20, 2.0, 170, 3.0))
        months = _months(today, 2 if mpp.code == SPARSE else 12)
        for tenant in mpp.tenants:
            n_figures += _add_figures(session, mpp, tenant, months, profile, rng)
        for year in (today.year - 1, today.year):
            n_assessments += _add_assessment(session, mpp, year, profile[5], rng, today.year)
    session.commit()
    return n_figures, n_assessments


def _add_figures(session, mpp: Mpp, tenant: Tenant, months, profile, rng) -> int:
    visitors, per_visitor, wait, staff_per_counter, hours, _ = profile
    counters = max(1, len(tenant.counters))
    size = rng.uniform(0.5, 1.5)
    for month in months:
        season = 1.0 + 0.15 * np.sin(2 * np.pi * (month.month - 3) / 12)
        v = int(visitors * size * season * rng.uniform(0.85, 1.15))
        session.add(MonthlyFigures(
            mpp_id=mpp.id, tenant_id=tenant.id, month=month, visitors=v,
            transactions=int(v * per_visitor * rng.uniform(0.95, 1.05)),
            staff_on_duty=round(counters * staff_per_counter * rng.uniform(0.9, 1.1), 1),
            counters_open=round(counters * rng.uniform(0.8, 1.0), 1),
            opening_hours=float(hours),
            avg_wait_minutes=round(wait * rng.uniform(0.7, 1.3), 1),
            avg_service_minutes=round(rng.uniform(6, 18), 1),
        ))  # fmt: skip
    return len(months)


def _user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email))


def _add_assessment(session, mpp: Mpp, year: int, level: float, rng, this_year: int) -> int:
    centre = level - (0.4 if year < this_year else 0.0)
    manager = next((u for u in session.scalars(select(User).where(User.role == "manager"))
                    if any(m.id == mpp.id for m in u.mpps)), None)  # fmt: skip
    evaluator = _user(session, "evaluator@demo.mutu")
    codes = CRITERION_CODES[:7] if mpp.code == SPARSE and year == this_year else (
        CRITERION_CODES)  # fmt: skip
    reviewed = rng.random() < 0.6
    for code in codes:
        own = int(np.clip(np.rint(centre + rng.normal(0.3, 0.7)), 1, 5))  # self-scores run high
        row = ReadinessAssessment(
            mpp_id=mpp.id,
            year=year,
            criterion=code,
            self_level=own,
            self_evidence=f"Dokumen pendukung {code} (demo)",
            self_by_id=manager.id if manager else None,
            self_at=utcnow(),
        )
        if reviewed and evaluator is not None and rng.random() < 0.35:
            row.review_level = int(np.clip(own - 1, 1, 5))
            row.review_evidence = "Bukti belum menunjukkan tingkat yang diklaim (demo)."
            row.review_by_id, row.review_at = evaluator.id, utcnow()
        session.add(row)
    return len(codes)
