"""Access control, proven: every route × every role gets its expected answer.

The routes are listed from the app itself, so a new route without an entry in EXPECTED
fails ``test_every_route_has_an_expectation``. Ids in URLs always point at MPP A's objects:
the manager of MPP B must be refused (403/404) wherever MPP A's data is reachable.

Outcomes: ``ok`` (the role may use it: any answer but 401/403/404 or a sign-in redirect),
``login`` (anonymous: sent to sign in), ``denied`` (403 or 404), ``unauth`` (401, the APIs).
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from surveys.alerts import Alert
from surveys.api_tokens import create_token
from surveys.catalogue import mpp_by_code
from surveys.models import Counter, Response, Tenant
from surveys.periods import parse_period
from surveys.publication import publish
from surveys.responses import submit_response
from surveys.sessions import start_session
from surveys.validation import parse_submission
from tests.factories import csrf_token, login, make_device, make_mpp, make_user, submission_payload

ROLES = ("anonymous", "device", "officer", "manager_a", "manager_b", "evaluator", "admin")
SIGNED_IN = ("officer", "manager_a", "manager_b", "evaluator", "admin")
EVERYONE = "everyone"


def allow(*roles: str) -> dict[str, str]:
    """Roles listed get ok; other signed-in roles denied; anonymous and device sent to sign in."""
    if roles == (EVERYONE,):
        return dict.fromkeys(ROLES, "ok")
    outcome = {role: "ok" if role in roles else "denied" for role in SIGNED_IN}
    outcome["anonymous"] = outcome["device"] = "login"
    return outcome


def api(*roles: str) -> dict[str, str]:
    outcome = dict.fromkeys(ROLES, "unauth")
    outcome.update(dict.fromkeys(roles, "ok"))
    return outcome


PUBLIC = allow(EVERYONE)
SIGNED_IN_ONLY = allow(*SIGNED_IN)
MANAGERS = allow("manager_a", "admin")
ADMIN = allow("admin")
MPP_READERS = allow("officer", "manager_a", "evaluator", "admin")

EVERYONE_SENT_TO_SIGN_IN = dict.fromkeys(ROLES, "login")
NATIONAL_READERS = allow("manager_a", "manager_b", "evaluator", "admin")  # managers: own row
MPP_A_NATIONAL = allow("manager_a", "evaluator", "admin")
MALL_MANAGERS = allow("manager_a", "admin")
INBOX = allow("officer", "manager_a", "manager_b")  # comments: never evaluators or admins
DASHBOARD = allow("officer", "manager_a", "evaluator", "admin")

# (endpoint, method) -> expected outcome per role; URL parameters come from the `world` values.
EXPECTED: dict[tuple[str, str], dict[str, str]] = {
    ("public.home", "GET"): PUBLIC,
    ("public.favicon", "GET"): PUBLIC,
    ("public.methodology", "GET"): PUBLIC,
    ("public.mpp_page", "GET"): PUBLIC,
    ("public.mpp_poster", "GET"): PUBLIC,
    ("public.phone_survey", "GET"): PUBLIC,
    ("public.phone_survey", "POST"): PUBLIC,
    ("public.counter_qr", "GET"): PUBLIC,
    ("public.phone_thanks", "GET"): PUBLIC,
    ("static", "GET"): PUBLIC,
    ("kiosk.shell", "GET"): PUBLIC,
    ("kiosk.manifest", "GET"): PUBLIC,
    ("kiosk.service_worker", "GET"): PUBLIC,
    ("auth.login", "GET"): PUBLIC,
    ("auth.login", "POST"): dict.fromkeys(ROLES, "unauth"),  # an empty form: 401, try again
    # Without a pending password step, the second step sends everyone back to sign in.
    ("auth.totp", "GET"): EVERYONE_SENT_TO_SIGN_IN,
    ("auth.totp", "POST"): EVERYONE_SENT_TO_SIGN_IN,
    ("auth.totp_setup", "GET"): EVERYONE_SENT_TO_SIGN_IN,
    ("auth.totp_setup", "POST"): EVERYONE_SENT_TO_SIGN_IN,
    ("auth.logout", "POST"): PUBLIC,
    ("auth.logout_everywhere", "POST"): EVERYONE_SENT_TO_SIGN_IN,  # signed out, then sign in
    ("auth.password", "GET"): SIGNED_IN_ONLY,
    ("auth.password", "POST"): SIGNED_IN_ONLY,
    ("auth.sessions", "GET"): SIGNED_IN_ONLY,
    ("auth.session_revoke", "POST"): allow("manager_a"),  # only the session's owner
    ("auth.totp_change", "GET"): SIGNED_IN_ONLY,  # without an authenticator: to the password page
    ("auth.totp_change", "POST"): SIGNED_IN_ONLY,
    ("api.openapi_json", "GET"): PUBLIC,
    ("api.openapi_yaml", "GET"): PUBLIC,
    ("api.kiosk_config", "GET"): api("device"),
    ("api.submit", "POST"): api("device"),
    ("api.pairing_create", "POST"): PUBLIC,  # a tablet with no token asks for a code
    ("api.pairing_status", "GET"): api(),  # only with the pairing's own secret
    ("api.api_national", "GET"): api("evaluator"),
    ("api.api_mpp", "GET"): api("evaluator"),
    ("api.api_mpp_ikm", "GET"): api("evaluator"),
    ("admin.users", "GET"): ADMIN,
    ("admin.user_new", "GET"): ADMIN,
    ("admin.user_new", "POST"): ADMIN,
    ("admin.user_edit", "GET"): ADMIN,
    ("admin.user_edit", "POST"): ADMIN,
    ("admin.user_totp_reset", "POST"): ADMIN,
    ("admin.audit", "GET"): ADMIN,
    ("dashboard.index", "GET"): SIGNED_IN_ONLY,  # redirects each to its own MPP
    ("dashboard.mpp_view", "GET"): DASHBOARD,
    ("dashboard.counter_view", "GET"): DASHBOARD,
    ("dashboard.chart", "GET"): DASHBOARD,
    ("dashboard.counters_download", "GET"): DASHBOARD,
    ("inbox.index", "GET"): INBOX,
    ("inbox.reply", "POST"): allow("officer", "manager_a"),
    ("manage.index", "GET"): allow("manager_a", "manager_b", "admin"),
    ("manage.overview", "GET"): MALL_MANAGERS,
    ("manage.tenants", "GET"): MALL_MANAGERS,
    ("manage.tenant_add", "POST"): MALL_MANAGERS,
    ("manage.tenant", "GET"): MALL_MANAGERS,
    ("manage.tenant_active", "POST"): MALL_MANAGERS,
    ("manage.counter_add", "POST"): MALL_MANAGERS,
    ("manage.service_add", "POST"): MALL_MANAGERS,
    ("manage.item_update", "POST"): MALL_MANAGERS,
    ("manage.alert_list", "GET"): MALL_MANAGERS,
    ("manage.alert_acknowledge", "POST"): MALL_MANAGERS,
    ("manage.alert_rule", "POST"): MALL_MANAGERS,
    ("manage.devices", "GET"): MALL_MANAGERS,
    ("manage.device_register", "POST"): MALL_MANAGERS,
    ("manage.device_pair", "POST"): MALL_MANAGERS,
    ("manage.device_revoke", "POST"): MALL_MANAGERS,
    ("manage.figures_form", "GET"): MALL_MANAGERS,
    ("manage.figures_save", "POST"): MALL_MANAGERS,
    ("manage.figures_import", "POST"): MALL_MANAGERS,
    ("manage.figures_template", "GET"): MALL_MANAGERS,
    ("manage.flagged", "GET"): MALL_MANAGERS,
    ("manage.flagged_set", "POST"): MALL_MANAGERS,
    ("manage.qr_sheet", "GET"): MALL_MANAGERS,
    ("reports.home", "GET"): SIGNED_IN_ONLY,  # redirects each to its own MPP
    ("reports.index", "GET"): DASHBOARD,
    ("reports.elements_chart", "GET"): DASHBOARD,
    ("reports.xlsx", "GET"): DASHBOARD,
    ("reports.pdf", "GET"): DASHBOARD,
    ("reports.poster", "GET"): DASHBOARD,
    ("reports.publication", "POST"): MALL_MANAGERS,
    ("evaluator.national", "GET"): NATIONAL_READERS,
    ("evaluator.export", "GET"): NATIONAL_READERS,
    ("evaluator.distribution_chart", "GET"): NATIONAL_READERS,
    ("evaluator.coverage_page", "GET"): allow("evaluator", "admin"),
    ("evaluator.mpp", "GET"): MPP_A_NATIONAL,
    ("evaluator.history_chart", "GET"): MPP_A_NATIONAL,
    ("evaluator.readiness", "GET"): MPP_A_NATIONAL,
    ("evaluator.readiness", "POST"): MPP_A_NATIONAL,
    ("evaluator.readiness_report", "GET"): MPP_A_NATIONAL,
    # No figures or assessments in this world: 404 even where allowed (scoping: test_national).
    ("evaluator.effectiveness_chart", "GET"): allow(),
    ("evaluator.readiness_chart", "GET"): allow(),
    ("evaluator.tokens", "GET"): NATIONAL_READERS,
    ("evaluator.tokens", "POST"): NATIONAL_READERS,
    ("evaluator.token_revoke", "POST"): allow("manager_a"),  # only the token's owner
    ("evaluator.weights", "GET"): NATIONAL_READERS,
    ("evaluator.weights", "POST"): ADMIN,
}


@pytest.fixture
def world(app, session):
    """Two MPPs, one user per role, and one of each object at MPP A."""
    mpp_a, mpp_b = make_mpp(session, code="mpp-a"), make_mpp(session, code="mpp-b")
    tenant_a = session.scalar(select(Tenant).where(Tenant.mpp_id == mpp_a.id))
    counter_a = session.scalar(select(Counter).where(Counter.tenant_id == tenant_a.id))
    device = make_device(session, mpp_a)
    now = dt.datetime.now(dt.UTC)
    period = parse_period(f"{now.year}-{now.month:02d}").previous()
    last_month = dt.datetime.combine(period.start.replace(day=15), dt.time(3), dt.UTC)
    for when in (now, last_month):
        payload = submission_payload(submitted_at=when.isoformat())
        submit_response(session, parse_submission(payload, now), mpp_a, None, now)
    response = session.scalar(select(Response).order_by(Response.id))
    response.flag_reason = "too fast"
    session.commit()
    users = {
        "officer": make_user(session, "officer", tenant=tenant_a),
        "manager_a": make_user(session, "manager", mpps=[mpp_a]),
        "manager_b": make_user(session, "manager", mpps=[mpp_b]),
        "evaluator": make_user(session, "evaluator"),
        "admin": make_user(session, "admin"),
    }
    edited = make_user(session, "evaluator")  # the account admin.user_edit changes
    alert = Alert(mpp_id=mpp_a.id, counter_id=counter_a.id, kind="window", window_start=now,
                  window_end=now, details={"responses": 4, "answers": 36, "low": 20,
                                           "minutes": 60})  # fmt: skip
    session.add(alert)
    session.commit()
    publish(session, mpp_a, period, users["manager_a"].id, now.date())
    token = create_token(session, users["evaluator"], "matrix")
    own_token = create_token(session, users["manager_a"], "matrix a")
    other_session = start_session(session, users["manager_a"])  # e.g. manager A's phone
    values = {
        "mpp_code": mpp_a.code, "code": mpp_a.code, "counter_code": counter_a.code,
        "tenant_id": tenant_a.id, "item_id": counter_a.id, "kind": "counters",
        "device_id": device.device.id, "response_id": response.id, "alert_id": alert.id,
        "user_id": edited.id, "token_id": own_token.token.id, "session_id": other_session.row.id,
        "period_code": period.code, "ext": "png", "year": now.year, "name": "elements",
        "fmt": "csv", "filename": "css/app.css",
    }  # fmt: skip
    return {"users": users, "values": values, "device_token": device.token,
            "api_token": token.secret}  # fmt: skip


def routes(app) -> list[tuple[str, str]]:
    found = set()
    for rule in app.url_map.iter_rules():
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            found.add((rule.endpoint, method))
    return sorted(found)


def test_every_route_has_an_expectation(app):
    missing = [route for route in routes(app) if route not in EXPECTED]
    assert missing == [], "add these routes to EXPECTED in tests/app/test_access_matrix.py"


def _url(app, endpoint: str, values: dict) -> str:
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    with app.test_request_context():
        from flask import url_for

        return url_for(endpoint, **{k: values[k] for k in rule.arguments})


def _request(app, world, role: str, endpoint: str, method: str):
    client = app.test_client()
    headers = {}
    if role in world["users"]:
        login(client, world["users"][role])
    if role == "device":
        headers["Authorization"] = f"Device {world['device_token']}"
    if endpoint.startswith("api.api_") and role == "evaluator":
        headers["Authorization"] = f"Bearer {world['api_token']}"
    url = _url(app, endpoint, world["values"])
    if method == "GET":
        return client.get(url, headers=headers)
    data = {"csrf_token": csrf_token(client, "/auth/login")}
    if endpoint == "api.submit":
        return client.post(url, json=submission_payload(), headers=headers)
    return client.post(url, data=data, headers=headers)


def _outcome(response) -> str:
    location = response.headers.get("Location", "")
    if response.status_code in (301, 302, 303) and "/auth/login" in location:
        return "login"
    if response.status_code == 401:
        return "unauth"
    if response.status_code in (403, 404):
        return "denied"
    return "ok"


def test_every_route_answers_every_role_as_expected(app, world):
    wrong = []
    for endpoint, method in routes(app):
        expected = EXPECTED.get((endpoint, method))
        if expected is None:
            continue
        for role in ROLES:
            with _request(app, world, role, endpoint, method) as response:
                outcome = _outcome(response)
            if outcome != expected[role]:
                wrong.append(f"{method} {endpoint} as {role}: {outcome} "
                             f"({response.status_code}), expected {expected[role]}")  # fmt: skip
    assert wrong == []


def test_ids_of_another_mpp_under_ones_own_mpp_code_are_refused(app, world, session):
    """Manager B swaps MPP A's object ids into URLs under its own MPP code."""
    client = app.test_client()
    login(client, world["users"]["manager_b"])
    values = dict(world["values"], mpp_code="mpp-b", code="mpp-b")
    token = csrf_token(client, "/auth/login")
    for endpoint in ("inbox.reply", "manage.device_revoke", "manage.alert_acknowledge",
                     "manage.flagged_set", "manage.tenant_active", "manage.item_update",
                     "manage.counter_add"):  # fmt: skip
        response = client.post(_url(app, endpoint, values), data={
            "csrf_token": token, "status": "ditolak", "reply": "x", "comment": "x",
            "name": "x", "code": "X1"})  # fmt: skip
        assert response.status_code in (403, 404), endpoint
    assert client.get(_url(app, "manage.tenant", values)).status_code == 404


def test_manager_b_sees_no_trace_of_mpp_a_nationally(app, world, session):
    client = app.test_client()
    login(client, world["users"]["manager_b"])
    mpp_a = mpp_by_code(session, "mpp-a")
    for url in ("/national/", "/national/export.csv", "/national/export.json"):
        body = client.get(url).get_data(as_text=True)
        assert "mpp-a" not in body and mpp_a.name not in body, url


def test_comments_never_reach_evaluators_or_public_exports(app, world, session):
    comment = "Antrean cukup lama."  # the factory's comment, stored at MPP A
    evaluator = app.test_client()
    login(evaluator, world["users"]["evaluator"])
    for url in ("/dashboard/mpp-a/", "/national/export.csv", "/national/mpp/mpp-a", "/mpp/mpp-a"):
        assert comment not in evaluator.get(url).get_data(as_text=True), url
    workbook = load_workbook(io.BytesIO(evaluator.get("/reports/mpp-a/skm.xlsx").data))
    cells = [str(c) for sheet in workbook for row in sheet.iter_rows(values_only=True) for c in row]
    assert comment not in cells
    anonymous = app.test_client()
    assert comment not in anonymous.get("/mpp/mpp-a").get_data(as_text=True)
