"""Cyrillic letters that look like Latin ones, as typed or OCR-read on certificates.

One table for ICD-10 codes and tracking numbers; each adds the few letters
only it needs.
"""

from __future__ import annotations

UPPER: dict[str, str] = {
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X",
}


def table(extra: dict[str, str] | None = None, *, lower: bool = False) -> dict[int, str]:
    """A ``str.translate`` table: the shared letters, optionally their lower case, plus ``extra``."""
    letters = dict(UPPER)
    if lower:
        letters.update({k.lower(): v for k, v in UPPER.items()})
    letters.update(extra or {})
    return str.maketrans(letters)
