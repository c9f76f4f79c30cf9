"""Read the whole evidence picture from the vault into frozen values, in one transaction."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

from vault.records.documents import to_document

if TYPE_CHECKING:
    from vault.core import Vault
    from vault.evidence.snapshot import Snapshot

PROFILE_KEY = "profile"
SETTINGS_KEY = "evidence_settings"


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _b(value: int | None) -> bool | None:
    return None if value is None else bool(value)


def read_snapshot(vault: Vault) -> Snapshot:
    from sqlalchemy import select

    from vault.evidence import snapshot as sn
    from vault.storage.models import (
        BoardDateRow,
        ConditionRow,
        DocumentRow,
        DocumentTextRow,
        LetterDocumentRow,
        LetterRow,
        LinkRow,
        Setting,
        SummonsDocumentRow,
        SummonsRow,
    )

    # Plain rows (``select(Table)``), not ORM objects: the same attribute names, without the
    # identity map, which cost ~4x on 1,000 documents (gap_report_1000_docs_ms).
    with vault.session() as s:
        texts = {k: v for k, v in s.execute(select(DocumentTextRow.document_id, DocumentTextRow.text))}
        docs = tuple(to_document(r, texts.get(r.id, ""))
                     for r in s.execute(select(DocumentRow.__table__).order_by(DocumentRow.id)))
        conditions = tuple(sn.Condition(r.id, r.icd10, r.article, r.subitem, bool(r.is_primary), r.notes)
                           for r in s.execute(select(ConditionRow.__table__)))
        links = tuple(sn.Link(r.document_id, r.condition_id, r.element, r.source)  # type: ignore[arg-type]
                      for r in s.execute(select(LinkRow.__table__)))
        covering: dict[int, list[int]] = {}
        for sid, did in s.execute(select(SummonsDocumentRow.summons_id, SummonsDocumentRow.document_id)):
            covering.setdefault(sid, []).append(did)
        summonses = tuple(
            sn.Summons(r.id, date.fromisoformat(r.appear_on), r.purpose, r.channel,  # type: ignore[arg-type]
                       _d(r.placed), _d(r.received), _b(r.attended),
                       tuple(covering.get(r.id, ())), r.notes, cabinet=_b(r.cabinet), address=r.address,
                       issuer=r.issuer, signed=_b(r.signed), sealed=_b(r.sealed),
                       extract_document_id=r.extract_document_id, followup=r.followup)
            for r in s.execute(select(SummonsRow.__table__)))
        enclosed: dict[int, list[int]] = {}
        for lid, did in s.execute(select(LetterDocumentRow.letter_id, LetterDocumentRow.document_id)):
            enclosed.setdefault(lid, []).append(did)
        letters = tuple(
            sn.Letter(r.id, r.purpose, date.fromisoformat(r.sent), r.tracking,  # type: ignore[arg-type]
                      r.receipt_document_id, r.notice_document_id, _d(r.delivered), r.status,  # type: ignore[arg-type]
                      r.text, r.document_id, r.ags_period, r.related_summons_id, notes=r.notes,
                      enclosed_document_ids=tuple(sorted(enclosed.get(r.id, ()))),
                      attachments=tuple(a for a in (r.attachments or "").split(",") if a),
                      valued=_b(r.valued), contents_document_id=r.contents_document_id,
                      answered=_d(r.answered), hearing=_d(r.hearing), refused=_d(r.refused))
            for r in s.execute(select(LetterRow.__table__)))
        boards = tuple(sn.BoardDate(r.id, date.fromisoformat(r.on_date), r.decision, r.category,
                                    decided=_d(r.decided), referred=_b(r.referred))
                       for r in s.execute(select(BoardDateRow.__table__)))
        profile_row = s.get(Setting, PROFILE_KEY)
        settings_row = s.get(Setting, SETTINGS_KEY)
    profile = sn.Profile()
    if profile_row:
        raw = json.loads(profile_row.value)
        scenario = raw.get("gender_scenario") or "none"
        profile = sn.Profile(raw.get("name", ""), _d(raw.get("birth_date")),
                             scenario if scenario in sn.GENDER_SCENARIOS else "none",
                             _d(raw.get("marker_changed_on")), raw.get("file_lacks_records"),
                             raw.get("student"))
    settings = sn.Settings(**json.loads(settings_row.value)) if settings_row else sn.Settings()
    return sn.Snapshot(docs, conditions, links, summonses, letters, boards, profile, settings)


def board_date_for(snap: Snapshot, today: date) -> date | None:
    """The next board date on or after today, else the most recent past one."""
    upcoming = snap.next_board_date(today)
    if upcoming:
        return upcoming
    past = [b.on for b in snap.board_dates]
    return max(past) if past else None
