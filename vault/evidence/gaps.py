"""Entry point of the gap engine: a pure function from a snapshot to sorted gaps."""

from __future__ import annotations

from datetime import date

from vault.evidence.checks import ags, cor, doc, med, na, wrd
from vault.evidence.checks.context import build_context
from vault.evidence.gap import SEVERITIES, Gap, Severity
from vault.evidence.rules import Rules
from vault.evidence.snapshot import Snapshot

_GROUPS = (med, na, cor, ags, doc, wrd)

IMPLEMENTED: tuple[str, ...] = (
    "MED-01",
    "MED-02",
    "MED-04",
    "MED-05",
    "MED-06",
    "MED-07",
    "MED-08",
    "MED-09",
    "MED-11",
    "NA-01",
    "NA-02",
    "NA-03",
    "NA-04",
    "NA-05",
    "NA-07",
    "NA-10",
    "COR-01",
    "COR-02",
    "COR-03",
    "COR-05",
    "COR-09",
    "AGS-01",
    "AGS-02",
    "AGS-03",
    "DOC-01",
    "DOC-04",
    "DOC-05",
    "DOC-07",
    "DOC-10",
    "WRD-01",
    "WRD-02",
    "WRD-04",
    "WRD-05",
)


def compute_gaps(snapshot: Snapshot, board_date: date | None, today: date, rules: Rules) -> list[Gap]:
    """Run every check and sort: severity, then nearest due date, then code.

    ``board_date`` is passed explicitly (not read from ``snapshot.board_dates``)
    so the UI can ask "what if the board were on …". Checks that need it give an
    info gap asking for it when it is None.
    """
    ctx = build_context(snapshot, board_date, today, rules)
    gaps = [gap for group in _GROUPS for gap in group.run(ctx)]
    return sorted(gaps, key=Gap.sort_key)


__all__ = ["IMPLEMENTED", "SEVERITIES", "Gap", "Severity", "compute_gaps"]
