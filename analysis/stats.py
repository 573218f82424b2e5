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
    "DunnPair",
    "IkmIntervalResult",
    "TrendResult",
    "compare_groups",
    "cronbach_alpha",
    "dunn_holm",
    "holm",
    "ikm_interval",
    "importance_performance",
    "key_drivers",
    "respondent_scores",
    "trend",
]


@dataclass(frozen=True)
class IkmIntervalResult:
    """IKM (25–100, unrounded) with a bootstrap confidence interval."""

    ikm: float
    low: float
    high: float
    confidence: float
    n: int


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
    direction: str  # "naik", "turun" or "tidak ada" at the given significance level


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


def ikm_interval(
    scores, weights=None, confidence=0.95, n_resamples=9999, method="BCa", rng=None
) -> IkmIntervalResult:
    """Bootstrap confidence interval of the IKM (25–100, unrounded) over respondents.

    Respondents (rows) are resampled with :func:`scipy.stats.bootstrap` (``paired=True`` over
    the nine element columns, so a respondent's answers stay together); the statistic is
    ``25 · Σ_e w_e NRR_e`` with missing answers (0/NaN) left out per element (DOMAIN 2.2),
    ``w`` exact 1/9 or validated custom ``weights``.
    Efron & Tibshirani (1993), *An Introduction to the Bootstrap*, ch. 14 (BCa).
    """
    w = element_weights(weights)
    s = respondent_matrix(scores)
    if s.shape[0] < 2:
        raise ValueError("scores must have at least 2 respondents")
    if not np.all((s > 0).any(axis=0)):
        raise ValueError("scores: every element needs at least one answer")
    if not 0 < confidence < 1:
        raise ValueError("confidence must lie strictly between 0 and 1")
    statistic = _ikm_statistic(w)
    point = float(statistic(*s.T.astype(float)))
    # Identical answers per element: every resample gives the same IKM.
    if all(np.unique(col[col > 0]).size == 1 for col in s.T):
        return IkmIntervalResult(point, point, point, confidence, s.shape[0])
    res = stats.bootstrap(
        tuple(s.T.astype(float)),
        statistic,
        paired=True,
        vectorized=True,
        confidence_level=confidence,
        n_resamples=n_resamples,
        method=method,
        rng=np.random.default_rng(rng),
    )
    ci = res.confidence_interval
    return IkmIntervalResult(point, float(ci.low), float(ci.high), confidence, s.shape[0])


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
    if np.unique(y).size == 1:
        return TrendResult(0.0, 1.0, 0.0, float(y[0]), 0.0, 0.0, "tidak ada")
    tau, p = stats.kendalltau(x, y)
    slope, intercept, low, high = stats.theilslopes(y, x, alpha=1 - alpha)
    direction = "tidak ada" if p >= alpha else ("naik" if tau > 0 else "turun")
    return TrendResult(
        float(tau), float(p), float(slope), float(intercept), float(low), float(high), direction
    )
