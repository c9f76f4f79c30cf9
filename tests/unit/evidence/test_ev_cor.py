from __future__ import annotations

from dataclasses import replace
from datetime import date

from ev_factory import (
    VALID_S10,
    VALID_TRACK,
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
from vault.evidence.snapshot import Condition, Letter, Snapshot, Summons

TODAY = date(2026, 5, 1)


def base() -> Snapshot:
    return replace(clean(), documents=clean().documents + (receipt(20, date(2026, 4, 1)),))


def test_good_letter_has_no_gaps(rules: Rules) -> None:
    assert codes(with_letters(base(), sent_letter(1, "medical", date(2026, 4, 1), 20)), rules) == set()
    s10 = sent_letter(1, "medical", date(2026, 4, 1), 21, tracking=VALID_S10)
    snap = replace(base(), documents=base().documents + (receipt(21, date(2026, 4, 1), VALID_S10),))
    assert codes(with_letters(snap, s10), rules) == set()


def test_cor01_invalid_missing_and_no_receipt(rules: Rules) -> None:
    bad = sent_letter(1, "medical", date(2026, 4, 1), 20, tracking="60300095123459")
    g = only(with_letters(base(), bad), rules, "COR-01")
    assert g[0].letter_ids == (1,) and "check digit" in g[0].message_en
    none = sent_letter(1, "medical", date(2026, 4, 1), 20, tracking="")
    snap = replace(base(), documents=clean().documents + (receipt(20, date(2026, 4, 1), tracking=""),))
    assert "no tracking" in only(with_letters(snap, none), rules, "COR-01")[0].message_en
    # the tracking typed on the receipt is enough
    assert "COR-01" not in codes(with_letters(base(), none), rules)
    no_receipt = replace(sent_letter(1, "medical", date(2026, 4, 1), 20), receipt_document_id=None)
    assert "no postal receipt" in only(with_letters(base(), no_receipt), rules, "COR-01")[0].message_en


def test_cor03_delivery_not_proven(rules: Rules) -> None:
    pending = replace(sent_letter(1, "medical", date(2026, 4, 1), 20), delivered=None, status="sent")
    assert only(with_letters(base(), pending), rules, "COR-03")[0].letter_ids == (1,)
    notice = replace(pending, notice_document_id=21)
    snap = replace(base(), documents=base().documents + (doc(21, "delivery_notice", date(2026, 4, 5)),))
    assert "COR-03" not in codes(with_letters(snap, notice), rules)


def test_cor05_returned_until_resent(rules: Rules) -> None:
    returned = replace(sent_letter(1, "medical", date(2026, 3, 1), 20), status="returned", delivered=None)
    assert only(with_letters(base(), returned), rules, "COR-05")[0].severity == "high"
    again = sent_letter(2, "medical", date(2026, 4, 1), 20)
    assert "COR-05" not in codes(with_letters(base(), returned, again), rules)
    expired = replace(returned, status="expired")
    assert "COR-05" in codes(with_letters(base(), expired), rules)


def test_cor09_disclosure(rules: Rules) -> None:
    letter = sent_letter(
        1, "medical", date(2026, 4, 1), 20, text="Сообщаю, что я гей и состою в ЛГБТ-сообществе."
    )
    g = only(with_letters(base(), letter), rules, "COR-09")
    assert "«гей»" in g[0].message_ru and g[0].severity == "high"
    clean_letter = sent_letter(
        1, "medical", date(2026, 4, 1), 20, text="Прошу приобщить медицинские документы."
    )
    assert "COR-09" not in codes(with_letters(base(), clean_letter), rules)


def test_cor09_reads_stored_copy_and_respects_f64_strategy(rules: Rules) -> None:
    copy = doc(22, "outgoing_letter", date(2026, 4, 1), text="Диагноз: транссексуализм (F64.0).")
    snap = replace(base(), documents=base().documents + (copy,))
    letter = sent_letter(1, "medical", date(2026, 4, 1), 20, document_id=22)
    assert only(with_letters(snap, letter), rules, "COR-09")[0].document_ids == (22,)
    trans = replace(snap, conditions=snap.conditions + (Condition(2, "F64.0", 18, "б"),))
    assert "COR-09" not in codes(with_letters(trans, letter), rules)


def test_cor02_only_for_tied_valid_reason_letters(rules: Rules) -> None:
    letter = Letter(
        1,
        "complaint",
        date(2026, 4, 1),
        receipt_document_id=20,
        status="delivered",
        delivered=date(2026, 4, 3),
        tracking=sent_letter(9, "x", TODAY, 20).tracking,
        text="Жалоба.",
    )
    assert codes(with_letters(base(), letter), rules) == set()


def test_cor01_names_the_receipt_and_the_problem_in_each_language(rules: Rules) -> None:
    bad = sent_letter(1, "medical", date(2026, 4, 1), 20, tracking="60300095123459")
    [gap] = only(with_letters(base(), bad), rules, "COR-01")
    assert gap.document_ids == (20,)
    assert gap.message_ru.startswith(
        "Письмо от 01.04.2026: трек-номер 60300095123459 не проходит проверку контрольной цифры; ")
    assert gap.message_en.startswith(
        "Letter of 2026-04-01: tracking number 60300095123459 fails the check digit; ")
    no_receipt = replace(bad, receipt_document_id=None)
    [gap] = only(with_letters(base(), no_receipt), rules, "COR-01")
    assert (gap.document_ids, gap.message_ru) == ((), "Письмо от 01.04.2026: нет квитанции об отправке.")


def test_cor01_and_cor05_read_every_letter_after_a_good_one(rules: Rules) -> None:
    good = sent_letter(1, "medical", date(2026, 4, 1), 20)
    bad = sent_letter(2, "medical", date(2026, 4, 2), 20, tracking="60300095123459")
    assert [g.letter_ids for g in only(with_letters(base(), good, bad), rules, "COR-01")] == [(2,)]
    returned = replace(sent_letter(2, "complaint", date(2026, 4, 2), 20), status="returned", delivered=None)
    assert [g.letter_ids for g in only(with_letters(base(), good, returned), rules, "COR-05")] == [(2,)]


def _missed_on(day: date) -> Summons:
    return Summons(5, day, purpose="medical", attended=False)


def _valid_reason(sent: date, receipt_id: int | None, **kw: object) -> Letter:
    letter = sent_letter(1, "valid-reason", sent, 20, related_summons_id=5, **kw)
    return replace(letter, receipt_document_id=receipt_id)


def test_cor02_dates_the_posting_by_the_receipt(rules: Rules) -> None:
    """The receipt's date proves the posting; the typed date counts only without one.
    The summons of 2 March 2026 leaves 21 March as the last safe day (D + 20 - 1)."""
    snap = with_summons(base(), _missed_on(date(2026, 3, 2)))
    snap = replace(snap, documents=snap.documents + (receipt(21, date(2026, 3, 21)),
                                                     receipt(22, date(2026, 3, 22))))
    # typed late, but the receipt shows the last safe day: on time
    assert only(with_letters(snap, _valid_reason(date(2026, 3, 25), 21)), rules, "COR-02") == []
    # typed on time, but the receipt shows the day after: late, and the message names the receipt's day
    [gap] = only(with_letters(snap, _valid_reason(date(2026, 3, 20), 22)), rules, "COR-02")
    assert (gap.message_en, gap.due) == (
        "The letter was posted on 2026-03-22, after the deadline 2026-03-21 (D+20).", date(2026, 3, 21))
    undated = replace(snap, documents=snap.documents + (doc(23, "postal_receipt", None, tracking=VALID_TRACK),))
    assert only(with_letters(undated, _valid_reason(date(2026, 3, 21), 23)), rules, "COR-02") == []
    [gap] = only(with_letters(undated, _valid_reason(date(2026, 3, 22), 23)), rules, "COR-02")
    assert "posted on 2026-03-22" in gap.message_en
    [gap] = only(with_letters(snap, _valid_reason(date(2026, 3, 22), None)), rules, "COR-02")
    assert "posted on 2026-03-22" in gap.message_en


def test_cor02_reads_valid_reason_letters_after_other_letters(rules: Rules) -> None:
    snap = with_summons(base(), _missed_on(date(2026, 3, 2)))
    late = replace(_valid_reason(date(2026, 3, 25), None), id=2)
    other = sent_letter(1, "medical", date(2026, 3, 1), 20)
    assert [g.letter_ids for g in only(with_letters(snap, other, late), rules, "COR-02")] == [(2,)]


def test_cor02_leaves_untied_letters_to_na03(rules: Rules) -> None:
    """A valid-reason letter tied to no summons is not measured against summons 1's deadline."""
    snap = with_summons(base(), replace(_missed_on(date(2026, 3, 2)), id=1))
    untied = replace(_valid_reason(date(2026, 4, 1), 20), related_summons_id=None)
    assert only(with_letters(snap, untied), rules, "COR-02") == []
    assert only(with_letters(snap, replace(untied, related_summons_id=1)), rules, "COR-02")
