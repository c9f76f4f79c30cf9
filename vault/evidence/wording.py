"""Russian stem matching for the Schedule's qualifier vocabulary.

Medical documents inflect the Schedule's words ("частые обострения" is written
"частых обострений", "с частыми обострениями"), so exact string search misses
most real matches. We match word *stems* instead: each term word is cut to a
stem with a small suffix list, and a text word matches when it starts with
that stem. No dictionary, no morphology library: predictable, fast and easy to
audit, at the cost of a few false hits, which is acceptable because every hit
is shown to the user as a warning, never acted on silently.

Term syntax (used in the rule data files):

* ``обострение`` — stemmed (``обострен``) and prefix-matched;
* ``легк*`` or ``легк…`` — an explicit prefix, used as written;
* ``=здоров`` — the exact word only (so "здоровья" does not match);
* words of three letters or fewer ("без", "с", "нет") always match exactly.

Phrases match word by word in order; one extra word may sit between two term
words ("с частыми тяжёлыми обострениями"). Matching is case-insensitive and
treats ё as е.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from vault.errors import InvalidInput

_WORD = re.compile(r"[0-9a-zа-я]+")
_MAX_GAP = 1
_MIN_STEM = 4
# Longest first, so "ыми" wins over "ым" and "и". Instrumental "-ым"/"-им" (умеренным)
# and "-ою"/"-ею" must be cut too, or a term written in that case misses every other case.
_ENDINGS: tuple[str, ...] = tuple(
    sorted(
        {
            "иями",
            "ями",
            "ами",
            "ыми",
            "ими",
            "ою",
            "ею",
            "ым",
            "им",
            "ого",
            "его",
            "ому",
            "ему",
            "ий",
            "ый",
            "ой",
            "ая",
            "яя",
            "ое",
            "ее",
            "ые",
            "ие",
            "ых",
            "их",
            "ую",
            "юю",
            "ия",
            "ию",
            "ии",
            "ья",
            "ье",
            "ьи",
            "ью",
            "ей",
            "ов",
            "ев",
            "ам",
            "ям",
            "ах",
            "ях",
            "ом",
            "ем",
            "а",
            "я",
            "о",
            "е",
            "ы",
            "и",
            "у",
            "ю",
            "ь",
            "й",
        },
        key=len,
        reverse=True,
    )
)


def normalize(text: str) -> str:
    """Lower-case and fold ё to е, the two differences clerks do not respect."""
    return text.lower().replace("ё", "е")


def tokens(text: str) -> tuple[str, ...]:
    """Split normalised text into words (letters and digits; hyphens split)."""
    return tuple(_WORD.findall(normalize(text)))


def stem(word: str) -> str:
    """Cut one inflectional ending, keeping at least four letters."""
    w = normalize(word)
    for ending in _ENDINGS:
        if w.endswith(ending) and len(w) - len(ending) >= _MIN_STEM:
            return w[: -len(ending)]
    return w


@dataclass(frozen=True)
class WordPattern:
    """One word of a term: a stem to prefix-match, or an exact word."""

    text: str
    exact: bool

    def matches(self, word: str) -> bool:
        return word == self.text if self.exact else word.startswith(self.text)


@dataclass(frozen=True)
class Phrase:
    """A compiled term: its original spelling and one pattern per word."""

    term: str
    parts: tuple[WordPattern, ...]

    @classmethod
    def parse(cls, term: str) -> Phrase:
        raw = normalize(term).split()
        if not raw:
            raise InvalidInput(f"empty term: {term!r}")
        parts: list[WordPattern] = []
        for item in raw:
            parts.append(_pattern(item, term))
        return cls(term=term, parts=tuple(parts))


def _pattern(item: str, term: str) -> WordPattern:
    if item.startswith("="):
        word = item[1:]
        exact, prefix = True, False
    elif item.endswith(("*", "…")):
        word = item.rstrip("*…")
        exact, prefix = False, True
    else:
        word = item
        exact, prefix = len(item) <= 3, False
    if not word or _WORD.fullmatch(word) is None:
        raise InvalidInput(f"bad term word {item!r} in {term!r}")
    if exact:
        return WordPattern(word, exact=True)
    return WordPattern(word if prefix else stem(word), exact=False)


def _key(text: str) -> str:
    return text[:2]


def _first_words(phrases: tuple[Phrase, ...]) -> re.Pattern[str] | None:
    """Word starts in space-joined tokens where some phrase's first word may match: its
    text as a prefix (a superset for exact words; ``find_spans`` checks each hit).
    None for no phrases (an empty alternation would match everywhere)."""
    alternatives = sorted({re.escape(p.parts[0].text) for p in phrases})
    return re.compile(f"(?<![^ ])(?:{'|'.join(alternatives)})") if alternatives else None


@dataclass(frozen=True)
class PhraseSet:
    """Terms compiled once and indexed by the first two letters of their first word.

    The index keeps matching close to linear in the text length, which matters
    when WRD-04 scans the diagnosis of every document in the vault.
    """

    phrases: tuple[Phrase, ...]
    terms: tuple[str, ...]
    _index: dict[str, tuple[Phrase, ...]] = field(repr=False, compare=False)

    @classmethod
    def compile(cls, terms: Iterable[str]) -> PhraseSet:
        phrases = tuple(Phrase.parse(t) for t in terms)
        index: dict[str, list[Phrase]] = {}
        for phrase in phrases:
            index.setdefault(_key(phrase.parts[0].text), []).append(phrase)
        return cls(phrases, tuple(p.term for p in phrases), {k: tuple(v) for k, v in index.items()})

    @cached_property
    def first_words(self) -> re.Pattern[str] | None:
        """The regex ``find_spans`` scans with, compiled on first use: the rule data holds
        hundreds of term sets and a run matches against a few of them."""
        return _first_words(self.phrases)

    def candidates(self, word: str) -> tuple[Phrase, ...]:
        """Every phrase whose first word may match ``word`` (a superset, never fewer)."""
        index = self._index
        found = index.get(word[:2], ())
        if len(word) >= 2 and word[:1] in index:
            found = found + index[word[:1]]
        return found

    def starts_with(self, word: str) -> bool:
        """True when some phrase's first word matches ``word``."""
        for phrase in self.candidates(word):
            if phrase.parts[0].matches(word):
                return True
        return False


