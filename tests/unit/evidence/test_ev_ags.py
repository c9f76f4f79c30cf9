from __future__ import annotations

from dataclasses import replace
from datetime import date

from ev_factory import clean, codes, only, receipt, sent_letter

from vault.evidence.rules import Rules
from vault.evidence.snapshot import Letter, Settings, Snapshot


def case(*letters: Letter, target: str | None = "2026-autumn", receipts: tuple[date, ...] = ()) -> Snapshot:
    docs = clean().documents + tuple(receipt(20 + i, d) for i, d in enumerate(receipts))
    return replace(
        clean(),
        documents=docs,
        letters=letters,
        settings=Settings(ags_target_period=target, schedule_edition="565-2013"),
    )


def ags(id: int, sent: date, receipt_index: int, period: str | None = None, **kw: object) -> Letter:
    kw.setdefault("attachments", ("autobiography", "reference"))
    return sent_letter(id, "ags", sent, 20 + receipt_index, ags_period=period, **kw)


def test_on_time_last_safe_day(rules: Rules) -> None:
    snap = case(ags(1, date(2026, 3, 31), 0), receipts=(date(2026, 3, 31),))
    assert codes(snap, rules, today=date(2026, 5, 1)) == set()


def test_not_sent_yet(rules: Rules) -> None:
    g = only(case(), rules, "AGS-01", today=date(2026, 3, 1))
    assert g[0].severity == "high" and g[0].due == date(2026, 3, 31)
    assert codes(case(target=None), rules, today=date(2026, 3, 1)) == set()


def test_late_without_fallback_is_blocker(rules: Rules) -> None:
    snap = case(ags(1, date(2026, 4, 1), 0), receipts=(date(2026, 4, 1),))
    found = codes(snap, rules, today=date(2026, 5, 1))
    assert {"AGS-01", "AGS-03"} <= found
    assert only(snap, rules, "AGS-01", today=date(2026, 5, 1))[0].severity == "blocker"
    assert only(snap, rules, "AGS-03", today=date(2026, 5, 1))[0].due == date(2026, 9, 30)


def test_missed_window_with_two_different_applications(rules: Rules) -> None:
    snap = case(
        ags(1, date(2026, 4, 2), 0, "2026-autumn", text="Прошу заменить военную службу АГС (осень)."),
        ags(2, date(2026, 4, 3), 1, "2027-spring", text="Заявление о замене службы на АГС, весна 2027."),
        receipts=(date(2026, 4, 2), date(2026, 4, 3)),
    )
    assert codes(snap, rules, today=date(2026, 5, 1)) == set()


def test_identical_texts_flagged(rules: Rules) -> None:
    text = "Прошу заменить военную службу альтернативной гражданской."
    snap = case(
        ags(1, date(2026, 4, 2), 0, "2026-autumn", text=text),
        ags(2, date(2026, 4, 3), 1, "2027-spring", text=text),
        receipts=(date(2026, 4, 2), date(2026, 4, 3)),
    )
    assert codes(snap, rules, today=date(2026, 5, 1)) == {"AGS-03"}


def test_missed_and_nothing_sent(rules: Rules) -> None:
    found = codes(case(), rules, today=date(2026, 4, 1))
    assert {"AGS-01", "AGS-03"} <= found


def test_ags02_not_first_and_not_registered(rules: Rules) -> None:
    other = sent_letter(9, "medical", date(2026, 1, 10), 20)
    snap = case(other, ags(1, date(2026, 2, 1), 1), receipts=(date(2026, 1, 10), date(2026, 2, 1)))
    assert only(snap, rules, "AGS-02", today=date(2026, 5, 1))[0].letter_ids == (9, 1)
    unregistered = replace(ags(1, date(2026, 2, 1), 0), receipt_document_id=None)
    g = only(case(unregistered, receipts=(date(2026, 2, 1),)), rules, "AGS-02", today=date(2026, 5, 1))
    assert "registered mail" in g[0].message_en


