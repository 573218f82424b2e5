"""Inference for SKM data: IKM confidence interval, group comparison, trend.

Reliability (Cronbach's alpha) lives in :mod:`analysis.reliability`; key drivers and
importance–performance analysis in :mod:`analysis.drivers`. They are re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from .drivers import importance_performance, key_drivers
from .reliability import cronbach_alpha
from .skm import element_weights, respondent_matrix

__all__ = [
    "CompareResult",
    "DifferenceResult",
    "DunnPair",
    "IkmIntervalResult",
    "UNDEFINED_TREND",
    "TrendResult",
    "compare_groups",
    "cronbach_alpha",
    "difference_interval",
    "dunn_holm",
    "holm",
    "ikm_influence_interval",
    "ikm_interval",
    "importance_performance",
    "key_drivers",
    "respondent_scores",
    "trend",
]


@dataclass(frozen=True)
class IkmIntervalResult:
    """IKM (25–100, unrounded) with a confidence interval.

    ``method`` is the interval actually computed: the bootstrap method asked for (``"BCa"``,
    ``"percentile"``, ``"basic"``), ``"normal"`` (influence-function interval, used above
    ``bootstrap_max_n`` respondents) or ``"exact"`` (every resample equal).
    """

    ikm: float
    low: float
    high: float
    confidence: float
    n: int
    method: str = "BCa"


@dataclass(frozen=True)
class DunnPair:
    """Dunn's z for groups ``a`` and ``b``, raw and Holm-adjusted two-sided p-values."""

    a: object
    b: object
    z: float
    p: float
    p_holm: float


@dataclass(frozen=True)
class CompareResult:
    """Kruskal–Wallis H test and Dunn's post-hoc pairs (Holm)."""

    groups: tuple
    n: tuple
    H: float
    p: float
    pairs: tuple[DunnPair, ...]


@dataclass(frozen=True)
class TrendResult:
    """Mann–Kendall test (Kendall's tau against time) and Theil–Sen slope with its interval."""

    tau: float
    p: float
    slope: float
    intercept: float
    slope_low: float
    slope_high: float
    # "naik", "turun" or "tidak ada" at the given significance level; "tidak dapat dihitung"
    # (statistics NaN) when no trend can be estimated, e.g. every time equal.
    direction: str


UNDEFINED_TREND = "tidak dapat dihitung"


@dataclass(frozen=True)
class DifferenceResult:
    """``a − b`` with its confidence interval; ``significant`` when the interval excludes 0."""

    difference: float
    low: float
    high: float
    se: float
    confidence: float

    @property
    def significant(self) -> bool:
        return self.low > 0 or self.high < 0


def difference_interval(a, a_low, a_high, b, b_low, b_high, confidence=0.95) -> DifferenceResult:
    """Confidence interval of the difference of two independent estimates from their intervals.

    Parameters
    ----------
    a, b : float
        The two estimates (e.g. this period's IKM and the previous period's).
    a_low, a_high, b_low, b_high : float
        Their two-sided intervals at the same ``confidence``, as reported.
    confidence : float
        Two-sided confidence level of the given intervals and of the result.

    Notes
    -----
    Each standard error is recovered from its interval's width, and independent errors add in
    quadrature (Altman & Bland 2003, "Interval estimation for the difference between
    independent quantities", *BMJ* 326:219)::

        SE_x = (high_x − low_x) / (2 z),   z = z_(1−α/2)
        SE_d = √(SE_a² + SE_b²),   interval = (a − b) ± z · SE_d

    An asymmetric interval (BCa) is summarised by its mean half-width; an interval clipped at a
    bound of the scale understates its error, so a difference near 25 or 100 is conservative
    only when neither interval was clipped.
    """
    values = np.array([a, a_low, a_high, b, b_low, b_high], dtype=float)
    if not np.all(np.isfinite(values)):
        raise ValueError("estimates and intervals must be finite numbers")
    if a_low > a_high or b_low > b_high:
        raise ValueError("each interval's low must not exceed its high")
    if not 0 < confidence < 1:
        raise ValueError("confidence must lie strictly between 0 and 1")
    z = float(stats.norm.ppf(0.5 + confidence / 2.0))
    se = float(np.hypot((a_high - a_low) / (2 * z), (b_high - b_low) / (2 * z)))
    d = float(a - b)
    return DifferenceResult(d, d - z * se, d + z * se, se, confidence)


