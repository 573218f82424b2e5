"""The forms, fuzzed: whatever a browser (or a tampering visitor) posts, the answer is < 500,
and a comment with HTML or script is shown and exported as text, never as markup."""

import csv
import io
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from surveys.exports import ExportFilters, export_responses
from surveys.instrument import PROFILE_FIELDS, QUESTION_ORDER
from surveys.models import Response
from surveys.periods import current_month
from tests.factories import csrf_token, login, make_mpp, make_user

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
text = st.text(max_size=60) | st.sampled_from(["", "4", "0", "5", "-1", "1e9", "<b>x</b>", "\x00",
                                               "²", "12²", "١٢", "①", "\r\nX-Injected: 1",
                                               "/\\evil.example", "2026-Q²"])  # fmt: skip
survey_fields = [*QUESTION_ORDER, "service", "comment", "response_id",
                 *(f"profile_{code}" for code in PROFILE_FIELDS)]  # fmt: skip
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _token(client, url):
    page = client.get(url, follow_redirects=True).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


@FUZZ
@given(data=st.dictionaries(st.sampled_from(survey_fields), text, max_size=len(survey_fields)))
def test_the_phone_survey_never_fails_on_what_is_posted(client, session, data):
    mpp = make_mpp(session, code="fuzz-mpp") if not _mpp_exists(session) else _mpp(session)
    url = f"/s/{mpp.code}/L00"
    response = client.post(url, data={"csrf_token": _token(client, url), **data})
    assert response.status_code in (302, 400, 422), response.status_code


@FUZZ
@given(email=text, password=text)
def test_the_login_form_never_fails(client, session, email, password):
    response = client.post("/auth/login", data={"csrf_token": _token(client, "/auth/login"),
                                                "email": email, "password": password})  # fmt: skip
    assert response.status_code in (400, 401, 429)


@FUZZ
@given(status=text, reply=text, page=text, period=text)
def test_the_inbox_never_fails(app, session, status, reply, page, period):
    mpp = make_mpp(session, code="fuzz-mpp") if not _mpp_exists(session) else _mpp(session)
    client = app.test_client()
    login(client, make_user(session, "manager", mpps=[mpp]))
    listing = client.get("/inbox/", query_string={"status": status, "page": page,
                                                  "period": period})  # fmt: skip
    assert listing.status_code < 500
    response = client.post(
        f"/inbox/{mpp.code}/1",
        data={"csrf_token": csrf_token(client, "/auth/login"), "status": status, "reply": reply},
    )
    assert response.status_code < 500


@settings(FUZZ, max_examples=40)
@given(
    args=st.dictionaries(
        st.sampled_from(
            [
                "period",
                "tenant",
                "counter",
                "service",
                "channel",
                "from",
                "to",
                "unit",
                "page",
                "year",
            ]
        ),
        text,
    )
)
def test_the_dashboard_reports_and_national_pages_never_fail_on_their_query(app, session, args):
    mpp = make_mpp(session, code="fuzz-mpp") if not _mpp_exists(session) else _mpp(session)
    client = app.test_client()
    login(client, make_user(session, "admin"))
    for url in (f"/dashboard/{mpp.code}/", f"/reports/{mpp.code}", "/national/", "/admin/audit"):
        assert client.get(url, query_string=args).status_code < 500, url


def _mpp_exists(session) -> bool:
    return _mpp(session) is not None


def _mpp(session):
    from surveys.catalogue import mpp_by_code

    return mpp_by_code(session, "fuzz-mpp")


def _post_script_comment(client, mpp):
    url = f"/s/{mpp.code}/L00"
    page = client.get(url, follow_redirects=True).get_data(as_text=True)
    response_id = re.search(r'name="response_id" type="hidden" value="([^"]+)"', page).group(1)
    client.post(url, data={"csrf_token": _token(client, url), "response_id": response_id,
                           "waktu": "1", "comment": SCRIPT})  # fmt: skip


def test_a_script_comment_is_text_in_the_inbox_and_the_exports(app, client, session):
    mpp = make_mpp(session)
    _post_script_comment(client, mpp)
    assert session.scalar(select(func.count()).select_from(Response)) == 1
    manager = app.test_client()
    login(manager, make_user(session, "manager", mpps=[mpp]))
    this_month = current_month(mpp.today()).code  # the inbox opens on the last complete month
    inbox = manager.get(f"/inbox/?period={this_month}").get_data(as_text=True)
    assert "&lt;script&gt;alert(" in inbox and SCRIPT not in inbox
    export = export_responses(session, "csv", ExportFilters(mpp_ids=[mpp.id]),
                              include_comments=True)  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(b"".join(export.chunks()).decode("utf-8-sig"))))
    assert rows[0]["comment"] == SCRIPT  # plain text in a CSV cell, exactly as written
