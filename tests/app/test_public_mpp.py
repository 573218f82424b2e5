"""The public page of an MPP: only published periods, no comments, the poster."""

from __future__ import annotations

from surveys.publication import PublishedPeriod
from tests.app.test_reports import PERIOD, as_user
from tests.factories import csrf_token, make_mpp
from tests.surveys.test_reports import load_worked_example, submit


def publication(client, mpp, action, period="2026-10"):
    token = csrf_token(client, f"/reports/{mpp.code}?{PERIOD}")
    return client.post(f"/reports/{mpp.code}/publication",
                       data={"csrf_token": token, "period": period, "action": action})  # fmt: skip


def test_unpublished_mpp_shows_an_empty_state(client, session):
    mpp = make_mpp(session)
    load_worked_example(session, mpp)
    page = client.get(f"/mpp/{mpp.code}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Belum ada hasil survei yang dipublikasikan" in html and "91,48" not in html
    assert client.get(f"/mpp/{mpp.code}/poster-2026-10.png").status_code == 404


def test_manager_publishes_and_withdraws_a_period(client, session):
    mpp = make_mpp(session)
    load_worked_example(session, mpp)
    submit(session, mpp, {"waktu": 4}, counter="L10", comment="Rahasia pribadi 0812")
    as_user(client, session, "manager", mpps=[mpp])
    answer = publication(client, mpp, "publish")
    assert answer.status_code == 302
    assert session.query(PublishedPeriod).count() == 1
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, f"/reports/{mpp.code}")})
    html = client.get(f"/mpp/{mpp.code}").get_data(as_text=True)
    assert "Oktober 2026" in html and "Rahasia" not in html
    assert "poster-2026-10.png" in html
    poster = client.get(f"/mpp/{mpp.code}/poster-2026-10.png")
    assert poster.status_code == 200 and poster.data.startswith(b"\x89PNG")
    assert client.get(f"/mpp/{mpp.code}/poster-2026-09.png").status_code == 404
    assert client.get(f"/mpp/{mpp.code}/poster-banana.pdf").status_code == 404

    as_user(client, session, "manager", mpps=[mpp])
    assert publication(client, mpp, "unpublish").status_code == 302
    html = client.get(f"/mpp/{mpp.code}").get_data(as_text=True)
    assert "Belum ada hasil survei yang dipublikasikan" in html
    assert client.get(f"/mpp/{mpp.code}/poster-2026-10.png").status_code == 404


def test_public_page_shows_tenant_scores(client, session):
    mpp = make_mpp(session)
    load_worked_example(session, mpp)
    as_user(client, session, "manager", mpps=[mpp])
    publication(client, mpp, "publish")
    html = client.get(f"/mpp/{mpp.code}").get_data(as_text=True)
    assert "91,48" in html and mpp.tenants[0].name in html


def test_ranges_and_future_periods_cannot_be_published(client, session):
    mpp = make_mpp(session)
    as_user(client, session, "manager", mpps=[mpp])
    publication(client, mpp, "publish", "2026-01-01..2026-01-31")
    publication(client, mpp, "publish", "2099-01")
    answer = publication(client, mpp, "publish", "garbage")
    assert answer.status_code == 302
    assert session.query(PublishedPeriod).count() == 0


def test_another_managers_publication_is_refused(client, session):
    mpp, other = make_mpp(session), make_mpp(session)
    as_user(client, session, "manager", mpps=[other])
    token = csrf_token(client, f"/reports/{other.code}?{PERIOD}")
    answer = client.post(
        f"/reports/{mpp.code}/publication",
        data={"csrf_token": token, "period": "2026-10", "action": "publish"},
    )
    assert answer.status_code == 404
    assert session.query(PublishedPeriod).count() == 0


def test_unknown_mpp_is_404(client):
    assert client.get("/mpp/nowhere").status_code == 404