# Memory budget of one vectorised bootstrap call: ``batch × n`` resampled values. scipy holds
# about a dozen arrays of that size at once (indices, nine gathered columns, temporaries), so
# 2**20 values keep a call near 100 MB whatever n is.
_BATCH_VALUES = 2**20


def _ikm_statistic(weights):
    def statistic(*columns, axis=-1):
        nrr = []
        for col in columns:
            answered = np.count_nonzero(col, axis=axis)
            with np.errstate(invalid="ignore", divide="ignore"):
                nrr.append(col.sum(axis=axis) / answered)
        nrr = np.stack(nrr)
        return 25.0 * (nrr.mean(axis=0) if weights is None else np.tensordot(weights, nrr, 1))

    return statistic


def ikm_influence_interval(scores, weights=None, confidence=0.95) -> IkmIntervalResult:
    """Normal confidence interval of the IKM from each respondent's influence value.

    Parameters
    ----------
    scores : array_like, shape (n, 9)
        Respondent matrix, 0/NaN = not answered.
    weights : mapping of code to weight, optional
        Custom weights (:func:`analysis.skm.element_weights`); default exact 1/9.
    confidence : float
        Two-sided confidence level.

    Notes
    -----
    The IKM is a smooth function of the element means, ``T = 25 Σ_e w_e S_e / A_e`` with
    ``S_e = Σ_i x_ie`` and ``A_e = Σ_i a_ie`` (``a_ie`` = 1 if answered). Its empirical
    influence function (nonparametric delta method, the infinitesimal jackknife; Efron &
    Tibshirani 1993, §21.3; for a ratio of sums Cochran 1977, *Sampling Techniques*, §6.3) is::

        U_i = 25 Σ_e w_e (x_ie − a_ie · NRR_e) / p_e,   p_e = A_e / n
        SE  = sd(U) / √n,   interval = T ± z_(1−α/2) · SE, clipped to 25..100

    With every element answered and equal weights, ``U_i = 25 (r_i − r̄)`` (``r_i`` the row
    mean) and this is the textbook interval of a mean. Memory and time are O(n).
    """
    w = element_weights(weights)
    s = respondent_matrix(scores)
    w_used = np.full(s.shape[1], 1.0 / s.shape[1]) if w is None else w
    _check_interval_args(s, w_used, confidence)
    return _influence_interval(s, w_used, confidence)


def _influence_interval(s: np.ndarray, w_used: np.ndarray, confidence: float):
    # One element at a time, so that memory is a few vectors of length n beyond the data.
    n = s.shape[0]
    point, influence = 0.0, np.zeros(n)
    for e in np.flatnonzero(w_used > 0):
        col = s[:, e]
        answered = col > 0
        nrr = col.sum() / np.count_nonzero(answered)
        point += 25.0 * w_used[e] * nrr
        scale = 25.0 * w_used[e] * n / np.count_nonzero(answered)  # 25 · w_e / p_e
        term = answered * -nrr
        term += col
        term *= scale
        influence += term
    se = float(influence.std(ddof=1)) / np.sqrt(n)
    z = float(stats.norm.ppf(0.5 + confidence / 2.0))
    low, high = max(25.0, point - z * se), min(100.0, point + z * se)
    return IkmIntervalResult(float(point), float(low), float(high), confidence, n, "normal")


def _check_interval_args(s, w_used, confidence):
    if s.shape[0] < 2:
        raise ValueError("scores must have at least 2 respondents")
    if not all(np.any(s[:, e] > 0) for e in np.flatnonzero(w_used > 0)):
        raise ValueError("scores: every element of positive weight needs at least one answer")
    if not 0 < confidence < 1:
        raise ValueError("confidence must lie strictly between 0 and 1")


