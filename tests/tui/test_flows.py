"""Main paths: import a folder, review, edit, accept a suggestion, see a gap disappear."""

from __future__ import annotations

from pathlib import Path

from textual import events

from tests.tui.conftest import TODAY, Seen, make, run, settle, unlock


def _names(seen: list[object]) -> list[str]:
    return [type(m).__name__ for m in seen]


def test_import_folder_by_pasting_its_path(empty_vault: Path, tmp_path: Path) -> None:
    from vault.demo import SAMPLES, write_samples

    folder = tmp_path / "my scans"
    write_samples(folder, SAMPLES[:3])
    (folder / "copy.png").write_bytes((folder / SAMPLES[0].name).read_bytes())
    (folder / "notes.txt").write_text("not a scan")
    seen = Seen()

    async def scenario() -> None:
        app = make(empty_vault)
        async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
            await unlock(pilot)
            await pilot.press("i")
            await settle(pilot)
            assert type(app.screen).__name__ == "ImportScreen"
            field = app.screen.query_one("#path")
            field.post_message(events.Paste(f"  '{folder}'\n"))
            await pilot.pause()
            await pilot.press("enter")
            await settle(pilot)
            status = str(app.screen.query_one("#import-status").render())
            assert "Imported 3, duplicates 1, rejected 1" in status
            assert app.screen.query_one("#after-import").display
            await pilot.press("r")  # review the inbox
            await settle(pilot)
            assert type(app.screen).__name__ == "DocumentsScreen"
            assert app.screen.query_one("VirtualTable").row_count == 3

    run(scenario())
    results = [m.result.status for m in seen if type(m).__name__ == "FileImported"]
    assert sorted(results) == ["duplicate", "imported", "imported", "imported", "rejected"]
    finished = next(m for m in seen if type(m).__name__ == "ImportFinished")
    assert (finished.imported, finished.duplicates, finished.rejected) == (3, 1, 1)
    assert not finished.cancelled


def test_edit_accept_suggestion_and_gap_disappears(empty_vault: Path, tmp_path: Path) -> None:
    from tests.tui.conftest import PASS
    from vault.core import Vault
    from vault.demo import SAMPLES, write_samples
    from vault.importing.pipeline import ImportOptions, import_files
    from vault.records import conditions as records
    from vault.records import events as ev

    vault = Vault.open(empty_vault, PASS)
    [path] = write_samples(tmp_path / "one", SAMPLES[1:2])
    list(import_files(vault, [path], ImportOptions(kind="specialist_conclusion")))
    records.add_condition(vault, {"icd10": "J45.0", "article": "52", "subitem": "в", "primary": "yes"})
    ev.set_board_date(vault, "2026-11-22")
    vault.lock()
    seen = Seen()

    def codes() -> set[str]:
        report = [m for m in seen if type(m).__name__ == "ReportComputed"][-1].report
        return {g.code for g in report.gaps}

    async def scenario() -> None:
        app = make(empty_vault)
        async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
            await unlock(pilot)
            assert {"MED-01", "DOC-05"} <= codes()
            await pilot.press("o")
            await settle(pilot, 0.3)
            await settle(pilot)
            rendered = [m for m in seen if type(m).__name__ == "PageRendered"]
            assert rendered and not isinstance(rendered[-1].image, str)
            await pilot.press("enter")
            await settle(pilot)
            assert type(app.screen).__name__ == "EditorScreen"
            app.screen.query_one("#f-icd10").value = "J45.0"
            app.screen.query_one("#f-issued").value = "01.09.2026"
            app.screen.query_one("#f-diagnosis").value = "Бронхиальная астма"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen.query_one("#suggestions").children
            app.screen.query_one("#suggestions").focus()
            await pilot.press("a")
            await settle(pilot)
            await pilot.press("escape", "escape")
            await settle(pilot)
            assert type(app.screen).__name__ == "DashboardScreen"
            gone = codes()
            assert "MED-01" not in gone and "DOC-05" not in gone

    run(scenario())
    saved = next(m for m in seen if type(m).__name__ == "DocumentSaved")
    assert saved.fields == ["diagnosis", "icd10", "issued"]
    accepted = next(m for m in seen if type(m).__name__ == "SuggestionAccepted")
    assert accepted.document_id == 1 and accepted.element == "current"
    vault = Vault.open(empty_vault, PASS)
    try:
        from vault.records.documents import show

        assert show(vault, 1)["issued"] == "2026-09-01"
    finally:
        vault.lock()


def test_filter_timeline_settings_and_palette(demo_vault: Path) -> None:
    seen = Seen()

    async def scenario() -> None:
        app = make(demo_vault)
        async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
            await unlock(pilot)
            dash = str(app.screen.query_one("#countdown").render())
            assert "45 days left" in dash
            await pilot.press("o")
            await settle(pilot)
            table = app.screen.query_one("VirtualTable")
            assert table.row_count == 5
            await pilot.press("slash", *"пульмо")
            assert table.row_count == 1
            await pilot.press("ctrl+a", "ctrl+k")
            assert table.row_count == 5
            await pilot.press("enter", "t")
            await settle(pilot)
            assert type(app.screen).__name__ == "TimelineScreen"
            before = app.screen.query_one("VirtualTable").row_count
            await pilot.press("n")
            await settle(pilot)  # the form opens once the document list is read
            app.screen.query_one("#e-appear_on").value = "22.11.2026"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen.query_one("VirtualTable").row_count == before + 1
            await pilot.press("s")
            await settle(pilot)
            app.screen.query_one("#autolock").value = "7"
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.settings["auto_lock_minutes"] == 7
            assert app.idle.seconds == 600  # an injected timeout wins
            titles = [c.title for c in app.get_system_commands(app.screen)]
            assert "Screenshot" not in titles and "Theme" in titles
            from tui.commands import SpravkaCommands

            labels = [t for t, _h, _c in SpravkaCommands(app.screen)._commands()]
            assert any("Rehearse" in t for t in labels) and any("Lock" in t for t in labels)

    run(scenario())
    from tests.tui.conftest import PASS
    from vault.core import Vault
    from vault.records.events import list_summonses
    from vault.records.settings import get_setting

    vault = Vault.open(demo_vault, PASS)
    try:
        assert "2026-11-22" in [s["appear_on"] for s in list_summonses(vault)]
        assert get_setting(vault, "auto_lock_minutes") == 7
    finally:
        vault.lock()
    assert TODAY.year == 2026


def test_export_shows_password_once_and_lock_screen_shows_the_copy(demo_vault: Path, tmp_path: Path) -> None:
    seen = Seen()
    out = tmp_path / "for-lawyer.pdf"

    async def scenario() -> None:
        app = make(demo_vault)
        async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
            await unlock(pilot)
            assert "No lawyer’s copy yet" in str(app.screen.query_one("#lawyer").render())
            await pilot.press("e")
            await settle(pilot)
            app.screen.query_one("#out").value = str(out)
            await pilot.press("ctrl+s")
            await settle(pilot, 0.3)
            await settle(pilot)
            assert type(app.screen).__name__ == "SecretShownOnce"
            password = str(app.screen.query_one("#secret").render())
            await pilot.click("#written")
            await pilot.press("ctrl+l")
            await pilot.pause()
            note = str(app.screen.query_one("#lawyer-note").render())
            assert "2026-10-01" in note and "0 changes since" in note
            assert password and password not in str(app.screen.query_one("#lawyer-note").render())

    run(scenario())
    [finished] = seen.of("ExportFinished")
    assert finished.result is not None and Path(finished.result.path) == out and out.exists()
    assert finished.result.format == "pdf" and len(finished.result.document_ids) == 5
