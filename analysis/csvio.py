"""Reading survey CSV files for the command line (csv module only).

Errors are :class:`CsvError` (a ValueError) with a one-line message naming the file, the line
and the column, so that the CLI can print it as is.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .skm import ELEMENT_CODES


class CsvError(ValueError):
    """A malformed input file."""


@dataclass(frozen=True)
class Table:
    """A CSV file as a header and rows of stripped strings."""

    path: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]  # line number of each row in the file, for error messages
    delimiter: str = ","

    def column(self, name: str) -> list[str]:
        if name not in self.header:
            raise CsvError(f"{self.path}: no column {name!r} (columns: {', '.join(self.header)})")
        j = self.header.index(name)
        return [row[j] for row in self.rows]


def read_table(path: str) -> Table:
    """Read a CSV with a header row; ``,``, ``;`` or tab delimited; UTF-8 (with or without BOM)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CsvError(f"{path}: file not found") from None
    except UnicodeDecodeError:
        raise CsvError(f"{path}: not a UTF-8 text file") from None
    except OSError as exc:
        raise CsvError(f"{path}: cannot read ({exc.strerror})") from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise CsvError(f"{path}: empty file or empty header row")
    try:
        dialect = csv.Sniffer().sniff(lines[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        records = list(csv.reader(lines, dialect))
    except csv.Error as exc:
        raise CsvError(f"{path}: not valid CSV ({exc})") from None
    header = tuple(h.strip() for h in records[0])
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise CsvError(f"{path}: duplicate column(s) {', '.join(dupes)}")
    rows, numbers = [], []
    for lineno, rec in enumerate(records[1:], start=2):
        if not any(v.strip() for v in rec):
            continue  # blank line
        if len(rec) != len(header):
            raise CsvError(f"{path}: line {lineno}: {len(rec)} fields, header has {len(header)}")
        rows.append(tuple(v.strip() for v in rec))
        numbers.append(lineno)
    return Table(str(path), header, tuple(rows), tuple(numbers), dialect.delimiter)


def element_matrix(table: Table) -> np.ndarray:
    """The (n, 9) score matrix in :data:`ELEMENT_CODES` order; blank = 0 (not answered)."""
    missing = [c for c in ELEMENT_CODES if c not in table.header]
    if missing:
        raise CsvError(f"{table.path}: missing element column(s) {', '.join(missing)}")
    if not table.rows:
        raise CsvError(f"{table.path}: no data rows")
    out = np.zeros((len(table.rows), len(ELEMENT_CODES)), dtype=np.int64)
    for j, code in enumerate(ELEMENT_CODES):
        for i, v in enumerate(table.column(code)):
            if v == "":
                continue
            if v not in ("1", "2", "3", "4"):
                raise CsvError(
                    f"{table.path}: line {table.lines[i]}: column {code!r}: "
                    f"score must be 1, 2, 3, 4 or blank, got {v!r}"
                )
            out[i, j] = int(v)
    return out


# A whole number written with thousands separators: 1.234, 12.345.678 (or 1,234 with ",").
_GROUPED = {".": re.compile(r"[+-]?\d{1,3}(\.\d{3})+"), ",": re.compile(r"[+-]?\d{1,3}(,\d{3})+")}
_NUMBER = {
    ",": re.compile(r"[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?"),  # Indonesian: 1.234,5
    ".": re.compile(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?"),  # English: 1,234.5
}


class AmbiguousNumber(ValueError):
    """A number whose meaning depends on the decimal mark (``1.234``)."""


def parse_number(text: str, decimal: str | None = None, delimiter: str = ",") -> float:
    """A number written with ``decimal`` (``","`` or ``"."``) as its decimal mark.

    ``decimal=","`` is Indonesian notation (``1.234,5`` = 1234.5, ``.`` groups thousands);
    ``decimal="."`` is English notation (``1,234.5``). ``None`` guesses: a lone ``,`` is a
    decimal comma (``2,5``); but in a ``;``- or tab-separated file, where Indonesian
    spreadsheets write ``1.234`` for one thousand two hundred thirty-four, a ``.`` that could
    be a thousands separator raises :class:`AmbiguousNumber`, and so does a value with both
    marks. Raises ``ValueError`` for anything else that is not a number.
    """
    v = text.strip()
    if decimal is not None:
        if decimal not in _NUMBER:
            raise ValueError(f"decimal must be ',' or '.', got {decimal!r}")
        if not _NUMBER[decimal].fullmatch(v):
            raise ValueError(f"not a number with decimal mark {decimal!r}: {text!r}")
        other = "." if decimal == "," else ","
        return float(v.replace(other, "").replace(",", "."))
    if "," in v and "." in v:
        raise AmbiguousNumber(text)
    if v.count(",") == 1:
        return float(v.replace(",", "."))
    if delimiter in ";\t" and _GROUPED["."].fullmatch(v):
        raise AmbiguousNumber(text)
    return float(v)


def numeric_column(table: Table, name: str, decimal: str | None = None) -> np.ndarray:
    """A column of numbers (see :func:`parse_number`); blanks, text and ambiguity are errors."""
    out = np.empty(len(table.rows))
    for i, v in enumerate(table.column(name)):
        where = f"{table.path}: line {table.lines[i]}: column {name!r}"
        try:
            x = parse_number(v, decimal, table.delimiter)
        except AmbiguousNumber:
            raise CsvError(
                f"{where}: {v!r} is ambiguous (Indonesian 1.234 is 1234): "
                "pass --decimal , (Indonesian notation) or --decimal . (English notation)"
            ) from None
        except ValueError:
            x = float("nan")
        if not np.isfinite(x):
            raise CsvError(f"{where}: expected a number, got {v!r}")
        out[i] = x
    return out
