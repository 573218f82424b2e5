import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from analysis.skm import ELEMENT_CODES
from surveys.exports import (
    BASE_COLUMNS,
    ExportFilters,
    csv_chunks,
    export_responses,
    parts,
)
from surveys.models import Response
from surveys.rollups import set_excluded
from tests.factories import make_mpp
from tests.surveys.test_rollups import submit_many


@pytest.fixture
def mpp(session):
    first = make_mpp(session)
    submit_many(session, first, 23, seed=7)
    submit_many(session, make_mpp(session), 5, seed=8)  # another MPP: never in first's export
    return first


def read_csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def expected(session, mpp_id):
    query = select(Response).where(Response.mpp_id == mpp_id, Response.excluded.is_(False))
    return session.scalars(query.order_by(Response.id)).all()


def test_csv_parses_back_to_the_stored_rows(session, mpp):
    export = export_responses(session, "csv", ExportFilters(mpp_ids=[mpp.id]))
    assert (export.total, export.split, export.filename) == (23, False, "responses.csv")
    rows = read_csv(b"".join(export.chunks()))
    assert list(rows[0]) == list(BASE_COLUMNS)
    stored = expected(session, mpp.id)
    assert len(rows) == len(stored)
    for row, response in zip(rows, stored, strict=True):
        assert row["response_id"] == response.uuid
        assert row["mpp_code"] == mpp.code
        assert row["tenant"] == response.tenant.name
        assert row["counter"] == response.counter.code
        assert row["service"] == (response.service.code if response.service else "")
        assert row["channel"] == response.channel
        stamp = response.client_submitted_at.replace(tzinfo=None, microsecond=0)
        assert row["submitted_at"] == stamp.isoformat() + "Z"
        assert row["local_date"] == response.local_date.isoformat()
        assert int(row["local_hour"]) == response.local_hour
        for code in ELEMENT_CODES:
            value = getattr(response, code)
            assert row[code] == ("" if value is None else str(value))
        assert row["sex"] == (response.sex or "")


def test_comments_only_when_asked(session, mpp):
    without = read_csv(b"".join(export_responses(session, "csv").chunks()))
    assert "comment" not in without[0]
    with_comments = read_csv(
        b"".join(export_responses(session, "csv", include_comments=True).chunks())
    )
    assert {row["comment"] for row in with_comments} == {"Antrean cukup lama."}


def test_excluded_responses_are_left_out(session, mpp):
    set_excluded(session, expected(session, mpp.id)[0], True)
    export = export_responses(session, "csv", ExportFilters(mpp_ids=[mpp.id]))
    assert export.total == 22 and len(read_csv(b"".join(export.chunks()))) == 22


def test_too_many_rows_become_a_zip_of_parts(session, mpp):
    export = export_responses(session, "csv", ExportFilters(mpp_ids=[mpp.id]), max_rows=10)
    assert export.split and export.filename == "responses.zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(export.chunks())))
    names = archive.namelist()
    assert names == ["responses-part001.csv", "responses-part002.csv", "responses-part003.csv"]
    lengths = [len(read_csv(archive.read(name))) for name in names]
    assert lengths == [10, 10, 3]
    ids = [row["response_id"] for name in names for row in read_csv(archive.read(name))]
    assert ids == [r.uuid for r in expected(session, mpp.id)]


def test_parts_can_be_written_as_numbered_files(session, mpp):
    export = export_responses(session, "csv", ExportFilters(mpp_ids=[mpp.id]), max_rows=20)
    files = {name: b"".join(chunks) for name, chunks in export.part_chunks()}
    assert [len(read_csv(data)) for data in files.values()] == [20, 3]


def test_xlsx_is_readable(session, mpp):
    export = export_responses(session, "xlsx", ExportFilters(mpp_ids=[mpp.id]))
    book = load_workbook(io.BytesIO(b"".join(export.chunks())), read_only=True)
    rows = list(book["responses"].iter_rows(values_only=True))
    book.close()
    assert rows[0] == BASE_COLUMNS
    assert len(rows) == 24
    assert rows[1][0] == expected(session, mpp.id)[0].uuid


def test_progress_is_reported(session, mpp):
    calls = []
    export = export_responses(session, "csv", progress=lambda done, total: calls.append(done))
    b"".join(export.chunks())
    assert calls[-1] == 28


def test_stream_is_chunked_and_splitting_is_lazy():
    rows = ([i, "x"] for i in range(12_000))
    chunks = list(csv_chunks(rows, ["n", "s"]))
    assert len(chunks) >= 3
    assert [len(list(p)) for p in parts(range(7), 3)] == [3, 3, 1]
    with pytest.raises(ValueError):
        list(parts(range(3), 0))
