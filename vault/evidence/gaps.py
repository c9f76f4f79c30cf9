"""Entry point of the gap engine: a pure function from a snapshot to sorted gaps."""

from __future__ import annotations

from datetime import date

from vault.evidence.checks import (
    ags,
    cor,
    doc,
    med,
    medfile,
    na,
    objective,
    post,
    quality,
    scenario,
    summons,
    wrd,
)
from vault.evidence.checks.context import build_context
from vault.evidence.gap import SEVERITIES, Gap, Severity
from vault.evidence.rules import Rules
from vault.evidence.snapshot import Snapshot

_GROUPS = (med, medfile, objective, scenario, na, summons, cor, post, ags, doc, quality, wrd)

# Every check of DOMAIN.md §C, one code per finding (a test compares this with DOMAIN.md).
CHECKS: tuple[str, ...] = (
    *(f"MED-{i:02d}" for i in range(1, 17)),
    *(f"NA-{i:02d}" for i in range(1, 13)),
    *(f"COR-{i:02d}" for i in range(1, 12)),
    *(f"AGS-{i:02d}" for i in range(1, 7)),
    *(f"DOC-{i:02d}" for i in range(1, 13)),
    *(f"WRD-{i:02d}" for i in range(1, 7)),
)
# Prompts for missing input. DOMAIN: a prompt is never reported under the code of
# the check it blocks, so each has its own code.
PROMPTS: dict[str, str] = {
    "ASK-BOARD-DATE": "no board date set: freshness cannot be checked",
    "ASK-SUBITEM": "no target sub-item chosen: wording cannot be checked",
    "ASK-AGS-PERIOD": "the AGS target dispatch period is missing or malformed",
    "ASK-MARKER-DATE": "scenario afab-male-marker without the date the documents changed",
}
IMPLEMENTED: tuple[str, ...] = CHECKS + tuple(PROMPTS)
# Severities a check uses besides the one DOMAIN.md names, and why: the same finding
# seen earlier (a countdown not yet urgent, a deadline not yet passed).
EARLIER_SEVERITIES: dict[str, tuple[Severity, ...]] = {
    "NA-04": ("medium",),  # more than countdown_warning_days left
    "AGS-01": ("high",),  # not sent yet, the last safe day still ahead
}
SCENARIO_CODES: tuple[str, ...] = ("MED-13", "COR-10", "COR-11", "ASK-MARKER-DATE")


def compute_gaps(snapshot: Snapshot, board_date: date | None, today: date, rules: Rules) -> list[Gap]:
    """Run every check and sort: severity, then nearest due date, then code.

    ``board_date`` is passed explicitly (not read from ``snapshot.board_dates``)
    so the UI can ask "what if the board were on …". Checks that need it give an
    info gap asking for it when it is None.
    """
    ctx = build_context(snapshot, board_date, today, rules)
    gaps = [gap for group in _GROUPS for gap in group.run(ctx)]
    return sorted(gaps, key=Gap.sort_key)


__all__ = ["CHECKS", "EARLIER_SEVERITIES", "IMPLEMENTED", "PROMPTS", "SCENARIO_CODES", "SEVERITIES", "Gap", "Severity", "compute_gaps"]
