from __future__ import annotations

from dataclasses import replace
from datetime import date

from ev_factory import (
    clean,
    codes,
    doc,
    only,
    receipt,
    sent_letter,
    with_letters,
    with_summons,
)

from vault.evidence.rules import Rules
from vault.evidence.snapshot import Document, Letter, Snapshot, Summons

D = date(2026, 4, 20)
TODAY = date(2026, 4, 25)


COMPLETE: dict[str, object] = {  # NA-09 details and an NA-06 follow-up, so only the check under test fires
    "purpose": "medical",
    "address": "ул. Ленина, 1",
    "issuer": "Военкомат Центрального района",
    "followup": "ответил письменно",
}


def missed(id: int = 1, day: date = D, **kw: object) -> Summons:
    fields = {"attended": False, **COMPLETE, **kw}
    return Summons(id=id, appear_on=day, **fields)  # type: ignore[arg-type]


def sick(id: int, start: date, end: date | None, **kw: object) -> Document:
    kw.setdefault("doctor", "Сидоров В. В.")
    return doc(id, "sick_leave", start, period_start=start, period_end=end, **kw)


def with_docs(snap: Snapshot, *docs: Document) -> Snapshot:
    return replace(snap, documents=snap.documents + docs)


def test_attended_or_future_summons_is_fine(rules: Rules) -> None:
    snap = with_summons(clean(), missed(1, D, attended=True), missed(2, date(2026, 5, 10), attended=None))
    assert codes(snap, rules, today=TODAY) == set()


def test_na01_uncovered(rules: Rules) -> None:
    snap = with_summons(clean(), missed())
    g = only(snap, rules, "NA-01", today=TODAY)
    assert g[0].severity == "blocker" and g[0].summons_ids == (1,)
    assert g[0].due == date(2026, 5, 9)


def test_unrecorded_past_summons_counts_as_missed(rules: Rules) -> None:
    snap = with_summons(clean(), Summons(1, D))
    assert "NA-01" in codes(snap, rules, today=TODAY)
    assert "NA-01" not in codes(snap, rules, today=D)  # the day itself is not yet missed


def test_na01_covered_by_period_edges(rules: Rules) -> None:
    for start, end in ((D, date(2026, 4, 30)), (date(2026, 4, 10), D), (D, D)):
        snap = with_docs(with_summons(clean(), missed()), sick(10, start, end))
        assert "NA-01" not in codes(snap, rules, today=TODAY), (start, end)
    outside = with_docs(with_summons(clean(), missed()), sick(10, date(2026, 4, 21), date(2026, 4, 30)))
    assert "NA-01" in codes(outside, rules, today=TODAY)


def test_na01_single_day_ambulance_certificate(rules: Rules) -> None:
    amb = doc(10, "ambulance_certificate", D, diagnosis="Приступ астмы", text="нетрудоспособен")
    assert "NA-01" not in codes(with_docs(with_summons(clean(), missed()), amb), rules, today=TODAY)
    day_before = doc(10, "ambulance_certificate", date(2026, 4, 19), diagnosis="Приступ астмы")
    assert "NA-01" in codes(with_docs(with_summons(clean(), missed()), day_before), rules, today=TODAY)


def test_na01_non_valid_reason_kind_does_not_cover_by_date(rules: Rules) -> None:
    other = doc(10, "board_decision", D)
    assert "NA-01" in codes(with_docs(with_summons(clean(), missed()), other), rules, today=TODAY)
    explicit = with_docs(with_summons(clean(), missed(covering_document_ids=(10,))), other)
    assert "NA-01" not in codes(explicit, rules, today=TODAY)


def test_na02_visit_only(rules: Rules) -> None:
    amb = doc(10, "ambulance_certificate", D, diagnosis="Приступ астмы", text="Вызов СМП, осмотрен")
    g = only(with_docs(with_summons(clean(), missed()), amb), rules, "NA-02", today=TODAY)
    assert g[0].document_ids == (10,)
    assert "NA-02" not in codes(
        with_docs(with_summons(clean(), missed()), sick(10, D, D)), rules, today=TODAY
    )


def test_na03_after_d_plus_20(rules: Rules) -> None:
    snap = with_docs(with_summons(clean(), missed()), sick(10, D, D))
    assert "NA-03" not in codes(snap, rules, today=date(2026, 5, 9))  # D+19: still NA-04
    g = only(snap, rules, "NA-03", today=date(2026, 5, 10))  # D+20
    assert g[0].severity == "blocker"


