"""Drive cosmic-ray over one package in a scratch copy, one worker, and score it.

cosmic-ray rewrites the module file on disk for each mutant (so the CLI tests'
subprocesses see the mutant too) and restores it afterwards; it does so in the
scratch copy, never in the worktree. Operators outside ``KEPT_OPERATORS`` and,
in quick mode, mutants outside a fixed sample are marked skipped before the run.
Quick mode (CI) runs right after the suite passed, so it skips the baseline run.
"""

from __future__ import annotations

import hashlib
import json
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from scripts.mutationkit import scratch
from scripts.mutationkit.equivalent import Equivalents
from scripts.mutationkit.packages import KEPT_OPERATORS, Package


@dataclass(frozen=True)
class Mutant:
    module: str
    line: int
    operator: str
    source: str  # the original line, stripped: how survivors and equivalents are named

    def describe(self) -> str:
        return f"{self.module}:{self.line} {self.operator.removeprefix('core/')}: {self.source}"


@dataclass
class Score:
    package: str
    killed: list[Mutant] = field(default_factory=list)
    survived: list[Mutant] = field(default_factory=list)
    equivalent: list[Mutant] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def value(self) -> float | None:
        total = len(self.killed) + len(self.survived)
        return len(self.killed) / total if total else None

    def to_json(self) -> dict[str, object]:
        return {"package": self.package, "score": self.value, "killed": len(self.killed),
                "survived": [m.describe() for m in self.survived],
                "equivalent_excluded": len(self.equivalent), "seconds": round(self.seconds, 1)}


def _config(copy: Path, package: Package, timeout: float) -> Path:
    command = shlex.join([*scratch.pytest_command(list(package.tests)), "-m", "not slow"])
    modules = ", ".join(f'"{m}"' for m in package.modules)
    path = copy / f".cosmic-{package.name}.toml"
    path.write_text(
        "[cosmic-ray]\n"
        f"module-path = [{modules}]\n"
        f"timeout = {timeout:.0f}\n"
        "excluded-modules = []\n"
        f"test-command = {json.dumps(command)}\n\n"
        "[cosmic-ray.distributor]\nname = \"local\"\n", encoding="utf-8")
    return path


def _key(spec: object) -> str:
    """A stable sort key for sampling: job ids are random, the mutation site is not."""
    site = f"{spec.module_path}/{spec.operator_name}/{spec.occurrence}"  # type: ignore[attr-defined]
    return hashlib.sha256(site.encode()).hexdigest()


def _mutant(copy: Path, spec: object) -> Mutant:
    module = str(spec.module_path)  # type: ignore[attr-defined]
    line = spec.start_pos[0]  # type: ignore[attr-defined]
    lines = (copy / module).read_text(encoding="utf-8").splitlines()
    return Mutant(module, line, spec.operator_name, lines[line - 1].strip())  # type: ignore[attr-defined]


def _cr(copy: Path, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "cosmic_ray.cli", *args], cwd=copy,
                   env=scratch.env_for(copy), check=True, capture_output=True, text=True)


def run_package(copy: Path, package: Package, *, quick: bool, equivalents: Equivalents,
                sites: set[tuple[str, int, str]] | None = None,
                shard: tuple[int, int] | None = None) -> Score:
    """Mutate every kept operator site (or the quick sample, or only ``sites``: (module,
    line, operator) of earlier survivors, or every N-th of them from the K-th for
    ``shard`` (K, N)) and score the package."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome, WorkResult

    started = time.perf_counter()
    if not quick and sites is None and not scratch.tests_pass(copy, [*package.tests, "-m", "not slow"]):
        raise RuntimeError(f"{package.name}: the tests fail on unmutated code")
    config = _config(copy, package, timeout=180.0)
    session = copy / f".cosmic-{package.name}.sqlite"
    session.unlink(missing_ok=True)
    _cr(copy, "init", str(config), str(session))
    score = Score(package.name)
    with use_db(str(session), WorkDB.Mode.open) as db:
        items = list(db.work_items)
        kept = [w for w in items if w.mutations[0].operator_name in KEPT_OPERATORS]
        named = {w.job_id: _mutant(copy, w.mutations[0]) for w in kept}
        for job_id, mutant in list(named.items()):
            if equivalents.reason(mutant) is not None:
                score.equivalent.append(mutant)
                del named[job_id]
        specs = {w.job_id: w.mutations[0] for w in kept}
        chosen = sorted(named, key=lambda j: _key(specs[j]))
        if quick:
            chosen = chosen[: package.quick_sample]
        if sites is not None:
            chosen = [j for j in chosen if (named[j].module, named[j].line, named[j].operator) in sites]
        if shard is not None:
            chosen = chosen[shard[0] - 1 :: shard[1]]
        picked = set(chosen)
        skip = [w.job_id for w in items if w.job_id not in picked]
        if skip:
            db.set_multiple_results(skip, WorkResult(worker_outcome=WorkerOutcome.SKIPPED))
    if picked:
        _cr(copy, "exec", str(config), str(session))
    with use_db(str(session), WorkDB.Mode.open) as db:
        for job_id, result in db.results:
            if job_id not in picked:
                continue
            if result.test_outcome == TestOutcome.SURVIVED:
                score.survived.append(named[job_id])
            elif result.test_outcome in (TestOutcome.KILLED, TestOutcome.INCOMPETENT):
                score.killed.append(named[job_id])
            else:
                raise RuntimeError(f"{package.name}: mutant {named[job_id].describe()} did not "
                                   f"run ({result.worker_outcome}): {result.output}")
    score.survived.sort(key=lambda m: (m.module, m.line))
    score.seconds = time.perf_counter() - started
    return score
