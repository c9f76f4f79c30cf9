"""scripts/mutation: mutation scores per package, and the audited mutants replayed.

    scripts/mutation                 full run: every kept mutant of every package; each
                                     package's score goes to docs/mutation-figures.json
                                     (read by scripts/bench)
    scripts/mutation --quick         a fixed sample per package (CI, a few minutes)
    scripts/mutation --known         re-apply the 18 audited breakages; each must be killed
    scripts/mutation --package NAME  only this package (repeatable), full, recorded
    scripts/mutation --recheck       re-run only the recorded survivors (after new tests)
    scripts/mutation --package NAME --shard K/N
                                     the K-th of N parts of a full run, for N processes
                                     side by side; recorded once all N parts are in

Exit status 1 when a score is under its goal (full run), a sampled mutant
survives (quick run) or a known mutant is not killed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from scripts.mutationkit import known, scratch
from scripts.mutationkit.cosmic import Score, run_package
from scripts.mutationkit.equivalent import Equivalents
from scripts.mutationkit.packages import PACKAGES

GOAL = 0.9
FIGURES = scratch.ROOT / "docs" / "mutation-figures.json"


def run_known() -> int:
    outcomes = known.replay()
    for o in outcomes:
        print(f"{o.status:8}  {o.mutant.name}  ({o.mutant.path})")
    bad = [o for o in outcomes if o.status != "killed"]
    print(f"known mutants: {len(outcomes) - len(bad)} of {len(outcomes)} killed")
    return 1 if bad else 0


def run_scores(names: list[str] | None, quick: bool,
               on_score: Callable[[list[Score]], None] | None = None,
               shard: tuple[int, int] | None = None) -> list[Score]:
    equivalents = Equivalents.load()
    stale = equivalents.stale(scratch.ROOT)
    if stale:
        raise SystemExit("equivalent.toml lists lines that no longer exist:\n  " + "\n  ".join(stale))
    scores = []
    with tempfile.TemporaryDirectory(prefix="spravka-mutation-") as tmp:
        copy = scratch.make_copy(Path(tmp) / "src")
        for package in PACKAGES:
            if names and package.name not in names:
                continue
            print(f"mutation: {package.name} ...", file=sys.stderr, flush=True)
            score = run_package(copy, package, quick=quick, equivalents=equivalents, shard=shard)
            print(_line(score), file=sys.stderr, flush=True)
            scores.append(score)
            if on_score is not None:
                on_score(scores)  # a long run keeps what it has measured so far
    return scores


def _line(score: Score) -> str:
    value = "n/a" if score.value is None else f"{score.value:.3f}"
    return (f"{score.package:13} score {value}  killed {len(score.killed)}  survived "
            f"{len(score.survived)}  equivalent {len(score.equivalent)}  {score.seconds:.0f} s")


def report(scores: list[Score]) -> str:
    lines = [_line(s) for s in scores]
    for s in scores:
        lines += [f"  SURVIVED {m.describe()}" for m in s.survived]
    return "\n".join(lines)


def _commit() -> str:
    proc = subprocess.run(["git", "-C", str(scratch.ROOT), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True, check=False)
    return proc.stdout.strip() or "unknown"


def _stamp() -> dict[str, str]:
    """The commit the scratch copy is taken from, and when."""
    return {"commit": _commit(), "at": datetime.now(UTC).isoformat(timespec="seconds")}


def record(scores: list[Score], stamp: dict[str, str]) -> None:
    """Keep full-run figures for scripts/bench (too slow to repeat there), one entry per
    package with its own commit and date, so packages can be run separately."""
    old = json.loads(FIGURES.read_text(encoding="utf-8")) if FIGURES.exists() else {}
    fresh = {s.package: {**s.to_json(), **stamp} for s in scores}
    kept = [p for p in old.get("packages", []) if p["package"] not in fresh]
    data = {"goal": GOAL, "packages": kept + list(fresh.values())}
    FIGURES.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def run_recheck(names: list[str] | None) -> int:
    """Re-run the recorded survivors of each package against the current tests."""
    from scripts.mutationkit.recheck import recheck

    data = json.loads(FIGURES.read_text(encoding="utf-8"))
    stamp = _stamp()
    equivalents = Equivalents.load()
    with tempfile.TemporaryDirectory(prefix="spravka-mutation-") as tmp:
        copy = scratch.make_copy(Path(tmp) / "src")
        for entry in list(data["packages"]):
            package = next((p for p in PACKAGES if p.name == entry["package"]), None)
            if package is None or (names and package.name not in names):
                continue
            fresh = recheck(copy, package, entry, equivalents, stamp)
            data = json.loads(FIGURES.read_text(encoding="utf-8"))  # another run may have recorded since
            data["packages"] = [fresh if p["package"] == package.name else p for p in data["packages"]]
            FIGURES.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                               encoding="utf-8")
            print(f"{package.name:13} score {fresh['score']}  still surviving:",
                  *fresh["survived"], sep="\n  ")
    return 1 if any(p["score"] is not None and p["score"] < GOAL for p in data["packages"]) else 0


def run_shard(parser: argparse.ArgumentParser, args: argparse.Namespace, stamp: dict[str, str]) -> int:
    """One part of a full run; the package's figure is replaced when the last part is in."""
    from scripts.mutationkit import shards

    if args.quick or not args.package or len(args.package) != 1:
        parser.error("--shard needs exactly one --package and no --quick")
    try:
        shard = shards.parse(args.shard)
    except ValueError as exc:
        parser.error(str(exc))
    [score] = run_scores(args.package, False, shard=shard)
    merged = shards.record_shard(FIGURES, score, stamp, shard)
    print(report([score]))
    print(f"shard {args.shard} recorded" + ("; all parts in: figure replaced" if merged else ""))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/mutation")
    parser.add_argument("--quick", action="store_true", help="a fixed sample per package (CI)")
    parser.add_argument("--known", action="store_true", help="replay the 18 audited mutants")
    parser.add_argument("--package", action="append", help="only this package (repeatable)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--recheck", action="store_true",
                        help="re-run only the survivors recorded by the last full run")
    parser.add_argument("--shard", help="K/N: the K-th of N parts of one package's full run")
    args = parser.parse_args(argv)
    if args.known:
        return run_known()
    if args.recheck:
        return run_recheck(args.package)
    stamp = _stamp()
    if args.shard:
        return run_shard(parser, args, stamp)
    scores = run_scores(args.package, args.quick,
                        None if args.quick else lambda done: record(done, stamp))
    if args.json:
        print(json.dumps([s.to_json() for s in scores], ensure_ascii=False))
    else:
        print(report(scores))
    if args.quick:
        return 1 if any(s.survived for s in scores) else 0
    return 1 if any(s.value is not None and s.value < GOAL for s in scores) else 0


if __name__ == "__main__":
    sys.exit(main())
