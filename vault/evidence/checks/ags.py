"""AGS checks (DOMAIN.md §C.4, §E.3): the application must be posted, provably,
before the deadline of the dispatch period it targets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from vault.errors import InvalidInput
from vault.evidence import dates
from vault.evidence.checks.context import Context
from vault.evidence.checks.cor import tracking_problem
from vault.evidence.checks.text import en, ru
from vault.evidence.gap import Gap
from vault.evidence.snapshot import Letter
from vault.evidence.wording import tokens

_SRC = "[S001] [P:amic] [P:school-gosuslugi] [S000]"


def _posted(ctx: Context, letter: Letter) -> date:
    receipt = ctx.doc(letter.receipt_document_id)
    return receipt.issued if receipt and receipt.issued else letter.sent


def _ags_letters(ctx: Context) -> list[Letter]:
    return sorted((x for x in ctx.snapshot.letters if x.purpose == "ags"), key=lambda x: (x.sent, x.id))


def _target(ctx: Context, letters: list[Letter]) -> str | None:
    if ctx.snapshot.settings.ags_target_period:
        return ctx.snapshot.settings.ags_target_period
    return next((x.ags_period for x in letters if x.ags_period), None)


def ags01_03(ctx: Context) -> Iterator[Gap]:
    letters = _ags_letters(ctx)
    target_id = _target(ctx, letters)
    if target_id is None:
        if letters:
            yield Gap(
                "ASK-AGS-PERIOD",
                "info",
                "Не указан период отправки, на который подано заявление АГС.",
                "The dispatch period the AGS application targets is not set.",
                "Укажите период (например, 2026-autumn).",
                "Set the period (e.g. 2026-autumn).",
                _SRC,
                letter_ids=tuple(x.id for x in letters),
            )
        return
    windows = dict(ctx.rules.periods.dispatch)
    months = ctx.rules.periods.ags_months_before
    try:
        target = dates.dispatch_period(target_id, windows)
    except InvalidInput as exc:
        yield Gap(
            "ASK-AGS-PERIOD",
            "info",
            f"Неверный период отправки: {target_id}.",
            str(exc),
            "Исправьте период (например, 2026-autumn).",
            "Fix the period (e.g. 2026-autumn).",
            _SRC,
        )
        return
    nxt = dates.next_period(target, windows)
    deadline, nxt_deadline = dates.ags_last_safe_day(target, months), dates.ags_last_safe_day(nxt, months)
    for_target = [x for x in letters if (x.ags_period or target_id) == target_id]
    for_next = [x for x in letters if x.ags_period == nxt.id]
    if any(_posted(ctx, x) <= deadline for x in for_target):
        return
    if not for_target and ctx.today <= deadline:
        yield Gap(
            "AGS-01",
            "high",
            f"Заявление на АГС ({target_id}) ещё не отправлено; последний безопасный день — {ru(deadline)}.",
            f"The AGS application ({target_id}) is not sent yet; the last safe day is {en(deadline)}.",
            "Отправьте заявление заказным письмом первым документом.",
            "Send the application by registered mail, as the first document.",
            _SRC,
            due=deadline,
        )
        return
    fallback = [x for x in for_next if _posted(ctx, x) <= nxt_deadline]
    late_ids = tuple(x.id for x in for_target)
    if not fallback:
        yield Gap(
            "AGS-01",
            "blocker",
            f"Срок подачи заявления на АГС ({target_id}) пропущен: нужно было до {ru(deadline)}.",
            f"The AGS deadline for {target_id} is missed: it was {en(deadline)}.",
            f"Подайте заявление и на период {nxt.id} до {ru(nxt_deadline)}.",
            f"Also apply for {nxt.id} by {en(nxt_deadline)}.",
            _SRC,
            letter_ids=late_ids,
            due=nxt_deadline if ctx.today <= nxt_deadline else deadline,
        )
    texts = [" ".join(tokens(x.text)) for x in for_target[:1] + fallback[:1]]
    same = len(texts) == 2 and bool(texts[0]) and texts[0] == texts[1]
    if for_target and fallback and not same:
        return
    yield Gap(
        "AGS-03",
        "high",
        f"Срок пропущен: нужны два по-разному сформулированных заявления — на {target_id} и на {nxt.id}."
        + (" Сейчас тексты одинаковы." if same else ""),
        f"Deadline missed: file two differently worded applications, for {target_id} and for {nxt.id}."
        + (" The two texts are identical now." if same else ""),
        "Подайте оба заявления заказными письмами с разными формулировками.",
        "Send both by registered mail, worded differently.",
        "[S000]",
        letter_ids=tuple(x.id for x in for_target + fallback),
        due=nxt_deadline,
    )


def ags02(ctx: Context) -> Iterator[Gap]:
    letters = _ags_letters(ctx)
    if not letters:
        return
    first = letters[0]
    earlier = [x for x in ctx.snapshot.letters if x.purpose != "ags" and x.sent < first.sent]
    if earlier:
        yield Gap(
            "AGS-02",
            "high",
            "До заявления на АГС в военкомат уже отправлялись другие письма.",
            "Other letters went to the voyenkomat before the AGS application.",
            "Заявление на АГС должно быть первым документом; сохраните доказательства его отправки.",
            "The AGS application should be the first document; keep proof it was sent.",
            "[S000]",
            letter_ids=tuple(sorted(x.id for x in earlier)) + (first.id,),
        )
    if all(tracking_problem(ctx, x) is not None for x in letters):
        yield Gap(
            "AGS-02",
            "high",
            "Нет заявления на АГС, отправленного заказным письмом с действительной квитанцией.",
            "No AGS application was sent by registered mail with a valid receipt.",
            "Отправьте заявление заказным письмом и сохраните квитанцию с трек-номером.",
            "Send it by registered mail and keep the receipt with its tracking number.",
            "[S000]",
            letter_ids=tuple(x.id for x in letters),
        )


def run(ctx: Context) -> Iterator[Gap]:
    yield from ags01_03(ctx)
    yield from ags02(ctx)
