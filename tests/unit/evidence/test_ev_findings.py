"""Numeric findings: typed syntax, values read from OCR text, and the suggestion offered."""

from __future__ import annotations

import pytest

from vault.errors import InvalidInput
from vault.evidence.findings import as_typed, parse_typed, read_from_text
from vault.reading.suggestions import suggest_fields


def test_typed_findings_parse_and_reject_garbage() -> None:
    assert parse_typed("bp=185/112; fev1=55,5") == {"bp_sys": (185.0,), "bp_dia": (112.0,), "fev1": (55.5,)}
    for bad in ("pressure=1", "fev1=много", "fev1"):
        with pytest.raises(InvalidInput):
            parse_typed(bad)


def test_values_read_from_text() -> None:
    text = ("АД 185/110 мм рт. ст. ОФВ1 55 %. Сколиоз II степени, угол 14°. Миопия -7,5 дптр. "
            "ИМТ 17,5. Плоскостопие III степени.")
    assert read_from_text(text) == {
        "bp_sys": (185.0,), "bp_dia": (110.0,), "fev1": (55.0,), "scoliosis": (14.0,),
        "diopters": (7.5,), "bmi": (17.5,), "flatfoot": (3.0,),
    }
    assert read_from_text(text, ("fev1",)) == {"fev1": (55.0,)}
    assert read_from_text("Жалоб нет.") == {}


def test_suggestion_uses_the_typed_syntax() -> None:
    [hit] = [s for s in suggest_fields("Спирометрия: ОФВ1 58 %") if s.field == "findings"]
    assert hit.value == "fev1=58" and parse_typed(hit.value) == {"fev1": (58.0,)}
    assert as_typed({}) == ""
