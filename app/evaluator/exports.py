"""The national table as CSV (dot decimal), XLSX and JSON: the same records for all three."""

from __future__ import annotations

import csv
import io
import json

from openpyxl import Workbook

from surveys.national import EXPORT_COLUMNS, NationalTable, export_records


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)  # floats keep a dot decimal


def to_csv(table: NationalTable) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for record in export_records(table):
        writer.writerow([_cell(record[c]) for c in EXPORT_COLUMNS])
    return out.getvalue()


def to_xlsx(table: NationalTable) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"MPP {table.year}"
    sheet.append(list(EXPORT_COLUMNS))
    for record in export_records(table):
        sheet.append([record[c] for c in EXPORT_COLUMNS])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_json(table: NationalTable) -> str:
    f = table.filters
    body = {
        "year": table.year,
        "filters": {"province": f.province, "grade": f.grade, "readiness": f.readiness_label},
        "columns": list(EXPORT_COLUMNS),
        "rows": export_records(table),
    }
    return json.dumps(body, ensure_ascii=False, indent=1)


FORMATS = {
    "csv": (to_csv, "text/csv; charset=utf-8"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "json": (to_json, "application/json"),
}
