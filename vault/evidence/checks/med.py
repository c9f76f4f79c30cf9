"""Medical evidence checks (DOMAIN.md §C.1): the three elements for the primary condition."""

from __future__ import annotations

from collections.abc import Iterator

from vault.evidence import dates, icd10
from vault.evidence.checks.context import Context
from vault.evidence.checks.text import (
    en,
    found_terms,
    ids,
    reference,
    ru,
    term_hits,
)
from vault.evidence.gap import Gap
from vault.evidence.snapshot import Document


def _has_primary_dx(ctx: Context, doc: Document) -> bool:
    valid = ctx.codes_of(doc)
    if valid:
        return ctx.any_primary(valid)
    return bool(doc.diagnosis.strip())


def med01(ctx: Context) -> Iterator[Gap]:
    src = "[S000]"
    if ctx.primary is None:
        yield Gap(
            "MED-01",
            "high",
            "Не выбран основной диагноз (статья Расписания болезней).",
            "No primary condition (Schedule article) is chosen.",
            "Выберите диагноз, который можно подтвердить документами, и статью.",
            "Choose the diagnosis you can substantiate and its article.",
            src,
        )
        return
    if ctx.article is None:
        yield Gap(
            "MED-01",
            "high",
            f"Статья {ctx.primary.article} отсутствует в данных правил.",
            f"Article {ctx.primary.article} is not in the rule data.",
            "Проверьте номер статьи (1–88).",
            "Check the article number (1–88).",
            src,
        )
    if not any(ctx.linked.values()):
        yield Gap(
            "MED-01",
            "high",
            "К основному диагнозу не привязан ни один документ.",
            "No document is linked to the primary condition.",
            "Привяжите документы к диагнозу (или примите предложения).",
            "Link documents to the condition (or accept suggestions).",
            src,
        )
    if ctx.article is not None and ctx.subitem is None:
        yield Gap(
            "ASK-SUBITEM",
            "medium",
            "Не выбран пункт статьи — формулировки не проверить.",
            "No sub-item of the article is chosen, so wording cannot be checked.",
            "Укажите целевой пункт («а», «б», …).",
            "Choose the target sub-item (а, б, …).",
            src,
        )


def med02(ctx: Context) -> Iterator[Gap]:
    docs = ctx.linked["history"]
    good = [d for d in docs if d.effective_date is not None and _has_primary_dx(ctx, d)]
    days = sorted(day for d in good for day in (d.issued, d.period_start, d.period_end) if day is not None)
    need = ctx.snapshot.settings.history_min_months
    if len(good) >= 2 and days[-1] >= dates.add_months(days[0], need):
        return
    good_ids = {d.id for d in good}
    weak = ids(d for d in docs if d.id not in good_ids)
    yield Gap(
        "MED-02",
        "high",
        f"Анамнез не подтверждён: нужно ≥2 датированных документа с диагнозом за ≥{need} мес., "
        f"есть {len(good)}.",
        f"History not shown: need ≥2 dated documents with the diagnosis spanning ≥{need} months; "
        f"have {len(good)}.",
        "Получите детскую (112/у) и взрослую (025/у) карты или выписки, выпишите все диагнозы.",
        "Obtain the child (112/u) and adult (025/u) records or extracts; list every diagnosis.",
        "[S000]",
        document_ids=weak,
    )


