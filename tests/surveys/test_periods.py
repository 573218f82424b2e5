import datetime as dt

import pytest

from surveys.errors import InvalidSubmission
from surveys.periods import parse_period


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2026-10", dt.date(2026, 10, 1), dt.date(2026, 10, 31)),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("2026-Q3", dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        ("2026-S2", dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
        ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        ("2026-01-15..2026-02-14", dt.date(2026, 1, 15), dt.date(2026, 2, 14)),
    ],
)
def test_period_codes(code, start, end):
    period = parse_period(code)
    assert (period.start, period.end) == (start, end)
    assert period.code == code


def test_previous_periods():
    assert parse_period("2026-01").previous().code == "2025-12"
    assert parse_period("2026-Q1").previous().code == "2025-Q4"
    assert parse_period("2026-S1").previous().code == "2025-S2"
    assert parse_period("2026").previous().code == "2025"
    assert parse_period("2026-01-11..2026-01-20").previous().code == "2026-01-01..2026-01-10"


def test_labels_in_both_languages():
    assert parse_period("2026-10").label("id") == "Oktober 2026"
    assert parse_period("2026-Q3").label("id") == "Triwulan III 2026"
    assert parse_period("2026-S2").label("en") == "H2 2026"


@pytest.mark.parametrize("bad", ["", "2026-13", "2026-Q5", "26", "2026-02-30..2026-03-01",
                                 "2026-03-01..2026-02-01", "1800", "abc"])  # fmt: skip
def test_bad_periods_name_the_field(bad):
    with pytest.raises(InvalidSubmission) as caught:
        parse_period(bad)
    assert "period" in caught.value.fields
