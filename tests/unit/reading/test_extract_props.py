"""Property tests for the text extractors: dates, ICD-10 codes, tracking numbers, kinds."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.reading.gen import ru_date
from vault.evidence.tracking import complete_domestic, complete_s10
from vault.reading.rudates import find_dates
from vault.reading.suggestions import suggest_fields

WORDS = st.text(alphabet=st.sampled_from("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗ .,:;«»()-—\n"),
                max_size=200)
DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
LOOKALIKE = {"A": "А", "B": "В", "E": "Е", "K": "К", "M": "М", "H": "Н", "O": "О", "P": "Р",
             "C": "С", "T": "Т", "X": "Х", "J": "Ј"}


@given(DATES, st.integers(0, 4), WORDS, WORDS)
def test_every_russian_date_format_is_found(day: date, style: int, before: str, after: str) -> None:
    text = f"{before} {ru_date(day, style)} {after}"
    assert day in [f.value for f in find_dates(text)]


@given(WORDS)
def test_text_without_digits_has_no_dates(text: str) -> None:
    assert find_dates(text) == []
    assert [s for s in suggest_fields(text) if s.field in ("issued", "icd10", "tracking")] == []


@given(st.integers(1, 31), st.integers(13, 99), st.integers(2000, 2099))
def test_impossible_dates_are_dropped(day: int, month: int, year: int) -> None:
    assert find_dates(f"от {day:02d}.{month:02d}.{year}") == []


@given(st.sampled_from("ABCEHJKMOPTX"), st.integers(0, 99), st.one_of(st.none(), st.integers(0, 9)),
       st.lists(st.booleans(), min_size=1, max_size=1), WORDS)
def test_codes_with_cyrillic_lookalikes_normalise(letter: str, number: int, sub: int | None,
                                                  swap: list[bool], noise: str) -> None:
    latin = f"{letter}{number:02d}" + (f".{sub}" if sub is not None else "")
    typed = (LOOKALIKE[letter] if swap[0] else letter) + latin[1:]
    found = suggest_fields(f"{noise}\nКод по МКБ-10: {typed}\n{noise}")
    assert latin in [s.value for s in found if s.field == "icd10"]


@given(st.text(alphabet="0123456789", min_size=13, max_size=13), st.booleans(), WORDS)
def test_valid_domestic_tracking_is_found_and_broken_is_not(body: str, spaced: bool, noise: str) -> None:
    number = complete_domestic(body)
    shown = f"{number[:6]} {number[6:8]} {number[8:13]} {number[13]}" if spaced else number
    found = suggest_fields(f"{noise} ШПИ {shown} {noise}")
    assert number in [s.value for s in found if s.field == "tracking"]
    broken = number[:13] + str((int(number[13]) + 1) % 10)
    assert [s for s in suggest_fields(f"ШПИ {broken}") if s.field == "tracking"] == []


@settings(max_examples=50)
@given(st.sampled_from(["RA", "EE", "CP", "RR"]), st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_valid_s10_is_found(prefix: str, serial: str) -> None:
    number = complete_s10(prefix, serial)
    assert number in [s.value for s in suggest_fields(f"Трек: {number}.") if s.field == "tracking"]


def test_examples_from_the_brief() -> None:
    text = ("КОНСУЛЬТАТИВНОЕ ЗАКЛЮЧЕНИЕ\nДата рождения: 01.02.2005\nДиагноз: Бронхиальная астма (Ј45.0), "
            "Е11 в анамнезе.\nВыдано «12» марта 2026 г.")
    found = suggest_fields(text)
    by = {f: [s.value for s in found if s.field == f] for f in ("issued", "icd10", "kind", "diagnosis")}
    assert by["issued"] == ["2026-03-12"]  # the birth date is not offered
    assert by["icd10"] == ["J45.0", "E11"]
    assert by["kind"] == ["specialist_conclusion"]
    assert by["diagnosis"][0].startswith("Бронхиальная астма")
    assert all(s.fragment and 0 < s.confidence <= 1 for s in found)


def test_kinds_from_keywords() -> None:
    cases = {"УВЕДОМЛЕНИЕ О ВРУЧЕНИИ": "delivery_notice", "КВИТАНЦИЯ": "postal_receipt",
             "ПОВЕСТКА": "summons", "КАРТА ВЫЗОВА скорой медицинской помощи": "ambulance_certificate",
             "СПРАВКА\nо нахождении на диспансерном наблюдении": "dispensary_certificate",
             "ВЫПИСКА из медицинской карты": "record_extract", "СПРАВКА": "medical_certificate"}
    for text, kind in cases.items():
        assert [s.value for s in suggest_fields(text) if s.field == "kind"] == [kind], text


def test_period_and_weakening_terms() -> None:
    from vault.evidence.rules import load_rules

    text = ("Освобождён от занятий с 01.02.2026 по 10.02.2026.\nДиагноз: Бронхиальная астма "
            "лёгкой степени, контролируемая. J45.0")
    found = suggest_fields(text, load_rules(), target=(52, "а"))
    assert ("period_start", "2026-02-01") in [(s.field, s.value) for s in found]
    assert ("period_end", "2026-02-10") in [(s.field, s.value) for s in found]
    assert not [s for s in found if s.field == "issued"]
    weak = {s.value for s in found if s.field == "weakening"}
    assert {"легкой степени", "контролируем*"} <= weak
    assert all(s.ref == "ст. 52 «а»" for s in found if s.field in ("weakening", "qualifier"))
