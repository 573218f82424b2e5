"""Monthly figures: the grid and the CSV import (all or nothing, errors per row)."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from surveys.errors import InvalidSubmission
from surveys.figures import csv_template, import_csv, save_month
from surveys.operations import MonthlyFigures
from tests.factories import make_mpp

OCT = dt.date(2026, 10, 1)


def stored(session) -> int:
    return session.scalar(select(func.count()).select_from(MonthlyFigures))


def test_save_month_grid_skips_blank_rows_and_updates(session):
    mpp = make_mpp(session)
    first, second = mpp.tenants
    cells = {
        "visitors": "1200",
        "transactions": "1100",
        "staff_on_duty": "4,5",
        "counters_open": "2",
        "opening_hours": "160",
        "avg_wait_minutes": "",
        "avg_service_minutes": "7.5",
    }
    assert save_month(session, mpp, OCT, {first.id: cells, second.id: {}}) == 1
    row = session.scalar(select(MonthlyFigures))
    assert row.visitors == 1200 and row.staff_on_duty == 4.5 and row.avg_wait_minutes is None
    save_month(session, mpp, OCT, {first.id: dict(cells, visitors="1300")})
    assert stored(session) == 1 and session.scalar(select(MonthlyFigures)).visitors == 1300


def test_save_month_refuses_bad_cells_and_saves_nothing(session):
    mpp = make_mpp(session)
    first, second = mpp.tenants
    good = {
        f: "1"
        for f in (
            "visitors",
            "transactions",
            "staff_on_duty",
            "counters_open",
            "opening_hours",
            "avg_wait_minutes",
            "avg_service_minutes",
        )
    }
    with pytest.raises(InvalidSubmission) as refused:
        save_month(session, mpp, OCT, {first.id: good, second.id: dict(good, visitors="-3")})
    assert refused.value.fields == {f"{second.id}-visitors": "must be zero or more"}
    assert stored(session) == 0


HEADER = (
    "month,tenant,visitors,transactions,staff_on_duty,counters_open,opening_hours,"
    "avg_wait_minutes,avg_service_minutes\n"
)


def test_csv_import_reports_each_bad_row_and_saves_nothing(session):
    mpp = make_mpp(session)
    code = mpp.tenants[0].agency.code
    data = HEADER + (
        f"2026-10,{code},100,90,3,2,160,12,6\n"
        f"2026-13,{code},100,90,3,2,160,12,6\n"  # bad month
        f"2026-09,{code},-5,90,3,2,160,,\n"  # negative number
        "2026-10,samsat-mars,100,90,3,2,160,12,6\n"  # unknown tenant
        f"2026-08,{code},1.5,x,3,2,160,12,6\n"  # fraction of a visitor, not a number
    )
    result = import_csv(session, mpp, data.encode())
    assert result.saved == 0 and stored(session) == 0
    found = {(e.row, e.column, e.message) for e in result.errors}
    assert found == {
        (3, "month", "use YYYY-MM, e.g. 2026-10"),
        (4, "visitors", "must be zero or more"),
        (5, "tenant", "unknown tenant at this MPP"),
        (6, "visitors", "must be a whole number"),
        (6, "transactions", "not a number"),
    }


def test_csv_import_saves_all_valid_rows(session):
    mpp = make_mpp(session)
    template = csv_template(mpp, OCT)
    lines = template.strip().split("\n")
    assert lines[0] + "\n" == HEADER and len(lines) == 3
    filled = [lines[0]] + [line + "" for line in lines[1:]]
    filled = [filled[0]] + [
        line.replace(",,,,,,,", ",500,480,3,2,170,9.5,6") for line in filled[1:]
    ]
    result = import_csv(session, mpp, ("\n".join(filled) + "\n").encode("utf-8-sig"))
    assert result.errors == [] and result.saved == 2 and stored(session) == 2


def test_csv_import_missing_columns_and_duplicates(session):
    mpp = make_mpp(session)
    result = import_csv(session, mpp, b"month,tenant,visitors\n2026-10,x,1\n")
    assert {e.column for e in result.errors} >= {"transactions", "avg_service_minutes"}
    code = mpp.tenants[0].agency.code
    twice = HEADER + f"2026-10,{code},1,1,1,1,1,,\n2026-10,{code},2,2,2,2,2,,\n"
    result = import_csv(session, mpp, twice.encode())
    assert [(e.row, e.column) for e in result.errors] == [(3, "tenant")]
    assert import_csv(session, mpp, b"\xff\xfe").errors[0].message == "the file is not UTF-8 text"
