"""The inbox through the web: who sees which comment, replying, scoping by id."""

import datetime as dt
import re
import uuid

import pytest
import time_machine

from surveys.complaints import ComplaintStatus
from surveys.models import Response
from tests.factories import csrf_token, login, make_mpp, make_user

AT = dt.datetime(2026, 10, 5, 2, 0, tzinfo=dt.UTC)
OPENED_AT = dt.datetime(2026, 11, 10, 3, 0, tzinfo=dt.UTC)  # October is the last complete month


@pytest.fixture(autouse=True)
def _november():
    with time_machine.travel(OPENED_AT, tick=True):
        yield


def add_comment(session, mpp, comment, tenant_index=0, at=AT):
    tenant = mpp.tenants[tenant_index]
    response = Response(
        uuid=str(uuid.uuid4()),
        mpp_id=mpp.id,
        tenant_id=tenant.id,
        counter_id=tenant.counters[0].id,
        channel="qr",
        waktu=1,
        comment=comment,
        client_submitted_at=at,
        received_at=at,
        local_date=at.date(),
        local_hour=9,
    )
    session.add(response)
    session.commit()
    return response


def test_manager_reads_comments_as_text_and_replies(client, session):
    mpp = make_mpp(session)
    response = add_comment(session, mpp, "<script>alert(1)</script> lama")
    manager = make_user(session, "manager", mpps=[mpp])
    login(client, manager)
    page = client.get(f"/inbox/?mpp={mpp.code}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; lama" in page and "<script>alert" not in page
    token = csrf_token(client, f"/inbox/?mpp={mpp.code}")
    url = f"/inbox/{mpp.code}/{response.id}"
    done = client.post(
        url,
        data={"csrf_token": token, "status": "ditindaklanjuti", "reply": "Loket tambahan dibuka"},
        follow_redirects=True,
    )
    assert "Status pengaduan disimpan" in done.get_data(as_text=True)
    state = session.get(ComplaintStatus, response.id)
    assert state.status == "ditindaklanjuti" and state.updated_by_id == manager.id
    again = client.post(
        url, data={"csrf_token": token, "status": "diproses", "reply": ""}, follow_redirects=True
    )
    assert "tidak diizinkan" in again.get_data(as_text=True)
    assert session.get(ComplaintStatus, response.id).status == "ditindaklanjuti"


def test_closing_without_a_reply_is_refused_with_a_message(client, session):
    mpp = make_mpp(session)
    response = add_comment(session, mpp, "Kursi kurang")
    login(client, make_user(session, "manager", mpps=[mpp]))
    token = csrf_token(client, f"/inbox/?mpp={mpp.code}")
    page = client.post(
        f"/inbox/{mpp.code}/{response.id}",
        data={"csrf_token": token, "status": "ditolak", "reply": " "},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "tuliskan balasan" in page
    assert session.get(ComplaintStatus, response.id) is None


def test_another_mpps_manager_gets_404_by_changing_the_id(client, session):
    mine, other = make_mpp(session), make_mpp(session)
    theirs = add_comment(session, other, "Rahasia MPP lain")
    login(client, make_user(session, "manager", mpps=[mine]))
    assert client.get(f"/inbox/?mpp={other.code}").status_code == 404
    token = csrf_token(client, f"/inbox/?mpp={mine.code}")
    data = {"csrf_token": token, "status": "diproses", "reply": ""}
    assert client.post(f"/inbox/{mine.code}/{theirs.id}", data=data).status_code == 404
    assert client.post(f"/inbox/{other.code}/{theirs.id}", data=data).status_code == 404
    assert "Rahasia" not in client.get(f"/inbox/?mpp={mine.code}").get_data(as_text=True)


def test_officer_sees_only_its_tenant_and_no_manage_pages(client, session):
    mpp = make_mpp(session)
    add_comment(session, mpp, "Untuk tenant nol", tenant_index=0)
    other = add_comment(session, mpp, "Untuk tenant satu", tenant_index=1)
    login(client, make_user(session, "officer", tenant=mpp.tenants[0]))
    page = client.get("/inbox/").get_data(as_text=True)
    assert "Untuk tenant nol" in page and "Untuk tenant satu" not in page
    token = csrf_token(client, "/inbox/")
    data = {"csrf_token": token, "status": "diproses", "reply": ""}
    assert client.post(f"/inbox/{mpp.code}/{other.id}", data=data).status_code == 404
    assert client.get(f"/manage/{mpp.code}/").status_code == 403


def test_evaluators_and_admins_do_not_read_comments(app, session):
    mpp = make_mpp(session)
    add_comment(session, mpp, "Teks pribadi")
    for role in ("evaluator", "admin"):
        client = app.test_client()
        login(client, make_user(session, role))
        assert client.get(f"/inbox/?mpp={mpp.code}").status_code == 403


def test_bad_filters_get_a_clear_400(client, session):
    mpp = make_mpp(session)
    login(client, make_user(session, "manager", mpps=[mpp]))
    for query in ("period=2026-13", "status=nope", "tenant=abc", "tenant=999999"):
        response = client.get(f"/inbox/?mpp={mpp.code}&{query}")
        assert response.status_code == 400, query
    filtered = client.get(f"/inbox/?mpp={mpp.code}&period=2026-10&status=baru")
    assert filtered.status_code == 200


def test_the_period_is_the_dashboards_picker_on_the_last_complete_month(client, session):
    mpp = make_mpp(session)
    add_comment(session, mpp, "Antrean Oktober")
    add_comment(session, mpp, "Antrean November", at=OPENED_AT - dt.timedelta(days=2))
    login(client, make_user(session, "manager", mpps=[mpp]))
    page = client.get(f"/inbox/?mpp={mpp.code}").get_data(as_text=True)
    assert '<select id="f-period" name="period"' in page and 'type="text" name="period"' not in page
    assert '<option value="2026-10" selected>' in page  # the last complete month
    assert re.search(r'<option value="2026-11">[^<]*belum lengkap</option>', page)  # partial
    assert '<option value="2026-Q4">' in page and '<option value="2026">' in page
    assert "Antrean Oktober" in page and "Antrean November" not in page
    current = client.get(f"/inbox/?mpp={mpp.code}&period=2026-11").get_data(as_text=True)
    assert "Antrean November" in current and "Antrean Oktober" not in current


def test_after_saving_the_page_opens_where_the_reply_was(client, session):
    mpp = make_mpp(session)
    first, second = add_comment(session, mpp, "Satu"), add_comment(session, mpp, "Dua")
    login(client, make_user(session, "manager", mpps=[mpp]))
    listed = f"/inbox/?mpp={mpp.code}&status=baru"
    page = client.get(listed).get_data(as_text=True)
    following = re.findall(r'name="following" value="(\d+)"', page)
    assert following == [str(first.id)]  # newest first: "Dua", then "Satu"
    token = csrf_token(client, listed)
    moved = client.post(f"/inbox/{mpp.code}/{second.id}", data={
        "csrf_token": token, "status": "diproses", "reply": "", "next": listed,
        "following": str(first.id)})  # fmt: skip
    # "Dua" left the "baru" list: the page opens at the item now in its place.
    assert moved.location.endswith(f"status=baru#c{first.id}")
    kept = client.post(f"/inbox/{mpp.code}/{first.id}", data={
        "csrf_token": token, "status": "diproses", "reply": "",
        "next": f"/inbox/?mpp={mpp.code}"})  # fmt: skip
    assert kept.location.endswith(f"#c{first.id}")  # still listed: at the item itself
