"""Field suggestions from a document's text: offered for review, never applied silently.

Each :class:`FieldSuggestion` carries the fragment of text it came from, so the
user can see *why* (Paperless-ngx's lesson: suggestions, not guesses). OCR text
is noisy, so every extractor is conservative: dates must exist on the calendar,
ICD-10 codes must have the ICD shape after folding Cyrillic look-alikes (and be
in the rule data when OCR's misreadings had to be repaired), and tracking
numbers must pass their check digit.

Fields: ``issued``, ``period_start``/``period_end``, ``icd10``, ``tracking``,
``kind``, ``diagnosis`` (editable document fields), plus ``qualifier`` and
``weakening``: Schedule of Diseases terms found in the text (WRD-01/WRD-02),
which are findings to copy into ``wording``, not fields themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vault.evidence import icd10, tracking, wording
from vault.reading.icdcodes import find_codes
from vault.reading.rudates import find_dates

if TYPE_CHECKING:
    from vault.evidence.rules import Article, Rules, SubItem

_CONTEXT = 40
KIND_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("уведомление о вручении", "delivery_notice"),
    ("опись вложения", "contents_list"),
    ("квитанция", "postal_receipt"),
    ("повестка", "summons"),
    ("карта вызова", "ambulance_certificate"),
    ("скорой медицинской помощи", "ambulance_certificate"),
    ("листок нетрудоспособности", "sick_leave"),
    ("095/у", "sick_leave"),
    ("выписной эпикриз", "discharge_summary"),
    ("консультативное заключение", "specialist_conclusion"),
    ("заключение специалиста", "specialist_conclusion"),
    ("медицинское заключение", "exam_result"),
    ("акт исследования", "exam_result"),
    ("диспансерн", "dispensary_certificate"),
    ("030/у", "dispensary_certificate"),
    ("выписка", "record_extract"),
    ("027/у", "record_extract"),
    ("история развития ребенка", "child_record"),
    ("025/у", "outpatient_record"),
    ("справка", "medical_certificate"),
)
"""Most specific first: a "справка о диспансерном наблюдении" is a dispensary certificate."""
_DOMESTIC = re.compile(r"(?<![\d])(\d(?:[ ]?\d){13})(?![\d])")
_S10 = re.compile(r"(?<![\w])([A-ZА-Я]{2}) ?(\d{8}) ?(\d) ?([A-ZА-Я]{2})(?![\w])")
_ISSUED_CUES = re.compile(r"(дата|выдан|выдач|от\s*$)", re.IGNORECASE)
_BIRTH = re.compile(r"рожд|г\.\s?р", re.IGNORECASE)
_DIAGNOSIS = re.compile(r"(?:^|\n)\s*(?:Диагноз|Ds)\s*[:.]\s*(.+?)(?:\n\s*\n|\n(?=[А-ЯA-Z][^\n]{0,30}:)|$)",
                        re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class FieldSuggestion:
    """A proposed ``field = value``, the text it came from, and how sure we are (0-1)."""

    field: str
    value: str
    fragment: str
    confidence: float
    ref: str = ""
    """For ``qualifier``/``weakening``: the Schedule article and sub-item, e.g. "ст. 52 «а»"."""

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "value": self.value, "fragment": self.fragment,
                "confidence": round(self.confidence, 2), "ref": self.ref}


def fragment(text: str, start: int, end: int, context: int = _CONTEXT) -> str:
    """The matched text with a little context, on one line."""
    lo, hi = max(0, start - context), min(len(text), end + context)
    return " ".join(text[lo:hi].split())


def _dates(text: str) -> list[FieldSuggestion]:
    found = find_dates(text)
    out: list[FieldSuggestion] = []
    for i, f in enumerate(found):
        line_start = text.rfind("\n", 0, f.start) + 1
        before, after = text[max(line_start, f.start - 30):f.start], text[f.end:f.end + 8]
        if _BIRTH.search(before) or _BIRTH.match(after.strip()):
            continue  # a birth date is never the issue date
        frag = fragment(text, f.start, f.end)
        nxt = found[i + 1] if i + 1 < len(found) else None
        if re.search(r"\bс\s*$", before) and nxt and re.fullmatch(r"\s*по\s*", text[f.end:nxt.start]):
            out.append(FieldSuggestion("period_start", f.value.isoformat(), frag, 0.7))
            out.append(FieldSuggestion("period_end", nxt.value.isoformat(),
                                       fragment(text, nxt.start, nxt.end), 0.7))
            continue
        if out and out[-1].field == "period_end" and out[-1].value == f.value.isoformat():
            continue
        confidence = 0.5 + (0.4 if _ISSUED_CUES.search(before) else 0.0) + (0.05 if nxt is None else 0.0)
        out.append(FieldSuggestion("issued", f.value.isoformat(), frag, confidence))
    return out


def _blocks_from_words(text: str, rules: Rules | None) -> dict[str, str]:
    """ICD blocks the diagnosis words point to (WRD-04 data): {"45": "J"} for "астма"."""
    if rules is None:
        return {}
    words = wording.tokens(text)
    blocks: dict[str, str] = {}
    for entry in rules.icd_terms:
        if wording.find_terms(words, entry.phrases):
            for prefix in entry.prefixes:
                blocks.setdefault(prefix[1:3], prefix[0])
    return blocks


def _codes(text: str, rules: Rules | None) -> list[FieldSuggestion]:
    """ICD-10 codes, OCR's misreadings repaired only within the rule data (see :mod:`.icdcodes`)."""
    return [FieldSuggestion("icd10", hit.value, fragment(text, hit.start, hit.end), hit.confidence)
            for hit in find_codes(text, rules)]


