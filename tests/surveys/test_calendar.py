"""The one clock at fixed instants: the first and last minute of a month and of a year, in WIB,
WITA and WIT (an MPP in Jayapura is already in tomorrow at 15:00 UTC).

Every view's default period is the last complete month in the MPP's own zone; the national
default year is the year of the last complete month in WIB.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from surveys.models import local_today, utcnow
from surveys.national import parse_year
from surveys.periods import default_year, last_complete_month
from tests.factories import make_mpp

ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
LOCAL_INSTANTS = [
    # (local wall time, local date, default month, default year)
    (dt.datetime(2027, 2, 1, 0, 0, 30), dt.date(2027, 2, 1), "2027-01", 2027),  # month's 1st minute
    (dt.datetime(2027, 1, 31, 23, 59, 30), dt.date(2027, 1, 31), "2026-12", 2026),  # its last
    (dt.datetime(2027, 1, 1, 0, 0, 30), dt.date(2027, 1, 1), "2026-12", 2026),  # year's 1st minute
    (dt.datetime(2026, 12, 31, 23, 59, 30), dt.date(2026, 12, 31), "2026-11", 2026),  # its last
]


@pytest.mark.parametrize("zone", ZONES, ids=list(ZONES))
@pytest.mark.parametrize("wall, date, month, year", LOCAL_INSTANTS, ids=lambda v: str(v))
def test_today_and_the_default_period_at_month_and_year_edges(
    session, zone, wall, date, month, year
):
    instant = wall.replace(tzinfo=ZoneInfo(ZONES[zone]))
    mpp = make_mpp(session, zone=zone)
    with time_machine.travel(instant, tick=False):
        assert utcnow() == instant.astimezone(dt.UTC)
        assert mpp.today() == date
        assert last_complete_month(mpp.today()).code == month
        assert default_year(mpp.today()) == year


def test_jayapura_is_in_the_new_year_while_jakarta_is_not():
    with time_machine.travel(dt.datetime(2026, 12, 31, 15, 30, tzinfo=dt.UTC), tick=False):
        assert local_today(ZoneInfo("Asia/Jayapura")) == dt.date(2027, 1, 1)  # 00:30 WIT
        assert local_today(ZoneInfo("Asia/Makassar")) == dt.date(2026, 12, 31)  # 23:30 WITA
        assert local_today() == dt.date(2026, 12, 31)  # 22:30 WIB, the national calendar
        assert last_complete_month(local_today(ZoneInfo("Asia/Jayapura"))).code == "2026-12"
        assert last_complete_month(local_today()).code == "2026-11"


def test_the_national_year_defaults_to_the_year_just_ended_on_new_years_day():
    assert parse_year(None, dt.date(2027, 1, 1)) == 2026
    assert parse_year("", dt.date(2027, 2, 1)) == 2027
    assert parse_year("2025", dt.date(2027, 1, 1)) == 2025


ROOT = Path(__file__).resolve().parents[2]
WALL_CLOCK_READERS = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"),
                      ("date", "today"), ("time", "time"), ("time", "time_ns")}  # fmt: skip


def test_no_code_reads_the_wall_clock_but_the_one_clock():
    """app/ and surveys/ ask surveys.models.utcnow (or take `now`); nothing else reads the time."""
    found = []
    for path in sorted([*ROOT.glob("app/**/*.py"), *ROOT.glob("surveys/**/*.py")]):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
            if (name, node.func.attr) in WALL_CLOCK_READERS:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert [place.partition(":")[0] for place in found] == ["surveys/models.py"], found
