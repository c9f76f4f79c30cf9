"""Indexes built once per run so each check is linear in the vault size."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate
from types import MappingProxyType
from typing import TypeVar

from vault.evidence import icd10
from vault.evidence.rules import Article, DocumentKind, Rules, SubItem
from vault.evidence.snapshot import (
    ELEMENTS,
    Condition,
    Document,
    Snapshot,
    Summons,
    oldest_first,
)
from vault.evidence.wording import PhraseSet, find_terms, normalize, tokens

T = TypeVar("T")


@dataclass(frozen=True)
class CoverIndex:
    """Valid-reason documents by the days they cover (NA-01 finds them by date)."""

    single: Mapping[date, tuple[Document, ...]]
    starts: tuple[date, ...]
    spans: tuple[tuple[date, date, Document], ...]

    @classmethod
    def build(cls, docs: tuple[Document, ...], kinds: Mapping[str, DocumentKind]) -> CoverIndex:
        single: dict[date, list[Document]] = {}
        spans: list[tuple[date, date, Document]] = []
        valid = {k for k in {d.kind for d in docs} if kinds[k].valid_reason}
        for doc in [d for d in docs if d.kind in valid]:
            start = doc.period_start or doc.period_end
            end = doc.period_end or doc.period_start
            if start is not None and end is not None:
                spans.append((min(start, end), max(start, end), doc))
            elif doc.issued is not None:
                single.setdefault(doc.issued, []).append(doc)
        spans.sort(key=lambda s: (s[0], s[2].id))
        return cls(
            MappingProxyType({k: tuple(v) for k, v in single.items()}),
            tuple(s[0] for s in spans),
            tuple(spans),
        )

    def covering(self, day: date) -> tuple[Document, ...]:
        """Documents whose period contains ``day`` or, without a period, issued that day."""
        found = list(self.single.get(day, ()))
        for _start, end, doc in self.spans[: bisect_right(self.starts, day)]:
            if end >= day:
                found.append(doc)
        return tuple(found)


def is_non_appearance(summons: Summons, today: date) -> bool:
    """Missed, or unrecorded and already past.

    Safer reading: a past summons with no attendance recorded is treated as
    missed, so its deadlines are shown rather than silently dropped.
    """
    if summons.attended is False:
        return True
    return summons.attended is None and summons.appear_on < today


@dataclass(frozen=True)
class Context:
    """One run's inputs plus the indexes the checks share."""

    snapshot: Snapshot
    board_date: date | None
    today: date
    rules: Rules
    kinds: Mapping[str, DocumentKind]  # each kind in the snapshot, as Rules.kind reads it
    docs_by_id: Mapping[int, Document]
    primary: Condition | None
    article: Article | None
    subitem: SubItem | None
    linked: Mapping[str, tuple[Document, ...]]
    linked_ids: frozenset[int]
    covers: Mapping[int, tuple[Document, ...]]
    missed: tuple[Summons, ...]
    codes: Mapping[int, tuple[str, ...]]
    bad_codes: frozenset[int]
    _words: dict[int, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    _primary_codes: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)
    _primary_lists: dict[tuple[str, ...], bool] = field(default_factory=dict, repr=False, compare=False)
    _memo: dict[str, object] = field(default_factory=dict, repr=False, compare=False)  # per-run caches

    @property
    def months(self) -> int:
        return self.rules.periods.current_state_months

    def matches_primary(self, code: str) -> bool:
        """Code in the primary condition's block or in its article's ICD-10 range
        (once per distinct code and run: a vault repeats a few codes on every document)."""
        found = self._primary_codes.get(code)
        if found is None:
            found = self._primary_codes[code] = self._matches_primary(code)
        return found

    def any_primary(self, codes: tuple[str, ...]) -> bool:
        """Some code of the list matches the primary condition (once per distinct list and run)."""
        found = self._primary_lists.get(codes)
        if found is None:
            found = self._primary_lists[codes] = any(self.matches_primary(c) for c in codes)
        return found

    def _matches_primary(self, code: str) -> bool:
        if self.primary is None:
            return False
        if icd10.block(code) == icd10.block(self.primary.icd10):
            return True
        return self.article is not None and icd10.matches_prefix(code, self.article.icd10)

    def all_codes(self) -> frozenset[str]:
        """Every distinct well-formed code in the vault (once per run)."""
        return self.memo("all-codes", lambda: frozenset(c for codes in self.codes.values() for c in codes))

    def codes_of(self, doc: Document) -> tuple[str, ...]:
        """The document's well-formed ICD-10 codes, normalised (computed once per run)."""
        return self.codes.get(doc.id, ())

    def words(self, doc: Document) -> tuple[str, ...]:
        """Tokens of the document's text, cached for this run (several checks read them)."""
        found = self._words.get(doc.id)
        if found is None:
            found = self._words[doc.id] = tokens(doc.all_text)
        return found

    def text_hits(self, phrases: PhraseSet, *, who: bool = False) -> dict[int, tuple[str, ...]]:
        """Terms of ``phrases`` per document id, in what the user typed and the file name
        or, with ``who``, in its specialty, doctor and facility.

        Checks that read *every* document (WRD-06, MED-13, DOC-11) use this, not the
        full OCR text: a linear scan of all OCR text would grow with the vault and
        break the 20 ms gap-report goal. A substring search for each phrase's first
        word over all documents at once picks the few worth a word-by-word match.
        """
        hits: dict[int, tuple[str, ...]] = {}
        joined, starts = self._corpus(who)
        found = self.containing(tuple(p.parts[0].text for p in phrases.phrases), who=who)
        for index in sorted(found):
            end = starts[index + 1] - 1 if index + 1 < len(starts) else len(joined)
            terms = find_terms(joined[starts[index]:end], phrases)
            if terms:
                hits[self.snapshot.documents[index].id] = terms
        return hits

    def containing(self, needles: tuple[str, ...], *, who: bool = False) -> set[int]:
        """Indexes (in ``snapshot.documents``) of documents whose normalised text contains a needle."""
        joined, starts = self._corpus(who)
        out: set[int] = set()
        for needle in needles:
            pos = 0
            while (pos := joined.find(needle, pos)) >= 0:
                index = bisect_right(starts, pos) - 1
                out.add(index)
                pos = starts[index + 1] if index + 1 < len(starts) else len(joined)
        return out

    def _corpus(self, who: bool) -> tuple[str, list[int]]:
        """Every document's typed text joined and normalised with one call, and where each
        document starts in it (cached for the run)."""
        key = "who" if who else "text"
        cached = self._memo.get(key)
        if cached is not None:
            return cached  # type: ignore[return-value]
        docs = self.snapshot.documents
        raw = [f"{d.specialty} {d.doctor} {d.facility}" if who else
               f"{d.form_no}\n{d.diagnosis}\n{d.wording}\n{d.notes}\n{d.original_name}" for d in docs]
        source = "\x00".join(raw)
        joined = normalize(source)
        if len(joined) != len(source):  # lower() lengthened a rare letter: normalise one by one
            raw = [normalize(r) for r in raw]
            joined = "\x00".join(raw)
        starts = [total + i for i, total in enumerate(accumulate(map(len, raw), initial=0))][: len(raw)]
        self._memo[key] = found = (joined, starts)
        return found

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """A value computed once per run and shared by the checks (e.g. recent key documents)."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]  # type: ignore[return-value]

    def doc(self, document_id: int | None) -> Document | None:
        return None if document_id is None else self.docs_by_id.get(document_id)


def _well_formed(raw: tuple[str, ...]) -> tuple[str, ...]:
    """The codes that are well formed once normalised, in order."""
    return tuple(c for c in map(icd10.normalize, raw) if icd10.is_valid_normalized(c))


def _linked(snapshot: Snapshot, docs_by_id: dict[int, Document], primary: Condition | None,
            ) -> tuple[dict[str, tuple[Document, ...]], frozenset[int]]:
    """The primary condition's documents per element, oldest first (undated first), and
    every document with a user link to any condition. Suggestions do not count."""
    user = [x for x in snapshot.links if x.source == "user" and x.document_id in docs_by_id]
    per_element: dict[str, list[Document]] = {e: [] for e in ELEMENTS}
    if primary is not None:  # dict.fromkeys: one per document and element, in link order
        for doc_id, element in dict.fromkeys((x.document_id, x.element) for x in user
                                             if x.condition_id == primary.id and x.element in per_element):
            per_element[element].append(docs_by_id[doc_id])
    linked = {e: tuple(sorted(v, key=oldest_first)) for e, v in per_element.items()}
    return linked, frozenset(x.document_id for x in user)


def _codes(docs: tuple[Document, ...]) -> tuple[dict[int, tuple[str, ...]], frozenset[int]]:
    """Each document's well-formed codes, and the documents with a malformed one.
    One person's vault repeats a few code lists: each is parsed once."""
    parsed = {raw: _well_formed(raw) for raw in {d.icd10 for d in docs if d.icd10}}
    codes = {d.id: parsed[d.icd10] for d in docs if d.icd10}
    return codes, frozenset(d.id for d in docs if d.icd10 and len(parsed[d.icd10]) != len(d.icd10))


