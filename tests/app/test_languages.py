"""No English on Indonesian screens and no Indonesian on English ones.

Every HTML page of the access matrix is rendered for each role allowed to open it, in both
languages, and its visible text (tags, scripts and styles stripped) is searched for words of
the other catalogue; then every form is posted empty, and the page it leads to (its errors and
flashes) is searched the same way.
"""

from __future__ import annotations

import html
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from surveys.effectiveness_inputs import METHOD_VERSION
from surveys.models import Agency, Counter, Mpp, Regency, Service
from tests.app.test_access_matrix import EXPECTED, ROLES, _url, routes, world  # noqa: F401
from tests.factories import csrf_token, login

# Words of one catalogue that must never show on a page in the other language. Whole words,
# case-sensitive; data (MPP, agency, counter and service names) is taken out of the page first.
NOT_ON_ENGLISH = ["Tanggapan", "Periode", "Instansi", "instansi", "belum", "Belum", "Simpan",
                  "Unduh", "Kembali", "Keluar", "Pengaduan", "Bulan", "Tahun", "Kata sandi",
                  "Wajib diisi", "Maaf", "Tidak ada", "tidak", "dan", "untuk", "atau",
                  "Halaman", "Peringatan"]  # fmt: skip
NOT_ON_INDONESIAN = ["Responses", "Period", "Tenant", "Save", "Download", "Unknown",
                     "This field is required", "Field must", "characters long", "Agency",
                     "Sorry", "Password", "Month", "Year", "Sign out", "the", "and", "not",
                     "Not a valid", "Invalid"]  # fmt: skip
FOREIGN = {"id": NOT_ON_INDONESIAN, "en": NOT_ON_ENGLISH}

# Pages that hold both languages on purpose.
BILINGUAL = {
    "kiosk.shell",  # the kiosk switches language on the tablet, without a request
}


def data_names(session) -> list[str]:
    names = set()
    for column in (Agency.name, Agency.short_name, Counter.name, Service.name, Service.name_en,
                   Mpp.name, Regency.name):  # fmt: skip
        names.update(n for n in session.scalars(select(column)) if n)
    names.add(METHOD_VERSION)  # "1.0" on the methodology page is a version, not a decimal
    return sorted(names, key=len, reverse=True)


def visible_text(page: str, names: list[str] = ()) -> str:
    page = re.sub(r"(?is)<(script|style|template)\b.*?</\1>", " ", page)
    page = re.sub(r"(?s)<!--.*?-->", " ", page)
    page = re.sub(r'(?is)<[^>]*\blang="(?:en|id)"[^>]*>[^<]*', " ", page)  # the language switch
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    for name in names:
        text = text.replace(name, " ")
    return text


# A decimal written the other language's way: "88.31" on an Indonesian page, "88,31" on an
# English one (two decimals: "2,000" and "1.000" are thousands).
FOREIGN_DECIMAL = {"id": re.compile(r"(?<![\w.,])\d+\.\d{1,2}(?![\w.,])"),
                   "en": re.compile(r"(?<![\w.,])\d+,\d{1,2}(?![\w.,])")}  # fmt: skip


def foreign_words(text: str, lang: str) -> list[str]:
    found = [w for w in FOREIGN[lang] if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]
    return found + FOREIGN_DECIMAL[lang].findall(text)


def _context(text: str, word: str) -> str:
    at = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text).start()
    return " ".join(text[max(0, at - 60) : at + 60].split())


def _check(body: str, lang: str, where: str, names=()) -> list[str]:
    text = visible_text(body, names)
    return [f"{where} [{lang}]: {w!r} in …{_context(text, w)}…" for w in foreign_words(text, lang)]


def _client(app, world, role):  # noqa: F811
    client = app.test_client()
    if role in world["users"]:
        login(client, world["users"][role])
    return client


def _html(response) -> bool:
    return response.mimetype == "text/html"


def test_the_word_lists_see_what_they_should():
    assert foreign_words("Unduh laporan", "en") == ["Unduh"]
    assert foreign_words("Download the report", "en") == []
    assert foreign_words("This field is required.", "id") == ["This field is required"]
    assert foreign_words("IKM 88,31 dari 2.000", "id") == []
    assert foreign_words("IKM 88.31 dari 2.000", "id") == ["88.31"]
    assert foreign_words("IKM 88,31 of 2,000", "en") == ["88,31"]
    assert visible_text('<a lang="en" href="?lang=en">EN</a><p>Simpan</p>').split() == ["Simpan"]


