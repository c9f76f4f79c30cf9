"""Create, unlock, wrong passphrase, lock key, auto-lock, panic."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.conftest import PASS, Seen, make, run, settle, unlock


def test_create_vault_shows_recovery_key_once(tmp_path: Path) -> None:
    from vault.keys.kdf import TEST_PARAMS
    from vault.paths import VaultPaths

    root = tmp_path / "new"
    seen = Seen()

    async def scenario() -> None:
        app = make(root, kdf_params=TEST_PARAMS)
        async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
            assert type(app.screen).__name__ == "CreateScreen"
            await pilot.press(*"short", "enter")
            assert "too short" in str(app.screen.query_one("#strength").render())
            await pilot.press(*"other", "enter")
            assert "at least" in str(app.screen.query_one("#error").render())
            app.screen.query_one("#pass1").value = PASS
            app.screen.query_one("#pass2").value = PASS + "x"
            await pilot.click("#create")
            assert "differ" in str(app.screen.query_one("#error").render())
            app.screen.query_one("#pass2").value = PASS
            await pilot.click("#create")
            await settle(pilot)
            assert type(app.screen).__name__ == "SecretShownOnce"
            key = str(app.screen.query_one("#secret").render())
            assert len(key.replace("-", "")) > 40
            await pilot.press("escape")  # does not close a show-once secret
            assert type(app.screen).__name__ == "SecretShownOnce"
            await pilot.click("#written")
            await settle(pilot)
            assert type(app.screen).__name__ == "DashboardScreen"
            assert app.vault is not None

    run(scenario())
    names = [type(m).__name__ for m in seen]
    assert "VaultCreated" in names and "ReportComputed" in names
    assert VaultPaths(root).keyslots.exists()


def test_wrong_passphrase_then_unlock(empty_vault: Path) -> None:
    seen = Seen()

    async def scenario() -> None:
        app = make(empty_vault)
        async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
            assert type(app.screen).__name__ == "UnlockScreen"
            await unlock(pilot, "not the passphrase", type_it=True)
            assert type(app.screen).__name__ == "UnlockScreen"
            assert "wrong passphrase" in str(app.screen.query_one("#error").render())
            assert app.screen.query_one("#secret").value == ""
            await unlock(pilot)
            assert type(app.screen).__name__ == "DashboardScreen"

    run(scenario())
    names = [type(m).__name__ for m in seen]
    assert names.index("UnlockFailed") < names.index("VaultUnlocked")


def test_lock_key_and_auto_lock(empty_vault: Path) -> None:
    seen = Seen()

    async def scenario() -> None:
        app = make(empty_vault, idle_lock_seconds=60)
        async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
            await unlock(pilot)
            vault = app.vault
            await pilot.press("ctrl+l")
            await pilot.pause()
            assert app.vault is None and not vault.is_open
            assert type(app.screen).__name__ == "UnlockScreen"
            assert len(app.screen_stack) == 2
            await unlock(pilot)
            assert type(app.screen).__name__ == "DashboardScreen"
            now = [1000.0]
            app.idle.clock = lambda: now[0]
            app.idle.touch()
            now[0] += 59
            await pilot.pause(0.3)
            assert app.vault is not None
            now[0] += 2
            await pilot.pause(1.1)
            assert app.vault is None
            assert type(app.screen).__name__ == "UnlockScreen"

    run(scenario())
    reasons = [m.reason for m in seen if type(m).__name__ == "VaultLockedByUser"]
    assert reasons == ["key", "idle"]


@pytest.mark.parametrize("unlocked", [True, False])
def test_panic_double_key_destroys_the_key(empty_vault: Path, unlocked: bool) -> None:
    from vault.core import Vault
    from vault.errors import VaultError

    seen = Seen()

    async def scenario() -> None:
        app = make(empty_vault)
        async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
            if unlocked:
                await unlock(pilot)
            await pilot.press("ctrl+x")
            await pilot.pause()
            assert not app.panicked
            await pilot.press("ctrl+x")
            await pilot.pause()
            assert app.panicked

    run(scenario())
    assert any(type(m).__name__ == "PanicFinished" for m in seen)
    with pytest.raises(VaultError):
        Vault.open(empty_vault, PASS)


def test_panic_presses_too_far_apart_do_nothing() -> None:
    from tui.safety import DoublePress

    now = [0.0]
    key = DoublePress(1.0, clock=lambda: now[0])
    assert not key.press()
    now[0] = 1.5
    assert not key.press()
    now[0] = 2.0
    assert key.press()
