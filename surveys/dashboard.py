"""The MPP dashboard: one period's SKM results for a manager or an officer, as plain data.

Counts come from the rollups (fast whatever the volume). The statistics that need respondents
(bootstrap intervals, Kruskal–Wallis + Dunn–Holm, derived importance) read this MPP's raw rows
for the period once and are cached under a fingerprint of the counts, so that the page and its
charts share one computation and a change in the data (a new answer, an exclusion) refreshes it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import warnings
import weakref
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from analysis.drivers import IpaResult, importance_performance
from analysis.sample import krejcie_morgan
from analysis.skm import ELEMENT_CODES, classify, ikm_from_counts
from analysis.stats import compare_groups, difference_interval, ikm_interval, respondent_scores
from surveys.effectiveness_inputs import MIN_RESPONSES
from surveys.errors import InvalidSubmission
from surveys.models import Counter, Mpp, Response, Service
from surveys.numerals import by_counter_number, is_digits, natural_key
from surveys.operations import MonthlyFigures
from surveys.periods import Period, current_month, last_complete_month, parse_period
from surveys.rollups import response_rollup, response_rollup_month
from surveys.stats_queries import HeatmapCounts, element_counts, heatmap_counts, raw_scores

CHANNELS = ("kiosk", "qr")
MIN_COMPARED = 5  # respondents a counter needs to enter Kruskal–Wallis / Dunn
MIN_INTERVAL = 10  # respondents below which no interval is shown
BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_MAX_N = 500  # above this, a normal interval from influence values (same answer, fast)
ALPHA = 0.05


@dataclass(frozen=True)
class DashboardFilters:
    """What the dashboard shows: one MPP, one period, optional filters (None = all)."""

    mpp_id: int
    period: Period
    tenant_ids: tuple[int, ...] | None = None
    counter_ids: tuple[int, ...] | None = None
    service_ids: tuple[int, ...] | None = None
    channels: tuple[str, ...] | None = None

    def query(self, period: Period | None = None) -> dict:
        period = period or self.period
        return dict(mpp_ids=[self.mpp_id], tenant_ids=self.tenant_ids,
                    counter_ids=self.counter_ids, service_ids=self.service_ids,
                    channels=self.channels, date_from=period.start, date_to=period.end)  # fmt: skip

    @property
    def narrowed(self) -> bool:
        """True when a counter, service or channel filter is on (beyond the tenant scope)."""
        return any(v is not None for v in (self.counter_ids, self.service_ids, self.channels))


def parse_filters(
    session: Session,
    mpp: Mpp,
    args: Mapping[str, str],
    today: dt.date,
    allowed_tenant_ids: list[int] | None = None,
) -> DashboardFilters:
    """Read ``period`` (or ``from``/``to``), ``tenant``, ``counter``, ``service``, ``channel``.

    ``allowed_tenant_ids`` is the user's scope (None: every tenant). A value that is not one of
    the choices offered raises InvalidSubmission naming the field, whether it does not exist
    or is outside the scope, so that nothing is revealed.
    """
    errors: dict[str, str] = {}
    period = _parse_period(args, today, errors)
    tenant_ids = None if allowed_tenant_ids is None else tuple(allowed_tenant_ids)
    tenant = (args.get("tenant") or "").strip()
    if tenant:
        if not is_digits(tenant) or (tenant_ids is not None and int(tenant) not in tenant_ids):
            errors["tenant"] = "unknown tenant"
        elif tenant_ids is None and not _tenant_of_mpp(session, mpp, int(tenant)):
            errors["tenant"] = "unknown tenant"
        else:
            tenant_ids = (int(tenant),)
    counter_ids = _by_code(
        session, Counter, mpp, args.get("counter"), tenant_ids, "counter", errors
    )
    service_ids = _by_code(
        session, Service, mpp, args.get("service"), tenant_ids, "service", errors
    )
    channel = (args.get("channel") or "").strip()
    if channel and channel not in CHANNELS:
        errors["channel"] = "use kiosk or qr"
    if errors:
        raise InvalidSubmission("Unknown filter.", errors)
    return DashboardFilters(mpp.id, period, tenant_ids, counter_ids, service_ids,
                            (channel,) if channel else None)  # fmt: skip


def _parse_period(args: Mapping[str, str], today: dt.date, errors: dict) -> Period:
    code = (args.get("period") or "").strip()
    if code == "range":
        code = f"{(args.get('from') or '').strip()}..{(args.get('to') or '').strip()}"
    if not code:
        return last_complete_month(today)
    try:
        return parse_period(code)
    except InvalidSubmission as exc:
        errors.update(exc.fields)
        return last_complete_month(today)


def _tenant_of_mpp(session: Session, mpp: Mpp, tenant_id: int) -> bool:
    return any(t.id == tenant_id for t in mpp.tenants)


def _by_code(session, model, mpp, code, tenant_ids, field, errors) -> tuple[int, ...] | None:
    code = (code or "").strip()
    if not code:
        return None
    row = session.scalar(select(model).where(model.mpp_id == mpp.id, model.code == code))
    if row is None or (tenant_ids is not None and row.tenant_id not in tenant_ids):
        errors[field] = f"unknown {field} for this tenant"
        return None
    return (row.id,)


# --- The report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    method: str  # "bootstrap" or "normal"


@dataclass(frozen=True)
class Headline:
    ikm: float | None
    mutu: str
    kinerja: str
    n: int
    interval: Interval | None


@dataclass(frozen=True)
class SampleStatus:
    collected: int
    visitors: int | None  # None: no figures entered for any month of the period
    required: int | None
    missing_months: tuple[dt.date, ...]  # months of the period without figures
    whole_scope: bool  # False when counter/service/channel filters narrow the answers

    @property
    def adequate(self) -> bool:
        return self.required is not None and self.collected >= self.required

    @property
    def shortfall(self) -> int:
        return max(0, (self.required or 0) - self.collected)

    def missing_month_labels(self, lang: str = "id") -> list[str]:
        return [Period("month", m, m).label(lang) for m in self.missing_months]


@dataclass(frozen=True)
class Change:
    """This period against the one before: a change only when both rest on enough answers
    and the difference's 95% interval excludes 0 (:func:`analysis.stats.difference_interval`
    from the two periods' intervals)."""

    previous: Period
    previous_ikm: float | None
    previous_n: int
    delta: float | None
    n: int = 0  # this period's answers
    low: float | None = None  # the difference's 95% interval (None: an interval is missing)
    high: float | None = None
    min_responses: int = MIN_RESPONSES

    @property
    def enough(self) -> bool:
        return min(self.n, self.previous_n) >= self.min_responses

    @property
    def significant(self) -> bool:
        return self.low is not None and self.high is not None and (self.low > 0 or self.high < 0)

    @property
    def verdict(self) -> str:
        """One of none (no previous answers), too_few, not_significant, up, down."""
        if self.delta is None:
            return "none"
        if not self.enough:
            return "too_few"
        if not self.significant:
            return "not_significant"
        return "up" if self.delta > 0 else "down"

    @property
    def direction(self) -> str:
        verdict = self.verdict
        return verdict if verdict in ("up", "down", "none") else "flat"

    @property
    def alarm(self) -> bool:
        """A real drop of 5 points or more: the only change painted as an alarm."""
        return self.verdict == "down" and self.delta is not None and self.delta <= -5


