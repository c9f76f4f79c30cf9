"""Summons details and board decisions (DOMAIN.md §C.2: NA-06, NA-08, NA-09, NA-11, NA-12)."""

from __future__ import annotations

from collections.abc import Iterator

from vault.evidence import dates
from vault.evidence.checks.context import Context
from vault.evidence.checks.text import en, ids, ru
from vault.evidence.gap import Gap

_MODELS = {
    "paper_in_person": ("лично под подпись: дата подписи", "in person: the signature date"),
    "registered_mail": ("заказным письмом: дата вручения (вариант: дата отправки)",
                        "registered mail: the delivery date (variant: the send date)"),
    "gosuslugi_cabinet": ("личный кабинет Госуслуг: дата размещения (вариант: +7 дней; "
                          "для ваших сроков берётся более ранняя)",
                          "Gosuslugi cabinet: the placement date (variant: +7 days; "
                          "your own deadlines use the earlier one)"),
    "registry_only": ("только реестр: размещение + 7 дней", "registry only: placement + 7 days"),
}


def na06(ctx: Context) -> Iterator[Gap]:
    for s in ctx.missed:
        ends = [d.period_end for d in ctx.covers.get(s.id, ()) if d.period_end is not None]
        if not ends or s.followup.strip():
            continue
        end = max(ends)
        if end >= ctx.today:
            continue
        yield Gap(
            "NA-06",
            "high",
            f"Уважительная причина неявки {ru(s.appear_on)} закончилась {ru(end)}: закон ждёт явки "
            "без новой повестки. Запишите, что вы сделали.",
            f"The valid reason for {en(s.appear_on)} ended on {en(end)}: the law expects you to appear "
            "without a new summons. Record what you did.",
            "Явитесь или зафиксируйте письменный ответ (поле «что сделано»); обсудите тактику с юристом.",
            "Appear, or record your written answer (the follow-up field); discuss the tactic with a lawyer.",
            "[P:penzainform] [P:lenta] [S000]",
            document_ids=ids(ctx.covers.get(s.id, ())),
            summons_ids=(s.id,),
        )


def na08(ctx: Context) -> Iterator[Gap]:
    days = ctx.rules.periods.paper_min_notice_days
    for s in ctx.snapshot.summonses:
        if s.channel != "paper" or s.received is None:
            continue
        if not dates.paper_notice_ok(s.received, s.appear_on, days):
            yield Gap(
                "NA-08",
                "medium",
                f"Бумажная повестка вручена {ru(s.received)} — меньше чем за {days} дня до явки {ru(s.appear_on)}.",
                f"The paper summons was handed on {en(s.received)}, less than {days} days before "
                f"{en(s.appear_on)}.",
                "Отметьте процессуальное нарушение; сохраните повестку.",
                "Note the procedural defect; keep the summons.",
                "[P:kvadroplus]",
                summons_ids=(s.id,),
            )


def na09(ctx: Context) -> Iterator[Gap]:
    for s in ctx.snapshot.summonses:
        missing_ru, missing_en = [], []
        for value, ru_name, en_name in ((s.purpose, "цель", "purpose"), (s.address, "адрес", "address"),
                                        (s.issuer, "военкомат", "issuing office")):
            if not value:
                missing_ru.append(ru_name)
                missing_en.append(en_name)
        if s.channel == "paper":
            if not s.signed:
                missing_ru.append("подпись военного комиссара")
                missing_en.append("the commissar's signature")
            if not s.sealed:
                missing_ru.append("печать")
                missing_en.append("the seal")
        if s.channel == "registry":
            if s.placed is None:
                missing_ru.append("дата размещения в реестре")
                missing_en.append("the registry placement date")
            if s.extract_document_id is None:
                missing_ru.append("выписка из реестра")
                missing_en.append("the registry extract")
        if missing_en:
            yield Gap(
                "NA-09",
                "low",
                f"Повестка на {ru(s.appear_on)}: не записано — {', '.join(missing_ru)}.",
                f"Summons for {en(s.appear_on)}: not recorded — {', '.join(missing_en)}.",
                "Перепишите реквизиты с повестки; их отсутствие на самой повестке — дефект.",
                "Copy the details from the summons; if the summons itself lacks them, that is a defect.",
                "[P:kvadroplus] [P:aif]",
                summons_ids=(s.id,),
            )


def na11(ctx: Context) -> Iterator[Gap]:
    days = ctx.rules.periods.registry_delivery_days
    for s in ctx.snapshot.summonses:
        model, delivered = dates.delivery_model(s.channel, s.cabinet, s.placed, s.received, days)
        if model not in _MODELS or s.attended is True:
            continue
        on_ru = f" — {ru(delivered)}" if delivered else ""
        on_en = f": {en(delivered)}" if delivered else ""
        yield Gap(
            "NA-11",
            "info",
            f"Повестка на {ru(s.appear_on)} считается врученной по правилу «{_MODELS[model][0]}»{on_ru}.",
            f"Summons for {en(s.appear_on)} is deemed delivered under '{_MODELS[model][1]}'{on_en}.",
            "Источники расходятся; сохраните доказательства даты получения.",
            "Sources disagree; keep proof of when you received it.",
            "[P:dzen-povestki] [P:klerk663441] [S001]",
            summons_ids=(s.id,),
            due=delivered,
        )


def na12(ctx: Context) -> Iterator[Gap]:
    for board in ctx.snapshot.board_dates:
        category = (board.category or "").strip().upper()
        if not (board.decision or category) or category[:1] in ("В", "Д") or board.decision_date > ctx.today:
            continue  # no decision (yet), or the category the case aims for
        deadline = dates.add_months(board.decision_date, 3)
        if ctx.today > deadline:
            continue
        yield Gap(
            "NA-12",
            "medium",
            f"Решение комиссии от {ru(board.decision_date)} можно обжаловать в призывную комиссию "
            f"субъекта или в суд до {ru(deadline)}.",
            f"The board decision of {en(board.decision_date)} can be appealed to the regional board "
            f"or in court until {en(deadline)}.",
            "Подайте жалобу заказным письмом до срока; обжалование приостанавливает решение.",
            "File the appeal by registered mail before the deadline; an appeal suspends the decision.",
            "[P:oboznik]",
            due=deadline,
        )


def run(ctx: Context) -> Iterator[Gap]:
    for check in (na06, na08, na09, na11, na12):
        yield from check(ctx)
