"""Official SKM satisfaction index (IKM), PermenPANRB No. 14 Tahun 2017.

Everything here works on *counts*: the number of answers per element × score (1..4). A counts
array of shape ``(..., 9, 4)`` is all that is needed to compute the index exactly, it adds up
across groups, and it is what the web rollups store. :func:`ikm` and :func:`grouped_ikm` build
counts from respondent matrices and call :func:`ikm_from_counts`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .counts import N_ELEMENTS, grouped_counts, respondent_matrix
from .sample import krejcie_morgan, sample_adequacy

__all__ = [
    "ELEMENT_CODES",
    "ELEMENT_NAMES",
    "Grade",
    "IkmResult",
    "classify",
    "element_weights",
    "grouped_counts",
    "grouped_ikm",
    "ikm",
    "ikm_from_counts",
    "krejcie_morgan",
    "respondent_matrix",
    "round2",
    "sample_adequacy",
]

ELEMENT_CODES = (
    "persyaratan",
    "prosedur",
    "waktu",
    "biaya",
    "produk",
    "kompetensi",
    "perilaku",
    "sarana",
    "pengaduan",
)
ELEMENT_NAMES = {
    "id": dict(
        zip(
            ELEMENT_CODES,
            (
                "Persyaratan",
                "Prosedur",
                "Waktu penyelesaian",
                "Biaya/tarif",
                "Produk layanan",
                "Kompetensi pelaksana",
                "Perilaku pelaksana",
                "Sarana prasarana",
                "Penanganan pengaduan",
            ),
            strict=True,
        )
    ),
    "en": dict(
        zip(
            ELEMENT_CODES,
            (
                "Requirements",
                "Procedure",
                "Completion time",
                "Cost/fee",
                "Service product",
                "Staff competence",
                "Staff conduct",
                "Facilities",
                "Complaint handling",
            ),
            strict=True,
        )
    ),
}
SCORES = np.arange(1, 5)

# Lower bounds of the rounded 25–100 value (DOMAIN 2.3), best first.
GRADE_BOUNDS = ((88.31, "A", "Sangat baik"), (76.61, "B", "Baik"), (65.00, "C", "Kurang baik"))
GRADE_D = ("D", "Tidak baik")


@dataclass(frozen=True)
class Grade:
    """Service quality (``mutu`` A..D) and unit performance label (``kinerja``)."""

    mutu: str
    kinerja: str


@dataclass(frozen=True, eq=False)
class IkmResult:
    """IKM per leading index of the counts array.

    Attributes
    ----------
    n_answers : ndarray of int, shape (..., 9)
        Answers given per element.
    nrr : ndarray of float, shape (..., 9)
        Mean score per element over the answers given (NaN where none).
    ikm_1_4 : ndarray of float, shape (...)
        Weighted mean of the NRR, full precision (NaN if an element of positive weight has
        no answers; an element weighted 0 takes no part, answered or not).
    ikm : ndarray of float, shape (...)
        ``25 * ikm_1_4`` rounded to 2 decimals (half away from zero).
    mutu, kinerja : ndarray of str, shape (...)
        Classification of ``ikm``; ``""`` where the index is undefined.
    """

    n_answers: np.ndarray
    nrr: np.ndarray
    ikm_1_4: np.ndarray
    ikm: np.ndarray
    mutu: np.ndarray
    kinerja: np.ndarray

    @property
    def grade(self) -> Grade:
        """The :class:`Grade` of a single (0-d) result."""
        if self.ikm.ndim != 0:
            raise ValueError("grade: result has several groups; index mutu/kinerja instead")
        return Grade(str(self.mutu), str(self.kinerja))

    def nrr_by_code(self) -> dict[str, float]:
        """NRR of a single (0-d) result keyed by element code."""
        if self.nrr.ndim != 1:
            raise ValueError("nrr_by_code: result has several groups")
        return {code: float(v) for code, v in zip(ELEMENT_CODES, self.nrr, strict=True)}


def round2(value):
    """Round to 2 decimals, half away from zero, as the ministry's spreadsheets do.

    A tolerance of 1e-9 absorbs binary floating-point error, so that a value that is exactly
    ``x.xx5`` in decimal arithmetic (e.g. 91.475) is not rounded down because it is stored as
    91.47499999999999.
    """
    v = np.asarray(value, dtype=float)
    out = np.sign(v) * np.floor(np.abs(v) * 100.0 + 0.5 + 1e-9) / 100.0
    return out if out.ndim else float(out)


def classify(ikm_25_100: float) -> Grade:
    """Classify an IKM on the 25–100 scale (DOMAIN 2.3).

    The value is rounded to 2 decimals first; then A ≥ 88.31, B ≥ 76.61, C ≥ 65.00, else D.
    Source: PermenPANRB 14/2017, Lampiran, table "Nilai Persepsi, Interval IKM, ...".
    """
    x = float(ikm_25_100)
    if not math.isfinite(x) or not 25.0 <= round2(x) <= 100.0:
        raise ValueError(f"ikm_25_100 must be a number in 25..100, got {ikm_25_100!r}")
    x = round2(x)
    for bound, mutu, kinerja in GRADE_BOUNDS:
        if x >= bound:
            return Grade(mutu, kinerja)
    return Grade(*GRADE_D)


def element_weights(weights: Mapping[str, float] | None = None) -> np.ndarray | None:
    """Validate custom weights and return them in :data:`ELEMENT_CODES` order.

    ``None`` means the regulation's exact equal weights (1/9 each) and is returned as ``None``
    so that callers take an exact arithmetic mean. Custom weights must name only known codes,
    be non-negative and sum to 1 within 1e-9; elements not named get weight 0.
    """
    if weights is None:
        return None
    if not isinstance(weights, Mapping):
        raise ValueError("weights must be a mapping of element code to weight")
    unknown = sorted(set(weights) - set(ELEMENT_CODES))
    if unknown:
        raise ValueError(f"weights: unknown element code(s) {unknown}")
    w = np.array([float(weights.get(c, 0.0)) for c in ELEMENT_CODES])
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError("weights must be finite and non-negative")
    if abs(w.sum() - 1.0) > 1e-9:
        raise ValueError(f"weights must sum to 1 (got {w.sum():.12g})")
    return w


def weighted_nrr(nrr, w: np.ndarray) -> np.ndarray:
    """``Σ_e w_e · NRR_e`` over the elements with ``w_e > 0`` (last axis of ``nrr``).

    An element of weight 0 takes no part: its NRR may be NaN (nobody answered it) without
    making the sum NaN, whereas ``0 · NaN`` would be NaN in IEEE 754 arithmetic.
    """
    used = np.asarray(w) > 0
    return np.asarray(nrr)[..., used] @ np.asarray(w)[used]


def _grades(ikm_rounded: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mutu = np.full(ikm_rounded.shape, "", dtype="<U1")
    kinerja = np.full(ikm_rounded.shape, "", dtype="<U11")
    remaining = np.isfinite(ikm_rounded)
    for bound, m, k in GRADE_BOUNDS:
        hit = remaining & (ikm_rounded >= bound)
        mutu[hit], kinerja[hit] = m, k
        remaining &= ~hit
    mutu[remaining], kinerja[remaining] = GRADE_D
    return mutu, kinerja


def ikm_from_counts(counts, weights: Mapping[str, float] | None = None) -> IkmResult:
    """IKM from answer counts per element × score.

    Parameters
    ----------
    counts : array_like of int, shape (..., 9, 4)
        ``counts[..., e, s-1]`` = number of answers with score ``s`` to element ``e``
        (elements in :data:`ELEMENT_CODES` order).
    weights : mapping of code to weight, optional
        Custom weights (see :func:`element_weights`); default exact 1/9.

    Notes
    -----
    PermenPANRB 14/2017 (DOMAIN 2.2)::

        NRR_e   = Σ_s s·c[e, s] / Σ_s c[e, s]          (answers given to e only)
        IKM_1-4 = Σ_e w_e · NRR_e,  w_e = 1/9
        IKM     = round(25 · IKM_1-4, 2)              (then classified)

    With custom weights the sum runs over the elements with ``w_e > 0`` only, so an element
    weighted 0 that nobody answered (NRR undefined) does not make the index undefined.
    """
    c = np.asarray(counts)
    if c.ndim < 2 or c.shape[-2:] != (N_ELEMENTS, 4):
        raise ValueError(f"counts must have shape (..., 9, 4), got {c.shape}")
    if not np.issubdtype(c.dtype, np.integer) or (c.size and c.min() < 0):
        raise ValueError("counts must be non-negative integers")
    w = element_weights(weights)
    n = c.sum(axis=-1)
    sums = c @ SCORES
    nrr = np.divide(sums, n, out=np.full(n.shape, np.nan), where=n > 0)
    ikm14 = nrr.mean(axis=-1) if w is None else weighted_nrr(nrr, w)
    ikm = np.asarray(round2(25.0 * ikm14))
    mutu, kinerja = _grades(ikm)
    return IkmResult(n, nrr, np.asarray(ikm14), ikm, mutu, kinerja)


def grouped_ikm(group_codes, scores, n_groups: int, weights=None) -> IkmResult:
    """IKM per group: :func:`ikm_from_counts` of :func:`grouped_counts`."""
    return ikm_from_counts(grouped_counts(group_codes, scores, n_groups), weights)


def ikm(scores, weights: Mapping[str, float] | None = None) -> IkmResult:
    """IKM of one respondent matrix ``scores`` (n, 9); 0 or NaN = not answered.

    See :func:`ikm_from_counts` for the formula. The result is 0-d (``result.grade`` works).
    """
    s = respondent_matrix(scores)
    counts = grouped_counts(np.zeros(s.shape[0], dtype=np.int64), s, 1)[0]
    return ikm_from_counts(counts, weights)
