"""More gap-check edges found by ``scripts/mutation`` (evidence package): each test pins
one behaviour a surviving mutant changed without any test noticing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ev_factory import clean, linked, med, only, without_links

from vault.evidence.rules import Rules
from vault.evidence.snapshot import Condition


def test_links_to_another_condition_do_not_count_for_the_primary(rules: Rules) -> None:
    snap = without_links(clean(), "current")
    snap = replace(snap, conditions=(*snap.conditions, Condition(2, "K25.0", 59, "а")))
    exam = med(60, "specialist_conclusion", date(2026, 3, 1))
    assert [g.severity for g in only(linked(snap, exam, "current", condition_id=2), rules,
                                     "MED-04")] == ["blocker"]
    assert only(linked(snap, exam, "current"), rules, "MED-04") == []
