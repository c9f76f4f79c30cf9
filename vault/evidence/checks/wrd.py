"""Wording checks (DOMAIN.md §C.6): documents should use the Schedule's own words."""

from __future__ import annotations

from collections.abc import Iterator

from vault.evidence.checks.context import Context
from vault.evidence.checks.text import quoted, term_hits
from vault.evidence.gap import Gap
from vault.evidence.snapshot import Document
from vault.evidence.wording import PhraseSet, find_terms, qualifier_coverage


def wrd01(ctx: Context) -> Iterator[Gap]:
    sub = ctx.subitem
    if sub is None or ctx.article is None:
        return
    latest: list[Document] = []
    for element in ("current", "dispensary"):
        dated = [d for d in ctx.linked[element] if d.effective_date is not None]
        if dated and dated[-1] not in latest:
            latest.append(dated[-1])
    lacking = [
        d
        for d in latest
        if not qualifier_coverage(
            ctx.words(d),
            sub.terms,
            negate_before=ctx.rules.negate_before,
            negate_after=ctx.rules.negate_after,
        ).covered
    ]
    if lacking:
        terms = quoted(sub.terms.terms)
        where = f"ст. {ctx.article.number} п. «{sub.letter}»"
        yield Gap(
            "WRD-01",
            "high",
            f"В последних документах нет формулировок {where}: {terms}.",
            f"The latest documents lack the wording of art. {ctx.article.number} «{sub.letter}»: {terms}.",
            "Формулировки справки должны дословно совпадать с Расписанием болезней; "
            "проверьте и текст документа.",
            "Certificate wording should match the Schedule word for word; check the document text too.",
            f"[S000] {sub.source}",
            document_ids=tuple(sorted(d.id for d in lacking)),
        )


def wrd02(ctx: Context) -> Iterator[Gap]:
    extra = ctx.subitem.weakening.terms if ctx.subitem else ()
    phrases = PhraseSet.compile(dict.fromkeys(ctx.rules.terms["weakening"].phrases.terms + extra))
    hits, terms = term_hits(ctx, phrases)
    if hits:
        yield Gap(
            "WRD-02",
            "high",
            f"В документах есть ослабляющие формулировки: {terms}.",
            f"Documents contain weakening wording: {terms}.",
            "Такие слова описывают более лёгкие пункты (Б/Г); обсудите точность с врачом.",
            "These words define the lower sub-items (Б/Г); discuss accuracy with the doctor.",
            ctx.rules.terms["weakening"].source,
            document_ids=tuple(sorted(hits)),
        )


def _entry_index(ctx: Context) -> tuple[PhraseSet, dict[str, int], dict[str, list[tuple[str, int]]]]:
    """All entries' terms in one PhraseSet, plus term → entry and ICD block → entries."""
    entries = ctx.rules.icd_terms
    by_term = {t: i for i, e in enumerate(entries) for t in e.phrases.terms}
    by_block: dict[str, list[tuple[str, int]]] = {}
    for i, entry in enumerate(entries):
        for prefix in entry.prefixes:
            by_block.setdefault(prefix[:3], []).append((prefix, i))
    return PhraseSet.compile(by_term), by_term, by_block


def wrd04(ctx: Context) -> Iterator[Gap]:
    """One pass per distinct (diagnosis, codes) pair over all entries' terms at once."""
    combined, by_term, by_block = _entry_index(ctx)
    table = ctx.codes
    pairs = [(d.id, (d.diagnosis, c)) for d in ctx.snapshot.documents
             if (c := table.get(d.id)) and d.diagnosis.strip()]
    verdicts: dict[tuple[str, tuple[str, ...]], bool] = {}
    for diagnosis, codes in dict.fromkeys(key for _, key in pairs):
        by_code = {i for c in codes for p, i in by_block.get(c[:3], ()) if c.startswith(p)}
        by_text = {by_term[t] for t in find_terms(diagnosis, combined)}
        verdicts[diagnosis, codes] = by_code == by_text
    odd = [doc_id for doc_id, key in pairs if not verdicts[key]]
    if odd:
        yield Gap(
            "WRD-04",
            "medium",
            "Текст диагноза и код МКБ-10 не совпадают.",
            "The diagnosis text and the ICD-10 code disagree.",
            "Проверьте код и диагноз; при ошибке попросите исправить документ.",
            "Check the code and diagnosis; ask for a corrected document if wrong.",
            "[C:ravil4545/prizyv-pravo-med] (derived)",
            document_ids=tuple(odd),
        )


def wrd05(ctx: Context) -> Iterator[Gap]:
    chosen = ctx.snapshot.settings.schedule_edition
    shipped = ctx.rules.edition
    if chosen == shipped:
        return
    if chosen is None:
        ru_msg = f"Не указано, какую редакцию Расписания болезней вы используете (данные: {shipped})."
        en_msg = f"No Schedule edition chosen for your analysis (rule data: {shipped})."
    else:
        ru_msg = f"Выбрана редакция {chosen}, а данные правил — {shipped}."
        en_msg = f"Your analysis assumes edition {chosen}; the rule data is {shipped}."
    yield Gap(
        "WRD-05",
        "info",
        ru_msg,
        en_msg,
        "Сверьте статью с действующей редакцией (ПП 565 с изменениями ПП 1314 от 29.08.2025).",
        "Check the article against the edition in force (PP 565 as amended by PP 1314 of 29.08.2025).",
        "[P:dzen]",
    )


def run(ctx: Context) -> Iterator[Gap]:
    for check in (wrd01, wrd02, wrd04, wrd05):
        yield from check(ctx)
