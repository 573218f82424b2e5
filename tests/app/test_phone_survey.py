"""The phone survey, filled in as a browser without JavaScript would: parse the form, post it."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from app.public import phone_views
from app.public.forms import shown_stamp
from surveys.abuse import MIN_MS_PER_ANSWER, UNSTAMPED
from surveys.models import Response, utcnow
from tests.factories import login, make_mpp, make_user


class FormReader(HTMLParser):
    """Collects a form's inputs the way a browser submits them."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.radios: dict[str, list[str]] = {}
        self.selects: dict[str, list[str]] = {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "radio":
            self.radios.setdefault(a["name"], []).append(a["value"])
        elif tag == "input" and a.get("name"):
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a["name"]
            self.selects[self._select] = []
        elif tag == "option" and self._select:
            self.selects[self._select].append(a.get("value", ""))
        elif tag == "textarea":
            self.fields[a["name"]] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def read_form(html: str) -> FormReader:
    reader = FormReader()
    reader.feed(html)
    return reader


def rows(session) -> int:
    return session.scalar(select(func.count()).select_from(Response))


def test_the_rendered_form_posts_and_stores_one_response(client, session):
    mpp = make_mpp(session)
    page = client.get(f"/s/{mpp.code}/L00", follow_redirects=True)
    assert page.status_code == 200
    form = read_form(page.get_data(as_text=True))
    assert len(form.radios) == 9
    data = dict(form.fields)
    for name, values in form.radios.items():
        data[name] = values[0]  # the first option shown is the best one, 4
    data["service"] = form.selects["service"][1]
    data["profile_sex"] = "L"
    data["comment"] = "Cepat sekali"
    response = client.post(f"/s/{mpp.code}/L00", data=data)
    assert response.status_code == 302
    assert client.get(response.headers["Location"]).status_code == 200
    row = session.scalar(select(Response))
    assert row.channel == "qr" and row.persyaratan == 4 and row.sex == "L"
    assert row.comment == "Cepat sekali" and row.service.code == "S00"
    again = client.post(f"/s/{mpp.code}/L00", data=data)  # a double post: said, not stored
    assert again.status_code == 200 and "Jawaban Anda sudah kami terima" in again.get_data(
        as_text=True)  # fmt: skip
    assert rows(session) == 1


class Clock:
    """The time the phone survey's views see: a form shown at one moment, posted at another."""

    def __init__(self, monkeypatch):
        self.now = utcnow()
        monkeypatch.setattr(phone_views, "utcnow", lambda: self.now)

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


def all_answered(form: FormReader) -> dict[str, str]:
    data = dict(form.fields)
    for name, values in form.radios.items():
        data[name] = values[-1]
    return data


@pytest.mark.parametrize(("seconds", "flagged"), [(1, True), (8.9, True), (45, False)])
def test_the_time_since_the_form_was_shown_flags_a_run_too_fast_to_read(
    client, session, monkeypatch, seconds, flagged
):
    mpp = make_mpp(session)
    clock = Clock(monkeypatch)
    form = read_form(client.get(f"/s/{mpp.code}/L00", follow_redirects=True).get_data(as_text=True))
    assert form.fields["shown"]  # signed, and no JavaScript needed
    clock.advance(seconds=seconds)  # nine answers need 9 × MIN_MS_PER_ANSWER
    assert client.post(f"/s/{mpp.code}/L00", data=all_answered(form)).status_code == 302
    reason = session.scalar(select(Response.flag_reason))
    assert (reason is not None) is flagged
    if flagged:
        assert reason.startswith("too fast: 9 answers") and 9 * MIN_MS_PER_ANSWER > seconds * 1000


def test_a_refused_post_keeps_the_time_the_form_was_first_shown(client, session, monkeypatch):
    mpp = make_mpp(session)
    clock = Clock(monkeypatch)
    form = read_form(client.get(f"/s/{mpp.code}/L00", follow_redirects=True).get_data(as_text=True))
    clock.advance(seconds=30)
    shown_again = read_form(client.post(f"/s/{mpp.code}/L00", data=form.fields).get_data(
        as_text=True))  # fmt: skip
    assert shown_again.fields["shown"] == form.fields["shown"]
    clock.advance(seconds=1)
    client.post(f"/s/{mpp.code}/L00", data=all_answered(shown_again))
    assert session.scalar(select(Response.flag_reason)) is None


def test_a_missing_forged_or_ancient_stamp_is_stored_and_flagged_not_an_error(
    app, client, session, monkeypatch
):
    mpp = make_mpp(session)
    clock = Clock(monkeypatch)

    def signed(response_id: str, at: dt.datetime) -> str:
        with app.test_request_context():
            return shown_stamp(response_id, at)

    stamps = {
        "missing": lambda rid, shown: None,
        "garbage": lambda rid, shown: "not-a-stamp",
        "forged": lambda rid, shown: shown[:-3] + ("AAA" if shown[-3:] != "AAA" else "BBB"),
        "another form's": lambda rid, shown: signed("another-id", clock.now),
        "from the future": lambda rid, shown: signed(rid, clock.now + dt.timedelta(minutes=5)),
        "two days old": lambda rid, shown: signed(rid, clock.now - dt.timedelta(days=2)),
    }
    for name, stamp_for in stamps.items():
        data = all_answered(
            read_form(
                client.get(f"/s/{mpp.code}/L00", follow_redirects=True).get_data(as_text=True)
            )
        )
        stamp = stamp_for(data["response_id"], data["shown"])
        data.pop("shown") if stamp is None else data.update(shown=stamp)
        answer = client.post(f"/s/{mpp.code}/L00", data=data)  # at once: too fast, if it knew
        assert answer.status_code == 302, name
    assert rows(session) == len(stamps)
    # No duration to judge by, so never counted as clean: flagged for a manager to decide.
    assert all(reason.startswith(UNSTAMPED) for reason in session.scalars(
        select(Response.flag_reason)))  # fmt: skip


def test_a_tampered_score_gets_a_message_and_stores_nothing(client, session):
    mpp = make_mpp(session)
    form = read_form(client.get(f"/s/{mpp.code}/L00", follow_redirects=True).get_data(as_text=True))
    data = dict(form.fields, waktu="5")
    response = client.post(f"/s/{mpp.code}/L00", data=data)
    assert response.status_code == 422
    assert "Jawaban belum tersimpan" in response.get_data(as_text=True)
    assert rows(session) == 0


@pytest.mark.parametrize(
    ("lang", "sentence", "other"),
    [("id", "Jawab setidaknya satu pertanyaan, lalu tekan Kirim lagi.", "Answer at least"),
     ("en", "Answer at least one question, then press Send again.", "Jawab setidaknya")],
)  # fmt: skip
def test_an_empty_survey_is_refused_with_one_sentence_in_the_visitors_language(
    client, session, lang, sentence, other
):
    mpp = make_mpp(session)
    page = client.get(f"/s/{mpp.code}/L00?lang={lang}", follow_redirects=True)
    response = client.post(f"/s/{mpp.code}/L00", data=read_form(page.get_data(as_text=True)).fields)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert html.count(sentence) == 1 and other not in html
    assert "answers:" not in html and "required" not in html  # no field codes for a citizen
    assert rows(session) == 0


def form_address(page) -> str:
    """The address the browser shows for the form page (the QR's, after its redirect)."""
    return page.request.full_path


@pytest.mark.parametrize(
    ("lang", "received"),
    [("id", "Jawaban Anda sudah kami terima"), ("en", "Your answer was already received")],
)
def test_back_after_kirim_then_kirim_again_stores_one_answer_and_says_so(
    client, session, lang, received
):
    """What a phone does: Kirim, Back (the page is fetched again, the ticks restored), Kirim."""
    mpp = make_mpp(session)
    shown = client.get(f"/s/{mpp.code}/L00?lang={lang}", follow_redirects=True)
    address = form_address(shown)
    ticks = all_answered(read_form(shown.get_data(as_text=True)))
    assert client.post(address, data=ticks).status_code == 302
    back = client.get(address)  # Back: the page's own address, fetched again
    assert back.status_code == 200 and received in back.get_data(as_text=True)
    again = read_form(back.get_data(as_text=True))
    assert "response_id" not in again.fields  # no fresh id to fill with the restored ticks
    # A browser that kept the page (back-forward cache) posts the same form again:
    repeated = client.post(address, data=ticks)
    assert repeated.status_code == 200 and received in repeated.get_data(as_text=True)
    assert rows(session) == 1
    other = client.post(address, data=dict(ticks, waktu="4"))  # the same visit, changed
    assert other.status_code == 409 and received in other.get_data(as_text=True)
    assert rows(session) == 1


def test_a_new_visit_from_the_qr_gets_its_own_id(client, session):
    mpp = make_mpp(session)
    first = client.get(f"/s/{mpp.code}/L00", follow_redirects=True)
    client.post(form_address(first), data=all_answered(read_form(first.get_data(as_text=True))))
    second = client.get(f"/s/{mpp.code}/L00", follow_redirects=True)
    assert form_address(second) != form_address(first)
    client.post(form_address(second), data=all_answered(read_form(second.get_data(as_text=True))))
    assert rows(session) == 2


def test_a_forged_or_day_old_visit_address_starts_a_new_visit(app, client, session):
    mpp = make_mpp(session)
    with app.test_request_context():
        old = shown_stamp("0f0e0d0c-0000-4000-8000-000000000000",
                          utcnow() - dt.timedelta(days=2))  # fmt: skip
    for visit in ("not-a-stamp", old):
        page = client.get(f"/s/{mpp.code}/L00?kunjungan={visit}")
        assert page.status_code == 303 and visit not in page.headers["Location"]


def test_a_post_without_csrf_token_is_refused(client, session):
    mpp = make_mpp(session)
    response = client.post(f"/s/{mpp.code}/L00", data={"waktu": "4"})
    assert response.status_code == 400
    assert rows(session) == 0


def test_unknown_counter_is_404_and_english_is_one_tap_away(client, session):
    mpp = make_mpp(session)
    assert client.get(f"/s/{mpp.code}/NOPE").status_code == 404
    english = client.get(f"/s/{mpp.code}/L00?lang=en", follow_redirects=True).get_data(as_text=True)
    assert "How fast was the service delivered?" in english


def test_qr_code_and_sheet(client, session):
    mpp = make_mpp(session)
    svg = client.get(f"/s/{mpp.code}/L00/qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert client.get(f"/manage/{mpp.code}/qr").status_code == 302  # the sheet: managers only
    login(client, make_user(session, "manager", mpps=[mpp]))
    sheet = client.get(f"/manage/{mpp.code}/qr").get_data(as_text=True)
    assert sheet.count("qr.svg") == 4
