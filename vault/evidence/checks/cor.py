"""Correspondence checks (DOMAIN.md §C.3): postal proof of what was sent, when, and to whom."""

from __future__ import annotations

from collections.abc import Iterator

from vault.errors import InvalidInput
from vault.evidence import dates, icd10
from vault.evidence.checks.context import Context
from vault.evidence.checks.text import en, quoted, ru
from vault.evidence.gap import Gap
from vault.evidence.snapshot import Letter
from vault.evidence.tracking import parse_tracking
from vault.evidence.wording import find_terms

_TRACK_SRC = "[S000] [C:ssvarentsov/TrackValidX] [C:python ШПИ generator]"


def letter_tracking(ctx: Context, letter: Letter) -> str:
    """The tracking number on the receipt (the proof), else the one typed on the letter."""
    receipt = ctx.doc(letter.receipt_document_id)
    return (receipt.tracking.strip() if receipt else "") or letter.tracking.strip()


def _bad_number(ctx: Context, number: str) -> bool:
    try:
        parse_tracking(number, ctx.rules.tracking)
    except InvalidInput:
        return True
    return False


def tracking_problem(ctx: Context, letter: Letter) -> tuple[str, str] | None:
    """(ru, en) description of what is wrong with the postal proof, or None.

    The receipt's own number is what proves the posting, so it is checked first;
    a differing number typed on the letter is reported too.
    """
    receipt = ctx.doc(letter.receipt_document_id)
    if receipt is None:
        return "нет квитанции об отправке", "no postal receipt is stored"
    number = letter_tracking(ctx, letter)
    if not number:
        return "не указан трек-номер (ШПИ)", "no tracking number"
    problems_ru: list[str] = []
    problems_en: list[str] = []
    typed, on_receipt = letter.tracking.strip(), receipt.tracking.strip()
    for value in dict.fromkeys(x for x in (on_receipt, typed) if x):
        if _bad_number(ctx, value):
            problems_ru.append(f"трек-номер {value} не проходит проверку контрольной цифры")
            problems_en.append(f"tracking number {value} fails the check digit")
    if typed and on_receipt and typed.upper() != on_receipt.upper():
        problems_ru.append(f"номер в письме ({typed}) не совпадает с номером на квитанции ({on_receipt})")
        problems_en.append(f"the letter's number ({typed}) differs from the receipt's ({on_receipt})")
    if not problems_en:
        return None
    return "; ".join(problems_ru), "; ".join(problems_en)


def cor01(ctx: Context) -> Iterator[Gap]:
    for letter in ctx.snapshot.letters:
        problem = tracking_problem(ctx, letter)
        if problem is None:
            continue
        doc_ids = (letter.receipt_document_id,) if letter.receipt_document_id else ()
        yield Gap(
            "COR-01",
            "high",
            f"Письмо от {ru(letter.sent)}: {problem[0]}.",
            f"Letter of {en(letter.sent)}: {problem[1]}.",
            "Сверьте номер с квитанцией; отправляйте заказным письмом и храните квитанцию.",
            "Check the number against the receipt; send by registered mail and keep the receipt.",
            _TRACK_SRC,
            document_ids=doc_ids,
            letter_ids=(letter.id,),
        )


def cor02(ctx: Context) -> Iterator[Gap]:
    """Late valid-reason letters; AGS lateness is reported once, by AGS-01."""
    summonses = {s.id: s for s in ctx.snapshot.summonses}
    days = ctx.rules.periods.restrictions_after_days
    for letter in ctx.snapshot.letters:
        summons = summonses.get(letter.related_summons_id or -1)
        if letter.purpose != "valid-reason" or summons is None:
            continue
        deadline, _ = dates.last_safe_day(summons.appear_on, summons.placed, days)
        receipt = ctx.doc(letter.receipt_document_id)
        posted = receipt.issued if receipt and receipt.issued else letter.sent
        if posted > deadline:
            yield Gap(
                "COR-02",
                "blocker",
                f"Письмо отправлено {ru(posted)}, позже срока {ru(deadline)} (D+{days}).",
                f"The letter was posted on {en(posted)}, after the deadline {en(deadline)} (D+{days}).",
                "Сохраните доказательства причины задержки; проконсультируйтесь с юристом.",
                "Keep evidence of why it was late; consult a lawyer.",
                "[S000] [S001]",
                summons_ids=(summons.id,),
                letter_ids=(letter.id,),
                due=deadline,
            )


