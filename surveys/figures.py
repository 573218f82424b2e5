"""Entering monthly operational figures: one month's grid of tenants, or a CSV file.

A CSV import is all or nothing: when any row has an error, nothing is saved and every error
is reported with its row number (the header is row 1), column and message.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveys.errors import InvalidSubmission
from surveys.models import Mpp, Tenant
from surveys.operations import FIGURE_FIELDS, MonthlyFigures
from surveys.periods import parse_period
from surveys.spreadsheet import SafeCsvWriter

INTEGER_FIELDS = ("visitors", "transactions")
OPTIONAL_FIELDS = ("avg_wait_minutes", "avg_service_minutes")
CSV_COLUMNS = ("month", "tenant", *FIGURE_FIELDS)
MAX_CSV_BYTES = 1_000_000
MAX_VALUE = 10_000_000  # well above any MPP's monthly visitors


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass(frozen=True)
class ImportResult:
    saved: int
    errors: list[RowError]


def parse_month(text: str) -> dt.date:
    """'2026-10' → 2026-10-01; InvalidSubmission naming `month` otherwise."""
    period = parse_period((text or "").strip())
    if period.kind != "month":
        raise InvalidSubmission("Use a month such as 2026-10.", {"month": "YYYY-MM"})
    return period.start


def parse_value(name: str, text: str | None) -> float | int | None:
    """One figure from text; ValueError with a short message for a bad one."""
    text = (text or "").strip().replace(",", ".")
    if not text:
        if name in OPTIONAL_FIELDS:
            return None
        raise ValueError("required")
    try:
        value = float(text)
    except ValueError:
        raise ValueError("not a number") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError("must be zero or more")
    if value > MAX_VALUE:
        raise ValueError("too large")
    if name in INTEGER_FIELDS:
        if value != int(value):
            raise ValueError("must be a whole number")
        return int(value)
    return value


def figures_for_month(session: Session, mpp: Mpp, month: dt.date) -> dict[int, MonthlyFigures]:
    rows = session.scalars(
        select(MonthlyFigures).where(MonthlyFigures.mpp_id == mpp.id, MonthlyFigures.month == month)
    )
    return {row.tenant_id: row for row in rows}


def save_month(
    session: Session, mpp: Mpp, month: dt.date, values: dict[int, dict[str, str]], user_id=None
) -> int:
    """Save one month's grid ({tenant id: {field: text}}); all or nothing, errors per cell.

    A tenant whose cells are all blank is skipped (nothing entered for it yet).
    """
    tenants = {t.id: t for t in mpp.tenants}
    errors: dict[str, str] = {}
    parsed: dict[int, dict] = {}
    for tenant_id, cells in values.items():
        if tenant_id not in tenants:
            errors[f"{tenant_id}"] = "not a tenant of this MPP"
            continue
        if all(not (cells.get(f) or "").strip() for f in FIGURE_FIELDS):
            continue
        parsed[tenant_id] = _parse_cells(cells, errors, prefix=f"{tenant_id}-")
    if errors:
        raise InvalidSubmission("Nothing was saved: fix the marked cells.", errors)
    for tenant_id, figures in parsed.items():
        _store(session, mpp, tenants[tenant_id], month, figures, user_id)
    session.commit()
    return len(parsed)


def _parse_cells(cells: dict, errors: dict, prefix: str) -> dict:
    figures = {}
    for name in FIGURE_FIELDS:
        try:
            figures[name] = parse_value(name, cells.get(name))
        except ValueError as exc:
            errors[prefix + name] = str(exc)
    return figures


def _store(session, mpp: Mpp, tenant: Tenant, month: dt.date, figures: dict, user_id) -> None:
    row = session.scalar(
        select(MonthlyFigures).where(
            MonthlyFigures.tenant_id == tenant.id, MonthlyFigures.month == month
        )
    )
    if row is None:
        row = MonthlyFigures(mpp_id=mpp.id, tenant_id=tenant.id, month=month)
        session.add(row)
    for name, value in figures.items():
        setattr(row, name, value)
    row.updated_by_id = user_id


def import_csv(session: Session, mpp: Mpp, data: bytes, user_id=None) -> ImportResult:
    """Import figures from CSV (columns CSV_COLUMNS; tenant by agency code or short name)."""
    rows, errors = _read_csv(data)
    tenants = _tenant_lookup(mpp)
    parsed, seen = [], set()
    for number, row in rows:
        tenant = tenants.get((row.get("tenant") or "").strip().lower())
        if tenant is None:
            errors.append(RowError(number, "tenant", "unknown tenant at this MPP"))
        try:
            month = parse_month(row.get("month") or "")
        except InvalidSubmission:
            errors.append(RowError(number, "month", "use YYYY-MM, e.g. 2026-10"))
            month = None
        cell_errors: dict[str, str] = {}
        figures = _parse_cells(row, cell_errors, prefix="")
        errors.extend(RowError(number, name, msg) for name, msg in cell_errors.items())
        if tenant is not None and month is not None:
            if (tenant.id, month) in seen:
                errors.append(RowError(number, "tenant", "same tenant and month twice"))
            seen.add((tenant.id, month))
            parsed.append((tenant, month, figures))
    if errors or not parsed:
        if not errors:
            errors.append(RowError(1, "", "the file has no data rows"))
        return ImportResult(0, sorted(errors, key=lambda e: e.row))
    for tenant, month, figures in parsed:
        _store(session, mpp, tenant, month, figures, user_id)
    session.commit()
    return ImportResult(len(parsed), [])


def _read_csv(data: bytes) -> tuple[list[tuple[int, dict]], list[RowError]]:
    if len(data) > MAX_CSV_BYTES:
        return [], [RowError(1, "", "the file is larger than 1 MB")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowError(1, "", "the file is not UTF-8 text")]
    dialect = csv.excel_tab if text.split("\n", 1)[0].count("\t") > 0 else csv.excel
    if ";" in text.split("\n", 1)[0] and "," not in text.split("\n", 1)[0]:
        dialect = _Semicolon
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        return [], [RowError(1, c, "column missing from the header") for c in missing]
    reader.fieldnames = header
    rows = [(i, row) for i, row in enumerate(reader, start=2) if any((v or "").strip()
            for k, v in row.items() if k)]  # fmt: skip
    return rows, []


class _Semicolon(csv.excel):
    delimiter = ";"


def _tenant_lookup(mpp: Mpp) -> dict[str, Tenant]:
    lookup = {}
    for tenant in mpp.tenants:
        lookup[tenant.agency.code.lower()] = tenant
        lookup[tenant.agency.short_name.lower()] = tenant
    return lookup


def csv_template(mpp: Mpp, month: dt.date) -> str:
    """A CSV with the header and one row per active tenant for `month` (dot decimals)."""
    out = io.StringIO()
    writer = SafeCsvWriter(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for tenant in sorted((t for t in mpp.tenants if t.active), key=lambda t: t.name.lower()):
        writer.writerow([f"{month:%Y-%m}", tenant.agency.code, *([""] * len(FIGURE_FIELDS))])
    return out.getvalue()
