from __future__ import annotations

from dataclasses import replace
from datetime import date

from ev_factory import clean, doc, med

from vault.evidence.rules import Rules
from vault.evidence.snapshot import BoardDate, Condition
from vault.evidence.suggest import suggest_links


def test_dispensary_certificate(rules: Rules) -> None:
    snap = replace(clean(), board_dates=(BoardDate(1, date(2026, 6, 15)),))
    new = med(10, "dispensary_certificate", date(2026, 4, 1), icd10=("J45.1",))
    [s] = suggest_links(new, snap, rules)
    assert (s.condition_id, s.element) == (1, "dispensary")
    assert snap == replace(clean(), board_dates=(BoardDate(1, date(2026, 6, 15)),))  # unchanged


def test_fresh_and_old_conclusions(rules: Rules) -> None:
    snap = replace(clean(), board_dates=(BoardDate(1, date(2026, 6, 15)),))
    fresh = med(10, "specialist_conclusion", date(2026, 1, 1))
    assert [s.element for s in suggest_links(fresh, snap, rules)] == ["current"]
    old = med(11, "specialist_conclusion", date(2025, 12, 14))
    assert [s.element for s in suggest_links(old, snap, rules)] == ["history"]
    record = med(12, "child_record", date(2009, 1, 1))
    assert [s.element for s in suggest_links(record, snap, rules)] == ["history"]


def test_other_condition_and_no_match(rules: Rules) -> None:
    snap = replace(clean(), conditions=clean().conditions + (Condition(2, "M21.4", 68, "б"),))
    flat = doc(10, "specialist_conclusion", date(2026, 4, 1), icd10=("М21.4",), diagnosis="Плоскостопие")
    assert [(s.condition_id, s.element) for s in suggest_links(flat, snap, rules)] == [(2, "current")]
    gastritis = doc(11, "specialist_conclusion", date(2026, 4, 1), icd10=("K29.5",), diagnosis="Гастрит")
    assert suggest_links(gastritis, snap, rules) == []
    receipt = doc(12, "postal_receipt", date(2026, 4, 1))
    assert suggest_links(receipt, snap, rules) == []


def test_diagnosis_text_without_code_and_existing_links(rules: Rules) -> None:
    text_only = doc(10, "outpatient_record", date(2015, 1, 1), diagnosis="Бронхиальная астма")
    [s] = suggest_links(text_only, clean(), rules)
    assert s.element == "history" and "diagnosis text" in s.reason_en
    assert suggest_links(clean().documents[2], clean(), rules) == []  # already linked as current
