"""Whole numbers typed into a query or a form: ASCII digits 0-9 only.

``str.isdigit()`` also accepts '²' or '①', which ``int()`` then refuses (a 500), and ``int()`` and
``\\d`` accept Arabic-Indic or Devanagari digits that no form offers. Every numeric field, in
the web layer and the domain, asks here instead.
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"[0-9]+")


def is_digits(text: object) -> bool:
    """True for a non-empty string of ASCII digits, nothing else (no sign, space or '²')."""
    return isinstance(text, str) and _DIGITS.fullmatch(text) is not None


def whole_number(text: object, max_digits: int = 9) -> int | None:
    """The number `text` spells in ASCII digits, or None; beyond `max_digits` is no id either
    (nine digits stay within PostgreSQL's int4)."""
    if not is_digits(text) or len(text) > max_digits:
        return None
    return int(text)


_NUMBER_RUNS = re.compile(r"([0-9]+)")


def natural_key(text: str) -> tuple:
    """Sort key that reads the numbers in `text` as numbers: "Loket 2" before "Loket 10",
    "L9" before "L10"; letters compare without case."""
    parts = _NUMBER_RUNS.split(text or "")
    return tuple((0, int(part), "") if part.isascii() and part.isdigit() else (1, 0, part.lower())
                 for part in parts if part)  # fmt: skip


def by_counter_number(counters) -> list:
    """Counters (anything with `.code` and `.name`) in the order of their numbers."""
    return sorted(counters, key=lambda c: (natural_key(c.code), natural_key(c.name)))
