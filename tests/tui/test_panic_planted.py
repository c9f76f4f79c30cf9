"""The TUI's panic key with a planted ``x``: the key is destroyed, and a failed step 1
is never reported as success."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.tui.conftest import make, run
from tests.unit.panic.test_planted_registry import VARIANTS, assert_key_destroyed, plant
from vault.paths import VaultPaths


async def _press_panic(app: object) -> None:
    async with app.run_test(size=(120, 40)) as pilot:  # type: ignore[attr-defined]
        await pilot.press("ctrl+x")
        await pilot.pause()
        await pilot.press("ctrl+x")
        await pilot.pause()


@pytest.mark.parametrize("variant", VARIANTS)
def test_panic_key_destroys_the_key_whatever_x_is(empty_vault: Path, tmp_path: Path,
                                                  variant: str) -> None:
    before = (empty_vault / "k").read_bytes()
    plant(VaultPaths(empty_vault), variant, tmp_path / "outside")
    app = make(empty_vault)
    run(_press_panic(app))
    assert app.panicked and app.return_code == 0
    assert_key_destroyed(empty_vault, before)


def test_panic_key_never_reports_success_when_the_key_survives(
        empty_vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keyslot = empty_vault / "k"
    keyslot.unlink()
    os.mkfifo(keyslot)  # step 1 cannot overwrite a FIFO
    app = make(empty_vault)
    run(_press_panic(app))
    assert app.panicked and app.return_code == 1
    assert "NOT destroyed" in capsys.readouterr().err  # printed after the TUI closes

