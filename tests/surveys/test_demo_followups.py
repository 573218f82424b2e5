import datetime as dt

from sqlalchemy import select

from surveys.complaints import follow_up_stats
from surveys.demo import load_demo
from surveys.demo_followups import load_demo_follow_ups
from surveys.models import Mpp


def test_demo_mpps_follow_up_at_different_paces(session):
    today = dt.date(2026, 11, 23)
    load_demo(session, today=today, days=40)
    assert load_demo_follow_ups(session, today) > 0
    shares = {}
    for code in ("kota-surabaya", "kota-ambon"):
        mpp = session.scalar(select(Mpp).where(Mpp.code == code))
        stats = follow_up_stats(session, mpp.id, today - dt.timedelta(days=40), today)
        total = sum(t.total for t in stats)
        shares[code] = sum(t.followed_up for t in stats) / total
    assert shares["kota-surabaya"] > 0.7 > 0.4 > shares["kota-ambon"]
