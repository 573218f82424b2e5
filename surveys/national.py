"""The national table: every MPP of a year with IKM, effectiveness, DEA efficiency and readiness.

Reads the month rollup (one query grouped by MPP) and the monthly operational figures, so it
stays fast for ~300 MPPs; DEA (one linear programme per MPP) is cached by its data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from analysis.dea import dea
from analysis.effectiveness import Component, composite_index
from analysis.readiness import LABELS as READINESS_LABELS
from analysis.skm import ELEMENT_CODES, classify, ikm_from_counts, round2
from surveys.effectiveness_inputs import (
    MIN_RESPONSES,
    agency_count,
    component_inputs,
    current_components,
    has_enough_operations,
    operations_by_mpp,
    services_by_mpp,
)
from surveys.errors import InvalidSubmission
from surveys.models import Mpp, Province, Regency
from surveys.numerals import is_digits
from surveys.periods import default_year
from surveys.readiness import complaint_follow_up_by_mpp, readiness_by_mpp
from surveys.stats_queries import element_counts

GRADES = ("A", "B", "C", "D")
READINESS_LABEL_NAMES = tuple(label for _, label, _ in READINESS_LABELS)
Z95 = 1.959963984540054
PENGADUAN = ELEMENT_CODES.index("pengaduan")


@dataclass(frozen=True)
class NationalFilters:
    province: str | None = None
    grade: str | None = None
    readiness_label: str | None = None

    @classmethod
    def parse(cls, province=None, grade=None, readiness_label=None) -> NationalFilters:
        errors = {}
        if province and not (len(province) == 2 and is_digits(province)):
            errors["province"] = "a two-digit province code"
        if grade and grade not in GRADES:
            errors["grade"] = "one of A, B, C, D"
        if readiness_label and readiness_label not in READINESS_LABEL_NAMES:
            errors["readiness_label"] = f"one of {', '.join(READINESS_LABEL_NAMES)}"
        if errors:
            raise InvalidSubmission("Unknown filter.", errors)
        return cls(province or None, grade or None, readiness_label or None)

    def keep(self, row: NationalRow) -> bool:
        return (
            (self.province is None or row.province_code == self.province)
            and (self.grade is None or row.mutu == self.grade)
            and (self.readiness_label is None or row.readiness_label == self.readiness_label)
        )


def parse_year(text, today: dt.date) -> int:
    if text in (None, ""):
        return default_year(today)
    if not (isinstance(text, int) or is_digits(text)) or not 2000 <= int(text) <= 2100:
        raise InvalidSubmission("Unknown year.", {"year": "a year such as 2026"})
    return int(text)


@dataclass(frozen=True)
class NationalRow:
    mpp_id: int
    code: str
    name: str
    province_code: str
    province: str
    regency: str
    opened_on: dt.date | None
    is_demo: bool
    responses: int
    ikm: float | None = None
    mutu: str = ""
    ikm_low: float | None = None
    ikm_high: float | None = None
    effectiveness: float | None = None
    contributions: dict[str, float] = field(default_factory=dict)
    raw_components: dict[str, float] = field(default_factory=dict)
    follow_up_source: str = ""
    dea_efficiency: float | None = None
    dea_peers: dict[str, float] = field(default_factory=dict)  # peer code -> lambda
    readiness: float | None = None
    readiness_label: str | None = None

    @property
    def too_little_data(self) -> bool:
        """Not enough answers or operational figures: shown, marked, not ranked."""
        return self.effectiveness is None


@dataclass(frozen=True)
class NationalTable:
    year: int
    filters: NationalFilters
    rows: list[NationalRow]
    total_mpps: int
    medians: dict[str, float | None]
    components: tuple[Component, ...]
    provinces: list[tuple[str, str]]


def ikm_interval(counts: np.ndarray, confidence_z: float = Z95) -> tuple[float, float]:
    """Conservative normal-approximation interval of IKM (25–100) from answer counts (9, 4).

    IKM = 25 · (1/9) Σ_e NRR_e. The standard error of a sum of correlated means is at most the
    sum of their standard errors (equality when answers are perfectly correlated), so
    SE ≤ 25 · (1/9) Σ_e s_e / √n_e, with s_e the sample standard deviation of element e.
    """
    scores = np.arange(1, 5)
    n = counts.sum(axis=-1).astype(float)
    if np.any(n < 2):
        return (float("nan"), float("nan"))
    mean = counts @ scores / n
    var = (counts @ scores**2 - n * mean**2) / (n - 1)
    se = 25.0 * np.mean(np.sqrt(np.maximum(var, 0.0) / n))
    centre = 25.0 * mean.mean()
    return (float(round2(max(25.0, centre - confidence_z * se))),
            float(round2(min(100.0, centre + confidence_z * se))))  # fmt: skip


@lru_cache(maxsize=32)
def _dea_cached(x_bytes: bytes, y_bytes: bytes, shape: tuple[int, int, int], ids: tuple):
    n, m, s = shape
    x = np.frombuffer(x_bytes).reshape(n, m)
    y = np.frombuffer(y_bytes).reshape(n, s)
    return dea(x, y, ids=ids, rts="crs", orientation="input")


def _mpps(session: Session) -> list[Mpp]:
    query = (
        select(Mpp).join(Regency).join(Province).order_by(Province.code, Mpp.name)
        .options(contains_eager(Mpp.regency).contains_eager(Regency.province))
    )  # fmt: skip
    return list(session.scalars(query))


def national_table(
    session: Session, year: int, filters: NationalFilters = NationalFilters(), mpp_ids=None,
    min_responses: int = MIN_RESPONSES,
) -> NationalTable:  # fmt: skip
    """Every MPP of the year (or only ``mpp_ids``), scored against all MPPs of the year."""
    rows = all_rows(session, year, min_responses)
    medians = medians_of(rows)
    visible = [r for r in rows if (mpp_ids is None or r.mpp_id in mpp_ids) and filters.keep(r)]
    provinces = sorted({(r.province_code, r.province) for r in rows})
    return NationalTable(year, filters, visible, len(rows), medians,
                         current_components(session), provinces)  # fmt: skip


def all_rows(session: Session, year: int, min_responses: int = MIN_RESPONSES) -> list[NationalRow]:
    """Every MPP's row; below ``min_responses`` answers in the year it is not scored."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    mpps = _mpps(session)
    grouped = element_counts(session, date_from=start, date_to=end, group_by=("mpp_id",))
    counts = {key[0]: (grouped.counts[i], int(grouped.respondents[i]))
              for i, key in enumerate(grouped.keys)}  # fmt: skip
    ops = operations_by_mpp(session, start, end)
    readiness = readiness_by_mpp(session, year)
    base = {m.id: _base_row(m, counts.get(m.id), readiness.get(m.id), min_responses) for m in mpps}
    scored = [m.id for m in mpps
              if base[m.id]["ikm"] is not None and base[m.id]["responses"] >= min_responses
              and has_enough_operations(ops.get(m.id))]  # fmt: skip
    _add_effectiveness(session, base, scored, counts, ops, start, end)
    _add_dea(session, base, scored, ops, {m.id: m.code for m in mpps})
    return [NationalRow(**base[m.id]) for m in mpps]


