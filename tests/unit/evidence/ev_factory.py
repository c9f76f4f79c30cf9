"""Builders for hand-made snapshots: a complete asthma case with no gaps, to break one way at a time."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any, cast

from vault.evidence.gap import Gap
from vault.evidence.gaps import compute_gaps
from vault.evidence.rules import Rules
from vault.evidence.snapshot import (
    Condition,
    Document,
    Element,
    Letter,
    LetterPurpose,
    Link,
    Settings,
    Snapshot,
    Summons,
)
from vault.evidence.tracking import complete_domestic, complete_s10

TODAY = date(2026, 5, 1)
BOARD = date(2026, 6, 15)
ASTHMA = "Бронхиальная астма тяжелой степени"
VALID_TRACK = complete_domestic("6030009512345")
VALID_S10 = complete_s10("RA", "12345678")


def doc(id: int, kind: str, issued: date | None, **kw: object) -> Document:
    fields: dict[str, object] = {
        "added": datetime(2026, 1, 1, 12, 0, tzinfo=UTC),
        "sha256": f"{id:064x}",
        "facility": f"Facility {id}",
    }
    fields.update(kw)
    return Document(id=id, kind=kind, issued=issued, **fields)  # type: ignore[arg-type]


def med(id: int, kind: str, issued: date | None, **kw: object) -> Document:
    base: dict[str, object] = {
        "icd10": ("J45.0",),
        "diagnosis": ASTHMA,
        "wording": "частые обострения",
        "doctor": "Петрова А. А.",
    }
    base.update(kw)
    return doc(id, kind, issued, **base)


def clean() -> Snapshot:
    """Asthma, art. 52 «а», every element present and fresh for BOARD: no gaps.

    The current-state conclusion states spirometry (MED-10, WRD-03), three dated
    attacks back "частые обострения" (MED-12), and the key documents were handed in
    against a stamp (MED-14).
    """
    handed = date(2026, 3, 15)
    docs = (
        med(1, "child_record", date(2010, 3, 1), diagnosis="Бронхиальная астма", wording=""),
        med(2, "outpatient_record", date(2020, 5, 10)),
        med(3, "specialist_conclusion", date(2026, 3, 1), text="Спирометрия: ОФВ1 55 %.", handed_in=handed),
        med(4, "dispensary_certificate", date(2026, 2, 10), period_start=date(2019, 1, 1), handed_in=handed),
        *(med(50 + i, "ambulance_certificate", day, wording="приступ удушья")
          for i, day in enumerate((date(2025, 8, 14), date(2025, 12, 3), date(2026, 1, 27)), start=1)),
    )
    links = (Link(1, 1, "history"), Link(2, 1, "history"), Link(3, 1, "current"), Link(4, 1, "dispensary"))
    return Snapshot(
        documents=docs,
        conditions=(Condition(1, "J45.0", 52, "а", primary=True),),
        links=links,
        settings=Settings(schedule_edition="565-2013"),
    )


def add(snap: Snapshot, *docs: Document, links: tuple[Link, ...] = ()) -> Snapshot:
    return replace(snap, documents=snap.documents + docs, links=snap.links + links)


def linked(snap: Snapshot, document: Document, element: Element, condition_id: int = 1) -> Snapshot:
    return add(snap, document, links=(Link(document.id, condition_id, element),))


def without_links(snap: Snapshot, element: Element) -> Snapshot:
    return replace(snap, links=tuple(x for x in snap.links if x.element != element))


def with_summons(snap: Snapshot, *summonses: Summons) -> Snapshot:
    return replace(snap, summonses=snap.summonses + summonses)


def with_letters(snap: Snapshot, *letters: Letter) -> Snapshot:
    return replace(snap, letters=snap.letters + letters)


def receipt(id: int, issued: date, tracking: str = VALID_TRACK) -> Document:
    return doc(id, "postal_receipt", issued, tracking=tracking)


def sent_letter(id: int, purpose: str, sent: date, receipt_id: int, **kw: Any) -> Letter:
    letter = Letter(
        id=id,
        purpose=cast(LetterPurpose, purpose),
        sent=sent,
        tracking=VALID_TRACK,
        receipt_document_id=receipt_id,
        delivered=sent.replace(day=min(sent.day + 3, 28)),
        status="delivered",
        text=f"Письмо № {id}.",
        answered=sent.replace(day=min(sent.day + 3, 28)),
    )
    return replace(letter, **kw)


def gaps(snap: Snapshot, rules: Rules, board: date | None = BOARD, today: date = TODAY) -> list[Gap]:
    return compute_gaps(snap, board, today, rules)


def codes(snap: Snapshot, rules: Rules, board: date | None = BOARD, today: date = TODAY) -> set[str]:
    return {g.code for g in gaps(snap, rules, board, today)}


def only(
    snap: Snapshot, rules: Rules, code: str, board: date | None = BOARD, today: date = TODAY
) -> list[Gap]:
    return [g for g in gaps(snap, rules, board, today) if g.code == code]