def ikm_interval(
    scores,
    weights=None,
    confidence=0.95,
    n_resamples=9999,
    method="BCa",
    rng=None,
    *,
    batch_size=None,
    bootstrap_max_n=5000,
) -> IkmIntervalResult:
    """Bootstrap confidence interval of the IKM (25–100, unrounded) over respondents.

    Parameters
    ----------
    scores : array_like, shape (n, 9)
        Respondent matrix, 0/NaN = not answered.
    weights : mapping of code to weight, optional
        Custom weights; an element of weight 0 takes no part (it may be unanswered).
    confidence, n_resamples, method, rng
        As in :func:`scipy.stats.bootstrap`.
    batch_size : int, optional
        Resamples evaluated per vectorised call (also the jackknife batch of BCa). Default:
        as many as keep ``batch_size × n`` at 2**20 values (about 100 MB in all), so memory
        does not grow with ``n_resamples``.
    bootstrap_max_n : int
        Above this many respondents the interval is :func:`ikm_influence_interval`
        (``method="normal"`` in the result): BCa's jackknife costs O(n²) time, and at such
        sizes the two agree to a few thousandths of a point (5,000 uniform random answers:
        BCa 62.117–62.694, influence 62.116–62.698).

    Notes
    -----
    Respondents (rows) are resampled with :func:`scipy.stats.bootstrap` (``paired=True`` over
    the nine element columns, so a respondent's answers stay together); the statistic is
    ``25 · Σ_e w_e NRR_e`` with missing answers (0/NaN) left out per element (DOMAIN 2.2),
    ``w`` exact 1/9 or validated custom ``weights``.
    Efron & Tibshirani (1993), *An Introduction to the Bootstrap*, ch. 14 (BCa).
    """
    w = element_weights(weights)
    s = respondent_matrix(scores)
    w_used = np.full(s.shape[1], 1.0 / s.shape[1]) if w is None else w
    _check_interval_args(s, w_used, confidence)
    if batch_size is not None and (int(batch_size) != batch_size or batch_size < 1):
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    n = s.shape[0]
    if n > bootstrap_max_n:
        return _influence_interval(s, w_used, confidence)
    used = w_used > 0
    columns = tuple(s[:, used].T.astype(float))
    statistic = _ikm_statistic(None if w is None else w_used[used])
    point = float(statistic(*columns))
    # Identical answers per element: every resample gives the same IKM.
    if all(np.unique(col[col > 0]).size == 1 for col in columns):
        return IkmIntervalResult(point, point, point, confidence, n, "exact")
    batch = int(batch_size) if batch_size is not None else max(1, _BATCH_VALUES // n)
    res = stats.bootstrap(
        columns,
        statistic,
        paired=True,
        vectorized=True,
        confidence_level=confidence,
        n_resamples=n_resamples,
        batch=min(batch, n_resamples),
        method=method,
        rng=np.random.default_rng(rng),
    )
    ci = res.confidence_interval
    return IkmIntervalResult(point, float(ci.low), float(ci.high), confidence, n, method)


def respondent_scores(scores) -> np.ndarray:
    """Per-respondent score: mean of the answered elements × 25 (NaN if none answered)."""
    s = respondent_matrix(scores)
    answered = np.count_nonzero(s, axis=1)
    return np.divide(
        25.0 * s.sum(axis=1), answered, out=np.full(len(s), np.nan), where=answered > 0
    )


def holm(pvalues) -> np.ndarray:
    """Holm (1979) step-down adjusted p-values: ``max_{j≤i} min(1, (m−j+1)·p_(j))``."""
    p = np.asarray(pvalues, dtype=float)
    m = p.size
    order = np.argsort(p, kind="stable")
    adj = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * p[order]))
    out = np.empty(m)
    out[order] = adj
    return out


