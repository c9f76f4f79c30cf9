"""The key on a drive in the TUI: the unlock screen waits for the drive, holding the
passphrase in memory; Settings → Where your key lives moves the key after offering a backup."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.tui.conftest import PASS, Seen, make, run, settle, unlock


def _detached_vault(tmp_path: Path) -> tuple[Path, Path]:
    from vault.core import Vault
    from vault.keys.kdf import TEST_PARAMS

    stash = tmp_path / "stash"  # where the "drive" is kept while it is unplugged
    stash.mkdir()
    root = tmp_path / "vault"
    vault, _key = Vault.create(root, PASS, params=TEST_PARAMS, key_dir=stash)
    vault.lock()
    return root, stash


def test_unlock_waits_for_the_drive_and_holds_the_passphrase(tmp_path: Path) -> None:
    root, stash = _detached_vault(tmp_path)
    drive = tmp_path / "media" / "STICK"  # does not exist yet: the drive is not plugged in
    seen = Seen()

    async def scenario() -> None:
        app = make(root, key_dir=drive)
        async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
            assert type(app.screen).__name__ == "UnlockScreen"
            await settle(pilot)
            assert "not here" in str(app.screen.query_one("#key-status").render())
            await pilot.press(*PASS, "enter")
            await pilot.pause(1.2)  # a few polls of the drive watcher
            await settle(pilot)
            assert type(app.screen).__name__ == "UnlockScreen"
            assert app.screen.held == PASS and app.vault is None
            assert "Waiting for the key drive" in str(app.screen.query_one("#error").render())
            assert not seen.of("UnlockFailed") and not seen.of("VaultUnlocked")
            drive.mkdir(parents=True)  # the drive appears mid-test
            shutil.move(stash / "k", drive / "k")
            for _ in range(20):
                await pilot.pause(0.3)
                if app.vault is not None:
                    break
            await settle(pilot)
            assert app.vault is not None
            assert type(app.screen).__name__ == "DashboardScreen"
            await pilot.press("ctrl+l")  # the lock screen says the key drive is present
            await settle(pilot)
            await pilot.pause(0.6)
            assert "Key drive present" in str(app.screen.query_one("#key-status").render())

    run(scenario())
    assert len(seen.of("VaultUnlocked")) == 1 and not seen.of("UnlockFailed")


def test_esc_forgets_a_held_passphrase(tmp_path: Path) -> None:
    root, _stash = _detached_vault(tmp_path)

    async def scenario() -> None:
        app = make(root, key_dir=tmp_path / "absent")
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press(*PASS, "enter")
            await settle(pilot)
            assert app.screen.held == PASS
            await pilot.press("escape")
            assert app.screen.held is None
            assert not app.screen.query_one("#secret").disabled

    run(scenario())


def test_settings_flow_offers_a_backup_then_moves_the_key(empty_vault: Path, tmp_path: Path) -> None:
    drive, spare, backup = tmp_path / "drive", tmp_path / "spare", tmp_path / "vault.bak"
    drive.mkdir()
    spare.mkdir()

    async def scenario() -> None:
        app = make(empty_vault)
        async with app.run_test(size=(140, 45)) as pilot:
            await unlock(pilot)
            await pilot.press("s")
            await settle(pilot)
            await pilot.click("#keyplace")
            await settle(pilot)
            assert type(app.screen).__name__ == "KeyLocationScreen"
            assert "vault folder" in str(app.screen.query_one("#key-where").render())
            await pilot.click("#to-drive")
            await settle(pilot)
            assert type(app.screen).__name__ == "BackupFirstDialog"
            warning = str(app.screen.query_one("#backup-warning").render())
            assert "no backup" in warning and "lost" in warning
            assert app.focused.id == "cancel"  # a stray Enter moves nothing
            await pilot.click("#backup-first")
            await settle(pilot)
            app.screen.query_one("#field0").value = str(backup)
            await pilot.click("#ok")
            await settle(pilot)
            assert backup.exists()
            assert type(app.screen).__name__ == "PromptDialog"  # now the drive folder
            app.screen.query_one("#field0").value = str(drive)
            await pilot.click("#ok")
            await settle(pilot)
            await settle(pilot)
            assert (drive / "k").exists() and not (empty_vault / "k").exists()
            assert "On a drive" in str(app.screen.query_one("#key-where").render())
            await pilot.click("#spare")
            await settle(pilot)
            app.screen.query_one("#field0").value = str(spare)
            await pilot.click("#ok")
            await settle(pilot)
            await settle(pilot)
            copies = str(app.screen.query_one("#key-copies").render())
            assert copies.startswith("2 copies of your key exist: this drive and one made on")

    run(scenario())


def test_palette_lists_the_key_screen(empty_vault: Path) -> None:
    from tui.commands import SpravkaCommands

    async def scenario() -> None:
        app = make(empty_vault)
        async with app.run_test(size=(120, 40)) as pilot:
            await unlock(pilot)
            provider = SpravkaCommands(app.screen)
            titles = [t for t, _h, _cb in provider._commands()]
            assert "Vault: Where your key lives" in titles

    run(scenario())


def test_panic_key_destroys_the_key_on_the_drive(tmp_path: Path) -> None:
    root, drive = _detached_vault(tmp_path)

    async def scenario() -> None:
        app = make(root, key_dir=drive)
        async with app.run_test(size=(120, 40)) as pilot:
            await unlock(pilot)
            assert app.vault is not None
            await pilot.press("ctrl+x", "ctrl+x")
            await pilot.pause()
            assert app.panicked

    run(scenario())
    assert not root.exists() and not (drive / "k").exists()  # overwrite: tests/proof
