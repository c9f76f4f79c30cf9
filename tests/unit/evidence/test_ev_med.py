from __future__ import annotations

from dataclasses import replace
from datetime import date

from ev_factory import (
    BOARD,
    TODAY,
    clean,
    codes,
    gaps,
    linked,
    med,
    only,
    without_links,
)

from vault.evidence.rules import Rules
from vault.evidence.snapshot import Condition, Link, Settings, Snapshot


def test_clean_case_has_no_gaps(rules: Rules) -> None:
    assert gaps(clean(), rules) == []


def test_med01_no_primary(rules: Rules) -> None:
    snap = replace(clean(), conditions=(Condition(1, "J45.0", 52, "а", primary=False),))
    assert codes(snap, rules) == {"MED-01"}


def test_med01_no_links_and_no_subitem(rules: Rules) -> None:
    snap = replace(clean(), conditions=(Condition(1, "J45.0", 52, None, primary=True),))
    found = only(snap, rules, "ASK-SUBITEM")  # a prompt has its own code (DOMAIN: one code, one finding)
    assert [g.severity for g in found] == ["medium"] and not only(snap, rules, "MED-01")
    snap = replace(clean(), links=(Link(3, 1, "current", "suggestion"),))
    assert "MED-01" in codes(snap, rules)


def test_med02_fires_on_short_history(rules: Rules) -> None:
    snap = replace(clean(), links=tuple(x for x in clean().links if x.document_id != 1))
    assert "MED-02" in codes(snap, rules)  # 2020 only: one document


def test_med02_span_threshold_exact(rules: Rules) -> None:
    base = without_links(clean(), "history")
    a = med(10, "outpatient_record", date(2024, 8, 31))
    b = med(11, "outpatient_record", date(2025, 8, 31))
    snap = linked(linked(base, a, "history"), b, "history")
    assert "MED-02" not in codes(snap, rules)  # exactly 12 months
    b2 = med(11, "outpatient_record", date(2025, 8, 30))
    snap = linked(linked(base, a, "history"), b2, "history")
    assert "MED-02" in codes(snap, rules)
    snap = replace(snap, settings=Settings(history_min_months=6, schedule_edition="565-2013"))
    assert "MED-02" not in codes(snap, rules)


def test_med02_other_diagnosis_does_not_count(rules: Rules) -> None:
    base = without_links(clean(), "history")
    a = med(10, "outpatient_record", date(2015, 1, 1), icd10=("K29.5",), diagnosis="Гастрит")
    b = med(11, "outpatient_record", date(2020, 1, 1))
    assert "MED-02" in codes(linked(linked(base, a, "history"), b, "history"), rules)


def test_med04_blocker_without_current(rules: Rules) -> None:
    snap = without_links(clean(), "current")
    g = only(snap, rules, "MED-04")
    assert [x.severity for x in g] == ["blocker"]
    assert [x.severity for x in only(snap, rules, "MED-04", board=None)] == ["blocker"]


def test_med04_exactly_six_months(rules: Rules) -> None:
    # conclusion of 1 Mar 2026 is fresh until 1 Sep 2026 inclusive.
    assert only(clean(), rules, "MED-04", board=date(2026, 9, 1)) == []
    stale = only(clean(), rules, "MED-04", board=date(2026, 9, 2), today=date(2026, 9, 2))
    assert [g.severity for g in stale] == ["blocker"]


def test_med04_month_end(rules: Rules) -> None:
    base = without_links(clean(), "current")
    snap = linked(base, med(10, "specialist_conclusion", date(2025, 8, 31)), "current")
    today = date(2026, 2, 1)
    assert "MED-04" not in codes(snap, rules, board=date(2026, 2, 28), today=today)
    assert (
        only(snap, rules, "MED-04", board=date(2026, 3, 1), today=date(2026, 3, 1))[0].severity == "blocker"
    )
    leap = linked(base, med(10, "specialist_conclusion", date(2023, 8, 31)), "current")
    assert "MED-04" not in codes(leap, rules, board=date(2024, 2, 29), today=date(2024, 2, 1))


def test_med04_info_without_board(rules: Rules) -> None:
    assert not only(clean(), rules, "MED-04", board=None)
    g = only(clean(), rules, "ASK-BOARD-DATE", board=None)
    assert [x.severity for x in g] == ["info"]
    assert g[0].due == date(2026, 9, 1)


