"""Suite-wide isolation: no test touches the real HOME, config or vault."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPRAVKA = [sys.executable, "-m", "vault.cli.main"]


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("home")
    for var in ("SPRAVKA_VAULT", "SPRAVKA_FAULT", "SPRAVKA_LANG", "SPRAVKA_KEY_DIR",
                "SPRAVKA_KEY_NAME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield home


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if os.environ.get("CI") and not items:
        raise pytest.UsageError("no tests collected")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """After a run that skipped tests, name each proof area this machine could not run."""
    from tests.areas import not_run

    if terminalreporter.stats.get("skipped"):
        for line in not_run():
            terminalreporter.write_line(line, yellow=True, bold=True)
