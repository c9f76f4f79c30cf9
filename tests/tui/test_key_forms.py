"""Passphrase, duress passphrase, recovery key and restore: done in the UI's forms, checked by unlocking."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import PASS, make, run, settle, unlock

NEW = "a brand new passphrase"
DURESS = "open the empty one please"


async def _palette(pilot: object, name: str) -> None:
    await pilot.press("ctrl+p")  # type: ignore[attr-defined]
    await settle(pilot)
    await pilot.press(*name)  # type: ignore[attr-defined]
    await settle(pilot, 0.2)
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot, 0.1)
    await settle(pilot)


def test_passphrase_duress_and_recovery_key_from_the_palette(demo_vault: Path) -> None:
    shown: list[str] = []

    async def scenario() -> None:
        app = make(demo_vault)
        async with app.run_test(size=(120, 40)) as pilot:
            await unlock(pilot)
            await _palette(pilot, "Change passphrase")
            await pilot.press(*PASS, "tab", *NEW, "tab", *NEW, "ctrl+s")
            await settle(pilot)
            assert type(app.screen).__name__ == "DashboardScreen"
            await _palette(pilot, "Set duress passphrase")
            await pilot.press(*DURESS, "enter", *"different", "enter", "ctrl+s")
            await settle(pilot)
            assert "differ" in str(app.screen.query_one("#form-error").render())  # stays open, says why
            await pilot.press("escape")
            await _palette(pilot, "Set duress passphrase")
            await pilot.press(*DURESS, "tab", *DURESS, "ctrl+s")
            await settle(pilot)
            assert type(app.screen).__name__ == "DashboardScreen"
            await _palette(pilot, "New recovery key")
            await pilot.press("y")
            await settle(pilot)
            assert type(app.screen).__name__ == "SecretShownOnce"
            shown.append(str(app.screen.query_one("#secret").render()))

    run(scenario())
    from vault.core import Vault

    Vault.open(demo_vault, NEW).lock()
    Vault.open(demo_vault, shown[0]).lock()
    opened = Vault.open(demo_vault, DURESS)  # destroys the real vault, opens an empty one
    try:
        from vault.records.documents import list_rows

        assert list_rows(opened) == []
    finally:
        opened.lock()


def test_restore_from_the_unlock_screen(demo_vault: Path, tmp_path: Path) -> None:
    from vault.backup.create import create_backup
    from vault.core import Vault

    vault = Vault.open(demo_vault, PASS)
    try:
        create_backup(vault, tmp_path / "v.bak")
    finally:
        vault.lock()
    target = tmp_path / "restored"

    async def scenario() -> None:
        app = make(demo_vault)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert type(app.screen).__name__ == "RecordForm"
            await pilot.press(*str(tmp_path / "v.bak"), "tab", *str(target), "tab", *PASS, "ctrl+s")
            for _ in range(100):  # the restore runs in a worker; the form closes when it is done
                await pilot.pause(0.1)
                if type(app.screen).__name__ == "UnlockScreen":
                    break
            assert type(app.screen).__name__ == "UnlockScreen", app.screen.query_one("#form-error").render()

    run(scenario())
    restored = Vault.open(target, PASS)
    try:
        from vault.records.documents import list_rows

        assert len(list_rows(restored)) == 5
    finally:
        restored.lock()
