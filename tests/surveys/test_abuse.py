import datetime as dt

import pytest
from sqlalchemy import select

from surveys.abuse import (
    BURST_LIMIT,
    HISTORY,
    DeviceHistory,
    burst,
    flag_reason,
    flagged_responses,
    identical_run,
    too_fast,
)
from surveys.errors import InvalidSubmission
from surveys.instrument import ELEMENTS
from surveys.models import Response
from surveys.responses import submit_response
from surveys.validation import MAX_DURATION_MS, parse_submission
from tests.factories import make_device, make_mpp, submission_payload

T0 = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)  # 09:00 WIB
NINE = dict.fromkeys(ELEMENTS, 4)


def seconds(*offsets: float) -> list[dt.datetime]:
    return [T0 + dt.timedelta(seconds=s) for s in offsets]


# The rules, without a database


def test_nine_answers_in_under_nine_seconds_is_too_fast():
    assert too_fast(8_999, 9) == "too fast: 9 answers in 9.0 s"
    assert too_fast(9_000, 9) is None
    assert too_fast(2_500, 3) is not None and too_fast(3_000, 3) is None


def test_without_a_duration_or_an_answer_nothing_is_too_fast():
    assert too_fast(None, 9) is None
    assert too_fast(0, 0) is None


def test_seven_submissions_within_two_minutes_is_a_burst():
    others = seconds(0, 20, 40, 60, 80, 100)  # six before; the seventh at 119 s
    assert burst(T0 + dt.timedelta(seconds=119), others) == (
        "burst: 7 from this device within 2 min"
    )
    assert burst(T0 + dt.timedelta(seconds=119), others[1:]) is None  # six is allowed


def test_a_steady_queue_is_not_a_burst():
    others = seconds(*range(0, 20 * 60, 25))  # one every 25 s for 20 minutes: 4.8 per 2 min
    assert burst(T0 + dt.timedelta(minutes=10, seconds=5), others) is None


def test_a_burst_is_found_whichever_side_the_late_deliveries_lie():
    # An offline tablet delivers out of order: the new one may be the earliest of the seven.
    assert burst(T0, seconds(10, 20, 30, 40, 50, 60)) is not None
    assert burst(T0 + dt.timedelta(seconds=30), seconds(0, 10, 20, 40, 50, 60)) is not None
    # ... but stamps spread over more than the window around it are not one burst.
    assert burst(T0 + dt.timedelta(seconds=60), seconds(-61, -50, 0, 120, 150, 181)) is None


def test_the_same_answers_as_the_previous_five_is_an_identical_run():
    assert identical_run(NINE, [NINE] * 5) == (
        "identical: same answers as the previous 5 from this device"
    )
    assert identical_run(NINE, [NINE] * 4) is None
    changed = {**NINE, "biaya": 3}
    assert identical_run(NINE, [NINE, NINE, changed, NINE, NINE, NINE]) is None
    assert identical_run({**NINE, "biaya": None}, [NINE] * 5) is None  # an unanswered one differs


def test_all_rules_that_fire_are_named_within_the_column_length():
    submission = parse_submission(
        submission_payload(answers=NINE, duration_ms=1_200, submitted_at=T0.isoformat()),
        now=T0,
    )
    history = DeviceHistory(nearby=tuple(seconds(-5, -4, -3, -2, -1, -1)), previous=(NINE,) * 5)
    reason = flag_reason(submission, history)
    assert reason.startswith("too fast: 9 answers in 1.2 s; burst: 7")
    assert "identical" in reason and len(reason) <= 120
    assert flag_reason(submission, None) == "too fast: 9 answers in 1.2 s"


def test_duration_is_an_optional_whole_number_of_milliseconds_up_to_a_day():
    now = dt.datetime.now(dt.UTC)
    assert parse_submission(submission_payload(), now).duration_ms is None
    assert parse_submission(submission_payload(duration_ms=0), now).duration_ms == 0
    for bad in (-1, MAX_DURATION_MS + 1, 1.5, "9000", True):
        with pytest.raises(InvalidSubmission) as caught:
            parse_submission(submission_payload(duration_ms=bad), now)
        assert "duration_ms" in caught.value.fields, bad


# Through the submission service


