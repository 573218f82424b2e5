"""The one way the product writes CSV and XLSX cells: text never runs as a formula.

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) as a formula, so a comment or a name typed as ``=HYPERLINK(...)`` would run in
whoever opens the download (OWASP "CSV injection"). :func:`safe_cell` writes such text with a
leading single quote, so it shows as the text it is; numbers, dates and booleans stay what they
are. It also strips control characters, which XLSX cannot hold (:func:`surveys.text.printable`).

    writer = SafeCsvWriter(out)            # csv.writer whose rows pass through safe_cell
    sheet.append(safe_row(values))         # openpyxl: the prefixed text is stored as a string
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence

from surveys.text import printable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value` as a CSV or XLSX cell can hold it; text that could start a formula is quoted."""
    if not isinstance(value, str):
        return value
    text = printable(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def safe_row(values: Iterable) -> list:
    return [safe_cell(value) for value in values]


def safe_columns(row: Sequence, indexes: Sequence[int]) -> Sequence:
    """`row` with only the cells at `indexes` made safe (the others are known not to be text)."""
    if not indexes:
        return row
    out = list(row)
    for i in indexes:
        out[i] = safe_cell(out[i])
    return out


class SafeCsvWriter:
    """A ``csv.writer`` (same arguments) whose every row goes through :func:`safe_row`."""

    def __init__(self, out, **kwargs) -> None:
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row: Iterable) -> None:
        self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable]) -> None:
        self._writer.writerows(safe_row(row) for row in rows)
