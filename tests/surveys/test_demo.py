import datetime as dt

from sqlalchemy import func, select

from surveys.demo import DEMO_MPPS, demo_is_loaded, demo_token, load_demo
from surveys.devices import device_for_token
from surveys.models import Counter, Mpp, Province, Regency, Response, Tenant


def test_demo_loads_real_mpps_across_the_three_zones(session):
    assert not demo_is_loaded(session)
    summary = load_demo(session, today=dt.date(2026, 11, 23), days=14)
    assert demo_is_loaded(session)
    assert session.scalar(select(func.count()).select_from(Province)) == 38
    assert session.scalar(select(func.count()).select_from(Regency)) == 514
    mpps = session.scalars(select(Mpp)).all()
    assert 8 <= len(mpps) == len(DEMO_MPPS) <= 12
    assert all(m.is_demo for m in mpps)
    assert {m.zone_abbreviation for m in mpps} == {"WIB", "WITA", "WIT"}
    banyuwangi = session.scalar(select(Mpp).where(Mpp.code == "kab-banyuwangi"))
    assert banyuwangi.regency.name == "Kabupaten Banyuwangi" and banyuwangi.regency_code == "35.10"
    for mpp in mpps:
        tenants = session.scalar(select(func.count()).where(Tenant.mpp_id == mpp.id))
        assert 8 <= tenants <= 15
    assert summary.responses == session.scalar(select(func.count()).select_from(Response))
    assert summary.counters == session.scalar(select(func.count()).select_from(Counter))


def test_demo_answers_have_structure(session):
    load_demo(session, today=dt.date(2026, 11, 23), days=28)
    days = session.execute(select(Response.local_date, func.count()).group_by(Response.local_date))
    per_weekday = {}
    for day, n in days:
        per_weekday[day.weekday()] = per_weekday.get(day.weekday(), 0) + n
    assert 6 not in per_weekday  # closed on Sundays
    assert per_weekday[5] < per_weekday[2]  # Saturdays are quiet
    hours = set(session.scalars(select(Response.local_hour).distinct()))
    assert hours <= set(range(8, 16))
    comments = session.scalar(select(func.count()).where(Response.comment.is_not(None)))
    assert comments > 0
    means = session.execute(
        select(Response.counter_id, func.avg(Response.waktu)).group_by(Response.counter_id)
    ).all()
    spread = max(m for _, m in means if m) - min(m for _, m in means if m)
    assert spread > 0.5  # a few counters are clearly worse


def test_demo_kiosk_tokens_work(session):
    load_demo(session, today=dt.date(2026, 11, 23), days=1)
    device = device_for_token(session, demo_token("kota-ambon"))
    assert device is not None and device.mpp.zone_abbreviation == "WIT"