def dunn_holm(values, groups) -> tuple[tuple, tuple, tuple[DunnPair, ...]]:
    """Dunn's (1964) test for all pairs of groups, with Holm's correction.

    ``z_ij = (R̄_i − R̄_j) / sqrt((N(N+1)/12 − Σ(t³−t)/(12(N−1))) · (1/n_i + 1/n_j))`` on the
    mid-ranks of the pooled sample (tie correction from Dunn 1964; Zar, *Biostatistical
    Analysis*, §11.7); two-sided normal p-values.
    """
    x, g, labels = _clean(values, groups)
    ranks = stats.rankdata(x)
    big_n = x.size
    _, t = np.unique(x, return_counts=True)
    s2 = big_n * (big_n + 1) / 12.0 - np.sum(t**3 - t) / (12.0 * (big_n - 1))
    n = np.array([np.sum(g == k) for k in range(len(labels))])
    rbar = np.array([ranks[g == k].mean() for k in range(len(labels))])
    ii, jj = np.triu_indices(len(labels), k=1)
    z = (rbar[ii] - rbar[jj]) / np.sqrt(s2 * (1.0 / n[ii] + 1.0 / n[jj]))
    p = 2.0 * stats.norm.sf(np.abs(z))
    ph = holm(p)
    pairs = tuple(
        DunnPair(labels[i], labels[j], float(zz), float(pp), float(hh))
        for i, j, zz, pp, hh in zip(ii, jj, z, p, ph, strict=True)
    )
    return tuple(labels), tuple(int(k) for k in n), pairs


def _clean(values, groups):
    x = np.asarray(values, dtype=float)
    grp = np.asarray(groups)
    if x.ndim != 1 or grp.shape != x.shape:
        raise ValueError("values and groups must be 1-d arrays of the same length")
    keep = np.isfinite(x)
    labels, g = np.unique(grp[keep], return_inverse=True)
    if labels.size < 2:
        raise ValueError("groups must contain at least 2 groups with data")
    return x[keep], g, [v.item() if hasattr(v, "item") else v for v in labels]


def compare_groups(values, groups) -> CompareResult:
    """Kruskal–Wallis H test (:func:`scipy.stats.kruskal`) then Dunn–Holm pairs.

    ``values`` are per-respondent scores (see :func:`respondent_scores`); NaN are dropped.
    Kruskal & Wallis (1952), JASA 47, 583–621.
    """
    x, g, labels = _clean(values, groups)
    samples = [x[g == k] for k in range(len(labels))]
    if np.unique(x).size < 2:
        raise ValueError("values are all identical: the groups cannot be compared")
    h, p = stats.kruskal(*samples)
    labels_, n, pairs = dunn_holm(values, groups)
    return CompareResult(labels_, n, float(h), float(p), pairs)


def trend(values, times=None, alpha=0.05) -> TrendResult:
    """Mann–Kendall trend test and Theil–Sen slope.

    Mann–Kendall is Kendall's tau between time and value (:func:`scipy.stats.kendalltau`,
    tie-corrected); the slope is the median of pairwise slopes with its ``1 − alpha`` interval
    (:func:`scipy.stats.theilslopes`; Sen 1968, JASA 63, 1379–1389). ``times`` default to
    0, 1, 2, ... (periods in order).

    When every time is equal there is no time axis to test against (tau and the slope are
    undefined): the result has NaN statistics and direction ``"tidak dapat dihitung"``, as it
    has whenever Kendall's p-value is not a number.
    """
    y = np.asarray(values, dtype=float)
    x = np.arange(y.size, dtype=float) if times is None else np.asarray(times, dtype=float)
    if y.ndim != 1 or x.shape != y.shape:
        raise ValueError("values and times must be 1-d arrays of the same length")
    keep = np.isfinite(y) & np.isfinite(x)
    x, y = x[keep], y[keep]
    if y.size < 3:
        raise ValueError("values must have at least 3 finite points")
    if not 0 < alpha < 1:
        raise ValueError("alpha must lie strictly between 0 and 1")
    nan = float("nan")
    if np.unique(x).size == 1:
        return TrendResult(nan, nan, nan, nan, nan, nan, UNDEFINED_TREND)
    if np.unique(y).size == 1:
        return TrendResult(0.0, 1.0, 0.0, float(y[0]), 0.0, 0.0, "tidak ada")
    tau, p = stats.kendalltau(x, y)
    if not (np.isfinite(tau) and np.isfinite(p)):
        return TrendResult(nan, nan, nan, nan, nan, nan, UNDEFINED_TREND)
    slope, intercept, low, high = stats.theilslopes(y, x, alpha=1 - alpha)
    direction = "tidak ada" if p >= alpha else ("naik" if tau > 0 else "turun")
    return TrendResult(
        float(tau), float(p), float(slope), float(intercept), float(low), float(high), direction
    )
