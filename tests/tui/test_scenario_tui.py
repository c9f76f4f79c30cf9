"""The opt-in scenario in the TUI: palette entry, form with explanation and privacy note,
the dashboard's scenario column only when it is on, the export tick box."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import make, run, settle, unlock


def test_scenario_form_saves_and_matrix_gains_the_column(demo_vault: Path) -> None:
    async def scenario() -> None:
        app = make(demo_vault)
        async with app.run_test(size=(140, 45)) as pilot:
            await unlock(pilot)
            table = app.screen.query_one("#matrix")
            assert "Scenario" not in [str(c.label) for c in table.columns.values()]

            from tui.commands import SpravkaCommands

            titles = [t for t, _h, _c in SpravkaCommands(app.screen)._commands()]
            assert "Profile: Trans scenario (opt-in)" in titles

            from tui.screens.scenario import ScenarioForm, open_scenario_form

            open_scenario_form(app)
            await settle(pilot)
            form = app.screen
            assert isinstance(form, ScenarioForm)
            assert "never guessed" in str(form.query_one("#scenario-privacy").render())
            assert "endocrinologist" in str(form.query_one("#scenario-explanation").render())
            assert form.focused is form.query_one("#s-scenario")
            form.query_one("#s-scenario").value = "afab-male-marker"
            form.query_one("#s-changed").value = "2026-09-20"
            await pilot.press("ctrl+s")
            await settle(pilot)

            from vault.records.profile import get_profile

            saved = get_profile(app.vault)
            assert saved["gender_scenario"] == "afab-male-marker" and saved["marker_changed_on"] == "2026-09-20"
            app.screen.action_refresh()
            await settle(pilot)
            labels = [str(c.label) for c in app.screen.query_one("#matrix").columns.values()]
            assert labels[-1] == "Scenario"
            gaps = " ".join(str(w.render()) for w in app.screen.query(".gap"))
            assert "COR-11" in gaps

            await pilot.press("e")
            await settle(pilot)
            assert app.screen.query_one("#scenario").value is False  # unticked by default

    run(scenario())
