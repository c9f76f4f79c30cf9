"""Background work a command starts before its unlock (``vault.cli.warm``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT
from vault.cli.warm import Background


def test_the_result_and_the_error_reach_the_caller() -> None:
    assert Background(lambda: 41 + 1).result() == 42

    def fail() -> int:
        raise ValueError("no rule data")

    with pytest.raises(ValueError, match="no rule data"):
        Background(fail).result()


def test_a_command_that_fails_before_the_result_lets_the_work_finish(tmp_path: Path) -> None:
    """``docs`` with no vault exits at once, while the rule data still loads. The
    interpreter must wait for that work, not tear it down mid-import: with a daemon
    thread the process died of SIGSEGV (-11) instead of exiting with the error's code."""
    marker = tmp_path / "finished"
    code = (
        "import sys, time\n"
        "from vault.cli.warm import Background\n"
        "def work():\n"
        "    time.sleep(0.3)\n"
        "    import email.mime.text  # an import still under way at exit\n"
        f"    open({str(marker)!r}, 'w').write('yes')\n"
        "Background(work)\n"
        "sys.exit(8)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=60, capture_output=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert proc.returncode == 8, proc.stderr
    assert marker.read_text() == "yes"
