"""Proof: the security hardening of issue #15, one entry per promise, rerun by scripts/proof.

Each entry names the tests that prove it (they live next to the code they
check); this file runs them in one child pytest and records, per entry, how
many passed, so ``docs/proof-figures.json`` says which promises held in this run.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.proof.figures import record

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]
ROOT = Path(__file__).resolve().parents[2]

PROMISES = {
    "panic_with_planted_registry": ["tests/unit/panic/test_planted_registry.py",
                                    "tests/tui/test_panic_planted.py"],
    "values_never_in_argv": ["tests/unit/cli/test_stdin_values.py"],
    "signer_pinned": ["tests/unit/export/test_signer_pin.py"],
    "rekey_old_keyslots_open_nothing": ["tests/unit/core/test_rekey.py"],
    "duress_no_trace": ["tests/unit/panic/test_duress_traces.py"],
    "age_export_no_metadata": ["tests/unit/export/test_age_metadata.py"],
    "recognisability_as_documented": ["tests/unit/keys/test_recognisable.py"],
    "hostile_output_and_ids": ["tests/unit/cli/test_hostile_output.py"],
    "verify_export_bounded": ["tests/unit/export/test_hostile_bundle.py"],
    "remove_source_duplicates_and_inode": ["tests/unit/importing/test_remove_source_hardening.py"],
    "children_no_core_dumps": ["tests/unit/keys/test_child_processes.py"],
}


def test_security_promises_hold(tmp_path: Path) -> None:
    report = tmp_path / "junit.xml"
    files = sorted({f for fs in PROMISES.values() for f in fs})
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                    f"--junitxml={report}", *files], cwd=ROOT, timeout=880, check=False)
    cases = ET.parse(report).getroot().iter("testcase")
    outcome: dict[str, list[bool]] = {}
    for case in cases:
        if case.find("skipped") is not None:
            continue
        path = case.get("classname", "").replace(".", "/")
        failed = case.find("failure") is not None or case.find("error") is not None
        outcome.setdefault(path + ".py", []).append(not failed)
    figures = {}
    for promise, paths in PROMISES.items():
        results = [ok for p in paths for ok in outcome.get(p, [])]
        figures[promise] = {"passed": sum(results), "tests": len(results)}
    record("security", figures)
    assert all(f["tests"] and f["passed"] == f["tests"] for f in figures.values()), figures
