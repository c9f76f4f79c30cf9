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


def test_ags01_on_the_last_safe_day_is_not_yet_missed(rules: Rules) -> None:
    from test_ev_ags import case

    [gap] = only(case(), rules, "AGS-01", today=date(2026, 3, 31))
    assert (gap.severity, gap.due) == ("high", date(2026, 3, 31))
    [late] = only(case(), rules, "AGS-01", today=date(2026, 4, 1))
    assert late.severity == "blocker"


def test_ags03_compares_the_first_late_application_with_the_fallback(rules: Rules) -> None:
    from test_ev_ags import ags, case

    text = "Прошу заменить военную службу альтернативной гражданской."
    snap = case(
        ags(1, date(2026, 4, 2), 0, "2026-autumn", text=text),
        ags(2, date(2026, 4, 5), 1, "2026-autumn", text="Повторно: прошу заменить службу."),
        ags(3, date(2026, 4, 3), 2, "2027-spring", text=text),
        receipts=(date(2026, 4, 2), date(2026, 4, 5), date(2026, 4, 3)),
    )
    [gap] = only(snap, rules, "AGS-03", today=date(2026, 5, 1))
    assert "identical" in gap.message_en


def test_cor05_a_letter_of_the_same_day_is_not_a_resend(rules: Rules) -> None:
    from ev_factory import add, receipt, sent_letter, with_letters

    snap = add(clean(), receipt(20, date(2026, 3, 1)), receipt(21, date(2026, 3, 1)))
    returned = replace(sent_letter(1, "medical", date(2026, 3, 1), 20), status="returned")
    same_day = sent_letter(2, "medical", date(2026, 3, 1), 21)
    next_day = replace(same_day, sent=date(2026, 3, 2))
    assert [g.letter_ids for g in only(with_letters(snap, returned, same_day), rules,
                                       "COR-05")] == [(1,)]
    assert only(with_letters(snap, returned, next_day), rules, "COR-05") == []


def test_dispatch_periods_are_immutable() -> None:
    import dataclasses

    import pytest

    from vault.evidence import dates

    period = dates.dispatch_period("2026-autumn", {"autumn": ((10, 1), (12, 31))})
    assert (period.start, period.end) == (date(2026, 10, 1), date(2026, 12, 31))
    with pytest.raises(dataclasses.FrozenInstanceError):
        period.start = date(2026, 1, 1)  # type: ignore[misc]
