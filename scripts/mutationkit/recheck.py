"""``scripts/mutation --recheck``: re-run only the mutants a recorded full run left alive.

A full run takes hours; after new tests are written, only its survivors need
running again. A survivor is named by module, line and operator; every variant
at that site is re-run, and the site keeps as many survivors as still live
(never more than were recorded). A survivor whose line has moved or changed
since is not re-run and stays counted. The record keeps the first run's commit
and gains ``rechecked_at``.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from scripts.mutationkit.cosmic import Mutant, run_package
from scripts.mutationkit.equivalent import Equivalents
from scripts.mutationkit.packages import Package

_SURVIVOR = re.compile(r"^(?P<module>[^:]+):(?P<line>\d+) (?P<operator>\S+): (?P<source>.*)$")


def _site(text: str) -> tuple[str, int, str]:
    found = _SURVIVOR.match(text)
    if found is None:
        raise ValueError(f"not a recorded survivor: {text}")
    return found["module"], int(found["line"]), "core/" + found["operator"]


def recheck(copy: Path, package: Package, entry: dict[str, Any], equivalents: Equivalents,
            stamp: dict[str, str]) -> dict[str, Any]:
    """Return ``entry`` updated: survivors now killed (or now listed as equivalent) move out."""
    listed = Counter(_site(text) for text in entry["survived"])
    if not listed:
        return entry
    score = run_package(copy, package, quick=False, equivalents=equivalents, sites=set(listed))
    alive = Counter((m.module, m.line, m.operator) for m in score.survived)
    ran = {(m.module, m.line, m.operator, m.source) for m in [*score.killed, *score.survived]}
    still: list[str] = []
    for text in entry["survived"]:
        site, named = _site(text), _named(text)
        moved = (named.module, named.line, named.operator, named.source) not in ran
        if moved and equivalents.reason(named) is None:
            still.append(text)  # the line moved or changed since: not re-run, still counted
        elif alive[site] > 0:
            alive[site] -= 1
            still.append(text)
    equivalent = sum(1 for text in entry["survived"]
                     if equivalents.reason(_named(text)) is not None)
    killed = entry["killed"] + len(entry["survived"]) - len(still) - equivalent
    total = killed + len(still)
    return {**entry, "killed": killed, "survived": still,
            "equivalent_excluded": entry["equivalent_excluded"] + equivalent,
            "score": killed / total if total else None, "rechecked_at": stamp["at"],
            "rechecked_commit": stamp["commit"]}


def _named(text: str) -> Mutant:
    found = _SURVIVOR.match(text)
    assert found is not None
    return Mutant(found["module"], int(found["line"]), "core/" + found["operator"], found["source"])
