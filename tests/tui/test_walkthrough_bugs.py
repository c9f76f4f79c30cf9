"""Regression tests for what the new-user walk-through found (issue 14), each failing before its fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events

from tests.tui.conftest import PASS, make, run, settle, unlock


def burst(app: Any, *parts: str) -> None:
    """Post keys straight onto the app's queue, as a paste or auto-type delivers them."""
    for part in parts:
        if part in ("tab", "enter", "ctrl+s"):
            app.post_message(events.Key(part, None))
            continue
        for ch in part:
            app.post_message(events.Key("space" if ch == " " else ch, ch))


def _with(vault_dir: Path, write: Any) -> None:
    from vault.core import Vault

    vault = Vault.open(vault_dir, PASS)
    try:
        write(vault)
    finally:
        vault.lock()


def test_burst_on_create_fills_both_fields(tmp_path: Path) -> None:
    async def scenario() -> tuple[str, str]:
        app = make(tmp_path / "new")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            burst(app, "first part", "tab", "second part")
            await pilot.pause(0.3)
            return app.screen.query_one("#pass1").value, app.screen.query_one("#pass2").value

    assert run(scenario()) == ("first part", "second part")


def test_burst_on_unlock_submits_after_the_last_key(empty_vault: Path) -> None:
    async def scenario() -> str:
        app = make(empty_vault)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            burst(app, PASS, "enter")
            await settle(pilot, 0.2)
            await settle(pilot)
            return type(app.screen).__name__

    assert run(scenario()) == "DashboardScreen"


def test_forms_focus_first_field_enter_moves_and_required_is_named(demo_vault: Path) -> None:
    async def scenario() -> None:
        app = make(demo_vault)
        async with app.run_test(size=(120, 40)) as pilot:
            await unlock(pilot)
            await pilot.press("t")
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            assert app.focused is not None and app.focused.id == "e-appear_on"
            await pilot.press(*"5.11.2026", "enter")
            assert app.focused.id == "e-received"
            app.screen.query_one("#e-appear_on").value = ""
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert type(app.screen).__name__ == "RecordForm"  # not saved half-filled
            assert "Fill in: Appear on" in str(app.screen.query_one("#form-error").render())
            assert app.focused.id == "e-appear_on"

    run(scenario())


