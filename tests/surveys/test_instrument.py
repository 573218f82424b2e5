from analysis.skm import ELEMENT_CODES
from surveys import instrument
from surveys.models import Response


def test_elements_follow_the_regulation_and_the_analysis_codes():
    assert tuple(instrument.ELEMENTS) == ELEMENT_CODES
    assert len(ELEMENT_CODES) == 9


def test_questionnaire_asks_sarana_before_pengaduan():
    order = instrument.QUESTION_ORDER
    assert sorted(order) == sorted(ELEMENT_CODES)
    assert order.index("sarana") == 7 and order.index("pengaduan") == 8


def test_every_element_has_four_options_in_both_languages():
    for element in instrument.ELEMENTS.values():
        for lang in instrument.LANGUAGES:
            assert len(element.options[lang]) == 4
            assert element.question[lang].strip()
    assert instrument.ELEMENTS["biaya"].option_label(4) == "Gratis"
    assert instrument.ELEMENTS["biaya"].option_label(1) == "Sangat mahal"
    assert instrument.ELEMENTS["pengaduan"].option_label(4, "id") == "Dikelola dengan baik"


def test_response_table_has_one_column_per_element():
    columns = set(Response.__table__.columns.keys())
    assert set(ELEMENT_CODES) <= columns


def test_kiosk_view_of_the_instrument_is_in_question_order():
    data = instrument.as_dict("en")
    assert [e["code"] for e in data["elements"]] == list(instrument.QUESTION_ORDER)
    assert [o["score"] for o in data["elements"][0]["options"]] == [1, 2, 3, 4]
    assert {p["code"] for p in data["profile"]} == {"sex", "age_band", "education", "occupation"}
