"""The official SKM worksheet (openpyxl): one row per respondent, then the per-element totals,
NRR, weighted NRR and the IKM; a sheet with the interpretation table and the sample adequacy.

Cells hold exact values computed by ``analysis`` (dot decimals: this is machine data), shown
with 3–4 decimals by their number format; an Excel AVERAGE row lets a reader check the NRR.
Text a person typed (comments, names) goes through :func:`surveys.spreadsheet.safe_cell`: written
as text, never as a formula, and without the control characters XLSX cannot hold (old rows may).
"""

from __future__ import annotations

import io
import math

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app.report_files.labels import INTERPRETATION, interval, kinerja, texts
from app.report_files.pdf import local_stamp
from surveys.reports import RespondentRow, SkmReport
from surveys.spreadsheet import safe_cell

FIRST_SCORE_COLUMN = 2  # column B = U1
HEADER_ROW = 7  # element names; U1..U9 codes on the row above
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDE5F0")


def _number(value: float):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def write_xlsx(
    report: SkmReport, rows: list[RespondentRow], lang: str = "id", comments: bool = False
) -> bytes:
    t = texts(lang)
    book = Workbook()
    _data_sheet(book.active, report, rows, t, lang)
    _interpretation_sheet(book.create_sheet(t["sheet_interpretation"]), report, t, lang)
    if report.tenants:
        _tenant_sheet(book.create_sheet(t["sheet_tenants"]), report, t, lang)
    if comments:
        _comment_sheet(book.create_sheet(t["sheet_comments"]), rows, t)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _head(sheet, report: SkmReport, t: dict, title: str, lang: str) -> None:
    lines = [
        [title],
        [t["unit"], safe_cell(report.unit_name)],
        [t["period"], report.period.label(lang), report.period.code],
        [t["generated"], local_stamp(report)],  # the MPP's zone, as on the PDF
        [t["demo"] if report.is_demo else None],
    ]
    for line in lines:
        sheet.append(line)
    sheet["A1"].font = Font(bold=True, size=13)


def _data_sheet(sheet, report: SkmReport, rows: list[RespondentRow], t: dict, lang: str) -> None:
    sheet.title = t["sheet_data"]
    _head(sheet, report, t, t["worksheet_title"], lang)
    extra = [t["date"], t["hour"], t["counter"], t["service"], t["channel"]]
    sheet.append([None] + [f"U{e.number}" for e in report.elements])
    sheet.append([t["respondent_no"]] + [e.name[lang] for e in report.elements] + extra)
    for cell in sheet[HEADER_ROW - 1] + sheet[HEADER_ROW]:
        cell.font, cell.fill = BOLD, HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([row.number, *row.scores, row.local_date, row.local_hour,
                      safe_cell(row.counter), safe_cell(row.service), row.channel])  # fmt: skip
        sheet.cell(sheet.max_row, FIRST_SCORE_COLUMN + 9).number_format = "yyyy-mm-dd"
    _summary_rows(sheet, report, rows, t, lang)
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, FIRST_SCORE_COLUMN)
    sheet.column_dimensions["A"].width = 26
    for col in range(FIRST_SCORE_COLUMN, FIRST_SCORE_COLUMN + 9):
        sheet.column_dimensions[get_column_letter(col)].width = 14
    for col, width in zip("KLMNO", (12, 6, 18, 28, 8), strict=True):
        sheet.column_dimensions[col].width = width
    sheet.row_dimensions[HEADER_ROW].height = 45


