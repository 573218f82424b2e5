"""Managing an MPP through the web: access, catalogue, kiosks, figures, flags, alerts."""

import datetime as dt
import io
import re

import pytest
from sqlalchemy import func, select

from surveys import rollups
from surveys.alerts import Alert
from surveys.devices import hash_token
from surveys.models import Counter, Device, Response, Tenant
from surveys.operations import MonthlyFigures
from surveys.stats_queries import element_counts
from tests.factories import csrf_token, login, make_mpp, make_user

PAGES = ("", "tenants", "devices", "qr", "figures", "flagged", "alerts")


@pytest.fixture
def manager_client(app, session):
    mpp = make_mpp(session)
    client = app.test_client()
    login(client, make_user(session, "manager", mpps=[mpp]))
    return client, mpp


def test_every_page_opens_for_the_manager_and_the_admin(app, session, manager_client):
    client, mpp = manager_client
    for page in PAGES:
        assert client.get(f"/manage/{mpp.code}/{page}").status_code == 200, page
    assert client.get("/manage/").status_code == 302  # one MPP: straight to it
    admin = app.test_client()
    login(admin, make_user(session, "admin"))
    for page in PAGES:
        assert admin.get(f"/manage/{mpp.code}/{page}").status_code == 200, page
    make_mpp(session)
    assert admin.get("/manage/").status_code == 200  # several MPPs: a list


def test_other_roles_and_other_mpps_are_kept_out(app, session, manager_client):
    client, mpp = manager_client
    other = make_mpp(session)
    for page in PAGES:
        assert client.get(f"/manage/{other.code}/{page}").status_code == 404, page
    token = csrf_token(client, f"/manage/{mpp.code}/tenants")
    foreign_counter = other.tenants[0].counters[0]
    post = client.post(
        f"/manage/{mpp.code}/counters/{foreign_counter.id}",
        data={"csrf_token": token, "active": "0"},
    )
    assert post.status_code == 404 and session.get(Counter, foreign_counter.id).active
    for role, kwargs in (("evaluator", {}), ("officer", {"tenant": mpp.tenants[0]})):
        outsider = app.test_client()
        login(outsider, make_user(session, role, **kwargs))
        assert outsider.get(f"/manage/{mpp.code}/").status_code == 403, role
        assert outsider.get("/manage/").status_code == 403, role


def test_catalogue_changes_through_the_forms(session, manager_client):
    client, mpp = manager_client
    token = csrf_token(client, f"/manage/{mpp.code}/tenants")
    tenant = mpp.tenants[0]
    added = client.post(
        f"/manage/{mpp.code}/tenants/{tenant.id}/counters",
        data={"csrf_token": token, "code": "L99", "name": "Loket baru"},
        follow_redirects=True,
    )
    assert "Loket baru" in added.get_data(as_text=True)
    taken = client.post(
        f"/manage/{mpp.code}/tenants/{tenant.id}/counters",
        data={"csrf_token": token, "code": "L99", "name": "Lagi"},
        follow_redirects=True,
    )
    assert "Belum tersimpan" in taken.get_data(as_text=True)
    counter = session.scalar(select(Counter).where(Counter.code == "L99"))
    client.post(
        f"/manage/{mpp.code}/counters/{counter.id}",
        data={"csrf_token": token, "name": "Loket Dukcapil 9"},
    )
    client.post(
        f"/manage/{mpp.code}/counters/{counter.id}", data={"csrf_token": token, "active": "0"}
    )
    session.refresh(counter)
    assert counter.name == "Loket Dukcapil 9" and not counter.active
    client.post(
        f"/manage/{mpp.code}/tenants/{tenant.id}/services",
        data={"csrf_token": token, "code": "S-new", "name": "Layanan baru"},
    )
    client.post(
        f"/manage/{mpp.code}/tenants/{tenant.id}/active", data={"csrf_token": token, "active": "0"}
    )
    assert not session.get(Tenant, tenant.id).active
    assert "Layanan baru" in client.get(f"/manage/{mpp.code}/tenants/{tenant.id}").get_data(
        as_text=True
    )


