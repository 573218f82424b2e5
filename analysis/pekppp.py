"""PEKPPP unit evaluation (PermenPANRB 29/2022, amended by 4/2023): aspects and predicates."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from .skm import round2

# Aspect weights of the 0–5 index (DOMAIN 3).
ASPECTS = {
    "kebijakan": ("Kebijakan Pelayanan", 0.24),
    "sdm": ("Profesionalisme SDM", 0.25),
    "sarpras": ("Sarana Prasarana", 0.18),
    "sipp": ("Sistem Informasi Pelayanan Publik", 0.11),
    "pengaduan": ("Konsultasi dan Pengaduan", 0.10),
    "inovasi": ("Inovasi", 0.12),
}

# (lower bound of the rounded index, category, predicate), best first. DOMAIN 3.
PREDICATES = (
    (4.51, "A", "Pelayanan Prima"),
    (4.01, "A-", "Sangat Baik"),
    (3.51, "B", "Baik"),
    (3.01, "B-", "Baik (Dengan Catatan)"),
    (2.51, "C", "Cukup"),
    (2.01, "C-", "Cukup (Dengan Catatan)"),
    (1.51, "D", "Buruk"),
    (1.01, "E", "Sangat Buruk"),
    (0.00, "F", "Gagal"),
)


@dataclass(frozen=True)
class Predicate:
    """PEKPPP category (A … F) and predicate of a rounded index."""

    index: float
    category: str
    predicate: str


def pekppp_predicate(index: float) -> Predicate:
    """Category and predicate of a PEKPPP index (0–5), rounded to 2 decimals first.

    Source: PermenPANRB 29/2022 as amended by 4/2023, predicate table (DOMAIN 3), e.g.
    4.505 → 4.51 → "A Pelayanan Prima"; 4.50 → "A- Sangat Baik"; 1.00 → "F Gagal".
    """
    x = float(index)
    if not math.isfinite(x) or not 0.0 <= round2(x) <= 5.0:
        raise ValueError(f"index must be a number in 0..5, got {index!r}")
    x = round2(x)
    for bound, category, predicate in PREDICATES:
        if x >= bound:
            return Predicate(x, category, predicate)
    raise AssertionError("unreachable: the last bound is 0")


def pekppp_index(aspect_scores: Mapping[str, float]) -> float:
    """Weighted PEKPPP index ``Σ w_a · score_a`` of six aspect scores on 0–5 (unrounded)."""
    missing = sorted(set(ASPECTS) - set(aspect_scores))
    unknown = sorted(set(aspect_scores) - set(ASPECTS))
    if missing or unknown:
        raise ValueError(f"aspect_scores: missing {missing}, unknown {unknown}")
    total = 0.0
    for code, (_, weight) in ASPECTS.items():
        v = float(aspect_scores[code])
        if not 0.0 <= v <= 5.0:
            raise ValueError(f"aspect_scores[{code!r}] must lie in 0..5, got {v}")
        total += weight * v
    return total