@dataclass(frozen=True)
class ElementScore:
    code: str
    nrr: float | None
    ikm: float | None  # NRR × 25
    answers: int
    mutu: str


@dataclass(frozen=True)
class TrendPoint:
    start: dt.date  # the month's or the week's first day
    ikm: float | None
    n: int


@dataclass(frozen=True)
class CounterRow:
    id: int
    code: str
    name: str
    tenant: str
    n: int
    ikm: float | None
    mutu: str
    kinerja: str
    interval: Interval | None
    worse_than_best: bool
    worse_than_median: bool
    spark: tuple[float | None, ...]


@dataclass(frozen=True)
class Comparison:
    """Kruskal–Wallis over the counters with enough answers, then Dunn–Holm pairs."""

    tested: int  # counters compared
    h: float | None
    p: float | None
    best_id: int | None  # the counter with the highest IKM among those compared
    median_id: int | None


@dataclass(frozen=True)
class DashboardReport:
    filters: DashboardFilters
    headline: Headline
    sample: SampleStatus
    change: Change
    elements: tuple[ElementScore, ...]  # sorted by score, best first
    trend_unit: str  # "week" or "month"
    trend: tuple[TrendPoint, ...]
    counters: tuple[CounterRow, ...]  # by IKM, best first
    comparison: Comparison
    excluded: int
    latest_data: dt.date | None  # the last day with answers (any period), for suggestions
    min_responses: int = MIN_RESPONSES  # below this a period, counter or service gets no grade

    @property
    def has_data(self) -> bool:
        return self.headline.n > 0

    def graded(self, n: int) -> bool:
        """Enough answers for a verdict (grade, direction): the national table's rule."""
        return n >= self.min_responses


