"""Helpers (no tests): a small national picture — MPPs with answers, figures and assessments."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid

import numpy as np
import pytest
from sqlalchemy import insert

from analysis.readiness import CRITERION_CODES
from analysis.skm import ELEMENT_CODES
from surveys import rollups
from surveys.models import Response
from surveys.operations import MonthlyFigures
from surveys.readiness import ReadinessAssessment
from tests import factories
from tests.factories import make_mpp

YEAR = 2025


@pytest.fixture(autouse=True)
def short_region_codes():
    """tests.factories numbers regencies "35.NN" from a global counter; past 99 the code no
    longer fits regency.code (5 characters) on PostgreSQL. Each test has a fresh database."""
    factories._sequence = itertools.count(1)


def add_answers(session, mpp, n: int, quality: float, seed: int, year: int = YEAR) -> None:
    rng = np.random.default_rng(seed)
    counters = [c for t in mpp.tenants for c in t.counters]
    rows = []
    for i in range(n):
        counter = counters[i % len(counters)]
        day = dt.date(year, 1 + i % 12, 1 + i % 27)
        scores = np.clip(np.rint(rng.normal(quality, 0.6, len(ELEMENT_CODES))), 1, 4).astype(int)
        stamp = dt.datetime(day.year, day.month, day.day, 3, tzinfo=dt.UTC)
        rows.append(
            dict(
                uuid=str(uuid.uuid4()),
                mpp_id=mpp.id,
                tenant_id=counter.tenant_id,
                counter_id=counter.id,
                channel="qr" if i % 3 == 0 else "kiosk",
                client_submitted_at=stamp,
                received_at=stamp,
                local_date=day,
                local_hour=10,
                **dict(zip(ELEMENT_CODES, map(int, scores), strict=True)),
            )
        )
    session.execute(insert(Response), rows)
    session.commit()


def add_figures(
    session, mpp, scale, wait, months=12, year=YEAR, counters=2.0, staff=3.0, hours=170.0
):
    for tenant in mpp.tenants:
        for m in range(1, months + 1):
            figures = MonthlyFigures(
                mpp_id=mpp.id, tenant_id=tenant.id, month=dt.date(year, m, 1),
                visitors=int(300 * scale), transactions=int(320 * scale),
                staff_on_duty=staff + m % 2, counters_open=counters, opening_hours=hours,
                avg_wait_minutes=wait, avg_service_minutes=9,
            )  # fmt: skip
            session.add(figures)
    session.commit()


def assess(session, mpp, levels, year: int = YEAR, review=None) -> None:
    for k, code in enumerate(CRITERION_CODES):
        level = levels if isinstance(levels, int) else levels[k]
        row = ReadinessAssessment(mpp_id=mpp.id, year=year, criterion=code, self_level=level)
        if review is not None:
            row.review_level = review
        session.add(row)
    session.commit()


def national_world(session):
    """Four MPPs: three scored with different quality and size, one with too little data."""
    good = make_mpp(session, code="mpp-good")
    mid = make_mpp(session, "WITA", code="mpp-mid")
    weak = make_mpp(session, "WIT", code="mpp-weak")
    thin = make_mpp(session, code="mpp-thin")
    add_answers(session, good, 240, 3.6, 1)
    add_answers(session, mid, 200, 3.1, 2)
    add_answers(session, weak, 150, 2.6, 3)
    add_answers(session, thin, 12, 3.0, 4)
    rollups.rebuild(session)
    add_figures(session, good, 2.0, 10)
    add_figures(session, mid, 1.0, 20)
    add_figures(session, weak, 0.6, 35, counters=3.0, staff=6.0, hours=200.0)
    assess(session, good, 5)
    assess(session, mid, 3)
    assess(session, weak, [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1])
    return {"good": good, "mid": mid, "weak": weak, "thin": thin}
