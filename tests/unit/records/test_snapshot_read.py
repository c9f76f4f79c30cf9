"""The snapshot read (raw cursor, positional columns) returns exactly what was stored."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from scripts.benchkit.gapsdb import store
from tests.helpers import make_vault
from vault.evidence.rules import load_rules
from vault.evidence.snapshot import (
    BoardDate,
    Condition,
    Document,
    Letter,
    Link,
    Profile,
    Settings,
    Snapshot,
    Summons,
)
from vault.records.documents import to_document
from vault.records.report import compute_report
from vault.records.snapshots import read_snapshot


def _every_field(doc_id: int) -> Document:
    """A document with no field left at its default (so a swapped column shows)."""
    return Document(
        doc_id, "specialist_conclusion", date(2025, 1, 2),
        datetime(2026, 1, 1, 12, 30, 5, 123456, tzinfo=UTC), page_count=3, sha256=f"{doc_id:064x}",
        facility="ГП № 5", doctor="Петрова А. А.", specialty="пульмонолог", icd10=("J45.0", "J45.1"),
        diagnosis="Бронхиальная астма", wording="частые обострения", period_start=date(2025, 1, 3),
        period_end=date(2025, 1, 9), tracking="80085512345678", notes="заметка", text="ОФВ1 55 %",
        original_name="scan.jpg", form_no="086/у", patient_name="Иван Петров",
        patient_dob=date(2004, 5, 1), has_stamp=True, has_signature=False, electronic=True,
        e_signature=False, ocr_confidence=(90, 55), pages_expected=4, original_held=False,
        handed_in=date(2025, 2, 1), findings="fev1=55")


def _snapshot() -> Snapshot:
    bare = Document(2, "other", None, datetime(2026, 2, 1, tzinfo=UTC), sha256="b" * 64)
    docs = (_every_field(1), bare, dataclasses.replace(_every_field(3), has_stamp=None, text=""))
    return Snapshot(
        documents=docs,
        conditions=(Condition(1, "J45.0", 52, "а", primary=True, notes="основное"),
                    Condition(2, "K29.3", 59, None)),
        links=(Link(1, 1, "current"), Link(3, 2, "history", "suggestion")),
        summonses=(Summons(1, date(2026, 4, 1), "medical", "paper", date(2026, 3, 20),
                           date(2026, 3, 21), False, (1, 3), "n", cabinet=True, address="ул. Ленина",
                           issuer="ВК", signed=True, sealed=False, extract_document_id=2,
                           followup="written"),),
        letters=(Letter(1, "valid-reason", date(2026, 4, 2), "80085512345678", 2, 3,
                        date(2026, 4, 9), "delivered", "текст", 1, "2026-autumn", 1, notes="n",
                        enclosed_document_ids=(1, 3), attachments=("autobiography", "photo"),
                        valued=True, contents_document_id=3, answered=date(2026, 4, 20),
                        hearing=date(2026, 5, 1), refused=date(2026, 5, 2)),),
        board_dates=(BoardDate(1, date(2026, 6, 1), "отсрочка", "Г", date(2026, 6, 2), True),),
        profile=Profile("Иван Петров", date(2004, 5, 1), "afab-male-marker", date(2026, 4, 1),
                        file_lacks_records=True, student=False),
        settings=Settings(14, 20, 5, "2026-autumn", None),
    )


@pytest.fixture
def stored(tmp_path: Path) -> Any:
    vault = make_vault(tmp_path / "v")
    store(vault, _snapshot())
    yield vault
    vault.lock()


def test_every_field_round_trips(stored: Any) -> None:
    assert read_snapshot(stored) == _snapshot()


def test_fast_document_path_equals_the_orm_conversion(stored: Any) -> None:
    from vault.records.documents import get_row

    docs = read_snapshot(stored).documents
    with stored.session() as s:
        reference = tuple(to_document(get_row(s, d.id), d.text) for d in docs)
    assert docs == reference
    for doc, ref in zip(docs, reference, strict=True):
        assert ref.effective_date == vars(doc)["effective_date"]  # filled by the read, computed here
        assert {k: (v, type(v)) for k, v in vars(doc).items()} == {
            k: (v, type(v)) for k, v in vars(ref).items()}


@pytest.mark.parametrize(("issued", "start", "end"), [
    (date(2025, 1, 2), date(2025, 1, 3), date(2025, 1, 9)),
    (None, date(2025, 1, 3), date(2025, 1, 9)),
    (None, date(2025, 1, 3), None),
    (None, None, date(2025, 1, 9)),
    (date(2025, 1, 2), None, None),
    (None, None, None),
])
def test_the_read_fills_effective_date_by_the_property_s_rule(
        tmp_path: Path, issued: date | None, start: date | None, end: date | None) -> None:
    made = dataclasses.replace(_every_field(1), issued=issued, period_start=start, period_end=end)
    vault = make_vault(tmp_path / "v")
    try:
        store(vault, Snapshot((made,), (), (), (), (), (), _snapshot().profile, Settings()))
        (doc,) = read_snapshot(vault).documents
    finally:
        vault.lock()
    assert vars(doc)["effective_date"] == dataclasses.replace(made).effective_date == doc.effective_date


def test_document_still_has_nothing_the_fast_path_would_skip() -> None:
    # _documents fills the instance dict directly; validation in __post_init__ would be bypassed.
    assert not hasattr(Document, "__post_init__")
    assert not hasattr(Link, "__post_init__")  # _links does the same


def test_report_with_rules_passed_in_equals_the_loading_one(stored: Any) -> None:
    today = date(2026, 5, 1)
    loaded = compute_report(stored, today)
    assert loaded.gaps  # not vacuous
    assert compute_report(stored, today, load_rules()) == loaded
