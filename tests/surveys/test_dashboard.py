import datetime as dt
import random

import numpy as np
import pytest
from sqlalchemy import select

from analysis.sample import krejcie_morgan
from analysis.skm import ELEMENT_CODES, ikm
from surveys import dashboard
from surveys.dashboard import DashboardFilters, build_dashboard, parse_filters
from surveys.errors import InvalidSubmission
from surveys.models import Counter, Response, Service
from surveys.operations import MonthlyFigures
from surveys.periods import parse_period
from surveys.responses import submit_response
from surveys.rollups import set_excluded
from surveys.validation import parse_submission
from tests.factories import make_mpp, submission_payload

NOW = dt.datetime(2026, 3, 20, 3, 0, tzinfo=dt.UTC)  # 10:00 WIB
TODAY = dt.date(2026, 3, 20)


def submit(session, mpp, counter="L00", service=None, channel="kiosk", answers=None, when=NOW):
    payload = submission_payload(counter=counter, service=service, submitted_at=when.isoformat(),
                                 answers=answers or {c: 3 for c in ELEMENT_CODES})  # fmt: skip
    return submit_response(session, parse_submission(payload, NOW, channel=channel), mpp, None,
                           NOW).response  # fmt: skip


def submit_random(session, mpp, n, seed=1, quality=None):
    """n varied answers in March 2026 (and some in February), on all four counters."""
    rng = random.Random(seed)
    quality = quality or {}
    for _ in range(n):
        counter = rng.choice(("L00", "L01", "L10", "L11"))
        low = quality.get(counter, 1)
        answers = {c: rng.choice((low, 2, 3, 4, 4, None)) for c in ELEMENT_CODES}
        answers = {c: max(v, low) for c, v in answers.items() if v is not None} or {"waktu": 3}
        when = NOW - dt.timedelta(days=rng.randrange(30), hours=rng.randrange(6))
        service = rng.choice((None, f"S{counter[1]}0", f"S{counter[1]}1"))
        submit(session, mpp, counter, service, rng.choice(("kiosk", "qr")), answers, when)


def raw_ikm(session, **where):
    query = select(Response).where(Response.excluded.is_(False))
    for name, value in where.items():
        column = getattr(Response, name)
        query = query.where(column.between(*value) if name == "local_date" else column == value)
    rows = session.scalars(query).all()
    scores = np.array([[r.scores()[c] or 0 for c in ELEMENT_CODES] for r in rows])
    return float(ikm(scores.reshape(len(rows), 9)).ikm), len(rows)


@pytest.fixture
def mpp(session):
    mpp = make_mpp(session)
    submit_random(session, mpp, 160)
    return mpp


def march(mpp, **filters):
    return DashboardFilters(mpp.id, parse_period("2026-03"), **filters)


def test_headline_ikm_equals_analysis_on_the_raw_rows(session, mpp):
    report = build_dashboard(session, mpp, march(mpp))
    expected, n = raw_ikm(session, local_date=(dt.date(2026, 3, 1), dt.date(2026, 3, 31)))
    assert report.headline.n == n > 100
    assert report.headline.ikm == pytest.approx(expected, abs=1e-9)
    assert report.headline.interval.low < report.headline.ikm < report.headline.interval.high
    nrrs = [e.nrr for e in report.elements]
    assert nrrs == sorted(nrrs, reverse=True)


@pytest.mark.parametrize("field", ["tenant_id", "counter_id", "service_id", "channel"])
def test_each_filter_changes_the_numbers_as_the_raw_rows_do(session, mpp, field):
    march_days = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    counter = session.scalar(select(Counter).where(Counter.mpp_id == mpp.id, Counter.code == "L10"))
    service = session.scalar(select(Service).where(Service.mpp_id == mpp.id, Service.code == "S11"))
    value, filters = {
        "tenant_id": (counter.tenant_id, dict(tenant_ids=(counter.tenant_id,))),
        "counter_id": (counter.id, dict(counter_ids=(counter.id,))),
        "service_id": (service.id, dict(service_ids=(service.id,))),
        "channel": ("qr", dict(channels=("qr",))),
    }[field]
    report = build_dashboard(session, mpp, march(mpp, **filters))
    expected, n = raw_ikm(session, local_date=march_days, **{field: value})
    total = build_dashboard(session, mpp, march(mpp)).headline
    assert 0 < report.headline.n == n < total.n
    assert report.headline.ikm == pytest.approx(expected, abs=1e-9)


def test_period_counts_only_its_own_days(session, mpp):
    report = build_dashboard(session, mpp, DashboardFilters(mpp.id, parse_period("2026-02")))
    expected, n = raw_ikm(session, local_date=(dt.date(2026, 2, 1), dt.date(2026, 2, 28)))
    assert report.headline.n == n > 0
    assert report.headline.ikm == pytest.approx(expected)
    march_report = build_dashboard(session, mpp, march(mpp))
    assert march_report.change.previous.code == "2026-02"
    assert march_report.change.previous_ikm == pytest.approx(expected)
    assert march_report.change.delta == pytest.approx(
        march_report.headline.ikm - expected, abs=0.01
    )