def test_period_from_letter_and_bad_period(rules: Rules) -> None:
    snap = case(ags(1, date(2026, 3, 1), 0, "2026-autumn"), target=None, receipts=(date(2026, 3, 1),))
    assert codes(snap, rules, today=date(2026, 5, 1)) == set()
    bad = case(target="2026-winter")
    assert only(bad, rules, "ASK-AGS-PERIOD", today=date(2026, 5, 1))[0].severity == "info"
    assert not only(bad, rules, "AGS-01", today=date(2026, 5, 1))


def test_ags03_wording_says_identical_only_when_it_is(rules: Rules) -> None:
    text = "Прошу заменить военную службу альтернативной гражданской."
    same = case(ags(1, date(2026, 4, 2), 0, "2026-autumn", text=text),
                ags(2, date(2026, 4, 3), 1, "2027-spring", text=text),
                receipts=(date(2026, 4, 2), date(2026, 4, 3)))
    [gap] = only(same, rules, "AGS-03", today=date(2026, 5, 1))
    assert gap.message_ru == ("Срок пропущен: нужны два по-разному сформулированных заявления — "
                              "на 2026-autumn и на 2027-spring. Сейчас тексты одинаковы.")
    assert gap.message_en == ("Deadline missed: file two differently worded applications, "
                              "for 2026-autumn and for 2027-spring. The two texts are identical now.")
    [gap] = only(case(), rules, "AGS-03", today=date(2026, 4, 1))
    assert gap.message_ru == ("Срок пропущен: нужны два по-разному сформулированных заявления — "
                              "на 2026-autumn и на 2027-spring.")
    assert gap.message_en.endswith("for 2026-autumn and for 2027-spring.")


def test_ags03_compares_with_the_first_fallback_application(rules: Rules) -> None:
    """The first fallback repeats the late text word for word: flagged, even though a later
    fallback is worded differently."""
    text = "Прошу заменить военную службу альтернативной гражданской."
    snap = case(ags(1, date(2026, 4, 2), 0, "2026-autumn", text=text),
                ags(2, date(2026, 4, 3), 1, "2027-spring", text=text),
                ags(3, date(2026, 4, 6), 2, "2027-spring", text="Заявление о замене службы на АГС."),
                receipts=(date(2026, 4, 2), date(2026, 4, 3), date(2026, 4, 6)))
    [gap] = only(snap, rules, "AGS-03", today=date(2026, 5, 1))
    assert "identical" in gap.message_en and gap.letter_ids == (1, 2, 3)


def test_ags02_compares_with_the_first_application_not_a_later_one(rules: Rules) -> None:
    """An AGS application sent first, then a medical letter, then a second application:
    the application still came first."""
    medical = sent_letter(9, "medical", date(2026, 1, 20), 20)
    snap = case(ags(1, date(2026, 1, 10), 1), medical, ags(2, date(2026, 2, 1), 2),
                receipts=(date(2026, 1, 20), date(2026, 1, 10), date(2026, 2, 1)))
    assert only(snap, rules, "AGS-02", today=date(2026, 5, 1)) == []


def test_a_fallback_posted_on_the_next_periods_last_safe_day_counts(rules: Rules) -> None:
    """Spring 2027 starts on 1 April 2027, so its last safe day is 30 September 2026."""
    def fallback_on(day: date) -> set[str]:
        snap = case(ags(1, date(2026, 4, 2), 0, "2026-autumn", text="Прошу заменить военную службу АГС (осень)."),
                    ags(2, day, 1, "2027-spring", text="Заявление о замене службы на АГС, весна 2027."),
                    receipts=(date(2026, 4, 2), day))
        return codes(snap, rules, today=date(2026, 10, 5)) & {"AGS-01", "AGS-03"}

    assert fallback_on(date(2026, 9, 30)) == set()
    assert fallback_on(date(2026, 10, 1)) == {"AGS-01", "AGS-03"}