def test_na03_satisfied_by_letter_on_last_safe_day(rules: Rules) -> None:
    base = with_docs(with_summons(clean(), missed()), sick(10, D, D), receipt(11, date(2026, 5, 9)))
    on_time = with_letters(base, sent_letter(1, "valid-reason", date(2026, 5, 9), 11, related_summons_id=1))
    assert codes(on_time, rules, today=date(2026, 6, 1)) == set()
    late_base = with_docs(with_summons(clean(), missed()), sick(10, D, D), receipt(11, date(2026, 5, 10)))
    late = with_letters(
        late_base, sent_letter(1, "valid-reason", date(2026, 5, 10), 11, related_summons_id=1)
    )
    assert {"NA-03", "COR-02"} <= codes(late, rules, today=date(2026, 6, 1))


def test_na04_countdown(rules: Rules) -> None:
    snap = with_docs(with_summons(clean(), missed()), sick(10, D, D))
    g = only(snap, rules, "NA-04", today=date(2026, 5, 3))
    assert g[0].severity == "medium" and "6" in g[0].message_en
    g = only(snap, rules, "NA-04", today=date(2026, 5, 4))
    assert g[0].severity == "high" and g[0].due == date(2026, 5, 9)


def test_na05_two_uncovered(rules: Rules) -> None:
    one = with_summons(clean(), missed(1, date(2026, 3, 1)))
    assert "NA-05" not in codes(one, rules, today=TODAY)
    two = with_summons(one, missed(2, D))
    assert only(two, rules, "NA-05", today=TODAY)[0].summons_ids == (1, 2)
    covered = with_docs(two, sick(10, D, D))
    assert "NA-05" not in codes(covered, rules, today=TODAY)


def test_na07_thirty_day_cap(rules: Rules) -> None:
    ok = Summons(1, date(2026, 3, 3), channel="registry", placed=date(2026, 2, 1), attended=True)
    late = Summons(2, date(2026, 3, 4), channel="registry", placed=date(2026, 2, 2), attended=True)
    bad = Summons(3, date(2026, 3, 5), channel="registry", placed=date(2026, 2, 1), attended=True)
    old = Summons(4, date(2025, 12, 31), channel="registry", placed=date(2025, 11, 1), attended=True)
    g = only(with_summons(clean(), ok, late, bad, old), rules, "NA-07", today=TODAY)
    assert [x.summons_ids for x in g] == [(3,)]


def test_na10_exit_ban(rules: Rules) -> None:
    pending = Summons(1, date(2026, 5, 20), channel="registry", placed=date(2026, 4, 22))
    assert only(with_summons(clean(), pending), rules, "NA-10", today=TODAY)[0].severity == "info"
    attended = Summons(1, date(2026, 4, 24), channel="registry", placed=date(2026, 4, 1), attended=True)
    paper = Summons(2, date(2026, 5, 20), channel="paper", received=date(2026, 4, 22))
    assert "NA-10" not in codes(with_summons(clean(), attended, paper), rules, today=TODAY)


def test_unrelated_letter_counts_when_sent_after_illness_began(rules: Rules) -> None:
    base = with_docs(
        with_summons(clean(), missed()), sick(10, date(2026, 4, 18), D), receipt(11, date(2026, 4, 19))
    )
    letter = Letter(
        1,
        "valid-reason",
        date(2026, 4, 19),
        tracking=sent_letter(1, "x", D, 11).tracking,
        receipt_document_id=11,
        delivered=date(2026, 4, 22),
        status="delivered",
        text="Направляю больничный лист.",
        answered=date(2026, 5, 6),
    )
    assert codes(with_letters(base, letter), rules, today=date(2026, 6, 1)) == set()


def test_na03_checks_every_missed_summons_after_a_confirmed_one(rules: Rules) -> None:
    second = date(2026, 4, 27)
    snap = with_docs(with_summons(clean(), missed(1, D), missed(2, second)),
                     sick(10, D, second), receipt(11, date(2026, 4, 22)))
    letter = sent_letter(1, "valid-reason", date(2026, 4, 22), 11, related_summons_id=1)
    g = only(with_letters(snap, letter), rules, "NA-03", today=date(2026, 6, 1))
    assert [x.summons_ids for x in g] == [(2,)]


