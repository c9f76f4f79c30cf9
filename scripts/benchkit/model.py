"""One benchmark figure and how it is printed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Figure:
    name: str
    value: float | None
    unit: str
    goal: str
    ok: bool | None
    note: str = ""

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        if not data["note"]:
            data.pop("note")
        return data


def at_most(name: str, value: float, unit: str, limit: float, note: str = "") -> Figure:
    return Figure(name, round(value, 4), unit, f"<= {limit:g}", value <= limit, note)


def at_least(name: str, value: float, unit: str, limit: float, note: str = "") -> Figure:
    return Figure(name, round(value, 4), unit, f">= {limit:g}", value >= limit, note)


def info(name: str, value: float, unit: str, note: str = "") -> Figure:
    return Figure(name, round(value, 4), unit, "report", None, note)


def failed(name: str, unit: str, goal: str, why: str) -> Figure:
    return Figure(name, None, unit, goal, False, why)


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def child(code: str, *args: str, timeout: float = 900) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter (for clean RSS figures); it prints one JSON line."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, text=True,
                         capture_output=True, timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "child failed")
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def peak_rss_mb() -> float:
    """This process's own peak RSS. Not ru_maxrss: Linux carries the parent's
    high-water mark across fork+exec, which would blame the bench harness."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def fsync_dir_tree(path: Path) -> None:
    for p in path.rglob("*"):
        if p.is_file():
            fd = os.open(p, os.O_RDONLY)
            os.fsync(fd)
            os.close(fd)
