"""A throw-away copy of the source tree, so a mutant never touches the worktree.

Tests run with the copy as working directory and first on ``PYTHONPATH``: the
CLI tests' subprocesses (``python -m vault.cli.main``) then load the mutant too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COPIED = ("vault", "tui", "schema", "tests", "scripts", "pyproject.toml")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis", "snapshots_report*")


def make_copy(dest: Path) -> Path:
    """Copy the parts of the repo that the tests import into ``dest``; return it."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=IGNORED, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dest / name)
    return dest


def env_for(copy: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(copy), PYTHONDONTWRITEBYTECODE="1")
    env.pop("SPRAVKA_FULL_SWEEP", None)
    return env


def pytest_command(tests: list[str]) -> list[str]:
    """Fast, fail-first, one worker (the machine is shared), no cache in the copy."""
    return [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
            "-p", "no:randomly", "--timeout", "120", *tests]


def tests_pass(copy: Path, tests: list[str], timeout: float = 600) -> bool:
    """True when every test in ``tests`` passes against the code in ``copy``."""
    try:
        proc = subprocess.run(pytest_command(tests), cwd=copy, env=env_for(copy), timeout=timeout,
                              capture_output=True, text=True, check=False)
    except subprocess.TimeoutExpired:
        return False  # a hang counts as killed, as in cosmic-ray
    return proc.returncode == 0


def loads_from(copy: Path) -> Path:
    """Where ``vault`` is imported from when tests run in ``copy`` (sanity check)."""
    out = subprocess.run([sys.executable, "-c", "import vault; print(vault.__file__)"], cwd=copy,
                         env=env_for(copy), capture_output=True, text=True, check=True).stdout
    return Path(out.strip()).parent