def submit(session, mpp, device, at: float, **overrides):
    stamp = (T0 + dt.timedelta(seconds=at)).isoformat()
    payload = submission_payload(submitted_at=stamp, **overrides)
    return submit_response(session, parse_submission(payload, T0 + dt.timedelta(hours=1)),
                           mpp, device, T0 + dt.timedelta(hours=1)).response  # fmt: skip


def test_a_kiosk_burst_is_stored_and_flagged_from_the_seventh(session):
    mpp = make_mpp(session)
    device = make_device(session, mpp).device
    stored = [submit(session, mpp, device, at=10 * i, answers={"waktu": 1 + i % 4})
              for i in range(BURST_LIMIT + 2)]  # fmt: skip
    assert [r.flag_reason is not None for r in stored] == [False] * 6 + [True] * 2
    assert session.query(Response).count() == 8  # flagged, never dropped


def test_flags_are_kept_per_device_not_per_mpp(session):
    mpp = make_mpp(session)
    tablets = [make_device(session, mpp).device for _ in range(2)]
    stored = [submit(session, mpp, tablets[i % 2], at=5 * i, answers={"waktu": 1 + i % 4})
              for i in range(12)]  # fmt: skip
    assert all(r.flag_reason is None for r in stored)


def test_a_run_of_identical_answers_is_flagged_from_the_sixth(session):
    mpp = make_mpp(session)
    device = make_device(session, mpp).device
    stored = [submit(session, mpp, device, at=60 * i, answers=NINE) for i in range(7)]
    assert [r.flag_reason for r in stored[:5]] == [None] * 5
    assert stored[5].flag_reason.startswith("identical")
    varied = submit(session, mpp, device, at=60 * 7, answers={**NINE, "sarana": 3})
    assert varied.flag_reason is None


def test_a_phone_answer_is_checked_for_speed_only(session):
    mpp = make_mpp(session)
    slow = [submit(session, mpp, None, at=i, answers=NINE) for i in range(8)]
    fast = submit(session, mpp, None, at=9, duration_ms=3_000)
    assert all(r.flag_reason is None for r in slow)
    assert fast.flag_reason == "too fast: 9 answers in 3.0 s"


def test_a_repeated_delivery_keeps_its_first_flag(session):
    mpp = make_mpp(session)
    device = make_device(session, mpp).device
    payload = submission_payload(duration_ms=500, submitted_at=T0.isoformat())
    now = T0 + dt.timedelta(minutes=1)
    first = submit_response(session, parse_submission(payload, now), mpp, device, now)
    again = submit_response(session, parse_submission(payload, now), mpp, device, now)
    assert not again.created and again.response.flag_reason == first.response.flag_reason


def test_flagged_responses_of_an_mpp_between_dates(session):
    mpp, other = make_mpp(session), make_mpp(session)
    device = make_device(session, mpp).device
    submit(session, mpp, device, at=0, duration_ms=100)  # 23 Nov in WIB
    submit(session, mpp, device, at=-86_400, duration_ms=100)  # 22 Nov
    submit(session, mpp, device, at=60)  # not flagged
    submit(session, other, None, at=0, duration_ms=100)
    day = dt.date(2026, 11, 23)
    assert len(flagged_responses(session, mpp.id)) == 2
    only = flagged_responses(session, mpp.id, date_from=day, date_to=day)
    assert [r.local_date for r in only] == [day]
    assert flagged_responses(session, mpp.id, date_to=day - dt.timedelta(days=2)) == []
    row = session.scalar(select(Response).where(Response.mpp_id == other.id))
    assert flagged_responses(session, other.id) == [row]


def test_the_rules_see_the_latest_answers_of_a_long_serving_device(session):
    mpp = make_mpp(session)
    device = make_device(session, mpp).device
    for i in range(HISTORY + 10):  # a steady morning, one visitor a minute
        submit(session, mpp, device, at=60 * i - 7200, answers={"waktu": 1 + i % 4})
    rapid = [submit(session, mpp, device, at=i, answers={"biaya": 1 + i % 4})
             for i in range(BURST_LIMIT + 1)]  # fmt: skip
    assert [r.flag_reason is None for r in rapid] == [True] * BURST_LIMIT + [False]
    assert flagged_responses(session, mpp.id) == rapid[-1:]
