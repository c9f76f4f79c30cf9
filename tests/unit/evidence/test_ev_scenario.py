"""Asthma J45, art. 52 «а»: the full first-release picture for three board dates."""

from __future__ import annotations

from datetime import date

import pytest
from ev_factory import VALID_TRACK, doc, med

from vault.evidence.gaps import compute_gaps
from vault.evidence.rules import Rules
from vault.evidence.snapshot import Condition, Letter, Link, Settings, Snapshot, Summons

TODAY = date(2026, 4, 20)


def scenario() -> Snapshot:
    docs = (
        med(1, "child_record", date(2008, 5, 12), diagnosis="Бронхиальная астма", wording=""),
        med(2, "outpatient_record", date(2019, 11, 3), diagnosis="Бронхиальная астма, тяжелое течение"),
        med(3, "specialist_conclusion", date(2024, 9, 1), facility="ГКБ 52, пульмонология"),
        med(
            4,
            "specialist_conclusion",
            date(2026, 3, 10),
            facility="НИИ пульмонологии",
            text="ОФВ1 55 %, частые обострения, тяжелой степени",
        ),
        med(
            5,
            "dispensary_certificate",
            date(2026, 2, 1),
            period_start=date(2019, 12, 1),
            text="Состоит на диспансерном наблюдении у пульмонолога, частые обострения",
        ),
        med(
            6,
            "ambulance_certificate",
            date(2026, 3, 20),
            wording="",
            diagnosis="Приступ бронхиальной астмы",
            text="Вызов СМП. Рекомендован постельный режим.",
        ),
        doc(7, "postal_receipt", date(2026, 3, 2), tracking=VALID_TRACK),
        doc(8, "postal_receipt", date(2026, 3, 5), tracking="60300095123459"),
        doc(9, "postal_receipt", date(2026, 3, 25), tracking=VALID_TRACK[:-1] + "8"),
    )
    links = (
        Link(1, 1, "history"),
        Link(2, 1, "history"),
        Link(3, 1, "history"),
        Link(3, 1, "current"),
        Link(4, 1, "current"),
        Link(5, 1, "dispensary"),
        Link(6, 1, "history"),
        Link(4, 1, "history", source="suggestion"),
    )
    summonses = (
        Summons(
            1,
            date(2026, 3, 20),
            purpose="medical",
            channel="paper",
            received=date(2026, 3, 12),
            attended=False,
        ),
        Summons(
            2,
            date(2026, 4, 10),
            purpose="medical",
            channel="registry",
            placed=date(2026, 3, 25),
            attended=False,
        ),
    )
    letters = (
        Letter(
            1,
            "ags",
            date(2026, 3, 2),
            tracking=VALID_TRACK,
            receipt_document_id=7,
            delivered=date(2026, 3, 6),
            status="delivered",
            ags_period="2026-autumn",
            text="Прошу заменить военную службу альтернативной гражданской службой.",
        ),
        Letter(
            2,
            "ags",
            date(2026, 3, 5),
            tracking="60300095123459",
            receipt_document_id=8,
            status="sent",
            ags_period="2026-autumn",
            text="Повторно направляю заявление о замене на АГС.",
        ),
        Letter(
            3,
            "valid-reason",
            date(2026, 3, 25),
            tracking="",
            receipt_document_id=9,
            delivered=date(2026, 3, 28),
            status="delivered",
            related_summons_id=1,
        ),
    )
    return Snapshot(
        documents=docs,
        conditions=(Condition(1, "J45.0", 52, "а", primary=True),),
        links=links,
        summonses=summonses,
        letters=letters,
        settings=Settings(ags_target_period="2026-autumn"),
    )


# Summons 2 was placed on 25 March: restrictions count from placement + 20 (the
# earlier reading, DOMAIN §E.2), so by 20 April its confirmation is already late.
COMMON = {"NA-01", "NA-03", "NA-10", "COR-01", "COR-03", "WRD-05"}
# Second release: the file never went to the voyenkomat, one attack backs "частые
# обострения", the AGS application lacks attachments, letters lack copies and
# answers, summons details are not recorded, and the delivery model is shown.
COMMON |= {"MED-12", "MED-14", "AGS-04", "COR-06", "COR-07", "NA-09", "NA-11"}


@pytest.mark.parametrize(
    ("board", "expected"),
    [
        (date(2026, 5, 15), COMMON),
        (date(2026, 9, 20), COMMON | {"MED-04", "MED-05", "MED-07", "MED-10"}),
        (None, COMMON | {"ASK-BOARD-DATE"}),
    ],
)
def test_exact_gap_codes(rules: Rules, board: date | None, expected: set[str]) -> None:
    found = compute_gaps(scenario(), board, TODAY, rules)
    assert {g.code for g in found} == expected


def test_details(rules: Rules) -> None:
    found = compute_gaps(scenario(), date(2026, 9, 20), TODAY, rules)
    by_code = {g.code: g for g in found}
    assert by_code["NA-01"].summons_ids == (2,) and by_code["NA-01"].severity == "blocker"
    assert by_code["NA-03"].due == date(2026, 4, 13) and by_code["NA-03"].severity == "blocker"
    assert "counted from placement, the earlier of the two readings" in by_code["NA-03"].message_en
    assert by_code["COR-01"].letter_ids == (2,)
    assert by_code["COR-03"].letter_ids == (2,)
    assert by_code["MED-05"].severity == "high" and by_code["MED-05"].due == date(2026, 9, 10)
    assert found[0].code == "NA-01"
    info_last = [g.severity for g in found][-1]
    assert info_last == "info"


def test_later_today_escalates(rules: Rules) -> None:
    found = {g.code: g for g in compute_gaps(scenario(), date(2026, 5, 15), date(2026, 4, 30), rules)}
    assert "NA-03" in found and "NA-04" not in found
    assert "NA-05" not in found  # only one uncovered non-appearance