def _base_row(mpp: Mpp, counts, readiness, min_responses: int = MIN_RESPONSES) -> dict:
    row = dict(mpp_id=mpp.id, code=mpp.code, name=mpp.name,
               province_code=mpp.regency.province_code, province=mpp.regency.province.name,
               regency=mpp.regency.name, opened_on=mpp.opened_on, is_demo=mpp.is_demo,
               responses=counts[1] if counts else 0, ikm=None)  # fmt: skip
    if counts is not None and counts[0].sum(axis=-1).min() > 0:
        result = ikm_from_counts(counts[0])
        row["ikm"], row["ikm_low"], row["ikm_high"] = float(result.ikm), *ikm_interval(counts[0])
        if counts[1] >= min_responses:  # below it: the count and interval, no grade
            row["mutu"] = str(result.mutu)
        row["_nrr_pengaduan"] = float(result.nrr[PENGADUAN])
    if readiness is not None:
        row["readiness"], row["readiness_label"] = round(readiness.index, 2), readiness.label
    return row


def _add_effectiveness(session, base, scored, counts, ops, start, end) -> None:
    n_agencies = agency_count(session)
    follow = complaint_follow_up_by_mpp(session, start, end, scored)
    inputs = {mpp_id: component_inputs(session, mpp_id, base[mpp_id]["ikm"],
                                       base[mpp_id]["responses"],
                                       base[mpp_id]["_nrr_pengaduan"], ops[mpp_id],
                                       follow.get(mpp_id), n_agencies)
              for mpp_id in scored}  # fmt: skip
    for row in base.values():
        row.pop("_nrr_pengaduan", None)
    if not scored:
        return
    components = current_components(session)
    values = {c.code: [inputs[i].values[c.code] for i in scored] for c in components}
    result = composite_index(values, components)
    for k, mpp_id in enumerate(scored):
        row = base[mpp_id]
        row["effectiveness"] = float(round2(result.index[k]))
        row["contributions"] = {c: float(result.contribution[c][k]) for c in result.contribution}
        row["raw_components"] = dict(inputs[mpp_id].values)
        row["follow_up_source"] = inputs[mpp_id].follow_up_source


