"""Wording checks (DOMAIN.md §C.6): documents should use the Schedule's own words."""

from __future__ import annotations

from collections.abc import Iterator

from vault.evidence import icd10
from vault.evidence.checks.context import Context
from vault.evidence.checks.text import found_terms, quoted, recent_key_docs
from vault.evidence.gap import Gap
from vault.evidence.snapshot import Document
from vault.evidence.wording import EMPTY, PhraseSet, find_terms, qualifier_coverage, tokens


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
        d for d in latest
        if not qualifier_coverage(
            d.all_text, sub.terms, negate_before=ctx.rules.negate_before, negate_after=ctx.rules.negate_after
        ).covered
    ]
    if lacking:
        terms = quoted(sub.terms.terms)
        where = f"ст. {ctx.article.number} п. «{sub.letter}»"
        yield Gap("WRD-01", "high",
                  f"В последних документах нет формулировок {where}: {terms}.",
                  f"The latest documents lack the wording of art. {ctx.article.number} «{sub.letter}»: {terms}.",
                  "Формулировки справки должны дословно совпадать с Расписанием болезней; проверьте и текст документа.",
                  "Certificate wording should match the Schedule word for word; check the document text too.",
                  f"[S000] {sub.source}", document_ids=tuple(sorted(d.id for d in lacking)))


def wrd02(ctx: Context) -> Iterator[Gap]:
    phrases = ctx.rules.terms["weakening"].phrases
    extra = ctx.subitem.weakening if ctx.subitem else EMPTY
    hits: dict[int, set[str]] = {}
    for doc in recent_key_docs(ctx):
        found = set(found_terms(ctx, doc.all_text, phrases)) | set(found_terms(ctx, doc.all_text, extra))
        if found:
            hits[doc.id] = found
    if hits:
        terms = quoted(sorted({t for v in hits.values() for t in v}))
        yield Gap("WRD-02", "high", f"В документах есть ослабляющие формулировки: {terms}.",
                  f"Documents contain weakening wording: {terms}.",
                  "Такие слова описывают более лёгкие пункты (Б/Г); обсудите точность с врачом.",
                  "These words define the lower sub-items (Б/Г); discuss accuracy with the doctor.",
                  ctx.rules.terms["weakening"].source, document_ids=tuple(sorted(hits)))


def _agrees(codes: list[str], words: tuple[str, ...], prefixes: tuple[str, ...], terms: PhraseSet) -> bool:
    code_hit = any(c.startswith(p) for c in codes for p in prefixes)
    text_hit = bool(find_terms(words, terms))
    return code_hit == text_hit


def wrd04(ctx: Context) -> Iterator[Gap]:
    entries = ctx.rules.icd_terms
    odd: list[int] = []
    for doc in ctx.snapshot.documents:
        codes = [icd10.normalize(c) for c in doc.icd10 if icd10.is_valid(c)]
        if not codes or not doc.diagnosis.strip():
            continue
        words = tokens(doc.diagnosis)
        if not all(_agrees(codes, words, e.prefixes, e.phrases) for e in entries):
            odd.append(doc.id)
    if odd:
        yield Gap("WRD-04", "medium", "Текст диагноза и код МКБ-10 не совпадают.",
                  "The diagnosis text and the ICD-10 code disagree.",
                  "Проверьте код и диагноз; при ошибке попросите исправить документ.",
                  "Check the code and diagnosis; ask for a corrected document if wrong.",
                  "[C:ravil4545/prizyv-pravo-med] (derived)", document_ids=tuple(odd))


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
    yield Gap("WRD-05", "info", ru_msg, en_msg,
              "Сверьте статью с действующей редакцией (ПП 565 с изменениями ПП 1314 от 29.08.2025).",
              "Check the article against the edition in force (PP 565 as amended by PP 1314 of 29.08.2025).",
              "[P:dzen]")


def run(ctx: Context) -> Iterator[Gap]:
    for check in (wrd01, wrd02, wrd04, wrd05):
        yield from check(ctx)