def test_med05_stale_before_board(rules: Rules) -> None:
    g = only(clean(), rules, "MED-05", board=date(2026, 10, 1))
    assert [x.severity for x in g] == ["high"]
    assert g[0].due == date(2026, 9, 1)
    assert "MED-04" in codes(clean(), rules, board=date(2026, 10, 1))  # not hidden by MED-05


def test_med05_little_margin(rules: Rules) -> None:
    g = only(clean(), rules, "MED-05", board=date(2026, 8, 15))
    assert [x.severity for x in g] == ["high"]
    assert only(clean(), rules, "MED-05", board=date(2026, 8, 1)) == []  # 31 days margin


def test_med06(rules: Rules) -> None:
    assert "MED-06" in codes(without_links(clean(), "dispensary"), rules)
    assert "MED-07" not in codes(without_links(clean(), "dispensary"), rules)


def test_med07_breaks_and_latest(rules: Rules) -> None:
    old = med(10, "dispensary_certificate", date(2025, 3, 1))
    snap = linked(clean(), old, "dispensary")
    g = only(snap, rules, "MED-07")
    assert len(g) == 1 and set(g[0].document_ids) == {4, 10}  # 1 Mar 2025 → 10 Feb 2026
    ok = linked(clean(), med(10, "dispensary_certificate", date(2025, 8, 10)), "dispensary")
    assert only(ok, rules, "MED-07") == []  # exactly six months apart
    late = only(clean(), rules, "MED-07", board=date(2026, 8, 11), today=date(2026, 8, 11))
    assert len(late) == 1 and late[0].document_ids == (4,)


def test_med08_remission(rules: Rules) -> None:
    snap = linked(
        clean(),
        med(10, "specialist_conclusion", date(2026, 4, 1), wording="частые обострения; ремиссия"),
        "current",
    )
    assert only(snap, rules, "MED-08")[0].document_ids == (10,)
    neg = linked(
        clean(),
        med(10, "specialist_conclusion", date(2026, 4, 1), wording="частые обострения, ремиссии нет"),
        "current",
    )
    assert "MED-08" not in codes(neg, rules)
    # an old history document with "ремиссия" is not a recent key document
    hist = linked(clean(), med(10, "outpatient_record", date(2015, 4, 1), wording="ремиссия"), "history")
    assert "MED-08" not in codes(hist, rules)


def test_med09_codes(rules: Rules) -> None:
    snap = linked(clean(), med(10, "specialist_conclusion", date(2026, 4, 1), icd10=("J44.9",)), "current")
    assert only(snap, rules, "MED-09")[0].document_ids == (10,)
    mixed = linked(
        clean(), med(10, "specialist_conclusion", date(2026, 4, 1), icd10=("J30.1", "J45.0")), "current"
    )
    assert "MED-09" not in codes(mixed, rules)


def psych_case(facility: str, specialty: str) -> Snapshot:
    cond = (Condition(1, "F43.1", 17, "б", primary=True),)
    docs = tuple(
        replace(
            d,
            icd10=("F43.1",),
            diagnosis="Посттравматическое стрессовое расстройство",
            wording="умеренно выраженные, длительные",
            facility=facility if d.id in (3, 4) else d.facility,
            specialty=specialty if d.id in (3, 4) else "",
        )
        for d in clean().documents
    )
    return replace(clean(), conditions=cond, documents=docs)


def test_med11_psychiatric(rules: Rules) -> None:
    bad = psych_case("Городская поликлиника № 3", "терапевт")
    assert only(bad, rules, "MED-11")[0].document_ids == (3, 4)
    good = psych_case("ГБУЗ ПНД № 7", "врач-психиатр")
    assert "MED-11" not in codes(good, rules)
    assert "MED-11" not in codes(clean(), rules)


def test_today_and_board_are_explicit(rules: Rules) -> None:
    assert gaps(clean(), rules, BOARD, TODAY) == gaps(clean(), rules, BOARD, TODAY)


def test_a_code_in_the_articles_range_counts_as_the_primary_diagnosis(rules: Rules) -> None:
    """Art. 52 covers J45-J46: a history record coded J46 (status asthmaticus) supports J45.0."""
    snap = clean()
    recoded = tuple(replace(d, icd10=("J46",)) if d.id == 2 else d for d in snap.documents)
    assert only(replace(snap, documents=recoded), rules, "MED-02") == []
    other = tuple(replace(d, icd10=("K25.0",)) if d.id == 2 else d for d in snap.documents)
    assert only(replace(snap, documents=other), rules, "MED-02")