def test_device_token_is_shown_once_and_stored_hashed(session, manager_client):
    client, mpp = manager_client
    token = csrf_token(client, f"/manage/{mpp.code}/devices")
    counter = mpp.tenants[0].counters[0]
    page = client.post(
        f"/manage/{mpp.code}/devices",
        data={"csrf_token": token, "label": "Tablet loket 1", "counter": str(counter.id)},
    )
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    text = page.get_data(as_text=True)
    kiosk_token = re.search(r"/kiosk/#token=([A-Za-z0-9_-]+)", text).group(1)
    assert "<svg" in text  # the QR code to scan with the tablet
    device = session.scalar(select(Device).where(Device.label == "Tablet loket 1"))
    assert device.token_hash == hash_token(kiosk_token) and device.counter_id == counter.id
    listing = client.get(f"/manage/{mpp.code}/devices").get_data(as_text=True)
    assert kiosk_token not in listing and "Tablet loket 1" in listing
    client.post(f"/manage/{mpp.code}/devices/{device.id}/revoke", data={"csrf_token": token})
    session.refresh(device)
    assert device.revoked


def test_figures_grid_and_csv_upload(session, manager_client):
    client, mpp = manager_client
    url = f"/manage/{mpp.code}/figures?month=2026-10"
    token = csrf_token(client, url)
    t0, t1 = mpp.tenants
    bad = client.post(url, data={"csrf_token": token, f"t{t0.id}-visitors": "-1"})
    assert bad.status_code == 422 and "harus nol atau lebih" in bad.get_data(as_text=True)
    cells = {
        f"t{t0.id}-{f}": "10"
        for f in ("visitors", "transactions", "staff_on_duty", "counters_open", "opening_hours")
    }
    assert client.post(url, data={"csrf_token": token, **cells}).status_code == 302
    assert session.scalar(select(MonthlyFigures.visitors)) == 10
    template = client.get(f"/manage/{mpp.code}/figures/template.csv?month=2026-11")
    assert template.mimetype == "text/csv"
    body = template.get_data(as_text=True).replace(",,,,,,,", ",5,5,1,1,100,,")
    lines = body.strip().split("\n")
    lines.append("2026-11,no-such-agency,1,1,1,1,1,,")
    upload = {"csrf_token": token, "file": (io.BytesIO("\n".join(lines).encode()), "a.csv")}
    refused = client.post(
        f"/manage/{mpp.code}/figures/import?month=2026-11",
        data=upload,
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    assert "instansi tidak dikenal di MPP ini" in refused.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(MonthlyFigures)) == 1
    upload = {"csrf_token": token, "file": (io.BytesIO(body.encode()), "a.csv")}
    ok = client.post(
        f"/manage/{mpp.code}/figures/import?month=2026-11",
        data=upload,
        content_type="multipart/form-data",
    )
    assert ok.status_code == 302
    assert session.scalar(select(func.count()).select_from(MonthlyFigures)) == 3
    assert client.get(f"/manage/{mpp.code}/figures?month=2026-13").status_code == 400


def test_excluding_a_flagged_answer_changes_the_rollup(session, manager_client):
    client, mpp = manager_client
    counter = mpp.tenants[0].counters[0]
    at = dt.datetime(2026, 10, 5, 3, tzinfo=dt.UTC)
    for n, reason in enumerate((None, "too fast: 9 answers in 2.0 s")):
        session.add(
            Response(
                uuid=f"f{n}",
                mpp_id=mpp.id,
                tenant_id=counter.tenant_id,
                counter_id=counter.id,
                channel="kiosk",
                waktu=1,
                flag_reason=reason,
                client_submitted_at=at,
                received_at=at,
                local_date=at.date(),
                local_hour=10,
            )
        )
    session.commit()
    rollups.rebuild(session)

    def respondents():
        return int(element_counts(session, mpp_ids=[mpp.id], group_by=()).respondents[0])

    assert respondents() == 2
    flagged = session.scalar(select(Response).where(Response.flag_reason.is_not(None)))
    page = client.get(f"/manage/{mpp.code}/flagged").get_data(as_text=True)
    assert "1 jawaban bertanda, 0 dikecualikan" in page
    token = csrf_token(client, f"/manage/{mpp.code}/flagged")
    client.post(
        f"/manage/{mpp.code}/flagged/{flagged.id}", data={"csrf_token": token, "excluded": "1"}
    )
    assert respondents() == 1
    page = client.get(f"/manage/{mpp.code}/flagged").get_data(as_text=True)
    assert "1 jawaban bertanda, 1 dikecualikan" in page
    client.post(
        f"/manage/{mpp.code}/flagged/{flagged.id}", data={"csrf_token": token, "excluded": "0"}
    )
    assert respondents() == 2
    unflagged = session.scalar(select(Response).where(Response.flag_reason.is_(None)))
    data = {"csrf_token": token, "excluded": "1"}
    assert client.post(f"/manage/{mpp.code}/flagged/{unflagged.id}", data=data).status_code == 404


