"""Item 15: a manager never learns which other MPPs are their DEA peers, from any download or
the API: only how many there are, as the MPP's page says. Evaluators still see the codes."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from tests.app.test_api_national import _new_token, bearer
from tests.factories import login, make_user
from tests.surveys.test_national_seed import YEAR, national_world

OTHERS = ("mpp-good", "mpp-mid", "mpp-thin")


@pytest.fixture
def world(session):
    return national_world(session)


def peers_for_evaluator(app, session) -> str:
    client = app.test_client()
    login(client, make_user(session, "evaluator"))
    rows = client.get(f"/national/export.json?year={YEAR}").get_json()["rows"]
    return next(r for r in rows if r["mpp_code"] == "mpp-weak")["dea_peers"]


def names_of(world) -> list[str]:
    return [world[key].name for key in ("good", "mid", "thin")]


def test_the_weak_mpp_has_named_peers_for_an_evaluator(app, session, world):
    peers = peers_for_evaluator(app, session)
    assert peers and set(peers.split()) <= set(OTHERS)


def test_a_managers_downloads_carry_the_number_of_peers_only(app, client, session, world):
    expected = len(peers_for_evaluator(app, session).split())
    login(client, make_user(session, "manager", mpps=[world["weak"]]))
    bodies = {fmt: client.get(f"/national/export.{fmt}?year={YEAR}") for fmt in
              ("csv", "xlsx", "json")}  # fmt: skip
    assert all(b.status_code == 200 for b in bodies.values())
    text = bodies["csv"].get_data(as_text=True) + bodies["json"].get_data(as_text=True)
    assert not any(code in text for code in OTHERS)
    assert not any(name in text for name in names_of(world))
    (row,) = csv.DictReader(io.StringIO(bodies["csv"].get_data(as_text=True)))
    assert row["mpp_code"] == "mpp-weak" and int(row["dea_peers"]) == expected
    (record,) = bodies["json"].get_json()["rows"]
    assert record["dea_peers"] == expected
    sheet = openpyxl.load_workbook(io.BytesIO(bodies["xlsx"].data)).active
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert not any(isinstance(v, str) and any(code in v for code in OTHERS) for v in cells)
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("dea_peers") + 1).value == expected


def test_a_managers_api_token_reads_the_number_of_peers_only(app, client, session, world):
    expected = len(peers_for_evaluator(app, session).split())
    secret = _new_token(client, make_user(session, "manager", mpps=[world["weak"]]))
    national = client.get(f"/api/v1/national?year={YEAR}", headers=bearer(secret))
    detail = client.get(f"/api/v1/mpps/mpp-weak?year={YEAR}", headers=bearer(secret))
    for response in (national, detail):
        text = response.get_data(as_text=True)
        assert response.status_code == 200
        assert not any(code in text for code in OTHERS)
    (row,) = national.get_json()["rows"]
    assert row["dea_peers"] == expected and detail.get_json()["dea_peers"] == expected
