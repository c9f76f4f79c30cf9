"""The five wrong answers of the first release and the one-code-one-meaning rule.

Each test failed on the engine before the fix (issue #16).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ev_factory import (
    VALID_TRACK,
    clean,
    codes,
    doc,
    gaps,
    only,
    receipt,
    sent_letter,
    with_letters,
    with_summons,
)

from vault.evidence.gaps import PROMPTS
from vault.evidence.rules import Rules
from vault.evidence.snapshot import Letter, Summons
from vault.evidence.tracking import complete_domestic

TODAY = date(2026, 5, 1)


def test_fix1_med04_is_not_hidden_by_med05(rules: Rules) -> None:
    # Latest current exam 2026-03-01: fresh today, stale by a board on 1 Oct.
    found = codes(clean(), rules, board=date(2026, 10, 1))
    assert {"MED-04", "MED-05"} <= found
    assert [g.severity for g in only(clean(), rules, "MED-04", board=date(2026, 10, 1))] == ["blocker"]


def test_fix2_na03_needs_a_receipt(rules: Rules) -> None:
    summons = Summons(1, date(2026, 4, 1), channel="paper", received=date(2026, 3, 20), attended=False)
    sick = doc(30, "sick_leave", date(2026, 4, 1), period_start=date(2026, 3, 30), period_end=date(2026, 4, 5))
    base = with_summons(replace(clean(), documents=clean().documents + (sick,)), summons)
    no_receipt = Letter(1, "valid-reason", date(2026, 4, 5), tracking=VALID_TRACK, related_summons_id=1)
    assert "NA-03" in codes(with_letters(base, no_receipt), rules, today=TODAY)
    with_receipt = replace(base, documents=base.documents + (receipt(31, date(2026, 4, 5)),))
    good = replace(no_receipt, receipt_document_id=31)
    assert "NA-03" not in codes(with_letters(with_receipt, good), rules, today=TODAY)


def test_fix3_cor01_checks_the_receipts_number(rules: Rules) -> None:
    bad_on_receipt = VALID_TRACK[:-1] + str((int(VALID_TRACK[-1]) + 1) % 10)
    snap = replace(clean(), documents=clean().documents + (receipt(20, date(2026, 4, 1), bad_on_receipt),))
    letter = sent_letter(1, "medical", date(2026, 4, 1), 20)  # typed number is valid
    found = only(with_letters(snap, letter), rules, "COR-01")
    assert found and bad_on_receipt in found[0].message_en
    other = complete_domestic("1010010000001")
    snap2 = replace(clean(), documents=clean().documents + (receipt(20, date(2026, 4, 1), other),))
    differs = only(with_letters(snap2, letter), rules, "COR-01")
    assert differs and "differs" in differs[0].message_en


def test_fix4_cor09_reads_unattached_outgoing_documents_and_typed_fields(rules: Rules) -> None:
    loose = doc(40, "outgoing_letter", date(2026, 4, 1), wording="Сообщаю, что я гей.")
    snap = replace(clean(), documents=clean().documents + (loose,))
    assert only(snap, rules, "COR-09")[0].document_ids == (40,)
    noted = doc(41, "outgoing_letter", date(2026, 4, 1), notes="член ЛГБТ сообщества")
    letter = sent_letter(1, "medical", date(2026, 4, 1), 20, document_id=41)
    snap2 = with_letters(replace(clean(), documents=clean().documents + (noted, receipt(20, date(2026, 4, 1)))), letter)
    assert only(snap2, rules, "COR-09")[0].letter_ids == (1,)


def test_fix6_prompts_have_their_own_codes(rules: Rules) -> None:
    found = gaps(clean(), rules, board=None)
    assert "ASK-BOARD-DATE" in {g.code for g in found}
    assert all(g.code in PROMPTS for g in found if g.code.startswith("ASK-"))
    assert not [g for g in found if g.code == "MED-04" and g.severity == "info"]


def test_doc06_names_in_any_order_and_birth_dates(rules: Rules) -> None:
    from vault.evidence.snapshot import Profile

    base = replace(clean(), profile=Profile(name="Иван Петров"))
    other = replace(base, documents=tuple(replace(d, patient_name="Пётр Сидоров") if d.id == 2 else d
                                          for d in base.documents))
    assert only(other, rules, "DOC-06")[0].document_ids == (2,)
