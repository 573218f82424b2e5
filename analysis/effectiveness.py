"""Composite effectiveness index: this product's own, transparent model (DOMAIN 5).

The ministry's MPP monitoring indicators (Pedoman Menteri PANRB 5/2022) are not public, so this
index is *not* an official score. Each component is normalised to 0–1 (1 = best), multiplied by
its stated weight, and the weighted sum is reported on 0–100 together with every component's
contribution, so an evaluator can see exactly where a score comes from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Component:
    """One input of the composite index.

    ``bounds`` are the fixed (worst-possible, best-possible) reference values used for min–max
    normalisation; ``None`` normalises against the units being compared (min and max observed).
    ``higher_is_better`` False reverses the scale (e.g. waiting time).
    """

    code: str
    name_id: str
    name_en: str
    weight: float
    higher_is_better: bool = True
    bounds: tuple[float, float] | None = None


DEFAULT_COMPONENTS = (
    Component(
        "kepuasan",
        "Kepuasan masyarakat (IKM)",
        "Public satisfaction (IKM)",
        0.30,
        bounds=(25.0, 100.0),
    ),
    Component("cakupan", "Cakupan layanan", "Service coverage", 0.15, bounds=(0.0, 1.0)),
    Component("throughput", "Transaksi per loket", "Transactions per counter", 0.15),
    Component("waktu_tunggu", "Waktu tunggu", "Waiting time", 0.15, higher_is_better=False),
    Component(
        "tindak_lanjut", "Tindak lanjut pengaduan", "Complaint follow-up", 0.15, bounds=(0.0, 1.0)
    ),
    Component(
        "kecukupan_sampel", "Kecukupan sampel SKM", "SKM sample adequacy", 0.10, bounds=(0.0, 1.0)
    ),
)


@dataclass(frozen=True, eq=False)
class CompositeResult:
    """Composite index per unit (0–100) and its decomposition.

    ``normalised[code]`` is in 0–1; ``contribution[code] = 100 · weight · normalised`` and the
    contributions of a unit add up to its ``index``.
    """

    index: np.ndarray
    normalised: dict[str, np.ndarray]
    contribution: dict[str, np.ndarray]
    weights: dict[str, float]


def _normalise(v: np.ndarray, comp: Component) -> np.ndarray:
    if comp.bounds is not None:
        lo, hi = comp.bounds
        if not lo < hi:
            raise ValueError(f"bounds of component {comp.code!r} must be (low, high), low < high")
    else:
        lo, hi = np.min(v), np.max(v)
        if hi == lo:  # every unit equal: none is worse, in either direction
            return np.ones_like(v)
    z = np.clip((v - lo) / (hi - lo), 0.0, 1.0)
    return z if comp.higher_is_better else 1.0 - z


def composite_index(values: Mapping[str, object], components=DEFAULT_COMPONENTS) -> CompositeResult:
    """Weighted sum of min–max normalised components.

    Parameters
    ----------
    values : mapping code -> array_like (n_units,)
        Raw value of each component per unit; every component code must be present.
    components : sequence of :class:`Component`
        Weights must be non-negative and sum to 1 (within 1e-9).

    Notes
    -----
    OECD/JRC, *Handbook on Constructing Composite Indicators* (2008), §5 (min–max) and §6
    (linear aggregation)::

        z_c = (x_c − lo_c) / (hi_c − lo_c)   (or 1 − that when lower is better), clipped to 0–1
        I   = 100 · Σ_c w_c z_c

    A component normalised against the units (``bounds=None``) on which every unit has the
    same value has ``hi = lo``: no unit is worse than another, so every unit gets
    ``z_c = 1`` (full points), whether higher or lower is better. (Min–max is undefined
    there; OECD/JRC 2008 leaves the choice to the builder, and it must not depend on the
    direction of the scale.)
    """
    comps = tuple(components)
    codes = [c.code for c in comps]
    if not comps or len(set(codes)) != len(codes):
        raise ValueError("components must be a non-empty sequence with distinct codes")
    w = np.array([c.weight for c in comps], dtype=float)
    if np.any(w < 0) or abs(w.sum() - 1.0) > 1e-9:
        raise ValueError(f"components: weights must be non-negative and sum to 1 (got {w.sum()})")
    missing = [c for c in codes if c not in values]
    unknown = sorted(set(values) - set(codes))
    if missing or unknown:
        raise ValueError(f"values: missing components {missing}, unknown {unknown}")
    arrays = {c: np.atleast_1d(np.asarray(values[c], dtype=float)) for c in codes}
    n = {a.shape for a in arrays.values()}
    if len(n) != 1 or len(next(iter(n))) != 1:
        raise ValueError("values must all be 1-d arrays of the same length")
    if not all(np.all(np.isfinite(a)) for a in arrays.values()):
        raise ValueError("values must be finite")
    normalised = {c.code: _normalise(arrays[c.code], c) for c in comps}
    contribution = {c.code: 100.0 * c.weight * normalised[c.code] for c in comps}
    index = np.sum(list(contribution.values()), axis=0)
    return CompositeResult(
        index, normalised, contribution, dict(zip(codes, w.tolist(), strict=True))
    )
