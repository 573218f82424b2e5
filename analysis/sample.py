"""Sample size (Krejcie & Morgan, 1970) and sample adequacy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CHI2 = 3.841
P = 0.5
D = 0.05


@dataclass(frozen=True)
class SampleAdequacyResult:
    """Respondents collected against the Krejcie–Morgan requirement."""

    population: int
    required: int
    collected: int
    adequate: bool
    shortfall: int
    message: str


def krejcie_morgan(population: int) -> int:
    """Required sample for a population of ``population`` service users.

    Notes
    -----
    Krejcie, R. V. & Morgan, D. W. (1970), *Determining sample size for research activities*,
    Educational and Psychological Measurement 30, 607–610::

        S = X²·N·P(1−P) / (d²(N−1) + X²·P(1−P)),   X² = 3.841, P = 0.5, d = 0.05

    rounded to the nearest whole number (every entry of the published table equals this).
    """
    if isinstance(population, bool) or not isinstance(population, int | np.integer):
        raise ValueError(f"population must be an integer, got {population!r}")
    n = int(population)
    if n < 1:
        raise ValueError(f"population must be at least 1, got {n}")
    pq = CHI2 * P * (1 - P)
    s = pq * n / (D * D * (n - 1) + pq)
    return min(n, int(np.floor(s + 0.5)))


def sample_adequacy(collected: int, population: int) -> SampleAdequacyResult:
    """Compare ``collected`` respondents with :func:`krejcie_morgan` of ``population``.

    A shortfall is reported ("sampel belum memenuhi"), never a reason to refuse the index.
    """
    if isinstance(collected, bool) or not isinstance(collected, int | np.integer):
        raise ValueError(f"collected must be an integer, got {collected!r}")
    if collected < 0:
        raise ValueError(f"collected must be non-negative, got {collected}")
    required = krejcie_morgan(population)
    short = max(0, required - int(collected))
    msg = "sampel memenuhi" if short == 0 else f"sampel belum memenuhi (kurang {short})"
    return SampleAdequacyResult(int(population), required, int(collected), short == 0, short, msg)