def med04_05(ctx: Context) -> Iterator[Gap]:
    cur = [(day, d) for d in ctx.linked["current"] if (day := d.effective_date) is not None]
    months, src = ctx.months, "[S000]"
    none_ru = f"Нет обследования не старше {months} мес. (текущее состояние)."
    none_en = f"No examination at most {months} months old (current state)."
    if not cur:
        yield Gap(
            "MED-04",
            "blocker",
            none_ru,
            none_en,
            "Пройдите обследование у специалиста и привяжите заключение как «текущее».",
            "Get a specialist examination and link it as 'current'.",
            src,
            due=ctx.board_date,
        )
        return
    latest_day, latest = max(cur, key=lambda pair: (pair[0], pair[1].id))
    expires = dates.fresh_until(latest_day, months)
    board = ctx.board_date
    if board is None:
        if not dates.is_fresh(latest_day, ctx.today, months):
            yield Gap(
                "MED-04",
                "blocker",
                none_ru,
                none_en,
                "Пройдите новое обследование.",
                "Get a new examination.",
                src,
                document_ids=(latest.id,),
            )
        else:
            yield Gap(
                "ASK-BOARD-DATE",
                "info",
                f"Дата комиссии не указана; заключение действует до {ru(expires)}.",
                f"No board date set; the latest examination stays fresh until {en(expires)}.",
                "Укажите дату комиссии, чтобы проверить сроки.",
                "Set the board date to check freshness.",
                src,
                document_ids=(latest.id,),
                due=expires,
            )
        return
    start = dates.window_start(board, months)
    fresh = [pair for pair in cur if dates.is_fresh(pair[0], board, months)]
    fix_ru = f"Нужно обследование с датой между {ru(start)} и {ru(board)}."
    fix_en = f"Get an examination dated between {en(start)} and {en(board)}."
    if fresh:
        best_day, best = max(fresh, key=lambda pair: (pair[0], pair[1].id))
        best_exp = dates.fresh_until(best_day, months)
        if (best_exp - board).days < ctx.snapshot.settings.stale_warning_days:
            yield Gap(
                "MED-05",
                "high",  # DOMAIN gives one severity for both readings of MED-05
                f"Заключение устареет {ru(best_exp)} — вскоре после комиссии; "
                "при переносе даты оно не подойдёт.",
                f"The examination goes stale on {en(best_exp)}, soon after the board; "
                "a postponed board would find it stale.",
                "Запланируйте повторное обследование.",
                "Plan a repeat examination.",
                src,
                document_ids=(best.id,),
                due=best_exp,
            )
        return
    if dates.is_fresh(latest_day, ctx.today, months) and ctx.today <= board:
        yield Gap(
            "MED-05",
            "high",
            f"Последнее заключение устареет {ru(expires)}, до комиссии {ru(board)}.",
            f"The latest examination goes stale on {en(expires)}, before the board on {en(board)}.",
            fix_ru,
            fix_en,
            src,
            document_ids=(latest.id,),
            due=expires,
        )
    yield Gap(
        "MED-04",
        "blocker",
        f"{none_ru} На дату комиссии {ru(board)} нет свежего заключения.",
        f"{none_en} None is fresh on the board date {en(board)}.",
        fix_ru,
        fix_en,
        src,
        document_ids=(latest.id,),
        due=board,
    )


def med06(ctx: Context) -> Iterator[Gap]:
    if not ctx.linked["dispensary"]:
        yield Gap(
            "MED-06",
            "blocker",
            "Нет справки о диспансерном наблюдении по основному диагнозу.",
            "No dispensary-observation certificate for the primary condition.",
            "Встаньте на диспансерный учёт и получите справку/выписку (ф. 030/у).",
            "Get under dispensary observation and obtain a certificate or 030/u extract.",
            "[S000]",
        )


