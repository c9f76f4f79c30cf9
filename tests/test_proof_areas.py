"""Under CI every proof area runs; elsewhere the missing ones are named, not hidden."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.areas import AREAS, Area, not_run
from tests.helpers import ROOT


def test_no_proof_area_is_skipped_under_ci() -> None:
    missing = not_run()
    if os.environ.get("CI") == "true":
        assert missing == [], "CI must run every proof area:\n" + "\n".join(missing)
    assert all(line.startswith("NOT RUN: ") and line.endswith(")") for line in missing)


def test_an_area_reports_what_it_needs() -> None:
    assert Area("x", tools=("surely-not-a-tool-here",)).missing() == "needs surely-not-a-tool-here"
    assert Area("y", tools=("sh",)).missing() is None
    assert len({a.name for a in AREAS}) == len(AREAS)


def test_a_run_with_skips_lists_the_areas_at_the_end() -> None:
    """A run where a tool is missing (PATH without it) ends with its NOT RUN line."""
    env = dict(os.environ, PATH="/nonexistent", CI="", PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "tests/tui/test_tmux.py"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    tail = proc.stdout.strip().splitlines()
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert any(line.startswith("NOT RUN: TUI in a real terminal (tmux) (needs tmux)")
               for line in tail), proc.stdout[-2000:]
