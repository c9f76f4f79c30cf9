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


def read_snapshot(vault: Vault) -> Snapshot:
    from sqlalchemy import select

    from vault.evidence import snapshot as sn
    from vault.storage.models import (
        BoardDateRow,
        ConditionRow,
        DocumentRow,
        DocumentTextRow,
        LetterRow,
        LinkRow,
        Setting,
        SummonsDocumentRow,
        SummonsRow,
    )

    with vault.session() as s:
        texts = {k: v for k, v in s.execute(select(DocumentTextRow.document_id, DocumentTextRow.text))}
        docs = tuple(to_document(r, texts.get(r.id, ""))
                     for r in s.scalars(select(DocumentRow).order_by(DocumentRow.id)))
        conditions = tuple(sn.Condition(r.id, r.icd10, r.article, r.subitem, bool(r.is_primary), r.notes)
                           for r in s.scalars(select(ConditionRow)))
        links = tuple(sn.Link(r.document_id, r.condition_id, r.element, r.source)  # type: ignore[arg-type]
                      for r in s.scalars(select(LinkRow)))
        covering: dict[int, list[int]] = {}
        for sid, did in s.execute(select(SummonsDocumentRow.summons_id, SummonsDocumentRow.document_id)):
            covering.setdefault(sid, []).append(did)
        summonses = tuple(
            sn.Summons(r.id, date.fromisoformat(r.appear_on), r.purpose, r.channel,  # type: ignore[arg-type]
                       _d(r.placed), _d(r.received), None if r.attended is None else bool(r.attended),
                       tuple(covering.get(r.id, ())), r.notes)
            for r in s.scalars(select(SummonsRow)))
        letters = tuple(
            sn.Letter(r.id, r.purpose, date.fromisoformat(r.sent), r.tracking,  # type: ignore[arg-type]
                      r.receipt_document_id, r.notice_document_id, _d(r.delivered), r.status,  # type: ignore[arg-type]
                      r.text, r.document_id, r.ags_period, r.related_summons_id)
            for r in s.scalars(select(LetterRow)))
        boards = tuple(sn.BoardDate(r.id, date.fromisoformat(r.on_date), r.decision, r.category)
                       for r in s.scalars(select(BoardDateRow)))
        profile_row = s.get(Setting, PROFILE_KEY)
        settings_row = s.get(Setting, SETTINGS_KEY)
    profile = sn.Profile()
    if profile_row:
        raw = json.loads(profile_row.value)
        profile = sn.Profile(raw.get("name", ""), _d(raw.get("birth_date")))
    settings = sn.Settings(**json.loads(settings_row.value)) if settings_row else sn.Settings()
    return sn.Snapshot(docs, conditions, links, summonses, letters, boards, profile, settings)


def board_date_for(snap: Snapshot, today: date) -> date | None:
    """The next board date on or after today, else the most recent past one."""
    upcoming = snap.next_board_date(today)
    if upcoming:
        return upcoming
    past = [b.on for b in snap.board_dates]
    return max(past) if past else None
