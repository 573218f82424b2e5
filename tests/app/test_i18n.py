"""English is complete: every Indonesian interface text in the source has its translation."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PO_FILE = ROOT / "app" / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def source_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=[("app/**.py", "python"), ("templates/**.html", "jinja2")],
        keywords={"_": None, "gettext": None, "_l": None, "lazy_gettext": None},
    ):  # fmt: skip
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_interface_text_has_an_english_translation():
    with PO_FILE.open("rb") as handle:
        translated = {m.id: m.string for m in read_po(handle) if m.id}
    missing = sorted(m for m in source_messages() if not translated.get(m))
    assert missing == [], "run `make translations` and translate these"


def test_the_english_switch_translates_the_page(client, session):
    english = client.get("/?lang=en").get_data(as_text=True)
    assert "Hearing citizens at every Public Service Mall" in english
    assert 'lang="en"' in english
    indonesian = client.get("/?lang=id").get_data(as_text=True)
    assert "Mendengar warga di setiap Mal Pelayanan Publik" in indonesian


def test_the_language_switch_keeps_the_query(client, session):
    page = client.get("/metodologi?x=1").get_data(as_text=True)
    assert "/metodologi?x=1&amp;lang=en" in page
