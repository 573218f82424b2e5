"""Key drivers (Spearman) and importance–performance analysis (Martilla & James, 1977)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from .skm import ELEMENT_CODES, ikm, respondent_matrix

QUADRANTS = ("concentrate here", "keep up the good work", "low priority", "possible overkill")
QUADRANT_LABELS = {
    "id": {
        "concentrate here": "Prioritas utama",
        "keep up the good work": "Pertahankan prestasi",
        "low priority": "Prioritas rendah",
        "possible overkill": "Berlebihan",
    },
    "en": {q: q.capitalize() for q in QUADRANTS},
}


@dataclass(frozen=True)
class KeyDriversResult:
    """Spearman rho (and p) of each element with overall satisfaction, in element order."""

    codes: tuple[str, ...]
    rho: np.ndarray
    p: np.ndarray
    n: np.ndarray

    def ranked(self) -> list[tuple[str, float]]:
        """(code, rho) pairs, strongest driver first (NaN last)."""
        order = np.argsort(-np.nan_to_num(self.rho, nan=-np.inf), kind="stable")
        return [(self.codes[i], float(self.rho[i])) for i in order]


@dataclass(frozen=True)
class IpaResult:
    """Importance–performance grid: one point and quadrant per element."""

    codes: tuple[str, ...]
    importance: np.ndarray
    performance: np.ndarray
    importance_mean: float
    performance_mean: float
    quadrant: tuple[str, ...]  # "" where importance or performance is undefined
    source: str  # "stated" or "derived"

    @property
    def undefined(self) -> tuple[str, ...]:
        """Codes of the elements left off the grid (importance or performance undefined)."""
        return tuple(c for c, q in zip(self.codes, self.quadrant, strict=True) if not q)


def key_drivers(scores, overall=None) -> KeyDriversResult:
    """Spearman correlation of each element with overall satisfaction.

    ``overall`` is a per-respondent overall rating when the survey asks one; otherwise each
    element is correlated with the mean of the *other* answered elements, so that an element is
    not correlated with a total that contains it (part–whole inflation). Pairs with a missing
    value are dropped. Spearman (1904); :func:`scipy.stats.spearmanr`.
    """
    s = respondent_matrix(scores).astype(float)
    s[s == 0] = np.nan
    if overall is not None:
        y_all = np.asarray(overall, dtype=float)
        if y_all.shape != (s.shape[0],):
            raise ValueError(f"overall must have shape ({s.shape[0]},), got {y_all.shape}")
    rho, p, n = np.full(9, np.nan), np.full(9, np.nan), np.zeros(9, dtype=int)
    for j in range(9):
        if overall is None:
            rest = np.delete(s, j, axis=1)
            answered = np.sum(np.isfinite(rest), axis=1)
            y = np.divide(
                np.nansum(rest, axis=1), answered, out=np.full(len(s), np.nan), where=answered > 0
            )
        else:
            y = y_all
        keep = np.isfinite(s[:, j]) & np.isfinite(y)
        n[j] = keep.sum()
        if n[j] >= 3 and np.ptp(s[keep, j]) > 0 and np.ptp(y[keep]) > 0:
            r = stats.spearmanr(s[keep, j], y[keep])
            rho[j], p[j] = r.statistic, r.pvalue
    return KeyDriversResult(ELEMENT_CODES, rho, p, n)


def importance_performance(scores, importance=None) -> IpaResult:
    """Importance–performance quadrants (Martilla & James 1977, J. Marketing 41(1), 77–79).

    Performance is the NRR of each element. Importance is *stated* when ``importance`` is given
    (an (n, 9) matrix of importance answers 1–4, 0/NaN missing, averaged per element, or nine
    per-element values), otherwise *derived*: the Spearman rho of :func:`key_drivers`.
    Crosshairs are at the means of the two axes; a point on a crosshair counts as high.

    An element whose importance is undefined — derived importance of an element every
    respondent scored the same (e.g. ``biaya`` = 4 "Gratis" for a free service: a constant has
    no rank correlation), or no answers at all — is reported with NaN importance and quadrant
    ``""`` (see :attr:`IpaResult.undefined`); the crosshairs are the means over the other
    elements, which are analysed as usual. At least two elements must be defined.

    Quadrants: high importance & low performance "concentrate here"; high & high "keep up the
    good work"; low & low "low priority"; low importance & high performance "possible overkill".
    """
    perf = ikm(scores).nrr
    if importance is None:
        imp, source = key_drivers(scores).rho, "derived"
    else:
        arr = np.asarray(importance, dtype=float)
        if arr.shape == (9,):
            imp = arr
        elif arr.ndim == 2 and arr.shape[1] == 9:
            imp = ikm(arr).nrr
        else:
            raise ValueError(f"importance must have shape (9,) or (n, 9), got {arr.shape}")
        source = "stated"
    defined = np.isfinite(imp) & np.isfinite(perf)
    if defined.sum() < 2:
        raise ValueError("importance and performance must be defined for at least 2 elements")
    im, pm = float(imp[defined].mean()), float(perf[defined].mean())
    quadrant = tuple(
        ""
        if not ok
        else (QUADRANTS[1] if p >= pm else QUADRANTS[0])
        if i >= im
        else (QUADRANTS[3] if p >= pm else QUADRANTS[2])
        for i, p, ok in zip(imp, perf, defined, strict=True)
    )
    return IpaResult(ELEMENT_CODES, imp, perf, im, pm, quadrant, source)
