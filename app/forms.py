"""The base of every form: WTForms' own messages in the page's language, through the catalogue.

WTForms ships no Indonesian, so its built-in sentences ("This field is required.") would reach
Indonesian pages in English. Each one is mapped here to an Indonesian msgid; Indonesian has no
plural, so a singular and its plural share one sentence.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

BUILT_IN = {
    "This field is required.": _l("Wajib diisi."),
    "Invalid input.": _l("Isian tidak valid."),
    "Invalid email address.": _l("Alamat email tidak valid."),
    "Field must be equal to %(other_name)s.": _l("Isian harus sama dengan %(other_name)s."),
    "Field must be at least %(min)d character long.": _l("Isian paling sedikit %(min)d karakter."),
    "Field must be at least %(min)d characters long.": _l("Isian paling sedikit %(min)d karakter."),
    "Field cannot be longer than %(max)d character.": _l("Isian paling banyak %(max)d karakter."),
    "Field cannot be longer than %(max)d characters.": _l("Isian paling banyak %(max)d karakter."),
    "Field must be exactly %(max)d character long.": _l("Isian harus tepat %(max)d karakter."),
    "Field must be exactly %(max)d characters long.": _l("Isian harus tepat %(max)d karakter."),
    "Field must be between %(min)d and %(max)d characters long.": _l(
        "Isian harus %(min)d sampai %(max)d karakter."
    ),
    "Number must be at least %(min)s.": _l("Angka paling kecil %(min)s."),
    "Number must be at most %(max)s.": _l("Angka paling besar %(max)s."),
    "Number must be between %(min)s and %(max)s.": _l("Angka harus antara %(min)s dan %(max)s."),
    "Not a valid choice.": _l("Pilihan tidak valid."),
    "Invalid Choice: could not coerce.": _l("Pilihan tidak valid."),
    "Invalid choice(s): one or more data inputs could not be coerced.": _l("Pilihan tidak valid."),
    "'%(value)s' is not a valid choice for this field.": _l("Pilihan tidak valid."),
    "'%(value)s' are not valid choices for this field.": _l("Pilihan tidak valid."),
    "Not a valid integer value.": _l("Bukan bilangan bulat."),
    "Not a valid decimal value.": _l("Bukan angka desimal."),
    "Not a valid float value.": _l("Bukan angka desimal."),
    "Not a valid date value.": _l("Bukan tanggal yang valid."),
    "Not a valid datetime value.": _l("Bukan tanggal dan waktu yang valid."),
    "Not a valid time value.": _l("Bukan waktu yang valid."),
    "Invalid CSRF Token.": _l("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi."),
    "CSRF token missing.": _l("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi."),
    "CSRF failed.": _l("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi."),
    "CSRF token expired.": _l("Formulir kedaluwarsa. Muat ulang halaman lalu coba lagi."),
}


class CatalogueTranslations:
    """What WTForms asks for its messages, answered from the app's catalogue."""

    def gettext(self, string: str) -> str:
        message = BUILT_IN.get(string)
        return string if message is None else str(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


class Form(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return CatalogueTranslations()
