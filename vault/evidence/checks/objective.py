"""Objective tests, numbers and episodes (DOMAIN.md §C.1 MED-10, MED-12; §C.6 WRD-03).

What each article demands lives in schema/rules/objective.toml, not here.
"""

from __future__ import annotations

from collections.abc import Iterator

from vault.errors import InvalidInput
from vault.evidence import dates, findings
from vault.evidence.checks.context import Context
from vault.evidence.checks.text import en, ids, recent_key_docs, reference, ru
from vault.evidence.gap import Gap
from vault.evidence.snapshot import Document
from vault.evidence.wording import find_terms

Values = dict[str, tuple[float, ...]]


def doc_values(ctx: Context, doc: Document, measures: tuple[str, ...]) -> tuple[Values, bool]:
    """(values, typed): the user's typed findings win; else what the text seems to say.
    Once per document, measures and run: MED-10 and WRD-03 read the same recent documents."""
    return ctx.memo(f"values-{doc.id}-{','.join(measures)}", lambda: _values(doc, measures))


def _values(doc: Document, measures: tuple[str, ...]) -> tuple[Values, bool]:
    if doc.findings.strip():
        try:
            return findings.parse_typed(doc.findings), True
        except InvalidInput:  # stored by an older version without validation: read the text
            pass
    return findings.read_from_text(doc.all_text, measures), False


def _fresh_current(ctx: Context) -> list[Document]:
    on = reference(ctx)
    start = dates.window_start(on, ctx.months)  # fresh on `on` exactly when start <= day <= on
    return [d for d in ctx.linked["current"] if d.effective_date is not None and start <= d.effective_date <= on]


def med10(ctx: Context) -> Iterator[Gap]:
    if ctx.article is None:
        return
    need = ctx.rules.objective.evidence.get(ctx.article.number)
    if need is None:
        return
    for doc in _fresh_current(ctx):
        if find_terms(ctx.words(doc), need.terms):
            return
        if need.measures and any(m in doc_values(ctx, doc, need.measures)[0] for m in need.measures):
            return
    yield Gap(
        "MED-10",
        "high",
        f"Для ст. {need.article} нет свежего объективного исследования: {need.label_ru}.",
        f"Art. {need.article} needs a fresh objective test: {need.label_en}.",
        "Пройдите исследование и привяжите результат как «текущее состояние».",
        "Get the test done and link its result as 'current'.",
        need.source,
        due=ctx.board_date,
    )


def med12(ctx: Context) -> Iterator[Gap]:
    freq = ctx.rules.objective.frequency
    sub_claims = ctx.subitem is not None and any(
        find_terms(term, freq.terms) for term in ctx.subitem.terms.terms
    )  # the target sub-item itself claims a frequency: no need to read the documents
    claims = [] if sub_claims else [d for d in recent_key_docs(ctx) if find_terms(ctx.words(d), freq.terms)]
    if not claims and not sub_claims:
        return
    on = reference(ctx)
    since = dates.add_months(on, -freq.months)
    kinds = set(freq.episode_kinds)
    episodes: list[Document] = []
    for d in ctx.snapshot.documents:
        day = d.effective_date if d.kind in kinds else None
        if day is not None and since <= day <= on and (
            not ctx.codes_of(d) or ctx.any_primary(ctx.codes_of(d))
        ):
            episodes.append(d)
            if len(episodes) >= freq.min_episodes:
                return  # enough: no need to read the rest of the vault
    yield Gap(
        "MED-12",
        "medium",
        f"Частота («частые обострения») не подтверждена: {len(episodes)} датированных эпизодов "
        f"с {ru(since)} (нужно ≥{freq.min_episodes}).",
        f"The frequency claim is not backed: {len(episodes)} dated episodes since {en(since)} "
        f"(need ≥{freq.min_episodes}).",
        "Добавьте справки о вызовах СМП, выписки из стационара, больничные за каждый эпизод.",
        "Add ambulance, hospital or sick-leave records for every episode.",
        freq.source,
        document_ids=ids(claims),
    )


def wrd03(ctx: Context) -> Iterator[Gap]:
    if ctx.primary is None:
        return
    rules = ctx.rules.objective.numeric_for(ctx.primary.article, ctx.primary.subitem)
    if not rules:
        return
    seen: list[tuple[Document, str, float]] = []
    measures = tuple(dict.fromkeys(r.measure for r in rules))
    for doc in recent_key_docs(ctx):
        values, _ = doc_values(ctx, doc, measures)
        for rule in rules:
            seen.extend((doc, rule.measure, v) for v in values.get(rule.measure, ()))
    if not seen:
        return
    if any(rule.holds(v) for _, m, v in seen for rule in rules if rule.measure == m):
        return
    shown = ", ".join(sorted({f"{m} {v:g}" for _, m, v in seen}))
    need = "; ".join(r.describe() for r in rules)
    where = f"ст. {ctx.primary.article} п. «{ctx.primary.subitem}»"
    yield Gap(
        "WRD-03",
        "medium",
        f"Показатели ({shown}) не достигают порога {where}: {need}.",
        f"The figures ({shown}) do not meet the threshold of art. {ctx.primary.article} "
        f"«{ctx.primary.subitem}»: {need}.",
        "Сверьте цифры с документом; возможно, цель — другой пункт статьи.",
        "Check the figures against the document; the target sub-item may be a different one.",
        " ".join(dict.fromkeys(r.source for r in rules)),
        document_ids=ids(d for d, _, _ in seen),
    )


def run(ctx: Context) -> Iterator[Gap]:
    if ctx.primary is None:
        return
    for check in (med10, med12, wrd03):
        yield from check(ctx)
