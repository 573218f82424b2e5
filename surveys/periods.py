"""Reporting periods as the regulation's users name them: month, triwulan, semester, year, range.

``2026-10`` (month), ``2026-Q3`` (triwulan), ``2026-S2`` (semester), ``2026`` (year) and
``2026-01-15..2026-02-14`` (a custom range). Dates are the MPP's own local dates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from surveys.errors import InvalidSubmission

_PATTERNS = {
    "month": re.compile(r"^([0-9]{4})-([0-9]{2})$"),
    "quarter": re.compile(r"^([0-9]{4})-Q([1-4])$", re.IGNORECASE),
    "semester": re.compile(r"^([0-9]{4})-S([12])$", re.IGNORECASE),
    "year": re.compile(r"^([0-9]{4})$"),
    "range": re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})\.\.([0-9]{4}-[0-9]{2}-[0-9]{2})$"),
}
MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember")  # fmt: skip
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")  # fmt: skip


@dataclass(frozen=True)
class Period:
    kind: str  # month, quarter, semester, year, range
    start: dt.date  # first day, inclusive
    end: dt.date  # last day, inclusive

    @property
    def code(self) -> str:
        y = self.start.year
        if self.kind == "month":
            return f"{y}-{self.start.month:02d}"
        if self.kind == "quarter":
            return f"{y}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "semester":
            return f"{y}-S{1 if self.start.month == 1 else 2}"
        if self.kind == "year":
            return str(y)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def label(self, lang: str = "id") -> str:
        y = self.start.year
        if self.kind == "month":
            return f"{(MONTHS_ID if lang == 'id' else MONTHS_EN)[self.start.month - 1]} {y}"
        if self.kind == "quarter":
            n = (self.start.month - 1) // 3 + 1
            return f"Triwulan {'I II III IV'.split()[n - 1]} {y}" if lang == "id" else f"Q{n} {y}"
        if self.kind == "semester":
            n = 1 if self.start.month == 1 else 2
            return f"Semester {'I' if n == 1 else 'II'} {y}" if lang == "id" else f"H{n} {y}"
        if self.kind == "year":
            return f"Tahun {y}" if lang == "id" else str(y)
        return f"{self.start.strftime('%d-%m-%Y')} – {self.end.strftime('%d-%m-%Y')}"

    def partial_span(self, today: dt.date, lang: str = "id") -> str | None:
        """The days already passed of a period still running ("1–2 Desember"), else None."""
        if not self.start <= today < self.end:
            return None
        months = MONTHS_ID if lang == "id" else MONTHS_EN
        if self.start.month == today.month and self.start.year == today.year:
            return f"{self.start.day}–{today.day} {months[today.month - 1]} {today.year}"
        first = f"{self.start.day} {months[self.start.month - 1]}"
        return f"{first} – {today.day} {months[today.month - 1]} {today.year}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> list[dt.date]:
        """First days of the calendar months this period touches."""
        months, cursor = [], self.start.replace(day=1)
        while cursor <= self.end:
            months.append(cursor)
            cursor = _add_months(cursor, 1)
        return months

    def previous(self) -> Period:
        """The period of the same kind just before (a range: the same number of days)."""
        if self.kind == "range":
            end = self.start - dt.timedelta(days=1)
            return Period("range", end - dt.timedelta(days=self.days - 1), end)
        step = {"month": 1, "quarter": 3, "semester": 6, "year": 12}[self.kind]
        start = _add_months(self.start, -step)
        return Period(self.kind, start, self.start - dt.timedelta(days=1))


def parse_period(text: str) -> Period:
    """Parse a period code; raise InvalidSubmission naming `period` when it is not one."""
    text = (text or "").strip()
    for kind, pattern in _PATTERNS.items():
        match = pattern.match(text)
        if match:
            try:
                return _build(kind, match.groups())
            except ValueError:
                break
    raise InvalidSubmission(
        "Unknown period.",
        {"period": "use 2026-10, 2026-Q3, 2026-S2, 2026 or 2026-01-01..2026-01-31"},
    )


def _build(kind: str, groups: tuple[str, ...]) -> Period:
    if kind == "range":
        start, end = dt.date.fromisoformat(groups[0]), dt.date.fromisoformat(groups[1])
        if end < start or (end - start).days > 3660:
            raise ValueError("bad range")
        return Period("range", start, end)
    year = int(groups[0])
    if not 2000 <= year <= 2100:
        raise ValueError("year out of range")
    length = {"month": 1, "quarter": 3, "semester": 6, "year": 12}[kind]
    number = int(groups[1]) if kind != "year" else 1
    first_month = number if kind == "month" else length * (number - 1) + 1
    start = dt.date(year, first_month, 1)
    return Period(kind, start, _add_months(start, length) - dt.timedelta(days=1))


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def current_month(today: dt.date) -> Period:
    return parse_period(f"{today.year}-{today.month:02d}")


def last_complete_month(today: dt.date) -> Period:
    """The default period of every view: the last calendar month that has fully ended.

    The current month is partial (on the 1st it holds a few hours of answers); a manager or an
    evaluator asks for it explicitly.
    """
    return current_month(today).previous()


def default_year(today: dt.date) -> int:
    """The year of the last complete month: on 1 January, the year that has just ended."""
    return last_complete_month(today).start.year