def test_alert_is_acknowledged_with_a_comment_and_the_rule_edited(session, manager_client):
    client, mpp = manager_client
    now = dt.datetime.now(dt.UTC)
    session.add(
        Alert(
            mpp_id=mpp.id,
            counter_id=mpp.tenants[0].counters[0].id,
            kind="window",
            window_start=now - dt.timedelta(hours=1),
            window_end=now,
            details={"responses": 4, "answers": 36, "low": 30, "minutes": 60},
        )
    )
    session.commit()
    alert = session.scalar(select(Alert))
    page = client.get(f"/manage/{mpp.code}/alerts").get_data(as_text=True)
    assert "30 dari 36 jawaban" in page
    token = csrf_token(client, f"/manage/{mpp.code}/alerts")
    url = f"/manage/{mpp.code}/alerts/{alert.id}/acknowledge"
    empty = client.post(url, data={"csrf_token": token, "comment": ""}, follow_redirects=True)
    assert "Belum tersimpan" in empty.get_data(as_text=True)
    client.post(url, data={"csrf_token": token, "comment": "Petugas tambahan"})
    session.refresh(alert)
    assert alert.comment == "Petugas tambahan" and alert.acknowledged_at is not None
    rule = {
        "csrf_token": token,
        "window_enabled": "1",
        "low_share": "60",
        "window_minutes": "30",
        "min_responses": "5",
        "ikm_drop_points": "4",
        "drop_min_responses": "20",
    }
    client.post(f"/manage/{mpp.code}/alerts/rule", data=rule)
    from surveys.alerts import rule_for

    saved = rule_for(session, mpp.id)
    assert (saved.low_share, saved.window_minutes, saved.drop_enabled) == (0.6, 30, False)
    bad = client.post(
        f"/manage/{mpp.code}/alerts/rule", data=dict(rule, low_share="abc"), follow_redirects=True
    )
    assert "Belum tersimpan" in bad.get_data(as_text=True)
    other = make_mpp(session)
    assert (
        client.post(
            f"/manage/{other.code}/alerts/{alert.id}/acknowledge",
            data={"csrf_token": token, "comment": "x"},
        ).status_code
        == 404
    )


def test_the_dashboard_shows_open_alerts_and_complaints(session, manager_client):
    client, mpp = manager_client
    now = dt.datetime.now(dt.UTC)
    session.add(
        Alert(
            mpp_id=mpp.id,
            counter_id=mpp.tenants[0].counters[0].id,
            kind="window",
            window_start=now - dt.timedelta(hours=1),
            window_end=now,
            details={"responses": 4, "answers": 36, "low": 30, "minutes": 60},
        )
    )
    counter = mpp.tenants[0].counters[0]
    session.add(
        Response(
            uuid="d1",
            mpp_id=mpp.id,
            tenant_id=counter.tenant_id,
            counter_id=counter.id,
            channel="qr",
            **dict.fromkeys(("persyaratan", "prosedur", "waktu", "biaya", "produk"), 2),
            **dict.fromkeys(("kompetensi", "perilaku", "sarana", "pengaduan"), 3),
            comment="Antrean lama",
            client_submitted_at=now,
            received_at=now,
            local_date=now.astimezone(mpp.zone).date(),
            local_hour=10,
        )
    )
    session.commit()
    rollups.rebuild(session)
    this_month = f"{now.astimezone(mpp.zone):%Y-%m}"  # the answer's month, not the default one
    page = client.get(f"/dashboard/{mpp.code}/?period={this_month}").get_data(as_text=True)
    assert "Peringatan terbuka" in page
    assert f"/manage/{mpp.code}/alerts" in page