def _tracking(text: str, rules: Rules | None) -> list[FieldSuggestion]:
    formats = rules.tracking if rules is not None else tracking.DEFAULT_FORMATS
    out: list[FieldSuggestion] = []
    for m in list(_DOMESTIC.finditer(text)) + list(_S10.finditer(text)):
        raw = m.group(0)
        if tracking.is_valid_tracking(raw, formats):
            value = tracking.normalize(raw)
            if all(s.value != value for s in out):
                out.append(FieldSuggestion("tracking", value, fragment(text, m.start(), m.end()), 0.8))
    return out


def _title_lines(text: str) -> str:
    """Upper-case lines (document titles) and the line right after each."""
    lines = text.splitlines()
    keep: list[str] = []
    for i, line in enumerate(lines):
        letters = [c for c in line if c.isalpha()]
        if len(letters) >= 5 and sum(c.isupper() for c in letters) >= 0.8 * len(letters):
            keep += [line, lines[i + 1] if i + 1 < len(lines) else ""]
    return "\n".join(keep)


def _kind(text: str) -> list[FieldSuggestion]:
    """The most specific keyword in the title; failing that, anywhere in the text."""
    for where, confidence in ((_title_lines(text), 0.8), (text, 0.5)):
        low = wording.normalize(where)
        for keyword, kind in KIND_KEYWORDS:
            at = low.find(keyword)
            if at >= 0:
                return [FieldSuggestion("kind", kind, fragment(where, at, at + len(keyword)), confidence)]
    return []


def _diagnosis(text: str) -> list[FieldSuggestion]:
    m = _DIAGNOSIS.search(text)
    if m is None:
        return []
    value = " ".join(m.group(1).split()).rstrip(".;, ")
    if not value:
        return []
    return [FieldSuggestion("diagnosis", value[:500], fragment(text, m.start(1), m.end(1), 0), 0.7)]


def _spans_text(text: str) -> tuple[tuple[str, ...], list[tuple[int, int]]]:
    """Tokens as :mod:`vault.evidence.wording` sees them, with their character spans."""
    # wording's own tokeniser on purpose: the spans must line up with its word indexes
    matches = list(wording._WORD.finditer(wording.normalize(text)))  # noqa: SLF001
    return tuple(m.group() for m in matches), [m.span() for m in matches]


def _terms(text: str, rules: Rules, targets: list[tuple[Article, SubItem]]) -> list[FieldSuggestion]:
    words, spans = _spans_text(text)
    neg = {"negate_before": rules.negate_before, "negate_after": rules.negate_after}
    out: list[FieldSuggestion] = []
    for article, sub in targets:
        ref = f"ст. {article.number} «{sub.letter}»"
        quals = wording.find_spans(words, sub.terms, **neg)
        def cut(span: wording.Span) -> str:
            return fragment(text, spans[span.start][0], spans[span.end][1], 20)

        for span in quals:
            out.append(FieldSuggestion("qualifier", span.term, cut(span), 0.8, ref))
        weak = wording.PhraseSet.compile(dict.fromkeys(rules.terms["weakening"].phrases.terms
                                                       + sub.weakening.terms))
        for span in wording.find_spans(words, weak, **neg):
            if not any(span.overlaps(q) for q in quals):
                out.append(FieldSuggestion("weakening", span.term, cut(span), 0.8, ref))
    unique: dict[tuple[str, str, str], FieldSuggestion] = {}
    for s in out:
        unique.setdefault((s.field, s.value, s.ref), s)
    return list(unique.values())


def _targets(text: str, rules: Rules, codes: list[str], target: tuple[int, str | None] | None,
             ) -> list[tuple[Article, SubItem]]:
    """The primary condition's sub-item when given; else every sub-item of the
    articles the text's own ICD-10 codes point to."""
    if target is not None:
        article = rules.articles.get(target[0])
        if article is None:
            return []
        subs = [s for s in article.subitems if target[1] is None or s.letter == target[1]]
        return [(article, s) for s in subs]
    if not codes:  # no code read: let the diagnosis words name the block
        codes = [letter + digits for digits, letter in _blocks_from_words(text, rules).items()]
    out: list[tuple[Article, SubItem]] = []
    for article in rules.articles.values():
        if any(icd10.matches_prefix(c, article.icd10) for c in codes) and article.icd10:
            out.extend((article, s) for s in article.subitems)
    return out


def _findings(text: str) -> list[FieldSuggestion]:
    """Numbers the board compares with thresholds (WRD-03): BP, FEV1 %, angles, degrees…"""
    from vault.evidence.findings import as_typed, read_from_text

    typed = as_typed(read_from_text(text))
    return [FieldSuggestion("findings", typed, typed, 0.6)] if typed else []


def suggest_fields(text: str, rules: Rules | None = None, *,
                   target: tuple[int, str | None] | None = None) -> list[FieldSuggestion]:
    """Every suggestion for ``text``, best first within each field.

    ``target`` is the primary condition's (article, sub-item letter); without it
    the article comes from the ICD-10 codes found in the text. Without ``rules``
    only the rule-free extractors run (dates, codes, tracking, kind, diagnosis).
    """
    codes = _codes(text, rules)
    out = _dates(text) + codes + _tracking(text, rules) + _kind(text) + _diagnosis(text) + _findings(text)
    if rules is not None:
        out += _terms(text, rules, _targets(text, rules, [c.value for c in codes], target))
    order = {f: i for i, f in enumerate(dict.fromkeys(s.field for s in out))}
    return sorted(out, key=lambda s: (order[s.field], -s.confidence))
