"""Child processes (tesseract, qpdf) inherit "no core dumps" from the hardened process.

The kernel resets the non-dumpable flag at execve for an ordinary binary, so
children are ptrace-able by the same user while they run; the threat model says so.
"""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT


def test_children_of_a_hardened_process_cannot_dump_core() -> None:
    probe = ("from vault.keys.hardening import harden_process; harden_process();"
             "import subprocess; print(subprocess.run(['sh', '-c', 'ulimit -c'],"
             " capture_output=True, text=True).stdout.strip())")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         cwd=ROOT, check=True, timeout=60).stdout.strip()
    assert out == "0"
