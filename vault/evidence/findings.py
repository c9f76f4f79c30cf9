"""Numeric findings (BP, FEV1 %, scoliosis angle, flat-foot degree, diopters, BMI).

Two sources, one shape (measure → values): what the user typed in a document's
``findings`` field ("bp=185/112; fev1=55") and what the OCR text seems to say.
Read values are only *suggestions*: the UI shows them for the user to confirm
into ``findings``; the gap engine prefers typed values and falls back to read
ones (WRD-03 says which it used).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from vault.errors import InvalidInput

MEASURES = ("bp_sys", "bp_dia", "fev1", "pef_var", "scoliosis", "flatfoot", "diopters", "bmi")
_NUM = r"(\d{1,3}(?:[.,]\d{1,2})?)"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_TEXT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("fev1", re.compile(r"(?:офв\s*1|офв1|fev\s*1)\s*[-–—:=]?\s*" + _NUM + r"\s*%", re.I)),
    ("pef_var", re.compile(r"вариабельност\w*\s*(?:псв\s*)?[-–—:=]?\s*" + _NUM + r"\s*%", re.I)),
    ("scoliosis", re.compile(r"сколиоз[^.;\n]{0,40}?" + _NUM + r"\s*(?:°|град)", re.I)),
    ("diopters", re.compile(r"[-−+]?\s?" + _NUM + r"\s*(?:дптр|диоптр)", re.I)),
    ("bmi", re.compile(r"(?:имт|bmi)\s*[-–—:=]?\s*" + _NUM, re.I)),
)
_BP = re.compile(r"(?:ад|давлени\w*|bp)?\s*(\d{2,3})\s*/\s*(\d{2,3})\s*(?:мм|mm)", re.I)
_FLATFOOT = re.compile(r"плоскостопи\w*\s+(iv|iii|ii|i|[1-4])(?:-?й)?\s*(?:степени|ст)", re.I)
_FLATFOOT_BEFORE = re.compile(r"(iv|iii|ii|i|[1-4])(?:-?й)?\s*(?:степени|ст\.?)\s+плоскостопи", re.I)


def _num(raw: str) -> float:
    return float(raw.replace(",", "."))


def parse_typed(text: str) -> dict[str, tuple[float, ...]]:
    """``bp=185/112; fev1=55`` → {"bp_sys": (185,), "bp_dia": (112,), "fev1": (55,)}."""
    out: dict[str, list[float]] = {}
    for item in re.split(r"[;\n]", text):
        if not item.strip():
            continue
        name, sep, value = item.partition("=")
        name, value = name.strip().lower(), value.strip()
        try:
            if name == "bp" and sep:
                sys_, _, dia = value.partition("/")
                out.setdefault("bp_sys", []).append(_num(sys_))
                out.setdefault("bp_dia", []).append(_num(dia))
            elif name in MEASURES and sep:
                out.setdefault(name, []).append(abs(_num(value)))
            else:
                raise InvalidInput(f"findings: expected measure=value (measures: bp, {', '.join(MEASURES)})")
        except ValueError:
            raise InvalidInput(f"findings: '{value}' is not a number") from None
    return {k: tuple(v) for k, v in out.items()}


def validate_typed(text: str) -> str:
    """Check typed findings (raises InvalidInput) and return them trimmed."""
    parse_typed(text)
    return text.strip()


def read_from_text(text: str, measures: tuple[str, ...] = MEASURES) -> dict[str, tuple[float, ...]]:
    """Values the OCR text seems to state (only ``measures``): suggestions, never facts."""
    out: dict[str, list[float]] = {}
    if "bp_sys" in measures or "bp_dia" in measures:
        for sys_, dia in _BP.findall(text):
            out.setdefault("bp_sys", []).append(float(sys_))
            out.setdefault("bp_dia", []).append(float(dia))
    for measure, pattern in _TEXT_RULES:
        if measure in measures:
            for raw in pattern.findall(text):
                out.setdefault(measure, []).append(abs(_num(raw)))
    for pattern in (_FLATFOOT, _FLATFOOT_BEFORE) if "flatfoot" in measures else ():
        for raw in pattern.findall(text):
            out.setdefault("flatfoot", []).append(float(raw) if raw.isdigit() else float(_ROMAN[raw.lower()]))
    return {k: tuple(v) for k, v in out.items()}


def as_typed(values: Mapping[str, tuple[float, ...]]) -> str:
    """Suggested values in the typed syntax, for the user to confirm."""
    parts = []
    for measure in MEASURES:
        for value in values.get(measure, ()):
            parts.append(f"{measure}={value:g}")
    return "; ".join(parts)
