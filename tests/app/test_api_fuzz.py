"""Whatever a tablet, a proxy or an attacker sends, the API answers < 500, in JSON; and the
contract the OpenAPI description promises is the one the server keeps."""

import json
import re

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from surveys.devices import revoke_device
from surveys.instrument import ELEMENTS
from surveys.models import Counter, Response, Tenant
from tests.factories import make_device, make_mpp, submission_payload

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FIELDS = ("id", "counter", "service", "answers", "profile", "comment", "submitted_at", "lang",
          "duration_ms")  # fmt: skip

# What broke the server once (issue 13): Unicode digits that str.isdigit() accepts and int()
# refuses, lone UTF-16 surrogates (hypothesis's text() never draws them), CR/LF, NUL.
ODD_TEXT = st.sampled_from(["²", "12²", "١٢", "①", "\ud800", "a\udfffb", "\r\nX-Injected: 1",
                            "\x00", "\u2028", "2026-Q²"])  # fmt: skip
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50) | ODD_TEXT,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),  # fmt: skip
    max_leaves=12,
)
header_text = st.text(st.characters(min_codepoint=32, max_codepoint=255, exclude_characters="\x7f"),
                      max_size=80)  # fmt: skip
content_types = st.sampled_from(
    ["application/json", "application/json; charset=utf-8", "application/json; charset=utf-16",
     "text/plain", "application/x-www-form-urlencoded", "multipart/form-data", ""]
) | header_text  # fmt: skip


@st.composite
def near_valid_payloads(draw) -> dict:
    """A valid submission with one part replaced, removed or added: reaches the deep checks."""
    payload = submission_payload(counter=draw(st.sampled_from(["L00", "L01", "L10"])))
    key = draw(st.sampled_from(FIELDS) | st.text(max_size=8) | ODD_TEXT)
    action = draw(st.sampled_from(["replace", "remove", "answer", "profile", "duration"]))
    if action == "duration":
        payload["duration_ms"] = draw(st.integers(min_value=-10, max_value=10**8))
    elif action == "remove":
        payload.pop(key, None)
    elif action == "answer":
        element = draw(st.sampled_from(list(ELEMENTS)) | st.text(max_size=12))
        payload["answers"][element] = draw(json_values)
    elif action == "profile":
        payload["profile"][draw(st.text(max_size=10))] = draw(json_values)
    else:
        payload[key] = draw(json_values)
    return payload


bodies = st.one_of(
    near_valid_payloads().map(json.dumps),
    near_valid_payloads().map(json.dumps),
    json_values.map(json.dumps),
    st.binary(max_size=300),
    st.text(max_size=300),
)


def assert_json_error_or_stored(response):
    event(f"status {response.status_code}")
    assert response.status_code < 500, response.data[:300]
    data = response.get_json(force=True, silent=True)
    assert isinstance(data, dict), response.data[:300]
    if response.status_code >= 400:
        assert isinstance(data["error"], str) and data["error"]
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in data["fields"].items())
    else:
        assert response.status_code in (200, 201)
        assert set(data) >= {"id", "counter", "answers", "flagged"}


@pytest.fixture
def token(session):
    return make_device(session, make_mpp(session)).token


def authorization(token: str):
    valid = st.just(f"Device {token}")
    wrong = st.sampled_from([f"Bearer {token}", f"Device  {token}x", "Device ", ""])
    return st.one_of(valid, valid, wrong, header_text.map(lambda t: f"Device {t}"))


@FUZZ
@given(data=st.data(), body=bodies, content_type=content_types)
def test_any_submission_gets_a_json_answer_below_500(client, token, data, body, content_type):
    headers = {"Authorization": data.draw(authorization(token))}
    response = client.post("/api/v1/responses", data=body, headers=headers,
                           content_type=content_type)  # fmt: skip
    assert_json_error_or_stored(response)


@FUZZ
@given(data=st.data(), lang=header_text, method=st.sampled_from(["GET", "POST", "PUT", "DELETE"]))
def test_any_config_request_gets_a_json_answer_below_500(client, token, data, lang, method):
    headers = {"Authorization": data.draw(authorization(token))}
    response = client.open("/api/v1/kiosk/config", method=method, headers=headers,
                           query_string={"lang": lang})  # fmt: skip
    assert response.status_code < 500
    assert response.is_json


def post(client, token, body):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post("/api/v1/responses", data=data, content_type="application/json",
                       headers={"Authorization": f"Device {token}"})  # fmt: skip


def test_deeply_nested_json_is_a_422_not_a_crash(client, token):
    for body in ("[" * 30_000 + "]" * 30_000, '{"a":' * 10_000 + "1" + "}" * 10_000):
        response = post(client, token, body)
        assert response.status_code == 422
        assert "body" in response.get_json()["fields"]


@FUZZ
@given(odd=ODD_TEXT, field=st.sampled_from(["comment", "counter", "service", "id", "lang"]))
def test_odd_text_in_any_field_is_a_json_answer_below_500(client, token, odd, field):
    response = post(client, token, submission_payload(**{field: f"L0{odd}"}))
    assert_json_error_or_stored(response)


@FUZZ
@given(
    query=st.dictionaries(
        st.sampled_from(["year", "province", "period", "lang"]),
        ODD_TEXT.filter(lambda t: t.isprintable() or "\r" in t),
    )
)
def test_odd_text_in_any_api_query_is_below_500(client, token, session, query):
    for url in ("/api/v1/national", "/api/v1/kiosk/config", "/api/v1/openapi.json"):
        response = client.get(url, query_string=query, headers={"Authorization": "Bearer x"})
        assert response.status_code < 500 and response.is_json


