"""Adding a properly linked document that satisfies an element never adds a gap for it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from ev_factory import clean, gaps, med
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vault.evidence import dates
from vault.evidence.rules import Rules
from vault.evidence.snapshot import Element, Link, Snapshot

ELEMENT_CODES: dict[Element, set[str]] = {
    "history": {"MED-02", "MED-03"},
    "current": {"MED-04", "MED-05", "MED-10"},
    "dispensary": {"MED-06", "MED-07"},
}
KINDS: dict[Element, str] = {
    "history": "outpatient_record",
    "current": "specialist_conclusion",
    "dispensary": "dispensary_certificate",
}


@st.composite
def cases(draw: st.DrawFn) -> tuple[Snapshot, date, date, Element, date]:
    base = clean()
    keep = draw(st.lists(st.sampled_from(base.links), unique=True))
    shifts = draw(st.lists(st.integers(-900, 0), min_size=len(base.documents), max_size=len(base.documents)))
    docs = tuple(
        replace(d, issued=d.issued + timedelta(days=s)) if d.issued else d
        for d, s in zip(base.documents, shifts, strict=True)
    )
    today = draw(st.dates(date(2026, 1, 1), date(2027, 12, 31)))
    board = today + timedelta(days=draw(st.integers(0, 120)))
    element = draw(st.sampled_from(list(KINDS)))
    # A satisfying document: dated today or earlier and still fresh 30+ days after the board.
    earliest = dates.window_start(board + timedelta(days=31))
    day = draw(st.dates(earliest, today))
    snap = replace(base, documents=docs, links=tuple(keep))
    return snap, board, today, element, day


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_satisfying_document_never_adds_element_gap(
    rules: Rules, case: tuple[Snapshot, date, date, Element, date]
) -> None:
    snap, board, today, element, day = case
    before = {g.code for g in gaps(snap, rules, board, today)} & ELEMENT_CODES[element]
    new = med(99, KINDS[element], day)
    after_snap = replace(snap, documents=snap.documents + (new,), links=snap.links + (Link(99, 1, element),))
    after = {g.code for g in gaps(after_snap, rules, board, today)} & ELEMENT_CODES[element]
    assert after <= before
    if element == "current":
        assert "MED-04" not in after and "MED-05" not in after
    if element == "dispensary":
        assert "MED-06" not in after
