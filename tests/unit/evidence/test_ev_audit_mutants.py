"""The gap-check behaviours that the issue-20 audit could break without a test noticing.

Each test pins one rule at its edge: a boundary day on both sides, a status the
check must include, a record it must skip. ``scripts/mutation --known`` re-applies
the audited one-line breakages and expects this file to fail for each.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from ev_factory import (
    BOARD,
    TODAY,
    add,
    clean,
    doc,
    linked,
    med,
    only,
    receipt,
    sent_letter,
    with_letters,
    with_summons,
    without_links,
)

from vault.evidence import dates
from vault.evidence.rules import Rules
from vault.evidence.snapshot import Summons


def test_clean_case_has_none_of_these_gaps(rules: Rules) -> None:
    codes = {g.code for g in only(clean(), rules, "COR-03") + only(clean(), rules, "MED-02")}
    assert codes == set()


def test_cor03_a_delivered_status_without_a_date_or_notice_is_not_proof(rules: Rules) -> None:
    snap = add(clean(), receipt(20, date(2026, 4, 1)))
    claimed = replace(sent_letter(1, "medical", date(2026, 4, 1), 20), delivered=None,
                      status="delivered")
    assert [g.letter_ids for g in only(with_letters(snap, claimed), rules, "COR-03")] == [(1,)]
    dated = sent_letter(1, "medical", date(2026, 4, 1), 20)
    assert only(with_letters(snap, dated), rules, "COR-03") == []


def test_cor05_a_resend_counts_only_for_the_same_summons(rules: Rules) -> None:
    snap = add(clean(), receipt(20, date(2026, 3, 1)), receipt(21, date(2026, 4, 1)))
    returned = replace(sent_letter(1, "medical", date(2026, 3, 1), 20), status="returned",
                       related_summons_id=1)
    other = replace(sent_letter(2, "medical", date(2026, 4, 1), 21), related_summons_id=2)
    same = replace(other, related_summons_id=1)
    assert [g.letter_ids for g in only(with_letters(snap, returned, other), rules, "COR-05")] == [(1,)]
    assert only(with_letters(snap, returned, same), rules, "COR-05") == []


def test_med02_one_document_is_not_a_history_however_long_its_period(rules: Rules) -> None:
    long = med(10, "outpatient_record", date(2020, 5, 10), period_start=date(2010, 1, 1),
               period_end=date(2020, 5, 10))
    snap = linked(without_links(clean(), "history"), long, "history")
    gap = only(snap, rules, "MED-02")
    assert len(gap) == 1 and "have 1" in gap[0].message_en


def test_med02_two_documents_exactly_the_minimum_apart_are_enough(rules: Rules) -> None:
    first = med(10, "outpatient_record", date(2024, 3, 1))
    snap = linked(without_links(clean(), "history"), first, "history")
    need = snap.settings.history_min_months
    enough = linked(snap, med(11, "outpatient_record", dates.add_months(date(2024, 3, 1), need)),
                    "history")
    short = linked(snap, med(11, "outpatient_record",
                             dates.add_months(date(2024, 3, 1), need) - timedelta(days=1)), "history")
    assert only(enough, rules, "MED-02") == []
    assert len(only(short, rules, "MED-02")) == 1


def test_med07_a_future_dated_record_is_not_a_visit(rules: Rules) -> None:
    day = TODAY + timedelta(days=240)
    snap = linked(clean(), doc(30, "dispensary_certificate", day, icd10=("J45.0",)), "dispensary")
    assert only(snap, rules, "MED-07") == []
    breaks = [g for g in only(snap, rules, "MED-07", board=None, today=day) if "gaps" in g.message_en]
    assert [g.document_ids for g in breaks] == [(4, 30)]  # once that day has come, it is a visit


def test_wrd04_skips_documents_without_a_diagnosis(rules: Rules) -> None:
    blank = med(40, "outpatient_record", date(2025, 1, 1), diagnosis="  ")
    assert only(add(clean(), blank), rules, "WRD-04") == []
    odd = med(40, "outpatient_record", date(2025, 1, 1), diagnosis="Перелом лучевой кости")
    assert [g.document_ids for g in only(add(clean(), odd), rules, "WRD-04")] == [(40,)]


def test_doc10_different_diagnoses_are_different_documents(rules: Rules) -> None:
    a = doc(150, "outpatient_record", date(2025, 1, 1), facility="Поликлиника 1",
            diagnosis="Бронхиальная астма")
    b = replace(a, id=151, sha256=f"{151:064x}", diagnosis="Аллергический ринит")
    assert only(add(clean(), a, b), rules, "DOC-10") == []
    same = replace(b, diagnosis=a.diagnosis.upper())
    assert [g.document_ids for g in only(add(clean(), a, same), rules, "DOC-10")] == [(150, 151)]


def test_med05_warns_only_inside_the_stale_warning_window(rules: Rules) -> None:
    days = clean().settings.stale_warning_days
    months = rules.periods.current_state_months

    def exam_expiring(expires: date) -> list[object]:
        issued = dates.add_months(expires, -months)
        assert dates.fresh_until(issued, months) == expires
        snap = without_links(clean(), "current")
        return list(only(linked(snap, med(60, "specialist_conclusion", issued), "current"),
                         rules, "MED-05"))

    assert exam_expiring(BOARD + timedelta(days=days)) == []
    assert len(exam_expiring(BOARD + timedelta(days=days - 1))) == 1


def test_doc01_a_document_dated_today_is_not_in_the_future(rules: Rules) -> None:
    today = doc(70, "outpatient_record", TODAY)
    tomorrow = doc(70, "outpatient_record", TODAY + timedelta(days=1))
    assert only(add(clean(), today), rules, "DOC-01") == []
    assert [g.document_ids for g in only(add(clean(), tomorrow), rules, "DOC-01")] == [(70,)]


def test_doc01_a_period_that_starts_today_is_not_in_the_future(rules: Rules) -> None:
    # Undated, or issued earlier: the period's first day decides, and today is not the future.
    for issued in (None, TODAY - timedelta(days=3)):
        starts_today = doc(71, "sick_leave", issued, period_start=TODAY, period_end=TODAY + timedelta(days=5))
        starts_tomorrow = replace(starts_today, period_start=TODAY + timedelta(days=1))
        assert only(add(clean(), starts_today), rules, "DOC-01") == []
        assert [g.document_ids for g in only(add(clean(), starts_tomorrow), rules, "DOC-01")] == [(71,)]


def test_na07_boundaries_of_the_e_summons_rule(rules: Rules) -> None:
    periods = rules.periods
    start, limit = periods.e_summons_from, periods.e_summons_max_days

    def late(placed: date, after: int) -> list[object]:
        s = Summons(1, placed + timedelta(days=after), channel="registry", placed=placed,
                    attended=True)
        return list(only(with_summons(clean(), s), rules, "NA-07"))

    assert late(start, limit) == []
    assert len(late(start, limit + 1)) == 1
    assert late(start - timedelta(days=1), limit + 5) == []


def test_ags01_missed_deadline_points_at_the_next_window_through_its_last_day(rules: Rules) -> None:
    from test_ev_ags import ags, case

    snap = case(ags(1, date(2026, 4, 1), 0), receipts=(date(2026, 4, 1),))
    nxt_deadline = date(2026, 9, 30)  # the 2027-spring window's last safe day
    on_last_day = only(snap, rules, "AGS-01", today=nxt_deadline)
    after = only(snap, rules, "AGS-01", today=nxt_deadline + timedelta(days=1))
    assert [g.due for g in on_last_day] == [nxt_deadline]
    assert [g.due for g in after] == [date(2026, 3, 31)]


def test_na07_skips_paper_summonses_and_goes_on_to_the_next(rules: Rules) -> None:
    start, limit = rules.periods.e_summons_from, rules.periods.e_summons_max_days
    paper = Summons(1, start + timedelta(days=limit + 9), channel="paper", placed=start,
                    attended=True)
    late = Summons(2, start + timedelta(days=limit + 9), channel="registry", placed=start,
                   attended=True)
    assert only(with_summons(clean(), paper), rules, "NA-07") == []
    assert [g.summons_ids for g in only(with_summons(clean(), paper, late), rules, "NA-07")] == [(2,)]


def test_doc10_groups_by_hash_but_never_by_a_missing_hash(rules: Rules) -> None:
    a = doc(80, "other", None, sha256="ab" * 32, facility="")
    b = replace(a, id=81, kind="outpatient_record", facility="Другая")
    assert [g.document_ids for g in only(add(clean(), a, b), rules, "DOC-10")] == [(80, 81)]
    blank_a, blank_b = replace(a, sha256=""), replace(b, sha256="")
    assert only(add(clean(), blank_a, blank_b), rules, "DOC-10") == []


def test_doc07_a_sick_leave_needs_both_ends_of_its_period(rules: Rules) -> None:
    day = date(2026, 2, 1)
    half = doc(90, "sick_leave", day, period_start=day)
    whole = replace(half, period_end=day + timedelta(days=5))
    assert [g.document_ids for g in only(add(clean(), half), rules, "DOC-07")] == [(90,)]
    assert only(add(clean(), whole), rules, "DOC-07") == []


def _letters_and_summonses() -> tuple[list[object], list[Summons]]:
    from ev_factory import VALID_TRACK

    good = sent_letter(1, "medical", date(2026, 4, 1), 20)
    letters = [
        good,
        replace(good, id=2, tracking="60300095123459"),  # bad check digit: COR-01
        replace(good, id=3, purpose="valid-reason", related_summons_id=11,
                sent=date(2026, 4, 20)),  # late for summons 11: COR-02
        replace(good, id=4, delivered=None, status="sent"),  # delivery not proven: COR-03
        replace(good, id=5, purpose="complaint", status="returned"),  # not re-sent: COR-05
        replace(good, id=6, tracking=VALID_TRACK),
    ]
    start = date(2026, 2, 1)
    summonses = [
        Summons(10, date(2026, 3, 2), channel="paper", attended=True),
        Summons(11, date(2026, 3, 1), channel="paper", received=date(2026, 2, 20), attended=False),
        Summons(12, start + timedelta(days=45), channel="registry", placed=start,
                attended=True),  # appearance too late after placement: NA-07
        Summons(13, date(2026, 4, 10), channel="mail", received=date(2026, 4, 1), attended=False),
        Summons(14, date(2026, 3, 3), channel="paper", attended=True),
    ]
    return letters, summonses  # type: ignore[return-value]


def _pairs(snap: object, rules: Rules, prefix: str, field: str) -> set[tuple[str, int]]:
    from ev_factory import gaps

    return {(g.code, i) for g in gaps(snap, rules) if g.code.startswith(prefix)  # type: ignore[arg-type]
            and g.code not in ("NA-05", "COR-05") for i in getattr(g, field)}


def test_per_record_checks_look_at_every_record_in_any_order(rules: Rules) -> None:
    """What a letter or summons raises alone, it raises among others, first or last."""
    letters, summonses = _letters_and_summonses()
    base = add(clean(), receipt(20, date(2026, 4, 1)))
    everything = replace(base, letters=tuple(letters), summonses=tuple(summonses))
    alone_letters = set().union(*(_pairs(replace(everything, letters=(x,)), rules, "COR", "letter_ids")
                                  for x in letters))
    alone_summonses = set().union(*(_pairs(replace(everything, summonses=(x,)), rules, "NA",
                                           "summons_ids") for x in summonses))
    assert {c for c, _ in alone_letters} >= {"COR-01", "COR-02", "COR-03"}
    assert {c for c, _ in alone_summonses} >= {"NA-07"} and len(alone_summonses) >= 3
    for order in (1, -1):
        snap = replace(everything, letters=tuple(letters[::order]),
                       summonses=tuple(summonses[::order]))
        assert _pairs(snap, rules, "COR", "letter_ids") == alone_letters
        assert _pairs(snap, rules, "NA", "summons_ids") == alone_summonses


def test_a_valid_reason_document_after_other_kinds_still_covers_a_missed_summons(rules: Rules) -> None:
    missed = Summons(15, date(2026, 3, 10), channel="paper", received=date(2026, 3, 1),
                     attended=False)
    snap = with_summons(clean(), missed)  # clean() starts with kinds that are no valid reason
    assert [g.summons_ids for g in only(snap, rules, "NA-01")] == [(15,)]
    ill = doc(95, "sick_leave", date(2026, 3, 20), period_start=date(2026, 3, 5),
              period_end=date(2026, 3, 20))
    assert only(add(snap, ill), rules, "NA-01") == []


def test_a_suggested_link_before_the_users_links_hides_nothing(rules: Rules) -> None:
    from vault.evidence.snapshot import Link

    snap = clean()
    suggested = Link(snap.documents[0].id, 1, "current", "suggested")
    with_suggestion = replace(snap, links=(suggested, *snap.links))
    assert {g.code for g in only(with_suggestion, rules, "MED-04")} == set()
    assert {g.code for g in only(with_suggestion, rules, "MED-06")} == set()


def test_doc01_a_document_of_the_board_day_is_not_after_the_board(rules: Rules) -> None:
    today = BOARD + timedelta(days=10)
    on_board = doc(96, "outpatient_record", BOARD)
    after = doc(96, "outpatient_record", BOARD + timedelta(days=1))
    assert only(add(clean(), on_board), rules, "DOC-01", today=today) == []
    assert [g.document_ids for g in only(add(clean(), after), rules, "DOC-01", today=today)] \
        == [(96,)]


def test_cor01_says_what_is_wrong_in_both_languages(rules: Rules) -> None:
    snap = add(clean(), receipt(20, date(2026, 4, 1)))
    bad = replace(sent_letter(1, "medical", date(2026, 4, 1), 20), tracking="60300095123459")
    [gap] = only(with_letters(snap, bad), rules, "COR-01")
    assert "контрольной цифры" in gap.message_ru and "check digit" in gap.message_en


def test_linked_documents_are_ordered_by_date_then_id(rules: Rules) -> None:
    from vault.evidence.checks.context import build_context

    late = med(97, "outpatient_record", date(2024, 1, 1))
    undated = med(98, "outpatient_record", None)
    early = med(99, "outpatient_record", date(2012, 1, 1))
    snap = clean()
    for extra in (late, undated, early):
        snap = linked(snap, extra, "history")
    ctx = build_context(snap, BOARD, TODAY, rules)
    assert [d.id for d in ctx.linked["history"]] == [98, 1, 99, 2, 97]


def test_wrd04_matches_codes_by_prefixes_longer_than_a_block(rules: Rules) -> None:
    flat = med(41, "outpatient_record", date(2025, 1, 1), icd10=("M21.4",),
               diagnosis="Продольное плоскостопие III степени")
    other = replace(flat, id=42, icd10=("M21.0",), sha256=f"{42:064x}")
    assert only(add(clean(), flat), rules, "WRD-04") == []
    assert [g.document_ids for g in only(add(clean(), other), rules, "WRD-04")] == [(42,)]


def test_na03_a_letter_for_another_summons_does_not_confirm_this_one(rules: Rules) -> None:
    missed = Summons(16, date(2026, 3, 10), channel="paper", received=date(2026, 3, 1),
                     attended=False)
    snap = add(with_summons(clean(), missed), receipt(20, date(2026, 3, 12)))
    for_other = replace(sent_letter(1, "valid-reason", date(2026, 3, 12), 20),
                        related_summons_id=99)
    untied = replace(for_other, related_summons_id=None)
    assert [g.summons_ids for g in only(with_letters(snap, for_other), rules, "NA-03")] == [(16,)]
    assert only(with_letters(snap, untied), rules, "NA-03") == []


def test_doc10_needs_a_facility_to_call_same_day_documents_duplicates(rules: Rules) -> None:
    a = doc(85, "outpatient_record", date(2025, 3, 3), facility=" ")
    b = replace(a, id=86, sha256=f"{86:064x}")
    assert only(add(clean(), a, b), rules, "DOC-10") == []
    named = [replace(x, facility="Поликлиника 7") for x in (a, b)]
    assert [g.document_ids for g in only(add(clean(), *named), rules, "DOC-10")] == [(85, 86)]


def test_the_context_is_immutable(rules: Rules) -> None:
    import dataclasses

    import pytest

    from vault.evidence.checks.context import build_context

    ctx = build_context(clean(), BOARD, TODAY, rules)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ctx.today = BOARD  # type: ignore[misc]


def test_a_code_in_the_articles_range_matches_the_primary_condition(rules: Rules) -> None:
    from vault.evidence.checks.context import build_context

    ctx = build_context(clean(), BOARD, TODAY, rules)  # primary J45.0, article 52: J45-J46
    assert ctx.matches_primary("J45.9") and ctx.matches_primary("J46")
    assert not ctx.matches_primary("K25.0")
    no_primary = build_context(replace(clean(), conditions=()), BOARD, TODAY, rules)
    assert not no_primary.matches_primary("J45.0")


def test_cor01_points_at_the_receipt_only_when_there_is_one(rules: Rules) -> None:
    snap = add(clean(), receipt(20, date(2026, 4, 1)))
    bad = replace(sent_letter(1, "medical", date(2026, 4, 1), 20), tracking="60300095123459")
    none = replace(bad, receipt_document_id=None)
    assert [g.document_ids for g in only(with_letters(snap, bad), rules, "COR-01")] == [(20,)]
    assert [g.document_ids for g in only(with_letters(snap, none), rules, "COR-01")] == [()]
