"""MPP Digital readiness index — a *derived* index of this product, not an official one.

The ministry named 11 MPP Digital criteria (soft launch 20 June 2023, DOMAIN 4) but published no
scoring method. Here each criterion is scored on the SPBE maturity ladder 1–5 (PermenPANRB
59/2020) and the weighted mean is labelled with the SPBE index labels. Thresholds 2.6 and 3.5
are confirmed from the SPBE rule; 4.2 and 1.8 come from secondary sources.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from .readiness_rubric import RUBRIC
from .skm import round2


@dataclass(frozen=True)
class Criterion:
    """One MPP Digital criterion: code, names in Indonesian and English."""

    code: str
    name_id: str
    name_en: str


CRITERIA = (
    Criterion("informasi_umum", "Informasi umum", "Public information"),
    Criterion("antrian", "Antrian", "Online queue"),
    Criterion("konsultasi_pengaduan", "Konsultasi dan pengaduan", "Consultation and complaints"),
    Criterion("survei_kepuasan", "Survei kepuasan masyarakat", "Satisfaction survey"),
    Criterion("pelaporan_kinerja", "Pelaporan kinerja", "Performance reporting"),
    Criterion(
        "pemrosesan_dokumen",
        "Pemrosesan dan penelusuran dokumen",
        "Document processing and tracking",
    ),
    Criterion("komitmen", "Komitmen", "Commitment"),
    Criterion("platform", "Platform", "Platform"),
    Criterion("berkelanjutan", "Berkelanjutan", "Sustainability"),
    Criterion("keamanan", "Keamanan", "Security"),
    Criterion("uji_coba_pengguna", "Uji coba pengguna", "User testing"),
)
CRITERION_CODES = tuple(c.code for c in CRITERIA)

LEVELS = {
    1: ("Rintisan", "Initial"),
    2: ("Terkelola", "Managed"),
    3: ("Terstandarisasi", "Defined"),
    4: ("Terpadu dan Terukur", "Integrated and measured"),
    5: ("Optimum", "Optimised"),
}

# (lower bound, label id, label en), best first (SPBE index labels).
LABELS = (
    (4.2, "Memuaskan", "Excellent"),
    (3.5, "Sangat Baik", "Very good"),
    (2.6, "Baik", "Good"),
    (1.8, "Cukup", "Fair"),
    (0.0, "Kurang", "Poor"),
)

DERIVED_NOTE = {
    "id": "Indeks turunan produk ini (11 kriteria MPP Digital, skala SPBE), bukan indeks resmi.",
    "en": "Derived index of this product (11 MPP Digital criteria, SPBE scale), not official.",
}


@dataclass(frozen=True)
class ReadinessResult:
    """Readiness index (1–5), its label and each criterion's weighted contribution."""

    index: float
    label: str
    label_en: str
    scores: dict[str, int]
    weights: dict[str, float]
    contribution: dict[str, float]
    derived: bool = True


def readiness_label(index: float) -> tuple[str, str]:
    """(Indonesian, English) label of a readiness index 1–5.

    The index is first rounded to 2 decimals, half away from zero with the 1e-9 tolerance of
    :func:`analysis.skm.round2` (as the IKM is before it is classified), so that an index that
    is exactly on a threshold in decimal arithmetic (0.1·4 + 0.2·5 + 0.7·3 = 3.5) is not put in
    the lower band because binary floating point stores it as 3.4999999999999996.
    """
    x = float(index)
    if not np.isfinite(x) or not 1.0 <= round2(x) <= 5.0:
        raise ValueError(f"index must be a number in 1..5, got {index!r}")
    x = round2(x)
    for bound, label_id, label_en in LABELS:
        if x >= bound:
            return label_id, label_en
    raise AssertionError("unreachable")


def readiness_index(
    scores: Mapping[str, int], weights: Mapping[str, float] | None = None
) -> ReadinessResult:
    """Weighted mean of the 11 criterion levels: ``I = Σ_c w_c · level_c`` (Σ w = 1).

    Parameters
    ----------
    scores : mapping code -> int 1..5
        Level of every criterion in :data:`CRITERION_CODES`.
    weights : mapping code -> weight, optional
        Default equal weights 1/11; custom weights must cover known codes and sum to 1.
    """
    missing = [c for c in CRITERION_CODES if c not in scores]
    unknown = sorted(set(scores) - set(CRITERION_CODES))
    if missing or unknown:
        raise ValueError(f"scores: missing criteria {missing}, unknown {unknown}")
    levels = {}
    for c in CRITERION_CODES:
        v = scores[c]
        if isinstance(v, bool) or int(v) != v or not 1 <= v <= 5:
            raise ValueError(f"scores[{c!r}] must be an integer level 1..5, got {v!r}")
        levels[c] = int(v)
    if weights is None:
        w = dict.fromkeys(CRITERION_CODES, 1.0 / len(CRITERION_CODES))
    else:
        bad = sorted(set(weights) - set(CRITERION_CODES))
        if bad:
            raise ValueError(f"weights: unknown criteria {bad}")
        w = {c: float(weights.get(c, 0.0)) for c in CRITERION_CODES}
        if any(v < 0 for v in w.values()) or abs(sum(w.values()) - 1.0) > 1e-9:
            raise ValueError("weights must be non-negative and sum to 1")
    contribution = {c: w[c] * levels[c] for c in CRITERION_CODES}
    index = float(sum(contribution.values()))
    label_id, label_en = readiness_label(min(5.0, max(1.0, index)))
    return ReadinessResult(index, label_id, label_en, levels, w, contribution)


def rubric(code: str, level: int, lang: str = "id") -> str:
    """Written guide for ``level`` (1..5) of criterion ``code`` in ``lang`` ("id" or "en")."""
    if code not in RUBRIC:
        raise ValueError(f"code must be one of {CRITERION_CODES}, got {code!r}")
    if level not in LEVELS:
        raise ValueError(f"level must be 1..5, got {level!r}")
    if lang not in ("id", "en"):
        raise ValueError(f"lang must be 'id' or 'en', got {lang!r}")
    return RUBRIC[code][level][0 if lang == "id" else 1]
