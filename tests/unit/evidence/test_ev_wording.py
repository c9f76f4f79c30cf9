from __future__ import annotations

import pytest

from vault.errors import InvalidInput
from vault.evidence.rules import Rules
from vault.evidence.wording import (
    PhraseSet,
    contains,
    find_terms,
    qualifier_coverage,
    stem,
    tokens,
    weakening_terms,
)


@pytest.mark.parametrize(
    "text",
    ["частые обострения", "Частых обострений", "с ЧАСТЫМИ обострениями", "частые тяжёлые обострения"],
)
def test_inflected_forms_match(text: str) -> None:
    assert contains(text, "частые обострения")


def test_stems() -> None:
    assert stem("обострения") == stem("обострение") == stem("обострений") == "обострен"
    assert stem("без") == "без"
    assert tokens("Тяжёлой-степени") == ("тяжелой", "степени")


def test_yo_and_case() -> None:
    assert contains("ЛЁГКОЙ СТЕПЕНИ", "легкой степени")
    assert contains("легкой степени", "лёгкой степени")


def test_order_and_gap_limits() -> None:
    assert not contains("обострения частые", "частые обострения")
    assert not contains("частые, как указано ранее в карте, обострения", "частые обострения")


def test_exact_and_prefix_syntax() -> None:
    assert contains("Здоров.", "=здоров")
    assert not contains("состояние здоровья удовлетворительное", "=здоров")
    assert contains("кратковременные эпизоды", "кратковременн*")
    assert contains("кратковременные эпизоды", "кратковременн…")
    assert not contains("безопасно", "без")


def test_multi_word_weakening(rules: Rules) -> None:
    weak = rules.terms["weakening"].phrases
    text = "Сколиоз II степени без нарушения функций позвоночника"
    assert "без нарушения функций" in weakening_terms(text, weak)
    assert weakening_terms("Резко выраженные стойкие нарушения", weak) == ()


def test_weakening_inside_target_qualifier_ignored(rules: Rules) -> None:
    weak = rules.terms["weakening"].phrases
    art43v = rules.articles[43].subitem("в")
    assert art43v is not None
    text = "гипертоническая болезнь с незначительным нарушением функции органов-мишеней"
    assert "незначительн*" in weakening_terms(text, weak)
    assert weakening_terms(text, weak, qualifiers=art43v.terms) == ()


def test_negation(rules: Rules) -> None:
    rem = rules.terms["remission"].phrases
    kw = {"negate_before": rules.negate_before, "negate_after": rules.negate_after}
    assert find_terms("стойкая ремиссия", rem, **kw) == ("ремиссия",)
    assert find_terms("ремиссии нет", rem, **kw) == ()
    assert find_terms("без ремиссии", rem, **kw) == ()
    assert find_terms("ремиссия не достигнута", rem, **kw) == ()
    assert find_terms("неустойчивая компенсация", rem, **kw) == ()
    assert find_terms("снят с учёта в 2024 году", rem, **kw) == ("снят с учета",)


def test_qualifier_coverage(rules: Rules) -> None:
    sub = rules.articles[52].subitem("а")
    assert sub is not None
    cov = qualifier_coverage("Бронхиальная астма, тяжёлое течение, частых обострений", sub.terms)
    assert cov.covered
    assert set(cov.matched) == {"тяжелое течение", "частые обострения"}
    assert "ежедневные симптомы" in cov.missing
    assert not qualifier_coverage("астма средней степени", sub.terms).covered


def test_bad_terms() -> None:
    for bad in ("", "=", "word!", "*"):
        with pytest.raises(InvalidInput):
            PhraseSet.compile([bad])
