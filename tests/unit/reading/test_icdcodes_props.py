"""The tolerant ICD-10 reader: OCR's look-alikes are read back, and no code is ever invented."""

from __future__ import annotations

import functools

from hypothesis import given
from hypothesis import strategies as st

from vault.evidence import icd10
from vault.evidence.rules import Rules, load_rules
from vault.reading.icdcodes import doubtful, find_codes, rule_prefixes, settle

TWIN = {"A": "А", "B": "В", "E": "Е", "K": "К", "M": "М", "H": "Н", "O": "О", "P": "Р",
        "C": "С", "T": "Т", "X": "Х", "J": "Ј"}
DIGIT_TWINS = {"0": "ОOоo", "1": "lI|і", "3": "Зз"}
WORDS = st.text(alphabet=st.sampled_from("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗ .:;«»—\n"),
                max_size=80)


@functools.cache
def rules() -> Rules:
    return load_rules()


@functools.cache
def prefixes() -> tuple[str, ...]:
    return rule_prefixes(rules())


@st.composite
def rule_codes(draw: st.DrawFn) -> str:
    """A code inside the rule data: a Schedule or diagnosis-term prefix, maybe with a sub-code."""
    prefix = draw(st.sampled_from(prefixes()))
    if "." in prefix:
        return prefix
    sub = draw(st.one_of(st.none(), st.integers(0, 9), st.integers(10, 99)))
    return prefix if sub is None else f"{prefix}.{sub}"


@st.composite
def misread(draw: st.DrawFn, code: str) -> str:
    """``code`` as OCR might print it: Cyrillic twins, digit look-alikes, a comma, spaces."""
    out = [TWIN[code[0]] if code[0] in TWIN and draw(st.booleans()) else code[0]]
    for ch in code[1:]:
        if ch == ".":
            out.append(draw(st.sampled_from([".", ",", " .", ". ", " ,"])))
        elif ch in DIGIT_TWINS and draw(st.booleans()):
            out.append(draw(st.sampled_from(DIGIT_TWINS[ch])))
        else:
            out.append(ch)
    return "".join(out)


@given(rule_codes().flatmap(lambda code: st.tuples(st.just(code), misread(code))), WORDS, WORDS)
def test_a_rule_code_with_any_lookalike_is_read_back(pair: tuple[str, str], before: str,
                                                     after: str) -> None:
    code, typed = pair
    text = f"{before}\nКод по МКБ-10: {typed}\n{after}"
    assert code in [h.value for h in find_codes(text, rules())], text


@given(st.sampled_from([("астма", "J45"), ("сколиоз", "M41"), ("эпилепсия", "G40"),
                        ("язва желудка", "K25"), ("мигрень", "G43")]),
       st.sampled_from(["", "]", "[", "|", "}", "(", "1", "2", "3", "4", "j", "l"]), st.integers(0, 9),
       st.sampled_from(["Диагноз: {words} ({code})", "Основное заболевание: {code} — {words}",
                        "Заключение: {words}. Шифр МКБ-10 {code}."]))
def test_a_lost_letter_comes_from_the_diagnosis_words(term: tuple[str, str], slot: str, sub: int,
                                                      layout: str) -> None:
    words, block = term
    text = layout.format(words=words, code=f"{slot}{block[1:]}.{sub}")
    assert [h.value for h in find_codes(text, rules())] == [f"{block}.{sub}"], text


def test_a_lost_letter_is_not_guessed_when_the_words_disagree_or_are_missing() -> None:
    # эпилепсия -> G40, псориаз -> L40: two letters fit "40", so none is offered
    assert find_codes("Диагноз: эпилепсия, псориаз (|40.1)", rules()) == []
    assert find_codes("Диагноз: перелом (]45.1)", rules()) == []
    assert find_codes("Рост 145.1 см, астма", rules()) == []  # no code cue on the line
    assert find_codes("Диагноз: астма (]45.1)", None) == []  # no rule data, no repair


def test_a_repaired_code_outside_the_rule_data_is_dropped() -> None:
    assert not icd10.matches_prefix("A0", prefixes())
    assert [h.value for h in find_codes("Код по МКБ: A0l.1 и A01.1", rules())] == ["A01.1"]
    assert find_codes("Код по МКБ: F84 ,5", rules()) == []  # a spaced comma is a repair
    assert [h.value for h in find_codes("Код по МКБ: F84,5", rules())] == ["F84.5"]  # typed so


NOISE = st.lists(st.one_of(
    st.sampled_from(["Диагноз:", "МКБ-10", "Шифр", "заболевание", "астма", "сколиоз", "язва",
                     "эпилепсия", "псориаз", "диабет", "(", ")", "\n", " ", ".", ",", "—"]),
    st.text(alphabet=st.sampled_from("0123456789ОOоoЗзlIіij|][}{()., JFEЕМMКKАAВBН"),
            min_size=1, max_size=8)), max_size=30)


@given(NOISE)
def test_random_text_never_yields_a_code_outside_the_rule_data(parts: list[str]) -> None:
    text = " ".join(parts)
    for hit in find_codes(text, rules()):
        as_typed = icd10.normalize(text[hit.start:hit.end]).replace(",", ".") == hit.value
        assert as_typed or icd10.matches_prefix(hit.value, prefixes()), (text, hit)
        assert icd10.is_valid_normalized(hit.value)


def test_a_doubtful_letter_is_settled_by_a_latin_read_with_the_same_digits() -> None:
    text = "Шифр МКБ-10 Е84.5.\nОсновное заболевание: [84.5 — Синдром Аспергера\nДиагноз: астма (]45.1)"
    doubts = doubtful(text, rules())
    assert [text[d.start:d.end] for d in doubts] == ["Е84.5", "[84.5"]  # ]45.1 -> J45.1 by the words
    latin = "Iludp MKB-10 F84.5.\nOcHoBHoe 3a6oneBaHue: F84.5 — Cungpom"
    settled = settle(text, doubts, latin)
    assert settled.splitlines()[:2] == ["Шифр МКБ-10 F84.5.", "Основное заболевание: F84.5 — Синдром Аспергера"]
    assert "F84.5" in [h.value for h in find_codes(settled, rules())]


def test_a_latin_read_that_disagrees_settles_nothing() -> None:
    text = "Шифр МКБ-10 Е84.5."
    doubts = doubtful(text, rules())
    assert settle(text, doubts, "MKB-10 F84.6") == text  # other digits
    assert settle(text, doubts, "MKB-10 F84.5, E84.5") == text  # two letters for the same digits
    assert settle(text, doubts, "MKB-10 84.5") == text  # no letter read either
    assert doubtful("Шифр МКБ-10 F84.5.", rules()) == []  # a Latin letter is read as typed
    assert doubtful("Рост [84.5 см", rules()) == []  # not on a code line