def cor03(ctx: Context) -> Iterator[Gap]:
    open_letters = [
        letter
        for letter in ctx.snapshot.letters
        if letter.status in ("sent", "delivered")
        and letter.delivered is None
        and ctx.doc(letter.notice_document_id) is None
    ]
    if open_letters:
        yield Gap(
            "COR-03",
            "medium",
            "Вручение не подтверждено (нет даты вручения или уведомления ф. 119).",
            "Delivery not proven (no delivery date or form 119 notice).",
            "Сохраните статус «Вручение адресату» с датой или уведомление о вручении.",
            "Store the 'delivered' tracking status with its date or the notice of delivery.",
            "[P:irkutsk-news]",
            letter_ids=tuple(sorted(x.id for x in open_letters)),
        )


def cor05(ctx: Context) -> Iterator[Gap]:
    letters = ctx.snapshot.letters
    for letter in letters:
        if letter.status not in ("returned", "expired"):
            continue
        resent = any(
            other.purpose == letter.purpose
            and other.sent > letter.sent
            and other.status not in ("returned", "expired")
            and other.related_summons_id == letter.related_summons_id
            for other in letters
        )
        if not resent:
            yield Gap(
                "COR-05",
                "high",
                f"Письмо от {ru(letter.sent)} вернулось или истёк срок хранения.",
                f"The letter of {en(letter.sent)} was returned or its storage period expired.",
                "Отправьте повторно или вручите лично под отметку о приёме.",
                "Re-send it or hand it in person against a stamped copy.",
                "[mem]",
                letter_ids=(letter.id,),
            )


def cor09(ctx: Context) -> Iterator[Gap]:
    groups = ctx.rules.terms
    codes = [icd10.normalize(c.icd10) for c in ctx.snapshot.conditions]
    scenario_on = ctx.snapshot.profile.gender_scenario != "none"
    active = [
        g
        for g in (groups["disclosure"], groups["disclosure_identity"])
        if not any(code.startswith(p) for code in codes for p in g.allowed_when_icd10)
        and not (scenario_on and g.allowed_when_icd10)  # identity is part of an opted-in scenario
    ]
    def disclosed(text: str) -> list[str]:
        # "не гей" still discloses: no negation handling here.
        return sorted({t for g in active for t in find_terms(text, g.phrases)}) if text else []

    letter_docs: set[int] = set()
    for letter in ctx.snapshot.letters:
        copy = ctx.doc(letter.document_id)
        if copy is not None:
            letter_docs.add(copy.id)
        parts = (letter.text, letter.notes, copy.every_text if copy else "")
        found = disclosed("\n".join(t for t in parts if t))
        if found:
            yield _cor09(found, (copy.id,) if copy else (), (letter.id,))
    for doc in ctx.snapshot.documents:
        if doc.kind == "outgoing_letter" and doc.id not in letter_docs:
            found = disclosed(doc.every_text)
            if found:
                yield _cor09(found, (doc.id,), ())


def _cor09(found: list[str], doc_ids: tuple[int, ...], letter_ids: tuple[int, ...]) -> Gap:
    return Gap(
        "COR-09",
        "high",
        f"Исходящее письмо раскрывает чувствительные сведения: {quoted(found)}.",
        f"An outgoing letter discloses sensitive information: {quoted(found)}.",
        "Уберите эти сведения, если стратегия их не требует.",
        "Remove them unless your strategy requires them.",
        "[S000] [S001]",
        document_ids=doc_ids,
        letter_ids=letter_ids,
    )


def run(ctx: Context) -> Iterator[Gap]:
    for check in (cor01, cor02, cor03, cor05, cor09):
        yield from check(ctx)
