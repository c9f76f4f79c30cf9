"""TUI test helpers: a fixed clock, demo vaults made once per session, worker settling."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Coroutine, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

PASS = "correct horse battery staple"
TODAY = date(2026, 10, 1)


def run(coro: Coroutine[Any, Any, Any]) -> Any:
    """pytest-asyncio is not installed: drive each Pilot test with asyncio.run."""
    return asyncio.run(coro)


async def settle(pilot: Any, extra: float = 0.0) -> None:
    """Wait for our workers (not DirectoryTree's endless loader), then let messages land."""
    for _ in range(20):
        busy = [w for w in pilot.app.workers if w.name != "_loader" and not w.is_finished]
        if not busy:
            break
        await pilot.app.workers.wait_for_complete(busy)
        await pilot.pause()
    await pilot.pause(extra or None)


async def unlock(pilot: Any, passphrase: str = PASS, *, type_it: bool = False) -> None:
    if type_it:
        await pilot.press(*passphrase)
    else:
        pilot.app.screen.query_one("#secret").value = passphrase
    await pilot.press("enter")
    await settle(pilot)
    await settle(pilot)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from vault.demo import build_demo
    from vault.keys.kdf import TEST_PARAMS

    root = tmp_path_factory.mktemp("demo") / "vault"
    build_demo(root, PASS, params=TEST_PARAMS, today=TODAY)
    return root


@pytest.fixture
def demo_vault(demo_template: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "vault"
    shutil.copytree(demo_template, dest)
    return dest


@pytest.fixture
def empty_vault(tmp_path: Path) -> Path:
    from vault.core import Vault
    from vault.keys.kdf import TEST_PARAMS

    root = tmp_path / "vault"
    vault, _key = Vault.create(root, PASS, params=TEST_PARAMS)
    vault.lock()
    return root


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    from tui import i18n

    if i18n.language() != "en":
        i18n.set_language("en")
        i18n.retranslate_bindings()


def make(vault_dir: Path, **kwargs: Any) -> Any:
    from tui.app import make_app

    kwargs.setdefault("clock", lambda: TODAY)
    kwargs.setdefault("lang", "en")
    kwargs.setdefault("idle_lock_seconds", 600)
    return make_app(vault_dir, **kwargs)


class Seen(list):  # type: ignore[type-arg]
    """A message_hook that records each message once (bubbling shows it at every pump)."""

    def __init__(self) -> None:
        super().__init__()
        self._ids: set[int] = set()

    def __call__(self, message: object) -> None:
        if id(message) not in self._ids:
            self._ids.add(id(message))
            self.append(message)

    def of(self, name: str) -> list[Any]:
        return [m for m in self if type(m).__name__ == name]
