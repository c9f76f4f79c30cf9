"""The export's cover section from the evidence report: matrix, gaps, timeline."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vault.core import Vault
    from vault.evidence.snapshot import Condition, Snapshot
    from vault.export.model import CoverData, EvidenceCell, ExportRequest, TimelineRow
    from vault.records.report import Report

_WORDS = {
    "ru": {"summons": "Повестка: явка", "attended": "явился", "missed": "не явился",
           "letter": "Письмо в военкомат", "board": "Медицинская комиссия",
           "purpose": {"ags": "заявление на АГС", "medical": "медицинские документы",
                       "valid-reason": "уважительная причина неявки", "complaint": "жалоба",
                       "other": "другое", "registration": "воинский учёт",
                       "register": "постановка на воинский учёт", "deregister": "снятие с воинского учёта"}},
    "en": {"summons": "Summons: appear on", "attended": "attended", "missed": "did not attend",
           "letter": "Letter to the enlistment office", "board": "Medical board",
           "purpose": {"ags": "AGS application", "medical": "medical documents",
                       "valid-reason": "valid reason for non-appearance", "complaint": "complaint",
                       "other": "other", "registration": "military registration",
                       "register": "registration with the military", "deregister": "removal from the register"}},
}


def build_cover(vault: Vault, report: Report, request: ExportRequest) -> CoverData:
    from vault.evidence.gaps import SCENARIO_CODES
    from vault.export.model import ConditionRow, CoverData, Gap, Person, VaultSummary

    snap = report.snapshot
    lang = request.lang
    person = None
    if request.include_person and snap.profile.name:
        person = Person(snap.profile.name, snap.profile.birth_date)
    conditions = tuple(
        ConditionRow(name=f"{c.icd10}", icd10=c.icd10, article=f"{c.article}{c.subitem or ''}",
                     history=_cell(snap, c, "history", report),
                     current=_cell(snap, c, "current", report),
                     dispensary=_cell(snap, c, "dispensary", report))
        for c in snap.conditions
        if not request.condition_ids or c.id in request.condition_ids)
    hide = not request.include_scenario
    gaps = tuple(Gap(code=g.code, severity=g.severity,
                     message=g.message_ru if lang == "ru" else g.message_en,
                     fix=g.fix_ru if lang == "ru" else g.fix_en, source=g.source)
                 for g in report.gaps if not (hide and g.code in SCENARIO_CODES))
    return CoverData(language=lang, person=person,
                     summary=VaultSummary(len(snap.documents), len(snap.conditions),
                                          len(snap.summonses), len(snap.letters)),
                     board_date=report.board_date, conditions=conditions, gaps=gaps,
                     timeline=timeline(snap, lang, hide_scenario=hide), generated_at=datetime.now(UTC),
                     scenario=_scenario(snap, report, request))


def _scenario(snap: Snapshot, report: Report, request: ExportRequest) -> str | None:
    """The cover's scenario line: by default only "scenario checks: on" (never which one)."""
    from vault.evidence.gaps import SCENARIO_CODES

    scenario = snap.profile.gender_scenario
    if scenario == "none":
        return None
    if not request.include_scenario:
        return "on"
    open_codes = sorted({g.code for g in report.gaps if g.code in SCENARIO_CODES})
    return f"{scenario}; {', '.join(open_codes) if open_codes else 'OK'}"


_ELEMENT_CODES = {"history": ("MED-02",), "current": ("MED-04", "MED-05"), "dispensary": ("MED-06", "MED-07")}


def _cell(snap: Snapshot, condition: Condition, element: str, report: Report) -> EvidenceCell:
    from vault.export.model import EvidenceCell

    docs = snap.docs_for(condition, element)  # type: ignore[arg-type]
    ids = tuple(d.id for d in docs)
    if not ids:
        return EvidenceCell("missing", ())
    weak = condition.primary and any(g.code in _ELEMENT_CODES[element] for g in report.gaps)
    return EvidenceCell("weak" if weak else "ok", ids)


def timeline(snap: Snapshot, lang: str, *, hide_scenario: bool = True) -> tuple[TimelineRow, ...]:
    from vault.export.model import TimelineRow

    w = _WORDS[lang]
    rows = []
    for s in snap.summonses:
        state = "" if s.attended is None else f" ({w['attended'] if s.attended else w['missed']})"
        day = s.appear_on.strftime("%d.%m.%Y") if lang == "ru" else s.appear_on.isoformat()
        rows.append(TimelineRow(s.appear_on, f"{w['summons']} {day}{state}"))
    for letter in snap.letters:
        kind = "registration" if hide_scenario and letter.purpose in ("register", "deregister") else letter.purpose
        purpose = w["purpose"].get(kind, kind)  # type: ignore[union-attr]
        rows.append(TimelineRow(letter.sent, f"{w['letter']}: {purpose}", letter.tracking or None))
    for board in snap.board_dates:
        rows.append(TimelineRow(board.on, str(w["board"])))
    return tuple(sorted(rows, key=lambda r: r.when))
