"""ICD-10 codes in OCR text: tolerant of what Tesseract makes of them, never inventing one.

Read with ``rus+eng``, the Latin letter of a code among Cyrillic words comes
back badly: a "J" as "]", "|", "3", "4", "1" or nothing at all, digits as their
Cyrillic look-alikes ("З", "О"), the dot as a comma. Each hit is trusted by how
much had to be repaired:

* **as typed**: a Latin letter (or the Cyrillic twin clinics type), two digits
  and a dot or a comma (the Russian decimal mark: "F41,1"). Shape check only:
  clinics write codes outside the Schedule too.
* **repaired**: digit look-alikes or a spaced separator ("J45 .0"). The code
  must be in the rule data (an ICD-10 prefix of a Schedule article or of a
  diagnosis term).
* **letter unreadable**: anything else, or nothing, before the digits, on a line
  that names a code ("МКБ", "код", "шифр", "диагноз", "заболевание"). The letter
  comes from the diagnosis words in the rule data ("астма" -> J45), and only
  when exactly one letter fits those digits.

Without rule data only the first tier runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vault.evidence import icd10, latin, wording

if TYPE_CHECKING:
    from vault.evidence.rules import Rules

LETTERS = "A-TV-ZАВЕКМНОРСТХЈ"
"""Latin code letters (U is reserved) and the Cyrillic twins clinics type for them."""
DIGIT_LOOKALIKES = str.maketrans({"О": "0", "о": "0", "O": "0", "o": "0", "З": "3", "з": "3",
                                  "l": "1", "I": "1", "|": "1", "і": "1"})
_D = "0-9ОOоoЗзlI|і"
_UNREADABLE = r"\]\[|}{)(\dlij"
"""What a lost letter leaves behind: brackets, bars or a small "j"/"i"/"l" for "J", "I",
"F", or a stray digit. Resolved only by the diagnosis words (see the third tier)."""
_CODE = re.compile(
    rf"(?<![\w.,])(?:(?P<slot>[{LETTERS}{_UNREADABLE}]) ?)?(?P<digits>[{_D}]{{2}})"
    rf"(?:(?P<sep> ?[.,] ?)(?P<sub>[{_D}]{{1,2}}))?(?![\w|]|[.,]\d)")
_CUES = ("мкб", "mkb", "код", "шифр", "диагноз", "заболеван")
_LETTER = latin.table({"Ј": "J"})


@dataclass(frozen=True)
class CodeHit:
    """A code, where it sits in the text, and how sure the reader is (0-1)."""

    value: str
    start: int
    end: int
    confidence: float


def rule_prefixes(rules: Rules) -> tuple[str, ...]:
    """Every ICD-10 prefix the rule data knows: Schedule articles and diagnosis terms."""
    found = {p for a in rules.articles.values() for p in a.icd10}
    found.update(p for entry in rules.icd_terms for p in entry.prefixes)
    return tuple(sorted(found))


def _prefixes_from_words(text: str, rules: Rules) -> dict[str, set[str]]:
    """Block digits -> the prefixes the diagnosis words point to: {"45": {"J45"}} for "астма"."""
    words = wording.tokens(text)
    blocks: dict[str, set[str]] = {}
    for entry in rules.icd_terms:
        if wording.find_terms(words, entry.phrases):
            for prefix in entry.prefixes:
                blocks.setdefault(prefix[1:3], set()).add(prefix)
    return blocks


def find_codes(text: str, rules: Rules | None = None) -> list[CodeHit]:
    """ICD-10 codes in ``text`` in order, each once (see the module note for the tiers)."""
    out: list[CodeHit] = []
    seen: set[str] = set()
    prefixes = rule_prefixes(rules) if rules is not None else ()
    words: dict[str, set[str]] | None = None
    for m in _CODE.finditer(text):
        slot, sub, sep = m.group("slot") or "", m.group("sub"), m.group("sep") or ""
        digits = m.group("digits").translate(DIGIT_LOOKALIKES)
        tail = (sub or "").translate(DIGIT_LOOKALIKES)
        line = text[text.rfind("\n", 0, m.start()) + 1:m.start()].lower()
        cue = any(c in line for c in _CUES)
        repaired = digits + tail != m.group("digits") + (sub or "") or sep not in ("", ".", ",")
        letter = slot.translate(_LETTER) if slot and re.fullmatch(f"[{LETTERS}]", slot) else ""
        if letter and not repaired:
            code, confidence = letter + digits + (f".{tail}" if sub else ""), (0.9 if cue else 0.6)
            if not icd10.is_valid_normalized(code):
                continue
        elif rules is None:
            continue
        elif letter:
            code, confidence = letter + digits + (f".{tail}" if sub else ""), (0.8 if cue else 0.5)
            if not icd10.is_valid_normalized(code) or not icd10.matches_prefix(code, prefixes):
                continue
        else:
            if not (cue and sub):
                continue
            words = _prefixes_from_words(text, rules) if words is None else words
            fits = words.get(digits, set())
            if len({p[0] for p in fits}) != 1:
                continue  # no word, or words for two letters (G40 and L40): no guess
            code, confidence = next(iter(fits))[0] + digits + f".{tail}", 0.5
            if not icd10.is_valid_normalized(code) or not icd10.matches_prefix(code, fits):
                continue
        if code not in seen:
            seen.add(code)
            out.append(CodeHit(code, m.start(), m.end(), confidence))
    return out


@dataclass(frozen=True)
class Doubt:
    """A code-shaped token whose letter the reader could not settle: ``digits`` like "84.5"."""

    start: int
    end: int
    digits: str


def doubtful(text: str, rules: Rules) -> list[Doubt]:
    """Tokens on a code line with a lost or non-Latin letter that no tier resolved into the
    rule data: "[84.5" or "Е84.5" (a Cyrillic "Е" for a Latin "F"). Worth a Latin-only read."""
    prefixes = rule_prefixes(rules)
    resolved = {(h.start, h.end) for h in find_codes(text, rules)
                if icd10.matches_prefix(h.value, prefixes)}
    out: list[Doubt] = []
    for m in _CODE.finditer(text):
        slot, sub = m.group("slot") or "", m.group("sub")
        line = text[text.rfind("\n", 0, m.start()) + 1:m.start()].lower()
        if (sub is None or re.fullmatch("[A-TV-Z]", slot) or (m.start(), m.end()) in resolved
                or not any(c in line for c in _CUES)):
            continue
        digits = m.group("digits").translate(DIGIT_LOOKALIKES) + "." + sub.translate(DIGIT_LOOKALIKES)
        out.append(Doubt(m.start(), m.end(), digits))
    return out


def settle(text: str, doubts: list[Doubt], latin_text: str) -> str:
    """``text`` with each doubtful token replaced by the code a Latin-only read of the same
    page printed with the same digits, when that read names exactly one letter for them."""
    letters: dict[str, set[str]] = {}
    for hit in find_codes(latin_text):
        if "." in hit.value:  # without rule data only codes read as typed are found
            letters.setdefault(hit.value[1:], set()).add(hit.value[0])
    for doubt in sorted(doubts, key=lambda d: d.start, reverse=True):
        found = letters.get(doubt.digits, set())
        if len(found) == 1:
            text = text[:doubt.start] + next(iter(found)) + doubt.digits + text[doubt.end:]
    return text
