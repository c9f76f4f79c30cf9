"""Settings: re-key from the TUI, and the signing fingerprint on Settings and Export."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.conftest import PASS, make, run, settle, unlock


def test_rekey_from_settings_and_fingerprint_shown(empty_vault: Path) -> None:
    from vault.core import Vault
    from vault.errors import DatabaseDamaged
    from vault.info import signing_fingerprint

    with Vault.open(empty_vault, PASS) as v:
        before = signing_fingerprint(v)
    old_slots = (empty_vault / "k").read_bytes()
    shown: dict[str, str] = {}

    async def scenario() -> None:
        app = make(empty_vault)
        async with app.run_test(size=(140, 45)) as pilot:
            await unlock(pilot)
            await pilot.press("s")
            await settle(pilot)
            assert before in str(app.screen.query_one("#fingerprint").render())
            from tui.commands import SpravkaCommands

            labels = [t for t, _h, _c in SpravkaCommands(app.screen)._commands()]
            assert sum("Re-key" in t for t in labels) == 2  # global entry + this screen's
            app.screen.ask_rekey()
            await pilot.pause()
            app.screen.query_one("#field0").value = PASS
            await pilot.click("#ok")
            await settle(pilot)
            await settle(pilot)
            assert type(app.screen).__name__ == "SecretShownOnce"
            shown["key"] = app.screen.secret
            await pilot.click("#written")
            await settle(pilot)
            after = str(app.screen.query_one("#fingerprint").render())
            assert before not in after
            await pilot.press("e")
            await settle(pilot)
            assert "fingerprint" in str(app.screen.query_one("#fingerprint").render())

    run(scenario())
    with Vault.open(empty_vault, shown["key"]) as v:
        assert signing_fingerprint(v) != before
    (empty_vault / "k").write_bytes(old_slots)
    with pytest.raises(DatabaseDamaged):
        Vault.open(empty_vault, PASS)