def _summary_rows(sheet, report: SkmReport, rows: list, t: dict, lang: str) -> None:
    first, last = HEADER_ROW + 1, HEADER_ROW + max(len(rows), 1)
    sheet.append([])
    lines = (
        (t["total"], [e.total for e in report.elements], "0"),
        (t["answers"], [e.answers for e in report.elements], "0"),
        (t["nrr"], [_number(e.nrr) for e in report.elements], "0.0000"),
        (t["weighted"], [_number(e.weighted) for e in report.elements], "0.0000"),
    )
    for label, values, fmt in lines:
        sheet.append([label, *values])
        for col in range(FIRST_SCORE_COLUMN, FIRST_SCORE_COLUMN + 9):
            sheet.cell(sheet.max_row, col).number_format = fmt
        sheet.cell(sheet.max_row, 1).font = BOLD
    if rows:
        letters = [get_column_letter(c) for c in range(FIRST_SCORE_COLUMN, FIRST_SCORE_COLUMN + 9)]
        check = [f'=IFERROR(AVERAGE({c}{first}:{c}{last}),"")' for c in letters]
        sheet.append([t["formula_check"], *check])
        for col in range(FIRST_SCORE_COLUMN, FIRST_SCORE_COLUMN + 9):
            sheet.cell(sheet.max_row, col).number_format = "0.0000"
    sheet.append([])
    results = (
        (t["respondents"], report.respondents, "0"),
        (t["ikm_1_4"], _number(report.ikm_1_4), "0.0000"),
        (t["ikm"], _number(report.ikm), "0.00"),
        (t["mutu"], report.mutu or None, None),
        (t["kinerja"], kinerja(report.kinerja, lang) or None, None),
    )
    for label, value, fmt in results:
        sheet.append([label, value])
        sheet.cell(sheet.max_row, 1).font = BOLD
        if fmt:
            sheet.cell(sheet.max_row, 2).number_format = fmt


def _interpretation_sheet(sheet, report: SkmReport, t: dict, lang: str) -> None:
    _head(sheet, report, t, t["interpretation"], lang)
    sheet.append([t["perception"], t["interval"], t["interval_conv"], t["mutu"], t["kinerja"]])
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = BOLD, HEAD_FILL
    for value, band, band_conv, mutu, label in INTERPRETATION:
        # The bands are text cells, written as the sheet's language writes decimals.
        sheet.append([value, interval(band, lang), interval(band_conv, lang), mutu,
                      kinerja(label, lang)])  # fmt: skip
    sheet.append([])
    sheet.append([t["sample"]])
    sheet.cell(sheet.max_row, 1).font = BOLD
    sample = report.sample
    sheet.append([t["population"], report.population])
    sheet.append([t["required"], sample.required if sample else None])
    sheet.append([t["collected"], report.respondents])
    if sample is None:
        status = t["no_population"]
    else:
        status = t["adequate"] if sample.adequate else t["short"].format(sample.shortfall)
    sheet.append([t["status"], status])
    sheet.append([])
    sheet.append([t["method"]])
    for col, width in zip("ABCDE", (30, 20, 26, 16, 22), strict=True):
        sheet.column_dimensions[col].width = width


def _tenant_sheet(sheet, report: SkmReport, t: dict, lang: str) -> None:
    _head(sheet, report, t, t["tenants"], lang)
    sheet.append([t["tenant"], t["respondents"], t["ikm"], t["mutu"]])
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = BOLD, HEAD_FILL
    for score in report.tenants:
        sheet.append([safe_cell(score.label), score.respondents, _number(score.ikm),
                      score.mutu or None])  # fmt: skip
        sheet.cell(sheet.max_row, 3).number_format = "0.00"
    sheet.column_dimensions["A"].width = 34


def _comment_sheet(sheet, rows: list[RespondentRow], t: dict) -> None:
    sheet.append([t["respondent_no"], t["date"], t["counter"], t["comment"]])
    for cell in sheet[1]:
        cell.font, cell.fill = BOLD, HEAD_FILL
    for row in rows:
        if row.comment:
            sheet.append([row.number, row.local_date, safe_cell(row.counter),
                          safe_cell(row.comment)])  # fmt: skip
            sheet.cell(sheet.max_row, 2).number_format = "yyyy-mm-dd"
            sheet.cell(sheet.max_row, 4).data_type = "s"
    sheet.column_dimensions["D"].width = 80
