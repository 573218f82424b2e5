"""The national table's sort order, as the URL names it (``?sort=ikm&dir=desc``).

The page sorts in the browser (static/js/national.js) by the same rule, so the table on screen
and its downloads list the MPPs in one order: numbers and text ascending or descending, blanks
last either way, text compared lower-cased by code point, ties in the table's own order.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.readiness import LABELS as READINESS_LABELS
from surveys.errors import InvalidSubmission
from surveys.national import NationalRow

READINESS_RANK = {label: bound for bound, label, _ in READINESS_LABELS}

# column key -> (kind, value of a row); the keys are the table's data-sort attributes
SORT_COLUMNS = {
    "name": ("text", lambda r: r.name),
    "province": ("text", lambda r: r.province),
    "regency": ("text", lambda r: r.regency),
    "opened_on": ("text", lambda r: r.opened_on.isoformat() if r.opened_on else ""),
    "responses": ("num", lambda r: r.responses),
    "ikm": ("num", lambda r: r.ikm),
    "mutu": ("text", lambda r: r.mutu or ""),
    "interval": ("num", lambda r: r.ikm_low),
    "effectiveness": ("num", lambda r: r.effectiveness),
    "dea_efficiency": ("num", lambda r: r.dea_efficiency),
    "readiness": ("num", lambda r: r.readiness),
    "readiness_label": ("num", lambda r: READINESS_RANK.get(r.readiness_label)),
}


@dataclass(frozen=True)
class NationalOrder:
    column: str | None = None
    descending: bool = False

    @classmethod
    def parse(cls, sort=None, direction=None) -> NationalOrder:
        if sort and sort not in SORT_COLUMNS:
            raise InvalidSubmission("Unknown sort.", {"sort": ", ".join(SORT_COLUMNS)})
        if direction and direction not in ("asc", "desc"):
            raise InvalidSubmission("Unknown sort.", {"dir": "asc or desc"})
        return cls(sort or None, direction == "desc")

    def apply(self, rows: list[NationalRow]) -> list[NationalRow]:
        """The rows in this order; blanks last whichever the direction."""
        if self.column is None:
            return list(rows)
        kind, value = SORT_COLUMNS[self.column]
        keyed = [(value(r), r) for r in rows]
        present = [(v.lower() if kind == "text" else v, r) for v, r in keyed if v not in (None, "")]
        blank = [r for v, r in keyed if v in (None, "")]
        present.sort(key=lambda item: item[0], reverse=self.descending)  # stable both ways
        return [r for _, r in present] + blank

    def args(self) -> dict:
        """The URL arguments for this order (none for the table's own)."""
        if self.column is None:
            return {}
        return {"sort": self.column, "dir": "desc" if self.descending else "asc"}