def test_numbers_beyond_any_column_are_refused_by_name(client, token):
    for field, value in [("duration_ms", 10**30), ("duration_ms", -1), ("lang", 10**30)]:
        response = post(client, token, submission_payload(**{field: value}))
        assert response.status_code == 422 and field in response.get_json()["fields"]
    response = post(client, token, submission_payload(answers={"waktu": 2**63}))
    assert "answers.waktu" in response.get_json()["fields"]


# The contract: errors a kiosk must be able to tell apart


def test_a_counter_that_exists_only_at_another_mpp_is_a_422_naming_counter(client, session):
    mine, other = make_mpp(session), make_mpp(session)
    tenant = session.scalar(select(Tenant).where(Tenant.mpp_id == other.id))
    session.add(Counter(mpp_id=other.id, tenant_id=tenant.id, code="ELSEWHERE", name="Lain"))
    session.commit()
    token = make_device(session, mine).token
    response = post(client, token, submission_payload(counter="ELSEWHERE", service=None))
    assert response.status_code == 422
    assert response.get_json()["fields"] == {"counter": "no such counter at this MPP"}
    assert session.scalar(select(func.count()).select_from(Response)) == 0


def test_an_inactive_counter_and_another_counters_device_are_422_naming_counter(client, session):
    mpp = make_mpp(session)
    l00, l01 = session.scalars(select(Counter).where(Counter.mpp_id == mpp.id)).all()[:2]
    fixed = make_device(session, mpp, l01).token
    response = post(client, fixed, submission_payload(counter=l00.code))
    assert response.status_code == 422 and "counter" in response.get_json()["fields"]
    l00.active = False
    session.commit()
    anywhere = make_device(session, mpp).token
    response = post(client, anywhere, submission_payload(counter=l00.code))
    assert response.status_code == 422 and "counter" in response.get_json()["fields"]


def test_a_revoked_device_is_told_so_in_json_on_every_endpoint(client, session):
    mpp = make_mpp(session)
    registered = make_device(session, mpp)
    revoke_device(session, registered.device)
    headers = {"Authorization": f"Device {registered.token}"}
    for response in (
        client.get("/api/v1/kiosk/config", headers=headers),
        client.post("/api/v1/responses", json=submission_payload(), headers=headers),
    ):
        assert response.status_code == 403
        body = response.get_json()
        assert "revoked" in body["error"] and "ask a manager" in body["error"]
        assert body["fields"] == {"authorization": "revoked"}


def test_a_flagged_submission_is_stored_and_says_so(client, token):
    response = post(client, token, submission_payload(duration_ms=2_000))
    assert response.status_code == 201 and response.get_json()["flagged"] is True
    unhurried = post(client, token, submission_payload(duration_ms=60_000))
    assert unhurried.get_json()["flagged"] is False


def test_wrong_methods_and_unknown_paths_are_json(client, token):
    assert client.get("/api/v1/responses").status_code == 405
    assert client.get("/api/v1/responses").get_json()["error"]
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.get_json()["error"]


# The OpenAPI description


def test_the_description_is_served_as_yaml_and_json(client):
    as_yaml = client.get("/api/v1/openapi.yaml")
    as_json = client.get("/api/v1/openapi.json")
    assert as_yaml.status_code == as_json.status_code == 200
    assert as_yaml.mimetype == "application/yaml"
    assert json.loads(as_yaml.data) == as_json.get_json()  # YAML's JSON subset: one source
    assert as_json.get_json()["openapi"].startswith("3.1")


def test_the_description_names_every_api_route_and_method(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    documented = {(f"/api/v1{path}", method.upper())
                  for path, item in spec["paths"].items() for method in item}  # fmt: skip
    api_rules = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")]
    routed = {(re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule), method)
              for rule in api_rules for method in rule.methods - {"HEAD", "OPTIONS"}}  # fmt: skip
    assert not routed - documented, "add these routes to app/api/openapi.yaml"
    assert not documented - routed, "app/api/openapi.yaml describes routes that do not exist"


def test_the_description_matches_what_the_server_accepts_and_returns(client, token):
    spec = client.get("/api/v1/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    assert set(schemas["Submission"]["properties"]) == set(FIELDS)
    assert schemas["Answers"]["propertyNames"]["enum"] == list(ELEMENTS)
    stored = post(client, token, submission_payload()).get_json()
    assert set(stored) == set(schemas["StoredResponse"]["properties"])
    assert set(schemas["StoredResponse"]["required"]) == set(stored)
    refused = post(client, token, "{").get_json()
    assert set(refused) == set(schemas["Error"]["required"])
    assert spec["components"]["securitySchemes"]["Device"]["name"] == "Authorization"
    for operation in (spec["paths"]["/responses"]["post"], spec["paths"]["/kiosk/config"]["get"]):
        assert operation["security"] == [{"Device": []}]
        for status, answer in operation["responses"].items():
            if status.startswith("4"):
                name = answer["$ref"].rsplit("/", 1)[1]
                content = spec["components"]["responses"][name]["content"]
                assert content["application/json"]["schema"]["$ref"].endswith("/Error")


def test_every_reference_in_the_description_resolves(client):
    spec = client.get("/api/v1/openapi.json").get_json()

    def refs(node):
        if isinstance(node, dict):
            yield from ([node["$ref"]] if "$ref" in node else [])
            for value in node.values():
                yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    for ref in refs(spec):
        target = spec
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        assert isinstance(target, dict), ref