def med07(ctx: Context) -> Iterator[Gap]:
    # A record dated after today is a data error (DOC-01 reports it), not a visit.
    docs = [d for d in ctx.linked["dispensary"]
            if d.effective_date is not None and d.effective_date <= ctx.today]
    if not docs:
        return
    visits = sorted({(d.effective_date, d.id) for d in docs if d.effective_date})
    limit, src = ctx.snapshot.settings.observation_max_gap_months, "[S000] [P:consultant168n]"
    breaks = [
        (a, b)
        for a, b in zip(visits, visits[1:], strict=False)
        if dates.months_between_exceeds(a[0], b[0], limit)
    ]
    if breaks:
        ru_list = "; ".join(f"{ru(a[0])} → {ru(b[0])}" for a, b in breaks)
        en_list = "; ".join(f"{en(a[0])} → {en(b[0])}" for a, b in breaks)
        yield Gap(
            "MED-07",
            "medium",
            f"Перерывы в наблюдении дольше {limit} мес.: {ru_list}.",
            f"Observation gaps longer than {limit} months: {en_list}.",
            "Добавьте записи о посещениях за эти периоды, если они были.",
            "Add visit records for those periods if they exist.",
            src,
            document_ids=tuple(sorted({x[1] for pair in breaks for x in pair})),
        )
    last_day, last_id = visits[-1]
    on = reference(ctx)
    if not dates.is_fresh(last_day, on, ctx.months) and last_day <= on:
        yield Gap(
            "MED-07",
            "medium",
            f"Последняя запись наблюдения ({ru(last_day)}) старше {ctx.months} мес. на {ru(on)}.",
            f"The latest observation record ({en(last_day)}) is older than {ctx.months} months on {en(on)}.",
            "Посетите врача, ведущего наблюдение, и получите новую справку.",
            "Visit the observing doctor and get a new certificate.",
            src,
            document_ids=(last_id,),
            due=ctx.board_date,
        )


def med08(ctx: Context) -> Iterator[Gap]:
    hits, terms = term_hits(ctx, ctx.rules.terms["remission"].phrases)
    if hits:
        yield Gap(
            "MED-08",
            "high",
            f"В свежих документах есть слова о ремиссии/выздоровлении: {terms}.",
            f"Recent documents use remission/recovery language: {terms}.",
            "Обсудите с врачом точность формулировок; такие слова противоречат элементам 2–3.",
            "Discuss the wording with the doctor; these words contradict elements 2–3.",
            "[S000] [P:studfile] [P:voennyj-bilet]",
            document_ids=tuple(sorted(hits)),
        )


def med09(ctx: Context) -> Iterator[Gap]:
    if ctx.primary is None:
        return
    target = icd10.block(ctx.primary.icd10)
    odd: set[int] = set()
    differs: dict[tuple[str, ...], bool] = {}  # documents share a few code lists
    for docs in ctx.linked.values():
        for doc in docs:
            codes = ctx.codes_of(doc)
            if codes not in differs:
                differs[codes] = bool(codes) and all(c[:3] != target for c in codes)
            if differs[codes]:
                odd.add(doc.id)
    if odd:
        yield Gap(
            "MED-09",
            "medium",
            f"Коды МКБ-10 в документах расходятся с основным диагнозом ({target}).",
            f"ICD-10 codes in some documents differ from the primary condition ({target}).",
            "Проверьте коды; при ошибке попросите исправить документ.",
            "Check the codes; ask for a corrected document if one is wrong.",
            "[S000] (derived)",
            document_ids=tuple(sorted(odd)),
        )


def med11(ctx: Context) -> Iterator[Gap]:
    if ctx.article is None or not ctx.article.psychiatric:
        return
    phrases = ctx.rules.terms["psychiatric"].phrases
    bad: list[Document] = []
    for element in ("current", "dispensary"):
        docs = ctx.linked[element]
        psych = [d for d in docs if found_terms(ctx, f"{d.facility} {d.specialty} {d.doctor}", phrases)]
        if docs and not psych:
            bad.extend(docs)
    if bad:
        yield Gap(
            "MED-11",
            "high",
            "Для психиатрической статьи ключевые документы должны быть "
            "из специализированной организации (ПНД, психиатр).",
            "For a psychiatric article the key documents must come "
            "from a specialised organisation (PND, psychiatrist).",
            "Пройдите обследование в ПНД или психиатрическом стационаре.",
            "Get examined at a psychiatric dispensary or hospital.",
            "[P:bazanpa]",
            document_ids=ids(bad),
        )


def run(ctx: Context) -> Iterator[Gap]:
    yield from med01(ctx)
    if ctx.primary is None:
        return
    for check in (med02, med04_05, med06, med07, med08, med09, med11):
        yield from check(ctx)
