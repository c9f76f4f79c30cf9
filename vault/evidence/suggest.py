"""Link suggestions: which condition and element a new document probably supports.

Suggestions are never applied silently (Paperless-style inbox): the user accepts
them, turning a ``suggestion`` link into a ``user`` link that counts for gaps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from vault.evidence import dates, icd10
from vault.evidence.rules import Rules
from vault.evidence.snapshot import Condition, Document, Element, Snapshot
from vault.evidence.wording import find_terms, tokens


@dataclass(frozen=True)
class Suggestion:
    document_id: int
    condition_id: int
    element: Element
    reason_ru: str
    reason_en: str


def _condition_matches(doc: Document, condition: Condition, rules: Rules) -> tuple[str, str] | None:
    """Why ``doc`` concerns ``condition`` (code first, then diagnosis words), or None."""
    target = icd10.block(condition.icd10)
    article = rules.articles.get(condition.article)
    for raw in doc.icd10:
        if not icd10.is_valid(raw):
            continue
        code = icd10.normalize(raw)
        if code[:3] == target or (article and icd10.matches_prefix(code, article.icd10)):
            return f"код {code}", f"code {code}"
    if doc.diagnosis.strip() and not doc.icd10:
        words = tokens(doc.diagnosis)
        for entry in rules.icd_terms:
            if icd10.matches_prefix(condition.icd10, entry.prefixes) and find_terms(words, entry.phrases):
                return "диагноз в тексте", "diagnosis text"
    return None


def _board_for(doc_date: date, snapshot: Snapshot) -> date | None:
    """The first board on or after the document date: the one it was written for."""
    later = [b.on for b in snapshot.board_dates if b.on >= doc_date]
    return min(later) if later else None


def _element(doc: Document, snapshot: Snapshot, rules: Rules) -> tuple[Element, str, str] | None:
    supported = rules.kind(doc.kind).elements
    if "dispensary" in supported and doc.kind == "dispensary_certificate":
        return "dispensary", "справка о диспансерном наблюдении", "dispensary certificate"
    day = doc.effective_date
    months = rules.periods.current_state_months
    if "current" in supported and day is not None:
        board = _board_for(day, snapshot)
        if board is None:
            return (
                "current",
                "свежий документ (дата комиссии не указана)",
                "recent document (no board date set)",
            )
        if dates.is_fresh(day, board, months):
            return (
                "current",
                f"не старше {months} мес. к комиссии {board:%d.%m.%Y}",
                f"at most {months} months old on the board date {board.isoformat()}",
            )
    if "history" in supported:
        return "history", "документ о течении заболевания", "documents the course of the condition"
    if supported:
        return cast(Element, supported[0]), "тип документа", "document kind"
    return None


def suggest_links(document: Document, snapshot: Snapshot, rules: Rules) -> list[Suggestion]:
    """Suggested (condition, element) links for one document; reads, never mutates."""
    picked = _element(document, snapshot, rules)
    if picked is None:
        return []
    element, why_ru, why_en = picked
    existing = {
        (link.condition_id, link.element) for link in snapshot.links if link.document_id == document.id
    }
    out: list[Suggestion] = []
    for condition in snapshot.conditions:
        match = _condition_matches(document, condition, rules)
        if match is None or (condition.id, element) in existing:
            continue
        out.append(
            Suggestion(document.id, condition.id, element, f"{match[0]}; {why_ru}", f"{match[1]}; {why_en}")
        )
    return out
