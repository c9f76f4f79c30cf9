"""A 1,000-document snapshot (also used by scripts/bench for the 20 ms figure)."""

from __future__ import annotations

from datetime import date, timedelta

from ev_factory import VALID_TRACK, doc, med

from vault.evidence.gaps import compute_gaps
from vault.evidence.rules import Rules
from vault.evidence.snapshot import (
    BoardDate,
    Condition,
    Element,
    Letter,
    Link,
    Profile,
    Settings,
    Snapshot,
    Summons,
)

ELEMENTS: tuple[Element, ...] = ("history", "current", "dispensary")
KINDS = (
    "outpatient_record",
    "specialist_conclusion",
    "dispensary_certificate",
    "sick_leave",
    "ambulance_certificate",
    "exam_result",
    "postal_receipt",
)


def big() -> Snapshot:
    start = date(2016, 1, 1)
    docs = []
    for i in range(1, 1001):
        day = start + timedelta(days=(i * 37) % 3700)
        kind = KINDS[i % len(KINDS)]
        docs.append(
            med(
                i,
                kind,
                day,
                text="Бронхиальная астма тяжелой степени, частые обострения. " * 5,
                period_start=day if kind == "sick_leave" else None,
                period_end=day + timedelta(days=5) if kind == "sick_leave" else None,
                patient_name="Иван Петров" if i % 2 else "Пётр Иванов",
                form_no="086/у" if i % 50 == 0 else "",
                findings="fev1=55" if i % 10 == 0 else "",
                ocr_confidence=(90, 50 + i % 50),
                original_held=bool(i % 3),
            )
            if kind != "postal_receipt"
            else doc(i, kind, day, tracking=VALID_TRACK)
        )
    links = tuple(Link(i, 1, ELEMENTS[i % 3]) for i in range(1, 1001) if docs[i - 1].kind != "postal_receipt")
    summonses = tuple(Summons(s, start + timedelta(days=97 * s), attended=False) for s in range(1, 21))
    letters = tuple(
        Letter(
            n,
            "valid-reason",
            start + timedelta(days=97 * n + 3),
            tracking=VALID_TRACK,
            receipt_document_id=7,
            related_summons_id=n,
            status="sent",
            enclosed_document_ids=tuple(range(n, 1001, 40)),
            attachments=("autobiography",),
            valued=True,
        )
        for n in range(1, 21)
    )
    # All checks on: the opt-in scenario, board decisions and every letter detail.
    return Snapshot(
        documents=tuple(docs),
        conditions=(Condition(1, "J45.0", 52, "а", primary=True),),
        links=links,
        summonses=summonses,
        letters=letters,
        board_dates=(BoardDate(1, date(2026, 3, 1), "отсрочка", "Г", referred=True),),
        profile=Profile("Иван Петров", date(2004, 5, 1), "afab-male-marker", date(2026, 4, 1),
                        file_lacks_records=True, student=False),
        settings=Settings(ags_target_period="2026-autumn"),
    )


def test_thousand_documents_give_a_stable_report(rules: Rules) -> None:
    snap = big()
    first = compute_gaps(snap, date(2026, 6, 1), date(2026, 5, 1), rules)
    assert first == compute_gaps(snap, date(2026, 6, 1), date(2026, 5, 1), rules)
    assert {g.code for g in first}  # the big case is not vacuous
