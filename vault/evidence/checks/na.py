"""Non-appearance checks (DOMAIN.md §C.2): each missed summons needs a documented,
communicated valid reason before restrictions start on D + 20."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from vault.evidence import dates
from vault.evidence.checks.context import Context
from vault.evidence.checks.text import en, ids, ru
from vault.evidence.gap import Gap, Severity
from vault.evidence.snapshot import Document, Letter, Summons
from vault.evidence.wording import find_terms


def states_incapacity(ctx: Context, doc: Document) -> bool:
    """Sick leave by its kind, or text saying "нетрудоспособен", "освобождён от работы"…"""
    if ctx.kinds[doc.kind].incapacity:
        return True
    return bool(
        find_terms(
            doc.all_text,
            ctx.rules.terms["incapacity"].phrases,
            negate_before=ctx.rules.negate_before,
            negate_after=ctx.rules.negate_after,
        )
    )


def _placement_note(from_placement: bool) -> tuple[str, str]:
    if not from_placement:
        return "", ""
    return (
        " (срок считается от размещения в реестре — раньший из двух вариантов)",
        " (counted from placement, the earlier of the two readings)",
    )


def confirming_letters(ctx: Context, summons: Summons) -> tuple[Letter, ...]:
    """Valid-reason letters tied to this summons, or untied ones sent after the illness began.

    Only a letter with its postal receipt stored counts (DOMAIN NA-03: "letter with receipt").
    """
    covers = ctx.covers.get(summons.id, ())
    starts = [d.period_start or d.issued for d in covers]
    earliest = min([summons.appear_on, *[s for s in starts if s is not None]])
    return tuple(
        letter
        for letter in ctx.snapshot.letters
        if letter.purpose == "valid-reason"
        and ctx.doc(letter.receipt_document_id) is not None
        and (
            letter.related_summons_id == summons.id
            or (letter.related_summons_id is None and letter.sent >= earliest)
        )
    )


def na01_02(ctx: Context) -> Iterator[Gap]:
    days = ctx.rules.periods.restrictions_after_days
    for s in ctx.missed:
        covers = ctx.covers[s.id]
        safe, _ = dates.last_safe_day(s.appear_on, s.placed, days)
        if not covers:
            yield Gap(
                "NA-01",
                "blocker",
                f"Неявка {ru(s.appear_on)} не подтверждена документом об уважительной причине.",
                f"Non-appearance on {en(s.appear_on)} is not covered by a valid-reason document.",
                "Добавьте справку/больничный, охватывающий эту дату, или явитесь в военкомат.",
                "Add a certificate or sick leave covering that date, or appear at the voyenkomat.",
                "[P:penzainform] [P:lenta] [S000]",
                summons_ids=(s.id,),
                due=safe,
            )
        elif not any(states_incapacity(ctx, d) for d in covers):
            yield Gap(
                "NA-02",
                "high",
                f"Документ на {ru(s.appear_on)} не говорит о нетрудоспособности — только о визите.",
                f"The document for {en(s.appear_on)} shows a visit, not incapacity for work.",
                "Попросите врача указать нетрудоспособность (или больничный, 095/у).",
                "Ask the doctor to state incapacity (or get sick leave / 095/u).",
                "[P:penzainform] [P:fedpress]",
                document_ids=ids(covers),
                summons_ids=(s.id,),
            )


def na03_04(ctx: Context) -> Iterator[Gap]:
    periods = ctx.rules.periods
    for s in ctx.missed:
        safe, from_placement = dates.last_safe_day(s.appear_on, s.placed, periods.restrictions_after_days)
        start = safe + timedelta(days=1)
        note_ru, note_en = _placement_note(from_placement)
        letters = confirming_letters(ctx, s)
        if any(letter.sent <= safe for letter in letters):
            continue
        letter_ids = tuple(sorted(letter.id for letter in letters))
        if ctx.today >= start:
            yield Gap(
                "NA-03",
                "blocker",
                f"Уважительная причина неявки {ru(s.appear_on)} не отправлена в военкомат до {ru(safe)}; "
                f"ограничения могли начаться {ru(start)}{note_ru}.",
                f"The valid reason for {en(s.appear_on)} was not sent to the voyenkomat by {en(safe)}; "
                f"restrictions may have started on {en(start)}{note_en}.",
                "Отправьте документы заказным письмом немедленно и сохраните квитанцию.",
                "Send the documents by registered mail now and keep the receipt.",
                "[S000] [P:klerk666016]",
                summons_ids=(s.id,),
                letter_ids=letter_ids,
                due=safe,
            )
            continue
        left = (safe - ctx.today).days
        severity: Severity = "high" if left <= periods.countdown_warning_days else "medium"
        yield Gap(
            "NA-04",
            severity,
            f"До {ru(safe)} осталось {left} дн.: отправьте подтверждение "
            f"уважительной причины неявки {ru(s.appear_on)}.",
            f"{left} days left until {en(safe)} to send the valid reason for {en(s.appear_on)}.",
            f"Отправьте документы заказным письмом с описью; ограничения начнутся {ru(start)}{note_ru}.",
            f"Send the documents by registered mail; restrictions start on {en(start)}{note_en}.",
            "[S000] [P:klerk666016]",
            summons_ids=(s.id,),
            due=safe,
        )


def na05(ctx: Context) -> Iterator[Gap]:
    bare = [s for s in ctx.missed if not ctx.covers[s.id]]
    if len(bare) >= ctx.rules.periods.evasion_threshold:
        yield Gap(
            "NA-05",
            "blocker",
            f"{len(bare)} неявки без уважительной причины: это могут счесть уклонением.",
            f"{len(bare)} non-appearances without a valid reason may be treated as evasion.",
            "Срочно подтвердите причины документами или обратитесь к юристу.",
            "Document the reasons urgently or consult a lawyer.",
            "[S000] [S001]",
            summons_ids=tuple(s.id for s in bare),
        )


def na07(ctx: Context) -> Iterator[Gap]:
    periods = ctx.rules.periods
    for s in ctx.snapshot.summonses:
        if s.channel != "registry" or s.placed is None or s.placed < periods.e_summons_from:
            continue
        latest = dates.latest_e_summons_date(s.placed, periods.e_summons_max_days)
        if s.appear_on > latest:
            yield Gap(
                "NA-07",
                "medium",
                f"Дата явки {ru(s.appear_on)} позже {periods.e_summons_max_days} дней "
                f"после размещения ({ru(s.placed)}).",
                f"Appearance date {en(s.appear_on)} is more than {periods.e_summons_max_days} days "
                f"after placement ({en(s.placed)}).",
                "Отметьте процессуальное нарушение; сохраните выписку из реестра.",
                "Note the procedural defect; keep the registry extract.",
                "[P:klerk666016] [P:inforos]",
                summons_ids=(s.id,),
            )


def exit_ban_end(ctx: Context, s: Summons) -> date:
    """End of the dispatch period in which the summons was received (§E.2, dates.py)."""
    received = s.received or s.placed or s.appear_on
    return dates.dispatch_end_on_or_after(received, dict(ctx.rules.periods.dispatch))


def na10(ctx: Context) -> Iterator[Gap]:
    active = [
        (exit_ban_end(ctx, s), s)
        for s in ctx.snapshot.summonses
        if s.channel == "registry"
        and s.placed is not None
        and s.placed <= ctx.today
        and s.attended is not True
    ]
    active = [(end, s) for end, s in active if ctx.today <= end]
    if active:
        end = max(e for e, _ in active)
        yield Gap(
            "NA-10",
            "info",
            f"Повестка в реестре, явки не было: действует запрет на выезд из РФ — до явки "
            f"или до конца периода отправки ({ru(end)}), если не возбуждено уголовное дело.",
            f"A registry summons is not yet attended: the exit ban is active until appearance "
            f"or the end of the dispatch period ({en(end)}), unless a criminal case is opened.",
            "Не планируйте выезд до явки или до конца периода отправки.",
            "Do not plan to leave the country before appearing or before the period ends.",
            "[S000] [P:inforos] [S001]",
            summons_ids=tuple(sorted(s.id for _, s in active)),
            due=end,
        )


def run(ctx: Context) -> Iterator[Gap]:
    for check in (na01_02, na03_04, na05, na07, na10):
        yield from check(ctx)
