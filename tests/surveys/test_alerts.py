"""Alerts: the counter window rule, the IKM drop rule, acknowledging."""

import datetime as dt

import pytest

from analysis.skm import ELEMENT_CODES
from surveys import rollups
from surveys.alerts import (
    Alert,
    acknowledge,
    alerts_for,
    open_alert_count,
    refresh_period_alerts,
    rule_for,
    update_rule,
)
from surveys.errors import InvalidSubmission
from surveys.responses import submit_response
from surveys.validation import parse_submission
from tests.factories import make_mpp, make_user, submission_payload

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def submit(session, mpp, score, minutes_ago, counter="L00"):
    at = NOW - dt.timedelta(minutes=minutes_ago)
    payload = submission_payload(
        counter=counter,
        answers=dict.fromkeys(ELEMENT_CODES, score),
        submitted_at=at.isoformat().replace("+00:00", "Z"),
    )
    submission = parse_submission(payload, NOW, channel="qr")
    return submit_response(session, submission, mpp, now=NOW).response


def test_four_low_responses_in_an_hour_raise_one_alert(session):
    mpp = make_mpp(session)
    submit(session, mpp, 1, 50)
    submit(session, mpp, 2, 40)
    submit(session, mpp, 4, 30)
    assert session.query(Alert).count() == 0  # three responses: not enough
    submit(session, mpp, 1, 20)  # 3 of 4 responses at 1-2: 75 % of answers
    assert session.query(Alert).count() == 1
    submit(session, mpp, 1, 10)  # the streak goes on: the same alert, extended
    alerts = session.query(Alert).all()
    assert len(alerts) == 1 and alerts[0].kind == "window"
    assert alerts[0].details["responses"] == 5 and alerts[0].details["low"] == 36
    assert open_alert_count(session, mpp.id) == 1


def test_good_answers_or_another_counter_raise_nothing(session):
    mpp = make_mpp(session)
    for minutes in (50, 40, 30):
        submit(session, mpp, 1, minutes)
    submit(session, mpp, 1, 20, counter="L01")  # another counter
    for minutes in (15, 10, 5):
        submit(session, mpp, 4, minutes, counter="L01")
    assert session.query(Alert).count() == 0


def test_the_rule_is_editable_and_checked(session):
    mpp = make_mpp(session)
    assert rule_for(session, mpp.id).min_responses == 4
    values = dict(
        window_minutes=30,
        min_responses=2,
        low_share=0.6,
        ikm_drop_points=3,
        drop_min_responses=10,
        window_enabled=True,
        drop_enabled=True,
    )
    update_rule(session, mpp.id, values, None)
    submit(session, mpp, 1, 20)
    submit(session, mpp, 2, 10)
    assert session.query(Alert).count() == 1
    with pytest.raises(InvalidSubmission) as bad:
        update_rule(session, mpp.id, dict(values, low_share=5), None)
    assert "low_share" in bad.value.fields


def _month_responses(session, mpp, month_start, score, n):
    from surveys.models import Response

    counter = mpp.tenants[0].counters[0]
    for i in range(n):
        at = dt.datetime.combine(month_start + dt.timedelta(days=i % 20), dt.time(3), dt.UTC)
        session.add(
            Response(
                uuid=f"m-{month_start}-{i}",
                mpp_id=mpp.id,
                tenant_id=counter.tenant_id,
                counter_id=counter.id,
                channel="qr",
                **{
                    c: score
                    for c in (
                        "persyaratan",
                        "prosedur",
                        "waktu",
                        "biaya",
                        "produk",
                        "kompetensi",
                        "perilaku",
                        "sarana",
                        "pengaduan",
                    )
                },
                client_submitted_at=at,
                received_at=at,
                local_date=at.date(),
                local_hour=10,
            )
        )
    session.commit()


def test_an_ikm_drop_of_more_than_five_points_raises_one_alert(session):
    mpp = make_mpp(session)
    _month_responses(session, mpp, dt.date(2026, 9, 1), 4, 30)  # IKM 100
    _month_responses(session, mpp, dt.date(2026, 10, 1), 3, 30)  # IKM 75
    rollups.rebuild(session)
    refresh_period_alerts(session, mpp, today=dt.date(2026, 11, 3))
    refresh_period_alerts(session, mpp, today=dt.date(2026, 11, 20))  # once per month
    alerts = alerts_for(session, mpp.id)
    assert len(alerts) == 1 and alerts[0].kind == "ikm_drop"
    assert alerts[0].details["ikm"] == 75 and alerts[0].details["previous_ikm"] == 100
    refresh_period_alerts(session, mpp, today=dt.date(2026, 10, 15))  # Sep vs Aug: no data
    assert len(alerts_for(session, mpp.id)) == 1


def test_a_small_drop_raises_nothing(session):
    mpp = make_mpp(session)
    _month_responses(session, mpp, dt.date(2026, 9, 1), 4, 30)
    _month_responses(session, mpp, dt.date(2026, 10, 1), 4, 30)
    rollups.rebuild(session)
    refresh_period_alerts(session, mpp, today=dt.date(2026, 11, 3))
    assert alerts_for(session, mpp.id) == []


def test_acknowledge_needs_a_comment_and_records_who(session):
    mpp = make_mpp(session)
    user = make_user(session, "manager", mpps=[mpp])
    for minutes in (40, 30, 20, 10):
        submit(session, mpp, 1, minutes)
    alert = alerts_for(session, mpp.id)[0]
    with pytest.raises(InvalidSubmission):
        acknowledge(session, alert, user.id, "  ")
    acknowledge(session, alert, user.id, "Petugas ditegur, antrean diurai")
    assert alert.acknowledged_by_id == user.id and alert.acknowledged_at is not None
    assert open_alert_count(session, mpp.id) == 0
    with pytest.raises(InvalidSubmission):
        acknowledge(session, alert, user.id, "again")