def test_excluded_responses_are_counted_apart_and_left_out(session, mpp):
    before = build_dashboard(session, mpp, march(mpp))
    bad = submit(session, mpp, answers={c: 1 for c in ELEMENT_CODES})
    set_excluded(session, bad, True)
    after = build_dashboard(session, mpp, march(mpp))
    assert after.excluded == 1 and before.excluded == 0
    assert after.headline.n == before.headline.n
    assert after.headline.ikm == pytest.approx(before.headline.ikm)


def test_sample_against_krejcie_morgan_of_the_visitors(session, mpp):
    report = build_dashboard(session, mpp, march(mpp))
    assert report.sample.visitors is None and report.sample.missing_months == (dt.date(2026, 3, 1),)
    for tenant, visitors in zip(mpp.tenants, (300, 200), strict=True):
        session.add(MonthlyFigures(mpp_id=mpp.id, tenant_id=tenant.id, month=dt.date(2026, 3, 1),
                                   visitors=visitors))  # fmt: skip
    session.commit()
    sample = build_dashboard(session, mpp, march(mpp)).sample
    assert sample.visitors == 500 and sample.required == krejcie_morgan(500) == 217
    assert sample.collected == report.headline.n and not sample.adequate
    assert sample.shortfall == 217 - report.headline.n and sample.missing_months == ()


def test_a_clearly_worse_counter_is_marked(session):
    mpp = make_mpp(session)
    submit_random(session, mpp, 240, seed=3, quality={"L00": 3, "L01": 3, "L10": 3})
    for _ in range(40):
        submit(session, mpp, "L11", answers={c: 1 for c in ELEMENT_CODES})
    report = build_dashboard(session, mpp, march(mpp))
    rows = {r.code: r for r in report.counters}
    assert report.comparison.p < 0.05 and report.comparison.tested == 4
    assert rows["L11"].worse_than_best and rows["L11"].worse_than_median
    assert not rows["L00"].worse_than_median
    assert report.counters[-1].code == "L11"


def test_weekly_trend_for_a_month_and_monthly_for_a_year(session, mpp):
    month = build_dashboard(session, mpp, march(mpp))
    assert month.trend_unit == "week" and month.trend[0].start == dt.date(2026, 2, 23)
    assert sum(p.n for p in month.trend) == month.headline.n
    year = build_dashboard(session, mpp, DashboardFilters(mpp.id, parse_period("2026")))
    assert year.trend_unit == "month" and [p.start.month for p in year.trend] == [1, 2, 3]
    assert year.trend[0].n == 0 and year.trend[0].ikm is None


def test_parse_filters_reads_codes_and_rejects_what_is_not_offered(session, mpp):
    other = make_mpp(session)
    tenant = mpp.tenants[1]
    filters = parse_filters(session, mpp, {"period": "2026-Q1", "tenant": str(tenant.id),
                                           "counter": "L10", "channel": "qr"}, TODAY)  # fmt: skip
    assert filters.period.code == "2026-Q1" and filters.tenant_ids == (tenant.id,)
    assert filters.counter_ids == (tenant.counters[0].id,) and filters.channels == ("qr",)
    assert parse_filters(session, mpp, {}, TODAY).period.code == "2026-02"  # last complete month
    week = {"period": "range", "from": "2026-03-02", "to": "2026-03-08"}
    ranged = parse_filters(session, mpp, week, TODAY)
    assert ranged.period.days == 7
    bad = [{"period": "2026-13"}, {"period": "range", "from": "2026-03-09", "to": "2026-03-01"},
           {"tenant": "abc"}, {"tenant": str(other.tenants[0].id)}, {"counter": "NOPE"},
           {"tenant": str(mpp.tenants[0].id), "counter": "L10"}, {"service": "S99"},
           {"channel": "sms"}]  # fmt: skip
    for args in bad:
        with pytest.raises(InvalidSubmission) as caught:
            parse_filters(session, mpp, args, TODAY)
        assert set(caught.value.fields) & {"period", "tenant", "counter", "service", "channel"}
    with pytest.raises(InvalidSubmission):  # a tenant outside the officer's scope
        parse_filters(session, mpp, {"tenant": str(mpp.tenants[1].id)}, TODAY, [mpp.tenants[0].id])


def test_normal_interval_agrees_with_the_bootstrap_on_a_large_sample():
    rng = np.random.default_rng(5)
    scores = rng.integers(1, 5, size=(600, 9))
    scores[rng.random(scores.shape) < 0.05] = 0
    boot = dashboard.ikm_confidence(scores, bootstrap_max=10_000)
    normal = dashboard.ikm_confidence(scores, bootstrap_max=10)
    assert boot.method == "bootstrap" and normal.method == "normal"
    assert normal.low == pytest.approx(boot.low, abs=0.3)
    assert normal.high == pytest.approx(boot.high, abs=0.3)
    assert dashboard.ikm_confidence(scores[:5]) is None


def test_statistics_are_cached_until_the_counts_change(session, mpp):
    filters = march(mpp)
    first = dashboard.respondent_stats(session, filters)
    assert dashboard.respondent_stats(session, filters) is first
    submit(session, mpp, "L01")
    assert dashboard.respondent_stats(session, filters) is not first


def test_an_empty_period_has_no_data_and_says_when_the_last_answer_was(session, mpp):
    report = build_dashboard(session, mpp, DashboardFilters(mpp.id, parse_period("2025-06")))
    assert not report.has_data and report.headline.ikm is None and report.counters
    assert all(r.n == 0 for r in report.counters)
    assert report.latest_data == dt.date(2026, 3, 20)
