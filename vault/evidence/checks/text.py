"""Small shared helpers for building gap messages and picking documents."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import partial

from vault.evidence import dates
from vault.evidence.checks.context import Context
from vault.evidence.snapshot import Document
from vault.evidence.wording import EMPTY, PhraseSet, Span, find_spans, weakening_terms


def ru(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def en(day: date) -> str:
    return day.isoformat()


def plain(term: str) -> str:
    """A rule term without its match syntax ("=гей" → "гей", "легк*" → "легк…")."""
    words = []
    for word in term.split():
        bare = word.lstrip("=").rstrip("*…")
        words.append(bare + "…" if bare != word.lstrip("=") else bare)
    return " ".join(words)


def quoted(terms: Iterable[str]) -> str:
    return ", ".join(f"«{plain(t)}»" for t in terms)


def ids(docs: Iterable[Document]) -> tuple[int, ...]:
    return tuple(sorted({d.id for d in docs}))


def reference(ctx: Context) -> date:
    """The day evidence is judged on: the board date, or today when none is set."""
    return ctx.board_date or ctx.today


def recent_key_docs(ctx: Context) -> tuple[Document, ...]:
    """Current-state and dispensary documents that speak for the condition now.

    The latest of each element plus every one still fresh on the reference day:
    those are the documents a board will read first (MED-08, WRD-02, MED-14, WRD-03).
    """
    return ctx.memo("recent", lambda: _recent_key_docs(ctx))


def _recent_key_docs(ctx: Context) -> tuple[Document, ...]:
    start = dates.window_start(reference(ctx), ctx.months)
    chosen: dict[int, Document] = {}
    for element in ("current", "dispensary"):
        dated = [d for d in ctx.linked[element] if d.effective_date is not None]
        if dated:
            chosen[dated[-1].id] = dated[-1]
        for doc in dated:
            if doc.effective_date is not None and doc.effective_date >= start:
                chosen[doc.id] = doc
    return tuple(sorted(chosen.values(), key=lambda d: d.id))


def found_terms(ctx: Context, text: str | tuple[str, ...], phrases: PhraseSet) -> tuple[str, ...]:
    """Terms of ``phrases`` in ``text``, ignoring negated hits and the target's own qualifiers."""
    return weakening_terms(
        text,
        phrases,
        qualifiers=ctx.subitem.terms if ctx.subitem else EMPTY,
        negate_before=ctx.rules.negate_before,
        negate_after=ctx.rules.negate_after,
    )


def _qualifier_spans(ctx: Context, doc: Document, qualifiers: PhraseSet,
                     neg: dict[str, PhraseSet]) -> tuple[Span, ...]:
    """The target's qualifier spans in a document, found once per run (MED-08 and WRD-02 ask)."""
    return ctx.memo(f"qualifier-spans-{doc.id}", lambda: find_spans(ctx.words(doc), qualifiers, **neg))


def term_hits(ctx: Context, phrases: PhraseSet) -> tuple[dict[int, tuple[str, ...]], str]:
    """Recent key documents that contain ``phrases``: hits per document id and the
    quoted union of all terms found (MED-08, WRD-02)."""
    hits: dict[int, tuple[str, ...]] = {}
    qualifiers = ctx.subitem.terms if ctx.subitem else EMPTY
    neg = {"negate_before": ctx.rules.negate_before, "negate_after": ctx.rules.negate_after}
    for doc in recent_key_docs(ctx):
        words = ctx.words(doc)
        found = weakening_terms(words, phrases, qualifiers=qualifiers, **neg,
                                keep=partial(_qualifier_spans, ctx, doc, qualifiers, neg))
        if found:
            hits[doc.id] = found
    return hits, quoted(sorted({t for v in hits.values() for t in v}))
