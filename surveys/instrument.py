"""The SKM instrument (PermenPANRB 14/2017) as data: defined once, read by everything else.

The kiosk, the phone form, the validation, the reports and the CSV columns all read
``ELEMENTS``. Answers are keyed by element code, never by position: the standard
questionnaire asks *sarana* before *pengaduan*, the reverse of the regulation's list.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.skm import ELEMENT_CODES

SCORES = (1, 2, 3, 4)
LANGUAGES = ("id", "en")


@dataclass(frozen=True)
class Element:
    code: str
    name: dict[str, str]
    question: dict[str, str]
    options: dict[str, tuple[str, str, str, str]]  # label of score 1, 2, 3, 4 per language

    def option_label(self, score: int, lang: str = "id") -> str:
        return self.options[lang][score - 1]


def _element(code, name_id, name_en, q_id, q_en, opts_id, opts_en) -> Element:
    return Element(
        code=code,
        name={"id": name_id, "en": name_en},
        question={"id": q_id, "en": q_en},
        options={"id": tuple(opts_id), "en": tuple(opts_en)},
    )


_ELEMENTS_IN_REGULATION_ORDER = (
    _element(
        "persyaratan",
        "Persyaratan",
        "Requirements",
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan "
        "jenis pelayanannya?",
        "How well do the service requirements match the type of service?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        ("Not appropriate", "Less appropriate", "Appropriate", "Very appropriate"),
    ),
    _element(
        "prosedur",
        "Sistem, Mekanisme, dan Prosedur",
        "Systems, mechanisms and procedures",
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        "How easy is the service procedure at this unit?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
        ("Not easy", "Less easy", "Easy", "Very easy"),
    ),
    _element(
        "waktu",
        "Waktu Penyelesaian",
        "Completion time",
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        "How fast was the service delivered?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
        ("Not fast", "Less fast", "Fast", "Very fast"),
    ),
    _element(
        "biaya",
        "Biaya/Tarif",
        "Cost/fee",
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        "How fair is the cost or fee of the service?",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
        ("Very expensive", "Rather expensive", "Cheap", "Free"),
    ),
    _element(
        "produk",
        "Produk Spesifikasi Jenis Pelayanan",
        "Service products",
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang "
        "tercantum dalam standar pelayanan dengan hasil yang diberikan?",
        "How well does the service product match what the service standard promises?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        ("Not appropriate", "Less appropriate", "Appropriate", "Very appropriate"),
    ),
    _element(
        "kompetensi",
        "Kompetensi Pelaksana",
        "Staff competence",
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        "How competent were the staff who served you?",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
        ("Not competent", "Less competent", "Competent", "Very competent"),
    ),
    _element(
        "perilaku",
        "Perilaku Pelaksana",
        "Staff behaviour",
        "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
        "kesopanan dan keramahan?",
        "How polite and friendly were the staff?",
        (
            "Tidak sopan dan ramah",
            "Kurang sopan dan ramah",
            "Sopan dan ramah",
            "Sangat sopan dan ramah",
        ),
        (
            "Not polite and friendly",
            "Less polite and friendly",
            "Polite and friendly",
            "Very polite and friendly",
        ),
    ),
    _element(
        "sarana",
        "Sarana dan Prasarana",
        "Facilities",
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        "How good are the facilities?",
        ("Buruk", "Cukup", "Baik", "Sangat baik"),
        ("Poor", "Fair", "Good", "Very good"),
    ),
    _element(
        "pengaduan",
        "Penanganan Pengaduan, Saran dan Masukan",
        "Handling of complaints and suggestions",
        "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
        "How are complaints from service users handled?",
        (
            "Tidak ada",
            "Ada tetapi tidak berfungsi",
            "Berfungsi kurang maksimal",
            "Dikelola dengan baik",
        ),
        ("None", "Exists but does not work", "Works, not fully", "Well managed"),
    ),
)

ELEMENTS: dict[str, Element] = {e.code: e for e in _ELEMENTS_IN_REGULATION_ORDER}
assert tuple(ELEMENTS) == ELEMENT_CODES, "instrument and analysis disagree on the elements"

# The standard questionnaire asks sarana (Q8) before pengaduan (Q9).
QUESTION_ORDER: tuple[str, ...] = (
    "persyaratan", "prosedur", "waktu", "biaya", "produk",
    "kompetensi", "perilaku", "sarana", "pengaduan",
)  # fmt: skip


@dataclass(frozen=True)
class ProfileField:
    code: str
    label: dict[str, str]
    choices: tuple[tuple[str, dict[str, str]], ...]  # (stored value, label per language)

    def values(self) -> tuple[str, ...]:
        return tuple(value for value, _ in self.choices)


def _choices(*rows: tuple[str, str, str]) -> tuple[tuple[str, dict[str, str]], ...]:
    return tuple((value, {"id": label_id, "en": label_en}) for value, label_id, label_en in rows)


# All optional: asking less raises the response rate, and UU PDP asks for minimisation.
PROFILE_FIELDS: dict[str, ProfileField] = {
    f.code: f
    for f in (
        ProfileField(
            "sex",
            {"id": "Jenis kelamin", "en": "Sex"},
            _choices(("L", "Laki-laki", "Male"), ("P", "Perempuan", "Female")),
        ),
        ProfileField(
            "age_band",
            {"id": "Usia", "en": "Age"},
            _choices(
                ("<20", "Di bawah 20", "Under 20"),
                ("20-29", "20–29", "20–29"),
                ("30-39", "30–39", "30–39"),
                ("40-49", "40–49", "40–49"),
                ("50-59", "50–59", "50–59"),
                ("60+", "60 ke atas", "60 and over"),
            ),
        ),
        ProfileField(
            "education",
            {"id": "Pendidikan", "en": "Education"},
            _choices(
                ("SD", "SD", "Primary"),
                ("SMP", "SMP", "Junior high"),
                ("SMA", "SMA", "Senior high"),
                ("D1-D3", "D1–D3", "Diploma"),
                ("D4/S1", "D4/S1", "Bachelor"),
                ("S2", "S2", "Master"),
                ("S3", "S3", "Doctorate"),
            ),
        ),
        ProfileField(
            "occupation",
            {"id": "Pekerjaan", "en": "Occupation"},
            _choices(
                ("PNS", "PNS", "Civil servant"),
                ("TNI", "TNI", "Armed forces"),
                ("POLRI", "POLRI", "Police"),
                ("Swasta", "Swasta", "Private sector"),
                ("Wirausaha", "Wirausaha", "Self-employed"),
                ("Lainnya", "Lainnya", "Other"),
            ),
        ),
    )
}

COMMENT_MAX_LENGTH = 1000
CHANNELS = ("kiosk", "qr")


def as_dict(lang: str) -> dict:
    """The instrument in one language, ready to hand to the kiosk as JSON."""
    return {
        "elements": [
            {
                "code": code,
                "name": ELEMENTS[code].name[lang],
                "question": ELEMENTS[code].question[lang],
                "options": [
                    {"score": s, "label": ELEMENTS[code].option_label(s, lang)} for s in SCORES
                ],
            }
            for code in QUESTION_ORDER
        ],
        "profile": [
            {
                "code": f.code,
                "label": f.label[lang],
                "choices": [{"value": v, "label": labels[lang]} for v, labels in f.choices],
            }
            for f in PROFILE_FIELDS.values()
        ],
        "comment_max_length": COMMENT_MAX_LENGTH,
    }
