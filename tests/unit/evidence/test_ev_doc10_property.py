"""DOC-10 groups exactly the documents a plain two-dictionary scan groups.

doc10 counts keys first and compares facility and diagnosis only where kind, day
and page count already agree; the reference below is the check as first written.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ev_factory import TODAY, clean, doc
from hypothesis import given, settings
from hypothesis import strategies as st

from vault.evidence.checks.context import build_context
from vault.evidence.checks.doc import doc10
from vault.evidence.rules import Rules
from vault.evidence.snapshot import Document


def _reference(docs: tuple[Document, ...]) -> set[tuple[int, ...]]:
    by_hash: dict[str, list[Document]] = {}
    by_fields: dict[tuple[object, ...], list[Document]] = {}
    for d in docs:
        if d.sha256:
            by_hash.setdefault(d.sha256.lower(), []).append(d)
        if d.issued and d.facility.strip():
            key = (d.kind, d.issued, d.facility.strip().lower(), d.diagnosis.strip().lower(), d.page_count)
            by_fields.setdefault(key, []).append(d)
    groups = [g for g in by_hash.values() if len(g) > 1]
    hashed = {frozenset(d.id for d in g) for g in groups}
    groups += [g for g in by_fields.values() if len(g) > 1 and frozenset(d.id for d in g) not in hashed]
    return {tuple(sorted(d.id for d in g)) for g in groups}


_DOC = st.tuples(
    st.sampled_from(["outpatient_record", "sick_leave"]),
    st.sampled_from([None, date(2025, 1, 1), date(2025, 1, 2)]),
    st.sampled_from(["", " ", "ГП 5", "гп 5 ", "ГП 6"]),
    st.sampled_from(["", "Астма", " астма", "Гастрит"]),
    st.integers(1, 2),
    st.sampled_from(["", "aa", "AA", "bb"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_DOC, max_size=9))
def test_doc10_groups_what_the_two_dictionary_scan_groups(rules: Rules, drawn: list[tuple]) -> None:
    docs = tuple(doc(100 + i, kind, day, facility=facility, diagnosis=dx, page_count=pages, sha256=sha)
                 for i, (kind, day, facility, dx, pages, sha) in enumerate(drawn))
    ctx = build_context(replace(clean(), documents=docs), None, TODAY, rules)
    found = [g.document_ids for g in doc10(ctx)]
    assert len(found) == len(set(found))
    assert set(found) == _reference(docs)
