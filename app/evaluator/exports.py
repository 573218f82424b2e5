"""The national table as CSV (dot decimal), XLSX and JSON: the same records for all three.

Names in the spreadsheets pass through :func:`surveys.spreadsheet.safe_cell` (never a formula);
JSON carries the text as it is. Without `peer_names` (a manager) DEA peers are only counted.
"""

from __future__ import annotations

import io
import json

from openpyxl import Workbook

from surveys.national import EXPORT_COLUMNS, NationalTable, export_records
from surveys.spreadsheet import SafeCsvWriter, safe_row


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value  # the csv module writes floats with a dot decimal


def to_csv(table: NationalTable, peer_names: bool = True) -> str:
    out = io.StringIO()
    writer = SafeCsvWriter(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for record in export_records(table, peer_names):
        writer.writerow([_cell(record[c]) for c in EXPORT_COLUMNS])
    return out.getvalue()


def to_xlsx(table: NationalTable, peer_names: bool = True) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"MPP {table.year}"
    sheet.append(list(EXPORT_COLUMNS))
    for record in export_records(table, peer_names):
        sheet.append(safe_row(record[c] for c in EXPORT_COLUMNS))
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_json(table: NationalTable, peer_names: bool = True) -> str:
    f = table.filters
    body = {
        "year": table.year,
        "filters": {"province": f.province, "grade": f.grade, "readiness": f.readiness_label},
        "columns": list(EXPORT_COLUMNS),
        "rows": export_records(table, peer_names),
    }
    return json.dumps(body, ensure_ascii=False, indent=1)


FORMATS = {
    "csv": (to_csv, "text/csv; charset=utf-8"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "json": (to_json, "application/json"),
}