def test_every_page_speaks_one_language(app, world, session):  # noqa: F811
    wrong, names = [], data_names(session)
    for endpoint, method in routes(app):
        if method != "GET" or endpoint in BILINGUAL or endpoint == "static":
            continue
        expected = EXPECTED.get((endpoint, method), {})
        url = _url(app, endpoint, world["values"])
        for role in ROLES:
            if role == "device" or expected.get(role) != "ok":
                continue
            client = _client(app, world, role)
            for lang in ("id", "en"):
                join = "&" if "?" in url else "?"
                with client.get(f"{url}{join}lang={lang}", follow_redirects=True) as response:
                    if _html(response):
                        body = response.get_data(as_text=True)
                        wrong += _check(body, lang, f"{url} as {role}", names)
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_form_posted_empty_answers_in_the_page_language(app, world, session, lang):  # noqa: F811
    """Errors and flashes of every form, as the first role allowed to post it sees them."""
    wrong, names = [], data_names(session)
    skip = {"auth.logout", "auth.logout_everywhere", "api.submit", "api.pairing_create"}
    for endpoint, method in routes(app):
        if method != "POST" or endpoint in skip:
            continue
        expected = EXPECTED.get((endpoint, method), {})
        role = next((r for r in ROLES if r != "device" and expected.get(r) == "ok"), None)
        if role is None:
            continue
        client = _client(app, world, role)
        client.get(f"/?lang={lang}")
        url = _url(app, endpoint, world["values"])
        data = {"csrf_token": csrf_token(client, "/auth/login")}
        with client.post(url, data=data, follow_redirects=True) as response:
            if _html(response):
                body = response.get_data(as_text=True)
                wrong += _check(body, lang, f"POST {url} as {role}", names)
    assert wrong == [], "\n".join(wrong)


MESSAGES = {
    "id": ["Wajib diisi.", "Isian harus 10 sampai 200 karakter."],
    "en": ["This field is required.", "Between 10 and 200 characters."],
}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_wtforms_own_messages_come_from_the_catalogue(app, world, lang):  # noqa: F811
    client = _client(app, world, "admin")
    client.get(f"/admin/users?lang={lang}")
    page = client.post("/admin/users/new", data={
        "csrf_token": csrf_token(client, "/admin/users/new"), "email": "", "name": "",
        "role": "manager", "password": "short"}).get_data(as_text=True)  # fmt: skip
    for message in MESSAGES[lang]:
        assert message in page
    assert _check(page, lang, "new user") == []


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_totp_code_length_message_is_translated(app, lang):
    from app.auth.forms import TotpForm

    with app.test_request_context(f"/?lang={lang}"):
        app.config["WTF_CSRF_ENABLED"] = False
        form = TotpForm(formdata=MultiDict({"code": "abc"}))
        assert not form.validate()
    expected = {"id": "Isian harus 6 sampai 7 karakter.", "en": "Between 6 and 7 characters."}
    assert form.code.errors == [expected[lang]]


@pytest.mark.parametrize(("lang", "message"), [
    ("id", "Tahun tidak dikenal: pilih tahun seperti 2026."),
    ("en", "Unknown year: choose a year such as 2026."),
])  # fmt: skip
def test_an_error_page_says_the_domain_error_in_the_page_language(app, world, lang, message):  # noqa: F811
    client = _client(app, world, "evaluator")
    response = client.get(f"/national/?year=abc&lang={lang}")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and "Unknown year." not in page


def test_the_token_page_shows_the_header_with_its_placeholder(app, world):  # noqa: F811
    client = _client(app, world, "evaluator")
    page = client.get("/national/tokens?lang=id").get_data(as_text=True)
    assert "Authorization: Bearer &lt;token&gt;." in page


def test_the_alert_rule_shows_a_decimal_comma_in_indonesian(app, world):  # noqa: F811
    client = _client(app, world, "manager_a")
    url = _url(app, "manage.alert_list", world["values"])
    assert 'name="ikm_drop_points" value="5,0"' in client.get(f"{url}?lang=id").get_data(True)
    assert 'name="ikm_drop_points" value="5.0"' in client.get(f"{url}?lang=en").get_data(True)
    token = csrf_token(client, url)
    rule = _url(app, "manage.alert_rule", world["values"])
    form = {"csrf_token": token, "low_share": "60", "window_minutes": "60", "min_responses": "5",
            "ikm_drop_points": "7,5", "drop_min_responses": "30", "drop_enabled": "1"}  # fmt: skip
    client.post(rule, data=form)
    assert 'name="ikm_drop_points" value="7,5"' in client.get(f"{url}?lang=id").get_data(True)


def _sheet_cells(client, url):
    book = load_workbook(io.BytesIO(client.get(url).data))
    return {sheet.title: [c for row in sheet.iter_rows(values_only=True) for c in row
                          if c is not None] for sheet in book}  # fmt: skip


def test_the_workbook_says_the_mpp_time_and_writes_decimals_in_its_language(app, world):  # noqa: F811
    client = _client(app, world, "manager_a")
    url = _url(app, "reports.xlsx", world["values"])
    indonesian = _sheet_cells(client, f"{url}?lang=id")
    cells = [str(c) for sheet in indonesian.values() for c in sheet]
    assert not any(c.endswith(" UTC") for c in cells)
    assert any(c.endswith(" WIB") for c in cells)
    assert "1,00 – 2,5996" in cells and "1.00 – 2.5996" not in cells
    english = [str(c) for sheet in _sheet_cells(client, f"{url}?lang=en").values() for c in sheet]
    assert "1.00 – 2.5996" in english


def test_a_language_asked_of_a_page_that_redirects_is_kept(app, world):  # noqa: F811
    client = _client(app, world, "manager_a")
    page = client.get("/dashboard/?lang=en", follow_redirects=True).get_data(as_text=True)
    assert 'lang="en"' in page and "Dashboard" in page