def _confirming(related: int | None, sent: date) -> Letter:
    return replace(sent_letter(1, "valid-reason", sent, 11), related_summons_id=related)


def test_a_letter_confirms_only_its_own_summons_or_an_illness_it_follows(rules: Rules) -> None:
    """NA-03 for the summons of D (sick from 18 April): a letter tied to another summons
    does not confirm it, nor does an untied one sent before the illness began."""
    other = Summons(2, date(2026, 3, 2), attended=True, **COMPLETE)  # type: ignore[arg-type]
    base = with_docs(with_summons(clean(), missed(), other), sick(10, date(2026, 4, 18), D),
                     receipt(11, date(2026, 4, 22)))
    late = date(2026, 6, 1)
    assert "NA-03" not in codes(with_letters(base, _confirming(1, date(2026, 4, 22))), rules, today=late)
    assert "NA-03" not in codes(with_letters(base, _confirming(None, date(2026, 4, 18))), rules, today=late)
    assert only(with_letters(base, _confirming(2, date(2026, 4, 22))), rules, "NA-03", today=late)
    assert only(with_letters(base, _confirming(None, date(2026, 4, 17))), rules, "NA-03", today=late)


def test_the_illness_begins_with_the_period_not_the_day_the_leave_was_issued(rules: Rules) -> None:
    """Sick leave for 18-20 April issued (closed) on 25 April: an untied letter of 19 April
    already follows the illness and confirms the non-appearance of 20 April."""
    leave = doc(10, "sick_leave", date(2026, 4, 25), period_start=date(2026, 4, 18), period_end=D,
                doctor="Сидоров В. В.")
    base = with_docs(with_summons(clean(), missed()), leave, receipt(11, date(2026, 4, 19)))
    letter = _confirming(None, date(2026, 4, 19))
    assert "NA-03" not in codes(with_letters(base, letter), rules, today=date(2026, 6, 1))


def test_na07_only_for_registry_summonses_and_reads_all_of_them(rules: Rules) -> None:
    paper = Summons(1, date(2026, 5, 20), channel="paper", placed=date(2026, 2, 1), attended=True)
    late = Summons(2, date(2026, 3, 5), channel="registry", placed=date(2026, 2, 1), attended=True)
    g = only(with_summons(clean(), paper, late), rules, "NA-07", today=TODAY)
    assert [x.summons_ids for x in g] == [(2,)]


def test_na10_lasts_through_the_last_day_of_the_call_up(rules: Rules) -> None:
    pending = Summons(1, date(2026, 12, 10), channel="registry", placed=date(2026, 11, 20))
    [gap] = only(with_summons(clean(), pending), rules, "NA-10", today=date(2026, 12, 31))
    assert gap.due == date(2026, 12, 31)
    assert only(with_summons(clean(), pending), rules, "NA-10", today=date(2027, 1, 1)) == []


def test_na10_from_the_day_of_placement_in_the_period_of_placement(rules: Rules) -> None:
    """Placed on 10 July (spring call-up, ends 15 July), to appear on 5 August, receipt
    not recorded: the ban is counted in the period of placement, and starts that day."""
    pending = Summons(1, date(2026, 8, 5), channel="registry", placed=date(2026, 7, 10))
    [gap] = only(with_summons(clean(), pending), rules, "NA-10", today=date(2026, 7, 10))
    assert gap.due == date(2026, 7, 15)
    assert only(with_summons(clean(), pending), rules, "NA-10", today=date(2026, 7, 9)) == []


def test_placement_on_the_appearance_day_is_not_the_earlier_reading() -> None:
    from vault.evidence import dates

    assert dates.restrictions_reading(D, D) == (date(2026, 5, 10), False)
    assert dates.restrictions_reading(D, date(2026, 4, 19)) == (date(2026, 5, 9), True)


def test_a_short_sick_leave_inside_a_long_one_does_not_stretch_its_cover() -> None:
    from vault.evidence.checks.context import CoverIndex
    from vault.evidence.rules import load_rules

    long_leave, short = sick(10, date(2026, 4, 1), date(2026, 4, 30)), sick(11, date(2026, 4, 10), date(2026, 4, 12))
    index = CoverIndex.build((long_leave, short), load_rules().kinds)
    assert [d.id for d in index.covering(date(2026, 4, 5))] == [10]
    assert [d.id for d in index.covering(date(2026, 4, 11))] == [10, 11]
