"""scripts/bench: run every figure group, print a table or one JSON object.

Each group is independent: a group that fails reports its figures as failed
with the reason, and the others still run.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Callable

from scripts.benchkit import core, gapsdb, io, panicbench
from scripts.benchkit.model import Figure, failed

Group = Callable[[bool], list[Figure]]


def groups() -> dict[str, Group]:
    found: dict[str, Group] = {
        "unlock": core.unlock_figures,
        "panic": panicbench.panic_figures,
        "gaps": gapsdb.gap_figures,
        "import": io.import_figures,
        "import_rss": io.big_pdf_figure,
        "export": io.export_figures,
    }
    import importlib

    for name in ("backup", "ocr", "ocrset", "tui", "keydrive", "speed", "duress", "preview",
                 "mutation"):
        try:
            module = importlib.import_module(f"scripts.benchkit.{name}")
        except ModuleNotFoundError as exc:
            found[name] = _missing(name, str(exc))
            continue
        found.update(module.GROUPS)
    return found


def _missing(name: str, why: str) -> Group:
    return lambda quick: [failed(name, "", "", f"not available: {why}")]


def run(names: list[str] | None, quick: bool) -> list[Figure]:
    figures: list[Figure] = []
    for name, group in groups().items():
        if names and name not in names:
            continue
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        try:
            figures.extend(group(quick))
        except Exception as exc:  # noqa: BLE001 - one group's failure must not hide the rest
            traceback.print_exc(file=sys.stderr)
            figures.append(failed(name, "", "", f"{type(exc).__name__}: {exc}"))
    return figures


def table(figures: list[Figure]) -> str:
    rows = [("figure", "value", "unit", "goal", "ok")]
    for f in figures:
        ok = "-" if f.ok is None else ("yes" if f.ok else "NO")
        rows.append((f.name, "n/a" if f.value is None else f"{f.value:g}", f.unit, f.goal, ok))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    notes = [f"  {f.name}: {f.note}" for f in figures if f.note]
    return "\n".join(lines + ([""] + notes if notes else []))


def main() -> None:
    parser = argparse.ArgumentParser(prog="scripts/bench")
    parser.add_argument("--quick", action="store_true", help="smaller inputs; a few minutes on 2 cores")
    parser.add_argument("--json", action="store_true", help='print {"figures": [...]}')
    parser.add_argument("--only", action="append", help="run only this group (repeatable)")
    args = parser.parse_args()
    figures = run(args.only, args.quick)
    if args.json:
        print(json.dumps({"figures": [f.to_json() for f in figures]}, ensure_ascii=False))
    else:
        print(table(figures))


if __name__ == "__main__":
    main()
