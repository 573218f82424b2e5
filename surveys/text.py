"""Text people type (names, comments): what it may hold, and how stored text is made printable.

Control characters have no place in a name or a comment: they are refused where text comes in
(:func:`has_control_characters`, with :data:`CONTROL_CHARACTERS` as the field's message), and
stripped where it goes out (:func:`printable`), since rows stored before the check may hold them
and one such name must not make a whole document fail (XML, so XLSX, cannot carry them).
"""

from __future__ import annotations

import unicodedata

CONTROL_CHARACTERS = "contains control characters"
LINE_BREAKS = "\t\n\r"  # allowed in multi-line text (a textarea posts CRLF)
# Not characters at all: lone surrogates cannot be encoded, U+FFFE/U+FFFF are not XML.
_NON_CHARACTERS = frozenset("\ufffe\uffff")


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cs") or ch in _NON_CHARACTERS


def has_control_characters(text: str, allow: str = "") -> bool:
    """True when `text` holds a control character (C0, DEL, C1) other than those in `allow`."""
    return any(_is_control(ch) and ch not in allow for ch in text)


def printable(text: str, keep: str = LINE_BREAKS) -> str:
    """`text` without control characters, except those in `keep` (tab and line breaks)."""
    if text.isprintable():  # the common case, checked in C
        return text
    return "".join(ch for ch in text if ch in keep or not _is_control(ch))
