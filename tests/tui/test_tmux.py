"""Smoke test in a real terminal (tmux): unlock, paste a path to import, read the dashboard."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import init_vault

ROOT = Path(__file__).resolve().parents[2]
PASS = "correct horse battery staple"
pytestmark = [pytest.mark.tui, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]


class Tmux:
    def __init__(self, socket: str) -> None:
        self.base = ["tmux", "-L", socket]

    def __call__(self, *args: str) -> str:
        return subprocess.run([*self.base, *args], capture_output=True, text=True, check=False).stdout

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "t")

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} not on screen:\n{self.screen()}")


def test_unlock_paste_import_and_read_dashboard(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    init_vault(vault, PASS)
    from vault.demo import SAMPLES, write_samples

    [scan] = write_samples(tmp_path / "drop here", SAMPLES[3:4])
    tmux = Tmux(f"spravka-test-{os.getpid()}")
    env = f"env PYTHONPATH={ROOT} HOME={tmp_path} SPRAVKA_LANG=en TERM=xterm-256color"
    cmd = f"cd {ROOT} && {env} {sys.executable} -m vault.cli.entry --vault {vault}; echo EXITED=$?; sleep 30"
    tmux("new-session", "-d", "-s", "t", "-x", "120", "-y", "40", cmd)
    try:
        tmux.wait_for("or recovery key")
        tmux("send-keys", "-t", "t", "-l", PASS)
        tmux("send-keys", "-t", "t", "Enter")
        tmux.wait_for("documents in the vault")
        tmux("send-keys", "-t", "t", "i")
        tmux.wait_for("Paste or drop")
        tmux("set-buffer", f"'{scan}'")  # what a terminal pastes when a file is dropped
        tmux("paste-buffer", "-p", "-t", "t")
        tmux("send-keys", "-t", "t", "Enter")
        tmux.wait_for("Imported 1, duplicates 0, rejected 0")
        tmux("send-keys", "-t", "t", "Escape")
        tmux("send-keys", "-t", "t", "Escape")
        dashboard = tmux.wait_for("1 documents in the vault")
        assert "No lawyer’s copy yet" in dashboard
        assert "Gaps" in dashboard
        tmux("send-keys", "-t", "t", "C-q")
        after = tmux.wait_for("EXITED=0")
        assert "documents in the vault" not in after  # screen cleared on exit
    finally:
        tmux("kill-server")
