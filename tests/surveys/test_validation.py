import datetime as dt

import pytest

from surveys.errors import InvalidSubmission
from surveys.validation import parse_submission
from tests.factories import submission_payload

NOW = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)


def payload(**overrides):
    return submission_payload(**{"submitted_at": "2026-11-23T02:59:00Z", **overrides})


def fields_of(bad) -> dict:
    with pytest.raises(InvalidSubmission) as caught:
        parse_submission(bad, NOW)
    return caught.value.fields


def test_a_good_submission_is_parsed():
    parsed = parse_submission(payload(), NOW)
    assert parsed.answers["pengaduan"] == 1
    assert parsed.submitted_at == dt.datetime(2026, 11, 23, 2, 59, tzinfo=dt.UTC)
    assert parsed.profile == {"sex": "P", "age_band": "30-39"}


def test_missing_answers_are_left_out_of_that_element_only():
    parsed = parse_submission(payload(answers={"waktu": 3, "biaya": None}), NOW)
    assert parsed.answers == {"waktu": 3}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"answers": {"waktu": 5}}, "answers.waktu"),
        ({"answers": {"waktu": 0}}, "answers.waktu"),
        ({"answers": {"waktu": "3"}}, "answers.waktu"),
        ({"answers": {"waktu": True}}, "answers.waktu"),
        ({"answers": {"waktu": 2.5}}, "answers.waktu"),
        ({"answers": {"kecepatan": 3}}, "answers.kecepatan"),
        ({"answers": {}}, "answers"),
        ({"answers": [3, 3]}, "answers"),
        ({"id": "not-a-uuid"}, "id"),
        ({"id": None}, "id"),
        ({"counter": ""}, "counter"),
        ({"counter": "L\x0001"}, "counter"),
        ({"counter": "x" * 41}, "counter"),
        ({"comment": "x" * 1001}, "comment"),
        ({"comment": 12}, "comment"),
        ({"submitted_at": "2026-11-23T03:30:00Z"}, "submitted_at"),
        ({"submitted_at": "2026-11-23T02:59:00"}, "submitted_at"),
        ({"submitted_at": "yesterday"}, "submitted_at"),
        ({"submitted_at": "2025-01-01T00:00:00Z"}, "submitted_at"),
        ({"profile": {"sex": "X"}}, "profile.sex"),
        ({"profile": {"nik": "3510"}}, "profile.nik"),
        ({"lang": "fr"}, "lang"),
        ({"name": "Budi"}, "name"),
    ],
)
def test_each_bad_field_is_named(overrides, field):
    assert field in fields_of(payload(**overrides))


def test_a_non_object_body_is_refused():
    assert fields_of(["not", "an", "object"]) == {"body": "not an object"}


def test_clock_skew_within_five_minutes_is_accepted():
    parsed = parse_submission(payload(submitted_at="2026-11-23T03:04:00+00:00"), NOW)
    assert parsed.submitted_at > NOW


def test_comment_is_trimmed_and_nul_removed():
    parsed = parse_submission(payload(comment="  bagus\x00 sekali \n"), NOW)
    assert parsed.comment == "bagus sekali"
