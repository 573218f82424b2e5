import csv
import json

import pytest
from sqlalchemy import select

from app.cli_national import national_cli
from surveys.api_tokens import ApiToken
from tests.factories import csrf_token, login, make_user
from tests.surveys.test_national_seed import YEAR, national_world, short_region_codes  # noqa: F401


@pytest.fixture
def world(session):
    return national_world(session)


def _new_token(client, user, label="rapor") -> str:
    login(client, user)
    data = {"csrf_token": csrf_token(client, "/national/tokens"), "label": label}
    page = client.post("/national/tokens", data=data).get_data(as_text=True)
    secret = page.split('class="token-secret">', 1)[1].split("<", 1)[0]
    assert secret.startswith("mutu_")
    return secret


def bearer(secret):
    return {"Authorization": f"Bearer {secret}"}


def test_token_is_shown_once_and_stored_hashed(client, session):
    evaluator = make_user(session, "evaluator")
    secret = _new_token(client, evaluator)
    stored = session.scalars(select(ApiToken)).one()
    assert (
        stored.token_hash != secret
        and secret not in stored.token_hash
        and len(stored.token_hash) == 64
    )
    assert secret not in client.get("/national/tokens").get_data(as_text=True)


def test_missing_unknown_and_revoked_tokens_get_401_json(client, session, world):
    evaluator = make_user(session, "evaluator")
    secret = _new_token(client, evaluator)
    for headers in (
        {},
        {"Authorization": "Bearer"},
        bearer("mutu_nope"),
        {"Authorization": secret},
    ):
        response = client.get(f"/api/v1/national?year={YEAR}", headers=headers)
        assert response.status_code == 401 and response.get_json()["error"]
    assert client.get(f"/api/v1/national?year={YEAR}", headers=bearer(secret)).status_code == 200
    token = session.scalars(select(ApiToken)).one()
    client.post(f"/national/tokens/{token.id}/revoke",
                data={"csrf_token": csrf_token(client, "/national/tokens")})  # fmt: skip
    revoked = client.get(f"/api/v1/national?year={YEAR}", headers=bearer(secret))
    assert revoked.status_code == 401 and revoked.is_json


def test_another_users_token_cannot_be_revoked(client, session):
    first = make_user(session, "evaluator")
    _new_token(client, first)
    token_id = session.scalars(select(ApiToken)).one().id
    client.post("/auth/logout", data={"csrf_token": csrf_token(client, "/national/tokens")})
    login(client, make_user(session, "evaluator"))
    url = f"/national/tokens/{token_id}/revoke"
    assert (
        client.post(url, data={"csrf_token": csrf_token(client, "/national/tokens")}).status_code
        == 404
    )
    assert session.get(ApiToken, token_id).revoked_at is None


def test_api_national_matches_the_download(client, session, world):
    evaluator = make_user(session, "evaluator")
    secret = _new_token(client, evaluator)
    api = client.get(f"/api/v1/national?year={YEAR}", headers=bearer(secret)).get_json()
    download = client.get(f"/national/export.json?year={YEAR}").get_json()
    assert api["rows"] == download["rows"] and api["total_mpps"] == 4


def test_manager_token_reads_only_their_mpp(client, session, world):
    manager = make_user(session, "manager", mpps=[world["weak"]])
    secret = _new_token(client, manager)
    rows = client.get(f"/api/v1/national?year={YEAR}", headers=bearer(secret)).get_json()["rows"]
    assert [r["mpp_code"] for r in rows] == ["mpp-weak"]
    assert client.get("/api/v1/mpps/mpp-good", headers=bearer(secret)).status_code == 404
    detail = client.get(f"/api/v1/mpps/mpp-weak?year={YEAR}", headers=bearer(secret)).get_json()
    assert isinstance(detail["dea_peers"], int)  # a count, no other MPP's code
    assert abs(sum(detail["contributions"].values()) - detail["effectiveness"]) < 0.01


def test_api_ikm_for_a_period_and_bad_period(client, session, world):
    secret = _new_token(client, make_user(session, "evaluator"))
    body = client.get("/api/v1/mpps/mpp-good/ikm?period=2025-Q1", headers=bearer(secret)).get_json()
    assert body["period"] == "2025-Q1" and body["responses"] == 60
    assert body["ikm_low"] <= body["ikm"] <= body["ikm_high"] and body["mutu"] in "ABCD"
    bad = client.get("/api/v1/mpps/mpp-good/ikm?period=Q5", headers=bearer(secret))
    assert bad.status_code == 422 and bad.get_json()["fields"]["period"]
    assert client.get("/api/v1/national?year=x", headers=bearer(secret)).status_code == 422


def test_openapi_documents_the_bearer_scheme(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["components"]["securitySchemes"]["Bearer"]["scheme"] == "bearer"
    assert spec["paths"]["/national"]["get"]["security"] == [{"Bearer": []}]


def test_cli_exports_the_national_table(app, session, world, tmp_path):
    runner = app.test_cli_runner()
    out_csv, out_json = tmp_path / "n.csv", tmp_path / "n.json"
    result = runner.invoke(national_cli, ["export", "--year", str(YEAR), "-o", str(out_csv)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out_csv.read_text(encoding="utf-8").splitlines()))
    required = ["mpp_code", "mpp_name", "province", "regency", "responses", "ikm", "mutu",
                "effectiveness", "dea_efficiency", "readiness", "readiness_label"]  # fmt: skip
    assert set(required) <= set(rows[0]) and len(rows) == 4
    runner.invoke(national_cli, ["export", "--year", str(YEAR), "--format", "json", "-o",
                                 str(out_json)])  # fmt: skip
    as_json = json.loads(out_json.read_text(encoding="utf-8"))["rows"]
    assert [r["mpp_code"] for r in as_json] == [r["mpp_code"] for r in rows]
    bad = runner.invoke(national_cli, ["export", "--year", "abc", "-o", str(out_csv)])
    assert bad.exit_code != 0 and "year" in bad.output
