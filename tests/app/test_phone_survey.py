"""The phone survey, filled in as a browser without JavaScript would: parse the form, post it."""

from html.parser import HTMLParser

from sqlalchemy import func, select

from surveys.models import Response
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
    page = client.get(f"/s/{mpp.code}/L00")
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
    assert client.post(f"/s/{mpp.code}/L00", data=data).status_code == 302  # a double post
    assert rows(session) == 1


def test_a_tampered_score_gets_a_message_and_stores_nothing(client, session):
    mpp = make_mpp(session)
    form = read_form(client.get(f"/s/{mpp.code}/L00").get_data(as_text=True))
    data = dict(form.fields, waktu="5")
    response = client.post(f"/s/{mpp.code}/L00", data=data)
    assert response.status_code == 422
    assert "Jawaban belum tersimpan" in response.get_data(as_text=True)
    assert rows(session) == 0


def test_an_empty_survey_is_refused_with_a_message(client, session):
    mpp = make_mpp(session)
    form = read_form(client.get(f"/s/{mpp.code}/L00").get_data(as_text=True))
    response = client.post(f"/s/{mpp.code}/L00", data=form.fields)
    assert response.status_code == 422
    assert "answers" in response.get_data(as_text=True)
    assert rows(session) == 0


def test_a_post_without_csrf_token_is_refused(client, session):
    mpp = make_mpp(session)
    response = client.post(f"/s/{mpp.code}/L00", data={"waktu": "4"})
    assert response.status_code == 400
    assert rows(session) == 0


def test_unknown_counter_is_404_and_english_is_one_tap_away(client, session):
    mpp = make_mpp(session)
    assert client.get(f"/s/{mpp.code}/NOPE").status_code == 404
    english = client.get(f"/s/{mpp.code}/L00?lang=en").get_data(as_text=True)
    assert "How fast was the service delivered?" in english


def test_qr_code_and_sheet(client, session):
    mpp = make_mpp(session)
    svg = client.get(f"/s/{mpp.code}/L00/qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert client.get(f"/manage/{mpp.code}/qr").status_code == 302  # the sheet: managers only
    login(client, make_user(session, "manager", mpps=[mpp]))
    sheet = client.get(f"/manage/{mpp.code}/qr").get_data(as_text=True)
    assert sheet.count("qr.svg") == 4