def test_palette_key_survives_the_switch_to_russian(demo_vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vault.records.settings import set_setting

    monkeypatch.delenv("SPRAVKA_LANG", raising=False)
    _with(demo_vault, lambda v: set_setting(v, "language", "ru"))

    async def scenario() -> None:
        app = make(demo_vault, lang=None)
        app.lang_forced = None
        async with app.run_test(size=(120, 40)) as pilot:
            await unlock(pilot)
            assert str(app.screen.query_one("#countdown").render()).startswith("Комиссия")
            keys = [b.action for _k, b in app._bindings]
            assert "command_palette" in keys
            await pilot.press("ctrl+p")
            await settle(pilot)
            assert type(app.screen).__name__ == "CommandPalette"

    run(scenario())


def test_dashboard_shows_gap_sources_and_summons_dates(demo_vault: Path) -> None:
    from vault.records.events import add_summons

    _with(demo_vault, lambda v: add_summons(v, {"appear_on": "2026-10-20"}))

    async def scenario() -> tuple[list[str], str]:
        app = make(demo_vault)
        async with app.run_test(size=(120, 40)) as pilot:
            await unlock(pilot)
            gaps = [str(w.render()) for w in app.screen.query(".gap")]
            return gaps, str(app.screen.query_one("#deadlines").render())

    gaps, deadlines = run(scenario())
    assert gaps and all("(source: )" not in g for g in gaps)
    assert any("(source: [" in g for g in gaps)
    assert "2026-10-20" in deadlines and "summons" in deadlines


def test_documents_pgdn_turns_pages_and_enter_opens_a_lone_row(demo_vault: Path) -> None:
    async def scenario() -> None:
        app = make(demo_vault)
        async with app.run_test(size=(120, 40)) as pilot:
            await unlock(pilot)
            await pilot.press("o")
            await settle(pilot)
            table = app.screen.query_one("VirtualTable")
            assert table.cursor == 0
            await pilot.press("pagedown")
            await settle(pilot)
            assert table.cursor == 0  # the list stays; the preview would turn
            await pilot.press("slash", *"пульмо")
            assert table.row_count == 1
            await pilot.press("enter")
            await settle(pilot)
            assert type(app.screen).__name__ == "EditorScreen"

    run(scenario())


def test_russian_chosen_in_settings_applies_at_once_even_to_unlock(demo_vault: Path) -> None:
    async def scenario() -> tuple[str, str]:
        app = make(demo_vault)
        async with app.run_test(size=(120, 40)) as pilot:
            await unlock(pilot)
            await pilot.press("s")
            await settle(pilot)
            app.screen.query_one("#language").value = "ru"
            await pilot.press("ctrl+s")
            await settle(pilot)
            title = str(app.screen.query_one("#countdown").render())
            await pilot.press("ctrl+l")
            await settle(pilot)
            return title, app.screen.query_one("#secret").placeholder

    title, placeholder = run(scenario())
    assert title.startswith("Комиссия")
    assert placeholder == "Пароль или ключ восстановления"


def test_help_rows_are_russian_on_every_screen(demo_vault: Path) -> None:
    english: set[str] = set()

    async def scenario() -> None:
        app = make(demo_vault, lang="ru")
        async with app.run_test(size=(120, 40)) as pilot:
            await unlock(pilot)
            for name in ("dashboard", "documents", "import", "timeline", "export", "settings"):
                app.action_goto(name)
                await settle(pilot)
                await pilot.press("f1")
                await settle(pilot)
                table = app.screen.query_one("#help-keys")
                for row in range(table.row_count):
                    for cell in table.get_row_at(row)[1:]:
                        if str(cell) and not any("а" <= ch.lower() <= "я" for ch in str(cell)):
                            english.add(str(cell))
                await pilot.press("escape")
                await settle(pilot)

    run(scenario())
    assert sorted(english) == []


def test_first_ctrl_x_warns_full_width_and_wipes_nothing(demo_vault: Path) -> None:
    async def scenario() -> tuple[str, int, bool]:
        app = make(demo_vault)
        async with app.run_test(size=(120, 40)) as pilot:
            await unlock(pilot)
            await pilot.press("ctrl+x")
            await pilot.pause()
            warning = app.screen.query_one("#panic-warning")
            return str(warning.render()), warning.size.width, app.vault is not None

    text, width, still_open = run(scenario())
    assert "Press Ctrl+X again within 2 s to destroy the vault" in text
    assert width == 120 and still_open
    assert (demo_vault / "k").exists() or any(demo_vault.iterdir())


def test_dashboard_adds_and_edits_a_condition(demo_vault: Path) -> None:
    from vault.records.conditions import list_conditions

    async def scenario() -> None:
        app = make(demo_vault)
        async with app.run_test(size=(120, 40)) as pilot:
            await unlock(pilot)
            app.screen.query_one("#matrix").focus()
            await pilot.press("enter")
            await settle(pilot)
            assert type(app.screen).__name__ == "ConditionForm"
            assert app.screen.query_one("#e-icd10").value == "J45.0"
            await pilot.press("tab", "tab", "tab", "tab", "tab", *"seen by a pulmonologist", "ctrl+s")
            await settle(pilot)
            assert type(app.screen).__name__ == "DashboardScreen"
            await pilot.press("c")
            await settle(pilot)
            assert type(app.screen).__name__ == "ConditionForm" and app.focused.id == "e-search"

    run(scenario())
    notes: list[str] = []
    _with(demo_vault, lambda v: notes.extend(c["notes"] for c in list_conditions(v)))
    assert "seen by a pulmonologist" in notes


def test_russian_dashboard_texts_are_not_cut_off(empty_vault: Path) -> None:
    async def scenario() -> str:
        app = make(empty_vault, lang="ru")
        async with app.run_test(size=(120, 40)) as pilot:
            await unlock(pilot)
            return app.export_screenshot()

    import html

    text = html.unescape(run(scenario())).replace("\xa0", " ")
    assert "Заболевание ещё не добавлено" in text