def build_dashboard(
    session: Session, mpp: Mpp, filters: DashboardFilters, min_responses: int = MIN_RESPONSES
) -> DashboardReport:
    """Everything on the dashboard page for these filters (charts are built separately).

    The report is cached until this MPP's answers in the period (or the one before) change;
    the visitors entered by the manager and the date of the latest answer are read every time.
    Below ``min_responses`` answers a period, counter or service gets no grade and no change.
    """
    core = _memo(session, "report", filters, lambda: _build_report(session, filters))
    today = mpp.today()
    return replace(core, sample=_sample(session, filters, core.sample.collected, today),
                   latest_data=latest_answer_date(session, mpp), min_responses=min_responses,
                   change=replace(core.change, min_responses=min_responses))  # fmt: skip


def _build_report(session: Session, filters: DashboardFilters) -> DashboardReport:
    unit, by_counter = _counts_by_counter_and_time(session, filters)
    total = by_counter.counts.sum(axis=0) if by_counter.keys else np.zeros((9, 4), np.int64)
    stats = respondent_stats(session, filters)
    result = ikm_from_counts(total)
    n = int(by_counter.respondents.sum())
    headline = Headline(_value(result.ikm), str(result.mutu), str(result.kinerja), n,
                        stats.overall)  # fmt: skip
    return DashboardReport(
        filters=filters,
        headline=headline,
        sample=_sample(session, filters, _collected_in_scope(session, filters, n)),
        change=_change(session, filters, headline),
        elements=_elements(result),
        trend_unit=unit,
        trend=_trend(by_counter, filters, unit),
        counters=_counter_rows(session, by_counter, stats, filters, unit),
        comparison=stats.comparison,
        excluded=_excluded(session, filters),
        latest_data=None,
    )


def trend_unit(period: Period) -> str:
    return "week" if period.days <= 92 else "month"


def _counts_by_counter_and_time(session: Session, filters: DashboardFilters):
    unit = trend_unit(filters.period)
    return unit, element_counts(session, **filters.query(), group_by=("counter_id", unit))


def _value(x) -> float | None:
    x = float(x)
    return x if np.isfinite(x) else None


def _elements(result) -> tuple[ElementScore, ...]:
    rows = []
    for code, nrr, answers in zip(ELEMENT_CODES, result.nrr, result.n_answers, strict=True):
        value = _value(nrr)
        ikm = None if value is None else value * 25
        mutu = "" if ikm is None else classify(ikm).mutu
        rows.append(ElementScore(code, value, ikm, int(answers), mutu))
    return tuple(sorted(rows, key=lambda r: -1 if r.nrr is None else r.nrr, reverse=True))


def _trend(by_counter, filters: DashboardFilters, unit: str) -> tuple[TrendPoint, ...]:
    buckets: dict[object, list] = {}
    for key, counts, n in zip(by_counter.keys, by_counter.counts, by_counter.respondents,
                              strict=True):  # fmt: skip
        entry = buckets.setdefault(key[1], [np.zeros((9, 4), np.int64), 0])
        entry[0] += counts
        entry[1] += int(n)
    points = []
    for start in _time_slots(filters.period, unit):
        key = start.strftime("%Y-%m") if unit == "month" else start
        counts, n = buckets.get(key, (None, 0))
        ikm = None if counts is None else _value(ikm_from_counts(counts).ikm)
        points.append(TrendPoint(start, ikm, n))
    while points and points[-1].n == 0:  # weeks or months still to come
        points.pop()
    return tuple(points)


