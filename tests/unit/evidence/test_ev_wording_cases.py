"""A qualifier written in one grammatical case matches the same word in every other case.

The words come from schema/rules/articles.toml itself (sub-item terms and weakening
phrases), so new rule data is covered without editing this test. Regression: before
the stemmer cut "-ым"/"-им", «с умеренным нарушением функций» (art. 66 «б») missed
«умеренное нарушение функций».
"""

from __future__ import annotations

import re
import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

from vault.evidence.rules import DEFAULT_DIR
from vault.evidence.wording import (
    PhraseSet,
    Span,
    find_spans,
    find_terms,
    tokens,
    weakening_terms,
)

_HARD = ("ый", "ого", "ому", "ым", "ом", "ая", "ой", "ую", "ое", "ые", "ых", "ыми")
_VELAR = ("ий", "ого", "ому", "им", "ом", "ая", "ой", "ую", "ое", "ие", "их", "ими")
_ADJ_END = re.compile(r"^(.{3,}?)(ыми|ими|ого|ому|ая|ое|ые|ие|ых|их|ый|ий|ой|ую|ым|им)$")
_NOUN_NIE = re.compile(r"^(.*(?:ен|ан|ян))(иями|иям|иях|ием|ие|ия|ию|ии|ий)$")
_NOUN_TSIA = re.compile(r"^(.*ц)(иями|иям|иях|ией|ия|ии|ию|ий)$")
_NIE = ("ие", "ия", "ию", "ием", "ии", "ий", "иям", "иями", "иях")
_TSIA = ("ия", "ии", "ию", "ией", "ий", "иям", "иями", "иях")


def paradigm(word: str) -> tuple[str, ...]:
    """Every case form of a qualifier adjective or -ние/-ция noun; () for other words."""
    for pattern, endings in ((_NOUN_NIE, _NIE), (_NOUN_TSIA, _TSIA)):
        m = pattern.match(word)
        if m:
            return tuple(m.group(1) + e for e in endings)
    m = _ADJ_END.match(word)
    if m is None or word.endswith("ся"):
        return ()
    base = m.group(1)
    return tuple(base + e for e in (_VELAR if base[-1] in "кгхжшчщ" else _HARD))


def _rule_words() -> list[str]:
    data = tomllib.loads((DEFAULT_DIR / "articles.toml").read_text(encoding="utf-8"))
    words = {
        w
        for art in data["articles"]
        for sub in art.get("subitems", [])
        for term in sub.get("terms", []) + sub.get("weakening", [])
        for w in term.lower().replace("ё", "е").split()
        if len(w) > 3 and w.isalpha()
    }
    return sorted(w for w in words if paradigm(w))


WORDS = _rule_words()


def test_the_rule_data_has_adjectives_and_nouns_to_check() -> None:
    assert {"умеренным", "нарушением", "функций", "легкие", "выраженными"} <= set(WORDS)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(WORDS), st.data())
def test_any_case_of_a_rule_word_matches_any_other_case(word: str, data: st.DataObject) -> None:
    forms = paradigm(word)
    written = data.draw(st.sampled_from(forms), label="term")
    found = data.draw(st.sampled_from(forms), label="text")
    assert find_terms(f"с {found} течением", PhraseSet.compile((written,))) == (written,)


def test_art66_b_instrumental_matches_nominative() -> None:
    terms = PhraseSet.compile(("умеренным нарушением функций",))
    assert find_terms("Остеохондроз, умеренное нарушение функций позвоночника", terms)


_TERM_WORD = st.text("ан*=ес", min_size=1, max_size=4).filter(lambda t: t.strip("*=") != "")
_TEXT_WORD = st.text("ансе", min_size=1, max_size=5)


def _term(word: str) -> str:
    """A well-formed term word of any kind: =exact, prefix*, or plain (stemmed/short)."""
    bare = word.replace("*", "").replace("=", "")
    return {"=": f"={bare}", "*": f"{bare}*"}.get(word[0], bare)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TERM_WORD, min_size=1, max_size=6), _TEXT_WORD)
def test_the_first_word_index_finds_every_phrase_a_scan_would(words: list[str], text_word: str) -> None:
    """``starts_with`` and ``candidates`` (the negation check's and find_spans' lookup)
    agree with testing every phrase's first word: one- and two-letter, exact and prefix."""
    phrases = PhraseSet.compile(_term(w) for w in words)
    scan = [p for p in phrases.phrases if p.parts[0].matches(text_word)]
    assert phrases.starts_with(text_word) == bool(scan)
    assert set(scan) <= set(phrases.candidates(text_word))


def _spans_by_probing_every_word(words: tuple[str, ...], phrases: PhraseSet) -> tuple[Span, ...]:
    """find_spans before its regex pass: every word probed through the first-word index."""
    from vault.evidence.wording import _match_at

    return tuple(Span(p.term, i, end) for i, word in enumerate(words) for p in phrases.candidates(word)
                 if p.parts[0].matches(word) and (end := _match_at(words, i, p)) is not None)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(_TERM_WORD, min_size=1, max_size=3), max_size=6),
       st.lists(_TEXT_WORD, max_size=12))
def test_the_regex_pass_finds_exactly_the_spans_a_word_by_word_probe_finds(
        terms: list[list[str]], words: list[str]) -> None:
    phrases = PhraseSet.compile(" ".join(_term(w) for w in term) for term in terms)
    text = tuple(words)
    assert find_spans(text, phrases) == _spans_by_probing_every_word(text, phrases)


def test_the_regex_pass_respects_word_starts_and_exact_words() -> None:
    phrases = PhraseSet.compile(("=ас", "нес*"))
    words = ("ас", "сас", "аса", "несе", "анес", "ас")
    assert [s.start for s in find_spans(words, phrases)] == [0, 3, 5]
    assert [s.start for s in find_spans(("", "нес", "нес"), phrases)] == [1, 2]  # an empty first word
    assert find_spans((), phrases) == ()
    assert find_spans(words, PhraseSet.compile(())) == ()


def test_tokens_holding_a_space_are_probed_one_by_one() -> None:
    # A caller's own tokens may hold a space; the regex pass would miscount them.
    phrases = PhraseSet.compile(("=нес",))
    words = ("ас се", "нес", "x y z", "нес")
    assert [s.start for s in find_spans(words, phrases)] == [1, 3]


def test_qualifier_spans_are_found_only_when_a_weakening_term_is() -> None:
    qualifiers = PhraseSet.compile(("незначительным нарушением",))
    weakening = PhraseSet.compile(("незначительн*",))
    asked: list[int] = []

    def keep() -> tuple[Span, ...]:
        asked.append(1)
        return find_spans(tokens("с незначительным нарушением"), qualifiers)

    assert weakening_terms("умеренное нарушение", weakening, keep=keep) == ()
    assert asked == []
    assert weakening_terms("с незначительным нарушением", weakening, keep=keep) == ()
    assert asked == [1]
    assert weakening_terms("с незначительным нарушением", weakening) == ("незначительн*",)
    assert weakening_terms("с незначительным нарушением", weakening, qualifiers=qualifiers) == ()


def test_a_term_set_compiles_its_regex_only_when_first_matched() -> None:
    # The rule data holds hundreds of term sets; loading it must not compile a regex for each.
    phrases = PhraseSet.compile(("частые обострения",))
    assert "first_words" not in vars(phrases)
    assert find_terms("частые обострения", phrases) == ("частые обострения",)
    assert "first_words" in vars(phrases)