EMPTY = PhraseSet.compile(())


def _match_at(words: Sequence[str], start: int, phrase: Phrase) -> int | None:
    """Return the index of the last matched word, or None."""
    pos = start
    for part in phrase.parts[1:]:
        for nxt in range(pos + 1, min(pos + 2 + _MAX_GAP, len(words))):
            if part.matches(words[nxt]):
                pos = nxt
                break
        else:
            return None
    return pos


def _negated(words: Sequence[str], start: int, end: int, before: PhraseSet, after: PhraseSet) -> bool:
    if start > 0 and before.starts_with(words[start - 1]):
        return True
    nxt = end + 1
    if nxt < len(words):
        word = words[nxt]
        for phrase in after.candidates(word):
            if phrase.parts[0].matches(word) and _match_at(words, nxt, phrase) is not None:
                return True
    return False


@dataclass(frozen=True)
class Span:
    """One term found in a word sequence: words ``start``..``end`` inclusive."""

    term: str
    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.start <= other.end and other.start <= self.end


def find_spans(
    text: str | Sequence[str],
    terms: PhraseSet,
    *,
    negate_before: PhraseSet = EMPTY,
    negate_after: PhraseSet = EMPTY,
) -> tuple[Span, ...]:
    """Every non-negated occurrence of every term, in text order.

    A hit is ignored when the word just before it is a negator ("нет ремиссии",
    "неустойчивая компенсация") or the words right after it are one
    ("ремиссия не достигнута").
    """
    words = tokens(text) if isinstance(text, str) else text
    spans: list[Span] = []
    for i in _starts(words, terms):
        word = words[i]
        for phrase in terms.candidates(word):
            if not phrase.parts[0].matches(word):
                continue
            end = _match_at(words, i, phrase)
            if end is None or _negated(words, i, end, negate_before, negate_after):
                continue
            spans.append(Span(phrase.term, i, end))
    return tuple(spans)


def _starts(words: Sequence[str], terms: PhraseSet) -> Iterable[int]:
    """Indexes of the words where some phrase of ``terms`` may start.

    One regex pass over the space-joined words instead of an index probe per word:
    most words start no phrase, and the gap report matches every recent document
    against several term sets. A caller's token that holds a space would shift the
    count, so then every word is probed as before.
    """
    first = terms.first_words
    if first is None:
        return ()
    joined = " ".join(words)
    if joined.count(" ") != len(words) - 1:
        return range(len(words))
    return [joined.count(" ", 0, m.start()) for m in first.finditer(joined)]


def find_terms(
    text: str | Sequence[str],
    terms: PhraseSet,
    *,
    negate_before: PhraseSet = EMPTY,
    negate_after: PhraseSet = EMPTY,
) -> tuple[str, ...]:
    """Terms of ``terms`` that occur in ``text``, in rule order, without duplicates."""
    spans = find_spans(text, terms, negate_before=negate_before, negate_after=negate_after)
    hits = {span.term for span in spans}
    return tuple(t for t in terms.terms if t in hits)


def contains(text: str, term: str) -> bool:
    """True when one term occurs in ``text`` (no negation handling)."""
    return bool(find_terms(text, PhraseSet.compile((term,))))


@dataclass(frozen=True)
class QualifierCoverage:
    """Which of a sub-item's qualifiers a text uses; any one of them counts."""

    matched: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def covered(self) -> bool:
        return bool(self.matched)


def qualifier_coverage(
    text: str | Sequence[str],
    qualifiers: PhraseSet,
    *,
    negate_before: PhraseSet = EMPTY,
    negate_after: PhraseSet = EMPTY,
) -> QualifierCoverage:
    """Split a sub-item's qualifiers into those found in ``text`` and those not."""
    matched = find_terms(text, qualifiers, negate_before=negate_before, negate_after=negate_after)
    missing = tuple(t for t in qualifiers.terms if t not in matched)
    return QualifierCoverage(matched=matched, missing=missing)


def weakening_terms(
    text: str | Sequence[str],
    weakening: PhraseSet,
    *,
    qualifiers: PhraseSet = EMPTY,
    negate_before: PhraseSet = EMPTY,
    negate_after: PhraseSet = EMPTY,
    keep: Callable[[], tuple[Span, ...]] | None = None,
) -> tuple[str, ...]:
    """Weakening phrases ("без нарушения функций", "кратковременн…") found in text.

    A weakening hit inside a qualifier of the target sub-item does not count:
    "незначительн…" is weakening in general but is the qualifier itself for
    art. 43 «в» ("с незначительным нарушением функции органов-мишеней").
    The qualifier spans are found only when there is a weakening hit to test;
    callers that check one text several times pass ``keep`` to find them once.
    """
    words = tokens(text) if isinstance(text, str) else text
    neg = {"negate_before": negate_before, "negate_after": negate_after}
    spans = find_spans(words, weakening, **neg)
    if not spans:
        return ()
    kept = keep() if keep is not None else find_spans(words, qualifiers, **neg)
    hits = {span.term for span in spans if not any(span.overlaps(q) for q in kept)}
    return tuple(t for t in weakening.terms if t in hits)
