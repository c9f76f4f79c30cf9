"""Dates as Russian documents print them, found in (OCR'd) free text.

Supported: ``12.03.2026``, ``12.03.26``, ``12 марта 2026 г.``, ``«12» марта 2026``
(also ``-`` or ``/`` between numbers, and OCR's stray space after a dot). Every
hit keeps its character span, so a suggestion can show the fragment it came
from. Impossible dates (31.02) are dropped rather than "corrected": a wrong date
suggested confidently is worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр",
          "октябр", "ноябр", "декабр")
"""Month stems: the genitive ("марта") is normal, but OCR and clerks vary the ending."""
_MONTH_WORD = r"(январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|" \
              r"сентябр[яь]|октябр[яь]|ноябр[яь]|декабр[яь])"
_NUMERIC = re.compile(r"(?<![\d.])(\d{1,2})([./-]) ?(\d{1,2})\2 ?(\d{4}|\d{2})(?![\d])")
_NAMED = re.compile(r"(?<!\d)[«\"<]{0,2}\s?(\d{1,2})\s?[»\">]{0,2}\s+" + _MONTH_WORD
                    + r"\s+(\d{4})(?!\d)(\s?(?:г\.|года|г\b))?", re.IGNORECASE)


@dataclass(frozen=True)
class FoundDate:
    """A date and where it sits in the text (``start``..``end`` characters)."""

    value: date
    start: int
    end: int


def _year(raw: str) -> int:
    """Two-digit years are this century: certificates are recent by nature."""
    return 2000 + int(raw) if len(raw) == 2 else int(raw)


def _make(year: int, month: int, day: int) -> date | None:
    if not 1900 < year < 2200:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month(word: str) -> int:
    w = word.lower()
    for number, stem in enumerate(MONTHS, start=1):
        if stem == "ма":
            if w in ("мая", "май"):
                return number
        elif w.startswith(stem):
            return number
    raise ValueError(word)


def find_dates(text: str) -> list[FoundDate]:
    """Every valid date in ``text``, in text order, without overlaps."""
    found: list[FoundDate] = []
    for m in _NUMERIC.finditer(text):
        if m.group(2) == "-" and len(m.group(4)) == 2:
            continue  # "1-2-26" is more often a range or a phone fragment than a date
        day = _make(_year(m.group(4)), int(m.group(3)), int(m.group(1)))
        if day is not None:
            found.append(FoundDate(day, m.start(), m.end()))
    for m in _NAMED.finditer(text):
        day = _make(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
        if day is not None:
            found.append(FoundDate(day, m.start(), m.end()))
    found.sort(key=lambda f: f.start)
    out: list[FoundDate] = []
    for f in found:
        if not out or f.start >= out[-1].end:
            out.append(f)
    return out
