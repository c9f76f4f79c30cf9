"""Document-quality checks (DOMAIN.md §C.5), grouped: one gap per problem, listing documents."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from vault.evidence.checks.context import Context
from vault.evidence.checks.text import en, ru
from vault.evidence.gap import Gap
from vault.evidence.snapshot import Document


def doc01(ctx: Context) -> Iterator[Gap]:
    undated: list[int] = []
    future: list[int] = []
    after_board: list[int] = []
    today, board = ctx.today, ctx.board_date
    for doc in ctx.snapshot.documents:
        issued, start = doc.issued, doc.period_start
        if doc.effective_date is None:
            undated.append(doc.id)
        elif (issued is not None and issued > today) or (start is not None and start > today):
            future.append(doc.id)  # the later of the two starts is after today
        elif board is not None and issued is not None and issued > board:
            after_board.append(doc.id)
    src = "[S000]"
    if undated:
        yield Gap(
            "DOC-01",
            "high",
            "У документов не указана дата.",
            "Documents without a date.",
            "Укажите дату выдачи (или период) каждого документа.",
            "Enter the issue date (or period) of each document.",
            src,
            document_ids=tuple(undated),
        )
    if future:
        yield Gap(
            "DOC-01",
            "high",
            f"Дата документа позже сегодняшней ({ru(ctx.today)}).",
            f"Document dates later than today ({en(ctx.today)}).",
            "Проверьте даты — вероятна опечатка.",
            "Check the dates: likely a typo.",
            src,
            document_ids=tuple(future),
        )
    if after_board and ctx.board_date is not None:
        yield Gap(
            "DOC-01",
            "high",
            f"Документы датированы после комиссии ({ru(ctx.board_date)}).",
            f"Documents dated after the board ({en(ctx.board_date)}).",
            "Проверьте даты документов и дату комиссии.",
            "Check the document and board dates.",
            src,
            document_ids=tuple(after_board),
        )


def doc04_05(ctx: Context) -> Iterator[Gap]:
    no_dx: list[int] = []
    no_code: list[int] = []
    bad_code: list[int] = []
    for doc in ctx.snapshot.documents:
        kind = ctx.kinds[doc.kind]
        if kind.needs_diagnosis and not doc.diagnosis.strip():
            no_dx.append(doc.id)
        if doc.id in ctx.bad_codes:
            bad_code.append(doc.id)
        elif kind.needs_icd10 and not doc.icd10:
            no_code.append(doc.id)
    if no_dx:
        yield Gap(
            "DOC-04",
            "high",
            "В медицинских документах не указан диагноз.",
            "Medical documents without a diagnosis.",
            "Перепишите диагноз из документа (или попросите врача его указать).",
            "Copy the diagnosis from the document (or ask the doctor to state it).",
            "[S000]",
            document_ids=tuple(no_dx),
        )
    if bad_code:
        yield Gap(
            "DOC-05",
            "medium",
            "Код МКБ-10 записан неверно (ожидается вида J45.0).",
            "Malformed ICD-10 code (expected e.g. J45.0).",
            "Исправьте код; кириллические буквы заменяются латинскими автоматически.",
            "Fix the code; Cyrillic look-alike letters are converted automatically.",
            "[P:howded]",
            document_ids=tuple(bad_code),
        )
    if no_code:
        yield Gap(
            "DOC-05",
            "medium",
            "В документе нет кода МКБ-10.",
            "Document without an ICD-10 code.",
            "Добавьте код МКБ-10 из документа или попросите врача его указать.",
            "Add the ICD-10 code from the document or ask the doctor to state it.",
            "[P:howded]",
            document_ids=tuple(no_code),
        )


def doc07(ctx: Context) -> Iterator[Gap]:
    cited = {i for s in ctx.snapshot.summonses for i in s.covering_document_ids}
    missing: list[int] = []
    for doc in ctx.snapshot.documents:
        kind = ctx.kinds[doc.kind]
        needs = kind.needs_period or (doc.id in cited and kind.valid_reason and not kind.single_day)
        if needs and (doc.period_start is None or doc.period_end is None):
            missing.append(doc.id)
    if missing:
        yield Gap(
            "DOC-07",
            "high",
            "В справке о болезни нет периода «с … по …».",
            "Illness/incapacity certificate without a period (from … to …).",
            "Укажите период нетрудоспособности из документа.",
            "Enter the incapacity period shown on the document.",
            "[P:howded]",
            document_ids=tuple(missing),
        )


def _twins(keyed: list[tuple[object, Document]]) -> list[list[Document]]:
    """Documents that share a key with another, grouped, in the order first seen.

    Keys are counted first (in C), so a vault without duplicates builds no groups.
    """
    counts = Counter(key for key, _ in keyed)
    groups: dict[object, list[Document]] = {}
    for key, doc in keyed:
        if counts[key] > 1:
            groups.setdefault(key, []).append(doc)
    return list(groups.values())


def doc10(ctx: Context) -> Iterator[Gap]:
    docs = ctx.snapshot.documents
    groups = _twins([(d.sha256.lower(), d) for d in docs if d.sha256])
    hashed = {frozenset(d.id for d in g) for g in groups}
    groups += [g for g in _twins([((d.kind, d.issued, d.facility.strip().lower(), d.diagnosis.strip().lower(),
                                    d.page_count), d) for d in docs if d.issued and d.facility.strip()])
               if frozenset(d.id for d in g) not in hashed]
    for group in groups:
        yield Gap(
            "DOC-10",
            "low",
            "Похоже, один документ сохранён дважды.",
            "The same document seems to be stored twice.",
            "Удалите лишнюю копию или отметьте, что это разные документы.",
            "Delete the extra copy or mark them as different documents.",
            "[product rule]",
            document_ids=tuple(sorted(d.id for d in group)),
        )


def run(ctx: Context) -> Iterator[Gap]:
    for check in (doc01, doc04_05, doc07, doc10):
        yield from check(ctx)
