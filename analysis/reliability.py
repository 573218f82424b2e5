"""Reliability of the instrument: Cronbach's alpha and item–total correlations."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class CronbachResult:
    """Cronbach's alpha, its confidence interval (Feldt) and corrected item–total r.

    ``item_total[j]`` is the Pearson correlation of item ``j`` with the sum of the *other*
    items (corrected item–total, "item–rest"); NaN where an item or rest-score is constant.
    """

    alpha: float
    ci: tuple[float, float]
    confidence: float
    n: int
    k: int
    item_total: np.ndarray


def cronbach_alpha(items, confidence: float = 0.95) -> CronbachResult:
    """Cronbach's alpha of an (n respondents, k items) matrix.

    Rows with a missing answer (0 or NaN) are dropped (listwise deletion).

    Notes
    -----
    Cronbach (1951), Psychometrika 16, 297–334::

        α = k/(k−1) · (1 − Σ_j s²_j / s²_T)        (sample variances, ddof = 1)

    Interval from Feldt (1965), Psychometrika 30, 357–370, with F on (n−1, (n−1)(k−1)) df::

        lo = 1 − (1−α) · F.isf((1−c)/2),   hi = 1 − (1−α) · F.isf((1+c)/2)
    """
    x = np.asarray(items, dtype=float)
    if x.ndim != 2 or x.shape[1] < 2:
        raise ValueError(f"items must be a 2-d array with at least 2 columns, got {x.shape}")
    if not 0 < confidence < 1:
        raise ValueError("confidence must lie strictly between 0 and 1")
    x = x[np.all(np.isfinite(x) & (x != 0), axis=1)]
    n, k = x.shape
    if n < 3:
        raise ValueError("items must have at least 3 complete rows")
    total = x.sum(axis=1)
    var_total = total.var(ddof=1)
    if var_total == 0:
        raise ValueError("items: total scores are all equal, alpha is undefined")
    alpha = k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / var_total)
    df1, df2 = n - 1, (n - 1) * (k - 1)
    lo = 1 - (1 - alpha) * stats.f.isf((1 - confidence) / 2, df1, df2)
    hi = 1 - (1 - alpha) * stats.f.isf((1 + confidence) / 2, df1, df2)
    return CronbachResult(
        float(alpha), (float(lo), float(hi)), confidence, n, k, _item_rest(x, total)
    )


def _item_rest(x: np.ndarray, total: np.ndarray) -> np.ndarray:
    out = np.full(x.shape[1], np.nan)
    for j in range(x.shape[1]):
        rest = total - x[:, j]
        if np.ptp(x[:, j]) > 0 and np.ptp(rest) > 0:
            out[j] = np.corrcoef(x[:, j], rest)[0, 1]
    return out