def _time_slots(period: Period, unit: str) -> list[dt.date]:
    if unit == "month":
        return period.months()
    monday = period.start - dt.timedelta(days=period.start.weekday())
    return [monday + dt.timedelta(weeks=i) for i in range((period.end - monday).days // 7 + 1)]


def _counter_rows(session, by_counter, stats, filters, unit) -> tuple[CounterRow, ...]:
    slots = _time_slots(filters.period, unit)
    slot_index = {(s.strftime("%Y-%m") if unit == "month" else s): i for i, s in enumerate(slots)}
    used = [slot_index[key[1]] for key in by_counter.keys if key[1] in slot_index]
    slots = slots[: max(used) + 1] if used else []  # like the trend: no slots still to come
    slot_index = {k: i for k, i in slot_index.items() if i < len(slots)}
    totals: dict[int, np.ndarray] = {}
    per_slot: dict[int, np.ndarray] = {}
    for key, counts in zip(by_counter.keys, by_counter.counts, strict=True):
        counter_id, slot = key
        totals.setdefault(counter_id, np.zeros((9, 4), np.int64))
        totals[counter_id] += counts
        per_slot.setdefault(counter_id, np.zeros((len(slots), 9, 4), np.int64))
        if slot in slot_index:
            per_slot[counter_id][slot_index[slot]] += counts
    respondents: dict[int, int] = {}
    for key, n in zip(by_counter.keys, by_counter.respondents, strict=True):
        respondents[key[0]] = respondents.get(key[0], 0) + int(n)
    rows = []
    for counter in _counters_in_view(session, filters, set(totals)):
        result = ikm_from_counts(totals.get(counter.id, np.zeros((9, 4), np.int64)))
        spark = ikm_from_counts(per_slot[counter.id]).ikm if counter.id in per_slot else []
        rows.append(CounterRow(
            id=counter.id, code=counter.code, name=counter.name, tenant=counter.tenant.name,
            n=respondents.get(counter.id, 0), ikm=_value(result.ikm), mutu=str(result.mutu),
            kinerja=str(result.kinerja), interval=stats.by_counter.get(counter.id),
            worse_than_best=counter.id in stats.worse_than_best,
            worse_than_median=counter.id in stats.worse_than_median,
            spark=tuple(_value(v) for v in spark),
        ))  # fmt: skip
    return tuple(sorted(rows, key=lambda r: (r.ikm is None, -(r.ikm or 0), natural_key(r.code))))


def counter_table(session: Session, filters: DashboardFilters) -> tuple[CounterRow, ...]:
    """The counters' rows alone (for the ranking chart and the CSV download)."""
    return _memo(session, "report", filters, lambda: _build_report(session, filters)).counters


def _counters_in_view(session: Session, filters: DashboardFilters, with_data: set[int]):
    query = select(Counter).where(Counter.mpp_id == filters.mpp_id)
    if filters.tenant_ids is not None:
        query = query.where(Counter.tenant_id.in_(filters.tenant_ids))
    if filters.counter_ids is not None:
        query = query.where(Counter.id.in_(filters.counter_ids))
    counters = by_counter_number(session.scalars(query).all())
    return [c for c in counters if c.active or c.id in with_data]


def _collected_in_scope(session: Session, filters: DashboardFilters, n: int) -> int:
    """Answers for the sample: the whole MPP (or tenant), whatever counter/service/channel."""
    if not filters.narrowed:
        return n
    whole = DashboardFilters(filters.mpp_id, filters.period, filters.tenant_ids)
    return int(element_counts(session, **whole.query(), group_by=()).respondents.sum())


def _sample(
    session: Session, filters: DashboardFilters, collected: int, today: dt.date | None = None
) -> SampleStatus:
    months = filters.period.months()
    query = (
        select(MonthlyFigures.month, func.sum(MonthlyFigures.visitors))
        .where(MonthlyFigures.mpp_id == filters.mpp_id, MonthlyFigures.month.in_(months))
        .group_by(MonthlyFigures.month)
    )
    if filters.tenant_ids is not None:
        query = query.where(MonthlyFigures.tenant_id.in_(filters.tenant_ids))
    entered = {month: int(total or 0) for month, total in session.execute(query)}
    visitors = sum(entered.values()) if entered else None
    required = krejcie_morgan(visitors) if visitors else None
    missing = tuple(m for m in months if m not in entered and (today is None or m <= today))
    return SampleStatus(collected, visitors, required, missing, not filters.narrowed)


def _change(session: Session, filters: DashboardFilters, headline: Headline) -> Change:
    previous = filters.period.previous()
    counts = element_counts(session, **filters.query(previous), group_by=())
    before = _value(ikm_from_counts(counts.counts[0]).ikm)
    ikm = headline.ikm
    delta = None if ikm is None or before is None else round(ikm - before, 2)
    change = Change(previous, before, int(counts.respondents[0]), delta, headline.n)
    now = headline.interval
    if delta is None or now is None:
        return change
    earlier = overall_interval(session, with_period(filters, previous))
    if earlier is None:
        return change
    diff = difference_interval(ikm, now.low, now.high, before, earlier.low, earlier.high)
    return replace(change, low=round(diff.low, 2), high=round(diff.high, 2))


def overall_interval(session: Session, filters: DashboardFilters) -> Interval | None:
    """The period's IKM interval alone (for the previous period of a change; cached)."""
    return _memo(session, "overall", filters, lambda: ikm_confidence(
        raw_scores(session, **filters.query(), group_by=()).scores))  # fmt: skip


def _excluded(session: Session, filters: DashboardFilters) -> int:
    r = Response
    query = select(func.count()).select_from(r).where(
        r.mpp_id == filters.mpp_id, r.excluded.is_(True),
        r.local_date >= filters.period.start, r.local_date <= filters.period.end,
    )  # fmt: skip
    pairs = ((r.tenant_id, filters.tenant_ids), (r.counter_id, filters.counter_ids),
             (r.service_id, filters.service_ids), (r.channel, filters.channels))  # fmt: skip
    for column, values in pairs:
        if values is not None:
            query = query.where(column.in_(values))
    return int(session.scalar(query) or 0)


def latest_answer_date(session: Session, mpp: Mpp) -> dt.date | None:
    table = response_rollup
    return session.scalar(select(func.max(table.c.local_date)).where(table.c.mpp_id == mpp.id))


def heatmap(session: Session, filters: DashboardFilters) -> HeatmapCounts:
    """Respondents by weekday × local hour (from the day rollup)."""
    return _memo(session, "heatmap", filters, lambda: heatmap_counts(session, **filters.query()))


def ipa(session: Session, filters: DashboardFilters) -> IpaResult | None:
    """Importance (derived: Spearman with the other elements) against performance."""
    return respondent_stats(session, filters).ipa


# --- Statistics over respondents (cached) ------------------------------------------------


@dataclass(frozen=True)
class RespondentStats:
    overall: Interval | None
    by_counter: dict[int, Interval]
    comparison: Comparison
    worse_than_best: frozenset[int]
    worse_than_median: frozenset[int]
    ipa: IpaResult | None


_CACHES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # one per engine (database)
_CACHE_SIZE = 128
MIN_IPA = 30


def data_version(session: Session, filters: DashboardFilters) -> str:
    """A fingerprint of this MPP's answers from the previous period's start to the period's end.

    The month rollup's rows (which every answer and every exclusion changes in the same
    transaction), the newest answer's id and the number of exclusions: a cached result under
    an older fingerprint is never served.
    """
    table = response_rollup_month
    start = filters.period.previous().start.replace(day=1)
    rows = session.execute(
        select(table).where(table.c.mpp_id == filters.mpp_id, table.c.month >= start,
                            table.c.month <= filters.period.end).order_by(table.c.month)
    ).all()  # fmt: skip
    r = Response
    latest, excluded = session.execute(
        select(func.max(r.id), func.count(r.id).filter(r.excluded.is_(True))).where(
            r.mpp_id == filters.mpp_id, r.local_date >= start, r.local_date <= filters.period.end
        )
    ).one()  # fmt: skip  (the newest answer and the exclusions, which a rollup may not show)
    state = ([tuple(row) for row in rows], latest, excluded)
    return hashlib.sha1(repr(state).encode()).hexdigest()


def _memo(session: Session, kind: str, filters: DashboardFilters, compute):
    cache = _CACHES.setdefault(session.get_bind(), OrderedDict())
    key = (kind, filters, data_version(session, filters))
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    value = cache[key] = compute()
    while len(cache) > _CACHE_SIZE:
        cache.popitem(last=False)
    return value


def respondent_stats(session: Session, filters: DashboardFilters) -> RespondentStats:
    """Intervals, counter comparison and IPA (cached until the MPP's answers change)."""
    return _memo(session, "stats", filters, lambda: _compute_stats(session, filters))


def _compute_stats(session: Session, filters: DashboardFilters) -> RespondentStats:
    codes, scores = raw = raw_scores(session, **filters.query(), group_by=("counter_id",))
    ids = [key[0] for key in raw.keys]
    by_counter = {}
    for index, counter_id in enumerate(ids):
        interval = ikm_confidence(scores[codes == index], bootstrap_max=40)
        if interval is not None:
            by_counter[counter_id] = interval
    comparison, worse_best, worse_median = _compare(codes, scores, ids)
    return RespondentStats(ikm_confidence(scores), by_counter, comparison, worse_best,
                           worse_median, _ipa(scores))  # fmt: skip


def ikm_confidence(scores: np.ndarray, bootstrap_max: int = BOOTSTRAP_MAX_N) -> Interval | None:
    """95% interval of the IKM: BCa bootstrap (2,000 resamples) for up to ``bootstrap_max``
    respondents, above that the normal interval from each respondent's influence value
    (delta method; the two agree closely at such sizes and the latter takes milliseconds)."""
    n = len(scores)
    if n < MIN_INTERVAL or not np.all((scores > 0).any(axis=0)):
        return None
    if n > bootstrap_max:
        return _normal_interval(scores)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # BCa warns on lumpy small samples; checked below
        result = ikm_interval(scores, n_resamples=BOOTSTRAP_RESAMPLES, rng=0)
    if not (np.isfinite(result.low) and np.isfinite(result.high)):
        return _normal_interval(scores)
    return Interval(float(result.low), float(result.high), "bootstrap")


def _normal_interval(scores: np.ndarray) -> Interval:
    x = scores.astype(float)
    answered = (scores > 0).astype(float)
    share = answered.mean(axis=0)
    nrr = x.sum(axis=0) / answered.sum(axis=0)
    influence = ((x - answered * nrr) / share).sum(axis=1) * 25.0 / 9.0
    se = influence.std(ddof=1) / np.sqrt(len(x))
    point = 25.0 * nrr.mean()
    z = 1.959963984540054
    return Interval(float(max(25.0, point - z * se)), float(min(100.0, point + z * se)), "normal")


def _compare(codes, scores, ids) -> tuple[Comparison, frozenset[int], frozenset[int]]:
    n = np.bincount(codes, minlength=len(ids)) if len(ids) else np.zeros(0, int)
    kept = [i for i in range(len(ids)) if n[i] >= MIN_COMPARED]
    none = frozenset()
    if len(kept) < 2:
        return Comparison(len(kept), None, None, None, None), none, none
    mask = np.isin(codes, kept)
    values = respondent_scores(scores[mask])
    labels = np.asarray(ids)[codes[mask]]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = compare_groups(values, labels)
    except ValueError:
        return Comparison(len(kept), None, None, None, None), none, none
    ikm = {ids[i]: float(ikm_from_counts(_counts_of(scores[codes == i])).ikm_1_4) for i in kept}
    ranked = sorted(ikm, key=lambda k: -ikm[k])
    best, median = ranked[0], ranked[(len(ranked) - 1) // 2]
    comparison = Comparison(len(kept), result.H, result.p, best, median)
    if result.p >= ALPHA:
        return comparison, none, none
    worse = {best: set(), median: set()}
    for pair in result.pairs:
        for ref, other in ((pair.a, pair.b), (pair.b, pair.a)):
            if ref in worse and pair.p_holm < ALPHA and ikm[other] < ikm[ref]:
                worse[ref].add(other)
    return comparison, frozenset(worse[best]), frozenset(worse[median])


def _counts_of(scores: np.ndarray) -> np.ndarray:
    return np.stack([np.bincount(col, minlength=5)[1:] for col in scores.T.astype(np.intp)])


def _ipa(scores: np.ndarray) -> IpaResult | None:
    if len(scores) < MIN_IPA:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return importance_performance(scores)
    except ValueError:
        return None


# --- Choices for the filter form ---------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    tenant_id: int | None = None


@dataclass(frozen=True)
class FilterChoices:
    tenants: tuple[Choice, ...]
    counters: tuple[Choice, ...]
    services: tuple[Choice, ...]
    periods: tuple[tuple[str, tuple[Period, ...]], ...]  # (kind, periods newest first)


def filter_choices(
    session: Session, mpp: Mpp, allowed_tenant_ids: list[int] | None, today: dt.date,
    lang: str = "id",
) -> FilterChoices:  # fmt: skip
    tenants = [t for t in mpp.tenants if allowed_tenant_ids is None or t.id in allowed_tenant_ids]
    tenant_ids = {t.id for t in tenants}
    counters = by_counter_number(session.scalars(select(Counter).where(Counter.mpp_id == mpp.id)))
    services = session.scalars(select(Service).where(Service.mpp_id == mpp.id)
                               .order_by(Service.name)).all()  # fmt: skip
    return FilterChoices(
        tuple(Choice(str(t.id), t.name) for t in sorted(tenants, key=lambda t: t.name.lower())),
        tuple(Choice(c.code, c.name, c.tenant_id) for c in counters if c.tenant_id in tenant_ids),
        tuple(Choice(s.code, (s.name_en or s.name) if lang == "en" else s.name, s.tenant_id)
              for s in services if s.tenant_id in tenant_ids),
        _period_choices(session, mpp, today),
    )  # fmt: skip


def _period_choices(session: Session, mpp: Mpp, today: dt.date):
    table = response_rollup
    first = session.scalar(select(func.min(table.c.local_date)).where(table.c.mpp_id == mpp.id))
    start = min(first or today, today.replace(day=1) - dt.timedelta(days=365))
    start = max(start, today.replace(year=today.year - 3, day=1))
    months = []
    cursor = current_month(today)
    while cursor.end >= start:
        months.append(cursor)
        cursor = cursor.previous()
    choices = {"month": months}
    for kind in ("quarter", "semester", "year"):
        seen: list[Period] = []
        for month in months:
            code = _containing(month.start, kind)
            if not seen or seen[-1].code != code:
                seen.append(parse_period(code))
        choices[kind] = seen
    return tuple((kind, tuple(periods)) for kind, periods in choices.items())


def _containing(day: dt.date, kind: str) -> str:
    if kind == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if kind == "semester":
        return f"{day.year}-S{1 if day.month <= 6 else 2}"
    return str(day.year)


def with_period(filters: DashboardFilters, period: Period) -> DashboardFilters:
    return replace(filters, period=period)


def trend_points(session: Session, filters: DashboardFilters) -> tuple[TrendPoint, ...]:
    """IKM per week (periods up to 92 days) or per month, from the rollups."""
    return _memo(session, "report", filters, lambda: _build_report(session, filters)).trend


def element_nrr(session: Session, filters: DashboardFilters) -> np.ndarray:
    """The nine elements' mean scores (1–4; NaN where an element has no answers)."""
    report = _memo(session, "report", filters, lambda: _build_report(session, filters))
    by_code = {e.code: np.nan if e.nrr is None else e.nrr for e in report.elements}
    return np.array([by_code[code] for code in ELEMENT_CODES])
