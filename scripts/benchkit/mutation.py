"""Mutation scores as bench figures, from the last full ``scripts/mutation`` run.

A full run takes hours on two cores, so the bench reports the recorded one
(``docs/mutation-figures.json``) with its commit and date, and never reruns it.
"""

from __future__ import annotations

import json
from dataclasses import replace

from scripts.benchkit.model import ROOT, Figure, at_least, failed

FIGURES = ROOT / "docs" / "mutation-figures.json"
PACKAGES = ("keys", "audit_verify", "panic", "evidence", "backup")


def mutation_figures(quick: bool) -> list[Figure]:
    recorded = json.loads(FIGURES.read_text(encoding="utf-8")) if FIGURES.exists() else {}
    by_name = {p["package"]: p for p in recorded.get("packages", [])}
    out = []
    for name in PACKAGES:
        figure = f"mutation_score_{name}"
        package = by_name.get(name)
        if package is None or package["score"] is None:
            out.append(failed(figure, "ratio", ">= 0.9", "no full scripts/mutation run recorded"))
            continue
        partial = (f"PARTIAL run, {package['pending']} mutants not run; "
                   if package.get("pending") else "")
        rechecked = (f"; survivors re-run at {package['rechecked_commit']}"
                     if package.get("rechecked_commit") else "")
        shown = at_least(figure, package["score"], "ratio", 0.9,
                            f"{partial}{package['killed']} killed, {len(package['survived'])} "
                            f"survived, {package['equivalent_excluded']} equivalent excluded; run at "
                            f"{package.get('commit', '?')} ({package.get('at', '?')}){rechecked}")
        out.append(replace(shown, ok=False) if partial else shown)  # a partial run proves nothing
    return out


GROUPS = {"mutation": mutation_figures}