def build_context(snapshot: Snapshot, board_date: date | None, today: date, rules: Rules) -> Context:
    docs_by_id = {d.id: d for d in snapshot.documents}
    primary = snapshot.primary_condition()
    article = rules.articles.get(primary.article) if primary else None
    subitem = article.subitem(primary.subitem) if article and primary else None
    linked, linked_ids = _linked(snapshot, docs_by_id, primary)
    codes, bad_codes = _codes(snapshot.documents)
    kinds = {k: rules.kind(k) for k in {d.kind for d in snapshot.documents}}  # a plain subscript per document
    index = CoverIndex.build(snapshot.documents, kinds)
    missed = tuple(
        sorted(
            (s for s in snapshot.summonses if is_non_appearance(s, today)), key=lambda s: (s.appear_on, s.id)
        )
    )
    covers: dict[int, tuple[Document, ...]] = {}
    for s in missed:
        explicit = [docs_by_id[i] for i in s.covering_document_ids if i in docs_by_id]
        by_date = [d for d in index.covering(s.appear_on) if d.id not in s.covering_document_ids]
        covers[s.id] = tuple(explicit + by_date)
    return Context(
        snapshot=snapshot,
        board_date=board_date,
        today=today,
        rules=rules,
        kinds=kinds,
        docs_by_id=MappingProxyType(docs_by_id),
        primary=primary,
        article=article,
        subitem=subitem,
        linked=MappingProxyType(linked),
        linked_ids=linked_ids,
        covers=MappingProxyType(covers),
        missed=missed,
        codes=MappingProxyType(codes),
        bad_codes=bad_codes,
    )