def test_matches_primary() -> None:
    from vault.evidence.checks.context import build_context
    from vault.evidence.rules import load_rules

    rules = load_rules()
    ctx = build_context(clean(), BOARD, TODAY, rules)
    assert [ctx.matches_primary(c) for c in ("J45.9", "J46", "J44.0")] == [True, True, False]
    none = build_context(replace(clean(), conditions=()), BOARD, TODAY, rules)
    assert not none.matches_primary("J45.0")


def test_a_primary_article_missing_from_the_rule_data_is_reported(rules: Rules) -> None:
    snap = replace(clean(), conditions=(Condition(1, "J45.0", 99, "а", primary=True),))
    assert [g.message_en for g in only(snap, rules, "MED-01")] == ["Article 99 is not in the rule data."]


def test_suggested_and_dangling_links_are_skipped_not_the_end_of_the_list(rules: Rules) -> None:
    ahead = (Link(3, 1, "history", source="suggestion"), Link(999, 1, "history"))
    assert gaps(replace(clean(), links=ahead + clean().links), rules) == []


def test_the_latest_key_document_is_the_latest_by_date_not_by_id(rules: Rules) -> None:
    """WRD-01 reads the newest current-state record: an older one added later, without the
    Schedule's words, is not it."""
    older = med(60, "specialist_conclusion", date(2025, 12, 1), diagnosis="Бронхиальная астма", wording="")
    assert only(linked(clean(), older, "current"), rules, "WRD-01") == []
    newer = replace(older, id=61, issued=date(2026, 4, 1))
    assert only(linked(clean(), newer, "current"), rules, "WRD-01")[0].document_ids == (61,)


def test_the_cover_index_is_immutable() -> None:
    """One index is shared by every check of a run; none may change it for the others."""
    import dataclasses

    import pytest

    from vault.evidence.checks.context import CoverIndex
    from vault.evidence.rules import load_rules

    index = CoverIndex.build(clean().documents, load_rules().kinds)
    with pytest.raises(dataclasses.FrozenInstanceError):
        index.starts = ()  # type: ignore[misc]


def test_med02_spans_from_the_first_record_to_the_last(rules: Rules) -> None:
    """Three records: 10 Jan 2025, 1 Mar 2025, 1 Feb 2026. The first two are only seven
    weeks apart, but the history spans more than twelve months."""
    snap = replace(clean(), documents=tuple(
        replace(d, issued=date(2025, 1, 10)) if d.id == 1 else
        replace(d, issued=date(2025, 3, 1)) if d.id == 2 else d for d in clean().documents))
    assert only(linked(snap, med(60, "outpatient_record", date(2026, 2, 1)), "history"), rules, "MED-02") == []
    assert only(linked(snap, med(60, "outpatient_record", date(2026, 1, 9)), "history"), rules, "MED-02")


def test_wrd01_names_a_document_linked_twice_once(rules: Rules) -> None:
    """One new conclusion serves as current state and dispensary record; an older
    dispensary certificate exists. WRD-01 lists the conclusion once."""
    new = med(60, "specialist_conclusion", date(2026, 4, 1), diagnosis="Бронхиальная астма", wording="")
    snap = linked(linked(clean(), new, "current"), new, "dispensary")
    snap = replace(snap, documents=snap.documents[:-1])  # the same document, linked twice
    assert [g.document_ids for g in only(snap, rules, "WRD-01")] == [(60,)]


def test_med05_only_warns_about_an_examination_still_fresh_before_the_board(rules: Rules) -> None:
    """MED-05 ("goes stale before the board") needs an examination fresh today and a board
    still ahead; an already stale one is MED-04 alone, and so is one after a past board."""
    def exam_on(day: date) -> Snapshot:
        return replace(clean(), documents=tuple(
            replace(d, issued=day) if d.id == 3 else d for d in clean().documents))

    stale = exam_on(date(2025, 9, 1))
    assert "MED-04" in codes(stale, rules) and only(stale, rules, "MED-05") == []
    after_past_board = exam_on(date(2026, 4, 15))
    assert only(after_past_board, rules, "MED-05", board=date(2026, 4, 1)) == []
    assert sorted(g.code for g in gaps(exam_on(date(2025, 12, 1)), rules)
                  if g.code in ("MED-04", "MED-05")) == ["MED-04", "MED-05"]  # fresh today, stale by the board