def _add_dea(session, base, scored, ops, codes) -> None:
    if len(scored) < 2:
        return
    services = services_by_mpp(session)
    x = np.array([[ops[i].counters, ops[i].staff, ops[i].hours] for i in scored], dtype=float)
    y = np.array([[ops[i].transactions, base[i]["ikm"], max(1, services.get(i, 0))]
                  for i in scored], dtype=float)  # fmt: skip
    ids = tuple(codes[i] for i in scored)
    result = _dea_cached(x.tobytes(), y.tobytes(), (len(scored), 3, 3), ids)
    for k, mpp_id in enumerate(scored):
        base[mpp_id]["dea_efficiency"] = round(float(result.efficiency[k]), 4)
        base[mpp_id]["dea_peers"] = {p: round(v, 4) for p, v in result.peers[k].items()
                                     if p != codes[mpp_id]}  # fmt: skip


def medians_of(rows: list[NationalRow]) -> dict[str, float | None]:
    out = {}
    for name in ("ikm", "effectiveness", "dea_efficiency", "readiness"):
        values = [getattr(r, name) for r in rows if getattr(r, name) is not None]
        out[name] = float(np.median(values)) if values else None
    out["responses"] = float(np.median([r.responses for r in rows])) if rows else None
    return out


def median_contributions(rows: list[NationalRow]) -> dict[str, float]:
    """The national median MPP's components: the contributions of the MPP at the median
    effectiveness (the mean of the two middle ones for an even count), so that they add up to
    ``medians_of(rows)["effectiveness"]``, the median the table and the cards show. (The
    components' own medians do not add up to the median of their sums.)"""
    scored = sorted((r for r in rows if r.effectiveness is not None), key=lambda r: r.effectiveness)
    if not scored:
        return {}
    middle = scored[(len(scored) - 1) // 2 : len(scored) // 2 + 1]
    return {code: float(np.mean([r.contributions[code] for r in middle]))
            for code in middle[0].contributions}  # fmt: skip


def median_grade(medians: dict) -> str:
    return classify(medians["ikm"]).mutu if medians.get("ikm") else ""


EXPORT_COLUMNS = ("mpp_code", "mpp_name", "province", "regency", "opened_on", "responses", "ikm",
                  "ikm_low", "ikm_high", "mutu", "effectiveness", "dea_efficiency", "dea_peers",
                  "readiness", "readiness_label", "too_little_data")  # fmt: skip


def export_records(table: NationalTable, peer_names: bool = True) -> list[dict]:
    """The rows on screen as plain records (dot decimals, ISO dates): CSV, XLSX, JSON, CLI.

    Without `peer_names` (a manager's view) ``dea_peers`` is how many peers there are, never
    which: another MPP's identity is not a manager's to read.
    """
    return [
        {
            "mpp_code": r.code,
            "mpp_name": r.name,
            "province": r.province,
            "regency": r.regency,
            "opened_on": r.opened_on.isoformat() if r.opened_on else None,
            "responses": r.responses,
            "ikm": r.ikm,
            "ikm_low": r.ikm_low,
            "ikm_high": r.ikm_high,
            "mutu": r.mutu or None,
            "effectiveness": r.effectiveness,
            "dea_efficiency": r.dea_efficiency,
            "dea_peers": _peers(r, peer_names),
            "readiness": r.readiness,
            "readiness_label": r.readiness_label,
            "too_little_data": r.too_little_data,
        }  # fmt: skip
        for r in table.rows
    ]


def _peers(row: NationalRow, names: bool) -> str | int | None:
    if row.dea_efficiency is None:
        return None
    return (" ".join(sorted(row.dea_peers)) or None) if names else len(row.dea_peers)
