"""Shared setup for the backup tests: one populated vault and its backup per module."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import ROOT, Result, make_vault
from tests.unit.backup.data import picture, populate


def cli(*args: str, stdin: str = "", vault: Path | None = None) -> Result:
    """The real CLI in a subprocess, with the backup commands registered."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if vault is not None:
        env["SPRAVKA_VAULT"] = str(vault)
    proc = subprocess.run([sys.executable, "-m", "vault.cli.main", *args], input=stdin,
                          capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    return Result(proc.returncode, proc.stdout, proc.stderr)


@dataclass
class Made:
    root: Path
    backup: Path
    picture: dict[str, Any]
    recovery_key: str


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    """A vault with documents and evidence, locked, and a backup of it."""
    from vault.backup.create import create_backup

    base = tmp_path_factory.mktemp("made")
    vault = make_vault(base / "v")
    populate(vault, base / "inputs")
    key = vault.new_recovery_key()
    pic = picture(vault)
    (base / "out").mkdir()
    create_backup(vault, base / "out" / "b.bin")
    vault.lock()
    return Made(base / "v", base / "out" / "b.bin", pic, key)

