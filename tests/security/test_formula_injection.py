"""Item 13: every CSV and XLSX the product writes neutralises formula injection (OWASP "CSV
injection"): text that starts with = + - @ tab or CR is written as text, numbers stay numbers.
Each file is read back with ``csv`` and openpyxl, as a spreadsheet would read it."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from sqlalchemy import select

from surveys.exports import ExportFilters, export_responses
from surveys.models import Counter, Response
from surveys.spreadsheet import SafeCsvWriter, safe_cell, safe_row
from tests.factories import login, make_mpp, make_user
from tests.surveys.test_reports import NOW, load_worked_example, submit

PERIOD = "period=2026-10"
PAYLOADS = ["=HYPERLINK(\"http://x\",\"klik\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1",
            "=cmd|' /C calc'!A0"]  # fmt: skip


def neutral(value: str) -> bool:
    """Text a spreadsheet shows as text: starts with the quote, then the payload."""
    return value.startswith("'") and value[1:2] in ("=", "+", "-", "@", "\t", "\r", "\n")


def as_read(payloads, fmt: str) -> list[str]:
    """The quoted payloads as a reader gets them back (XML reads a lone CR as a line feed)."""
    quoted = ["'" + p for p in payloads]
    return sorted(q.replace("\r", "\n") if fmt == "xlsx" else q for q in quoted)


def test_safe_cell_quotes_formula_text_and_leaves_numbers_alone():
    assert [safe_cell(p) for p in PAYLOADS] == ["'" + p for p in PAYLOADS]
    assert safe_row([-3, 2.5, None, True, dt.date(2026, 1, 2), "Loket 1", "-", "a=b"]) == [
        -3, 2.5, None, True, dt.date(2026, 1, 2), "Loket 1", "'-", "a=b"]  # fmt: skip
    out = io.StringIO()
    SafeCsvWriter(out, lineterminator="\n").writerows([["=1", -1]])
    assert out.getvalue() == "'=1,-1\n"


@pytest.fixture
def poisoned(session):
    """An MPP whose tenant name, counter names and comments are formulas."""
    mpp = make_mpp(session)
    load_worked_example(session, mpp)
    for i, text in enumerate(PAYLOADS):
        stored = submit(session, mpp, {"waktu": 1 + i % 4}, counter="L10", comment=text,
                        when=NOW - dt.timedelta(hours=5, minutes=i)).response  # fmt: skip
        stored.comment = text  # as typed: the kiosk trims a leading tab or CR, older rows may not
    mpp.tenants[1].agency.short_name = "=1+2"
    counter = session.scalar(select(Counter).where(Counter.mpp_id == mpp.id, Counter.code == "L10"))
    counter.name = "@Loket(1)"
    session.commit()
    return mpp


def read_csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_raw_export_writes_comments_and_names_as_text(session, poisoned, fmt):
    export = export_responses(session, fmt, ExportFilters(mpp_ids=[poisoned.id]),
                              include_comments=True)  # fmt: skip
    data = b"".join(export.chunks())
    if fmt == "csv":
        rows = read_csv(data)
        comments = [r["comment"] for r in rows if r["comment"]]
        tenants = {r["tenant"] for r in rows}
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(data))["responses"]
        header = [c.value for c in sheet[1]]
        cells = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]
        assert all(c.data_type == "s" for row in cells for c in row.values()
                   if isinstance(c.value, str))  # fmt: skip
        assert all(isinstance(row["waktu"].value, int) and row["waktu"].data_type == "n"
                   for row in cells)  # fmt: skip
        comments = [row["comment"].value for row in cells if row["comment"].value]
        tenants = {row["tenant"].value for row in cells}
    assert sorted(comments) == as_read(PAYLOADS, fmt)
    assert "'=1+2" in tenants


def test_the_export_command_writes_safe_files(app, session, poisoned, tmp_path):
    runner = app.test_cli_runner()
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"responses.{fmt}"
        result = runner.invoke(args=["export", "responses", "--mpp", poisoned.code, "--format",
                                     fmt, "--with-comments", "-o", str(out)])  # fmt: skip
        assert result.exit_code == 0, result.output
        if fmt == "csv":
            comments = [r["comment"] for r in read_csv(out.read_bytes()) if r["comment"]]
        else:
            sheet = openpyxl.load_workbook(out)["responses"]
            comments = [r[-1] for r in sheet.iter_rows(min_row=2, values_only=True) if r[-1]]
        assert len(comments) == len(PAYLOADS) and all(neutral(c) for c in comments), fmt


def test_counters_csv_quotes_a_formula_name(client, session, poisoned):
    login(client, make_user(session, "manager", mpps=[poisoned]))
    body = client.get(f"/dashboard/{poisoned.code}/counters.csv?{PERIOD}").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body)))
    by_code = {r["kode_loket"]: r for r in rows}
    assert by_code["L10"]["loket"] == "'@Loket(1)" and by_code["L10"]["instansi"] == "'=1+2"
    assert float(by_code["L00"]["ikm"]) > 0  # numbers stay numbers


def test_the_national_downloads_quote_a_formula_name(client, session, poisoned):
    poisoned.name = '=HYPERLINK("http://x")'
    session.commit()
    login(client, make_user(session, "evaluator"))
    body = client.get("/national/export.csv?year=2026").get_data(as_text=True)
    rows = {r["mpp_code"]: r for r in csv.DictReader(io.StringIO(body))}
    assert rows[poisoned.code]["mpp_name"] == '\'=HYPERLINK("http://x")'
    xlsx = client.get("/national/export.xlsx?year=2026")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == poisoned.code)
    name = row[header.index("mpp_name")]
    assert name.value == '\'=HYPERLINK("http://x")' and name.data_type == "s"
    responses = row[header.index("responses")]
    assert responses.data_type == "n" and responses.value > 30


def test_the_skm_workbook_writes_every_comment_and_name_as_text(client, session, poisoned):
    login(client, make_user(session, "manager", mpps=[poisoned]))
    xlsx = client.get(f"/reports/{poisoned.code}/skm.xlsx?{PERIOD}")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    comments = [row[3] for row in book["Komentar"].iter_rows(min_row=2)]
    assert sorted(c.value for c in comments) == as_read(PAYLOADS, "xlsx")
    assert all(c.data_type == "s" for c in comments)
    data = book.worksheets[0]
    counters = {c.value for row in data.iter_rows() for c in row if c.column_letter == "M"}
    assert "'@Loket(1)" in counters
    typed = [c for sheet in book for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    # The only formulas are the workbook's own AVERAGE check, never text from the database.
    assert typed and all(c.value.startswith("=IFERROR(AVERAGE(") for c in typed)
    assert session.scalar(select(Response.comment).where(Response.comment == PAYLOADS[0]))
