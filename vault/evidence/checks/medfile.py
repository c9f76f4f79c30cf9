"""The medical file and the board (DOMAIN.md §C.1: MED-03, MED-14, MED-15, MED-16)."""

from __future__ import annotations

from collections.abc import Iterator

from vault.evidence import dates
from vault.evidence.checks.context import Context
from vault.evidence.checks.text import en, ids, recent_key_docs, ru
from vault.evidence.gap import Gap
from vault.evidence.snapshot import BoardDate

_CHILD = ("child_record",)
_ADULT = ("outpatient_record", "record_extract")


def med03(ctx: Context) -> Iterator[Gap]:
    kinds = {d.kind for d in ctx.snapshot.documents}
    missing_ru, missing_en = [], []
    if not kinds.intersection(_CHILD):
        missing_ru.append("детская карта (ф. 112/у)")
        missing_en.append("the child record (form 112/u)")
    if not kinds.intersection(_ADULT):
        missing_ru.append("взрослая амбулаторная карта (ф. 025/у) или выписка (ф. 027/у)")
        missing_en.append("the adult outpatient record (form 025/u) or an extract (027/u)")
    if missing_en:
        yield Gap(
            "MED-03",
            "medium",
            f"Не получены: {'; '.join(missing_ru)}.",
            f"Not obtained yet: {'; '.join(missing_en)}.",
            "Запросите карты в поликлиниках (детской и взрослой) и выпишите все диагнозы.",
            "Request the records from the child and adult clinics and list every diagnosis.",
            "[S000]",
        )


def med14(ctx: Context) -> Iterator[Gap]:
    """Key documents must reach the voyenkomat: a letter with its receipt, or a stamped copy.

    Reading: a ``medical`` letter with its receipt but no list of enclosures is taken
    to carry the key documents dated on or before it (the user sent "the medical
    documents"); a recorded list is taken literally.
    """
    key = recent_key_docs(ctx)
    sent: set[int] = set()
    for letter in ctx.snapshot.letters:
        if ctx.doc(letter.receipt_document_id) is None or letter.status in ("returned", "expired"):
            continue
        sent.update(letter.enclosed_document_ids)
        if letter.document_id is not None:
            sent.add(letter.document_id)
        if letter.purpose == "medical" and not letter.enclosed_document_ids:
            sent.update(d.id for d in key if d.effective_date is not None and d.effective_date <= letter.sent)
    missing = [d for d in key if d.id not in sent and d.handed_in is None]
    if missing:
        yield Gap(
            "MED-14",
            "high",
            "Нет подтверждения, что копии медицинских документов переданы в военкомат.",
            "No proof that copies of the medical documents reached the voyenkomat.",
            "Отправьте копии заказным письмом с описью (отметьте вложения) или сдайте "
            "под отметку о приёме на вашей копии.",
            "Send copies by registered mail (record the enclosures) or hand them in "
            "against a stamp on your copy.",
            "[S000]",
            document_ids=ids(missing),
        )


def _latest_decision(ctx: Context) -> BoardDate | None:
    decided = [b for b in ctx.snapshot.board_dates
               if (b.category or b.decision) and b.decision_date <= ctx.today]  # a future date is not a decision yet
    return max(decided, key=lambda b: (b.decision_date, b.id)) if decided else None


def med15(ctx: Context) -> Iterator[Gap]:
    conclusions = [d for d in ctx.snapshot.documents if d.kind == "health_conclusion"]
    for board in ctx.snapshot.board_dates:
        if not board.referred or board.on > ctx.today:
            continue
        if any(d.effective_date is None or d.effective_date >= board.on for d in conclusions):
            continue
        yield Gap(
            "MED-15",
            "medium",
            f"Комиссия {ru(board.on)} направила на обследование, но «медицинское заключение "
            "о состоянии здоровья гражданина» не сохранено.",
            f"The board of {en(board.on)} referred you for examination, but the resulting "
            "'medical conclusion on the citizen's health' is not stored.",
            "Получите заключение (приложение 6 к приказу МО № 533) и добавьте его.",
            "Obtain the conclusion (MoD order 533, appendix 6) and add it.",
            "[P:ts-usadba] [P:kgka40]",
        )


def med16(ctx: Context) -> Iterator[Gap]:
    latest = _latest_decision(ctx)
    if latest is None or (latest.category or "").strip().upper() not in ("Г", "G"):
        return
    day = latest.decision_date
    early, late = dates.add_months(day, 6), dates.add_months(day, 12)
    yield Gap(
        "MED-16",
        "info",
        f"Категория «Г» от {ru(day)}: повторное освидетельствование через 6–12 месяцев "
        f"({ru(early)} – {ru(late)}).",
        f"Category Г of {en(day)}: re-examination is due 6-12 months later ({en(early)} - {en(late)}).",
        "Подготовьте свежие документы к этой дате.",
        "Have fresh documents ready by then.",
        "[S001]",
        due=early,
    )


def run(ctx: Context) -> Iterator[Gap]:
    yield from med15(ctx)
    yield from med16(ctx)
    if ctx.primary is None:
        return
    for check in (med03, med14):
        yield from check(ctx)
