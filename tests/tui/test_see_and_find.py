"""See and find (issue 17): background OCR after an import, search in the UI, zoom, delete, titles."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.tui.conftest import PASS, make, run, settle, unlock
from vault.reading.ocr import available

needs_tesseract = pytest.mark.skipif(not available(), reason="tesseract with rus+eng not installed")


def clean_scan(lines: list[str], path: Path) -> Path:
    """A plain 150 dpi page of Russian text (readable by Tesseract in about a second)."""
    from PIL import Image, ImageDraw, ImageFont

    from tests.unit.reading.gen import FONT

    page = Image.new("L", (875, 1240), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 23)
    for n, line in enumerate(lines):
        draw.text((70, 90 + n * 40), line, font=font, fill=0)
    page.save(path)
    return path


def wait_until(pilot: Any, check: Any, timeout: float = 90.0) -> Any:
    async def waiter() -> None:
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                raise AssertionError("timed out")
            await pilot.pause(0.1)

    return waiter()


@needs_tesseract
def test_five_scans_are_read_in_the_background_then_cancelled_and_resumed_after_unlock(empty_vault: Path,
                                                                           tmp_path: Path) -> None:
    from tests.unit.reading.gen import make_sample

    folder = tmp_path / "scans"
    folder.mkdir()
    for i in range(5):
        make_sample(2000 + i, degrade=False).image.save(folder / f"scan{i}.png")

    async def scenario() -> None:
        app = make(empty_vault)
        async with app.run_test(size=(120, 40)) as pilot:
            await unlock(pilot)
            app.action_goto("import")
            await settle(pilot)
            app.screen.query_one("#path").value = str(folder)
            await pilot.press("enter")  # the import itself; OCR needs no key
            await wait_until(pilot, lambda: (app.ocr.state.running and app.ocr.state.pages_done >= 1) or bool(app.ocr.state.error), 30)
            assert not app.ocr.state.error, app.ocr.state.error
            status = app.screen.query_one("#ocr-status")
            await wait_until(pilot, lambda: "pages done" in str(status.render()), 5)
            assert "of 5 pages done" in str(status.render())
            assert app.ocr.state.pages_total == 5
            await pilot.press("escape")  # stops reading; the import is over, so Esc means that
            await wait_until(pilot, lambda: not any(w.name == "ocr" and not w.is_finished for w in app.workers))
            assert type(app.screen).__name__ == "ImportScreen"  # Esc stopped OCR instead of leaving
            assert app.ocr.state.stopped and app.ocr.state.pages_done < 5
            from vault.reading.ocr import pending_ids

            left = pending_ids(app.vault)
            assert 0 < len(left) < 5
            await pilot.pause(0.5)
            assert "stopped" in str(status.render())

            await pilot.press("ctrl+l")  # lock: the worker is gone, and resumes at the next unlock
            await pilot.pause(0.2)
            assert app.vault is None and app.ocr.suggestions == {}
            await unlock(pilot)
            await wait_until(pilot, lambda: app.ocr.state.running or app.ocr.state.pages_total > 0, 10)
            await wait_until(pilot, lambda: not app.ocr.state.running)
            assert pending_ids(app.vault) == []
            assert not app.ocr.state.error
            from vault.records.settings import get_setting

            assert get_setting(app.vault, "ocr_interrupted") is False  # finished: nothing to resume
            # suggestions (kind, date, ICD-10, tracking) arrived for every document read in the 2nd run
            for doc_id in left:
                fields = {s.field for s in app.ocr.suggestions[doc_id]}
                assert {"issued", "icd10", "tracking"} <= fields, fields
            app.action_goto("documents")
            await pilot.pause(0.3)
            await settle(pilot)
            app.screen.query_one("#filter").value = ""
            table = app.screen.query_one("#docs")
            table.cursor = [r[0] for r in table.rows].index(left[0])
            await pilot.pause(0.2)
            details = str(app.screen.query_one("#details").render())
            assert "Suggested from the text (not applied)" in details and "ICD-10: J45" in details
            from vault.records.documents import show

            assert show(app.vault, left[0])["icd10"] == []  # never applied silently
            await pilot.press("ctrl+l")
            await pilot.pause(0.2)
            assert app.ocr.suggestions == {} and app.vault is None

    run(scenario())


@needs_tesseract
def test_searching_in_the_ui_finds_a_word_in_the_ocr_text(empty_vault: Path, tmp_path: Path) -> None:
    from vault.core import Vault
    from vault.importing.pipeline import import_files
    from vault.reading.ocr import ocr_pending

    vault = Vault.open(empty_vault, PASS)
    paths = [clean_scan(["ВЫПИСКА ИЗ МЕДИЦИНСКОЙ КАРТЫ", "Обострение бронхиальной астмы", "с января 2026 г."],
                        tmp_path / "a.png"),
             clean_scan(["СПРАВКА", "Здоров, ограничений нет"], tmp_path / "b.png")]
    ids = [r.document_id for r in import_files(vault, paths)]
    assert [r.status for r in ocr_pending(vault)] == ["done", "done"]
    vault.lock()

    async def scenario() -> None:
        app = make(empty_vault)
        async with app.run_test(size=(120, 40)) as pilot:
            await unlock(pilot)
            app.action_goto("documents")
            await pilot.pause(0.3)
            await settle(pilot)
            await pilot.press("slash", *"обострение")
            table = app.screen.query_one("#docs")
            await wait_until(pilot, lambda: [r[0] for r in table.rows] == [ids[0]], 10)
            [(_key, cells, _flag)] = table.rows
            assert "Обострение бронхиальной астмы" in cells[-1]  # the matching line
            table.focus()  # back to the table (Enter on a lone row would open it), the hit highlighted
            await pilot.pause(0.5)
            await settle(pilot)
            pane = app.screen.query_one("#docs-preview")
            shown = pane.query_one("#page-text").render()
            hits = [shown.plain[sp.start:sp.end] for sp in shown.spans if sp.style.reverse]
            assert hits == ["Обострение"]  # the hit is highlighted in the Text tab

    run(scenario())


def test_zoom_shows_a_cropped_region_at_double_scale() -> None:
    from PIL import Image

    from tui.widgets.scan_preview import crop_view, image_to_strips

    img = Image.new("RGB", (400, 400), "white")
    img.paste((0, 0, 0), (0, 0, 200, 200))  # the top-left quarter is black
    whole = image_to_strips(img, 40, 20)
    zoomed = crop_view(img, 2, (0.0, 0.0))
    assert zoomed.size == (200, 200)
    strips = image_to_strips(zoomed, 40, 20)
    assert len(strips) == len(whole) and strips[0].cell_length == whole[0].cell_length  # double scale
    colours = {s.style.color.get_truecolor() for strip in strips for s in strip if s.style}  # type: ignore[union-attr]
    assert colours == {(0, 0, 0)}  # only the black quarter is shown, filling the box


def test_deleting_in_the_ui_asks_with_links_then_removes(demo_vault: Path) -> None:
    async def scenario() -> None:
        app = make(demo_vault)
        async with app.run_test(size=(120, 40)) as pilot:
            await unlock(pilot)
            app.action_goto("documents")
            await pilot.pause(0.3)
            await settle(pilot)
            table = app.screen.query_one("#docs")
            first = table.current_key
            before = len(table.rows)
            await pilot.press("delete")
            await settle(pilot)
            dialog = app.screen
            assert type(dialog).__name__ == "ConfirmDialog"
            assert "linked to" in dialog.question and "cannot be undone" in dialog.question
            await pilot.press("enter")  # Cancel is focused: a stray Enter deletes nothing
            await settle(pilot)
            assert len(app.screen.query_one("#docs").rows) == before
            await pilot.press("delete")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            await settle(pilot)
            rows = app.screen.query_one("#docs").rows
            assert len(rows) == before - 1 and first not in [r[0] for r in rows]

    run(scenario())


def test_a_setting_turns_automatic_ocr_off(demo_vault: Path) -> None:
    async def scenario() -> None:
        app = make(demo_vault)
        async with app.run_test(size=(120, 40)) as pilot:
            await unlock(pilot)
            app.action_goto("settings")
            await settle(pilot)
            app.screen.query_one("#auto-ocr").value = "off"
            await pilot.press("ctrl+s")
            await settle(pilot)
            from vault.records.settings import get_setting

            assert get_setting(app.vault, "auto_ocr") is False
            assert app.ocr.start(automatic=True) is False  # what an import calls
            assert not any(w.name == "ocr" for w in app.workers)

    run(scenario())


def test_page_keys_turn_pages_rotation_and_the_editor_shows_the_page(empty_vault: Path, tmp_path: Path) -> None:
    from tests.corpus.make_corpus import cyrillic_pdf
    from vault.core import Vault
    from vault.importing.pipeline import import_files

    (tmp_path / "two.pdf").write_bytes(cyrillic_pdf(2))
    vault = Vault.open(empty_vault, PASS)
    list(import_files(vault, [tmp_path / "two.pdf"]))
    vault.lock()

    async def scenario() -> None:
        app = make(empty_vault)
        async with app.run_test(size=(120, 40)) as pilot:
            await unlock(pilot)
            app.action_goto("documents")
            await pilot.pause(0.3)
            await settle(pilot)
            pane = app.screen.query_one("#docs-preview")
            await wait_until(pilot, lambda: pane.shown == (1, 0), 20)
            await pilot.press("right_square_bracket")  # as the help says: ] next page
            await wait_until(pilot, lambda: pane.shown == (1, 1), 20)
            assert app.screen.query_one("#preview").caption == "Page 2 of 2"
            portrait = app.screen.query_one("#preview")._image.size
            await pilot.press("ctrl+r")  # turn page 2 by 90°: stored as a view transform
            await wait_until(pilot, lambda: app.screen.query_one("#preview")._image is not None
                             and app.screen.query_one("#preview")._image.size == portrait[::-1], 20)
            from vault.records.documents import show

            assert show(app.vault, 1)["rotation"] == {"2": 90}
            await pilot.press("left_square_bracket")
            await wait_until(pilot, lambda: pane.shown == (1, 0), 20)
            await pilot.press("enter")
            await settle(pilot)
            assert type(app.screen).__name__ == "EditorScreen"
            editor_pane = app.screen.query_one("#editor-preview")
            await wait_until(pilot, lambda: editor_pane.shown == (1, 0), 20)  # the page beside the fields
            focused = app.screen.focused
            assert focused is None or editor_pane not in focused.ancestors_with_self  # typing goes to the form

    run(scenario())


def test_titles_in_the_list_and_the_timeline() -> None:
    from tui.model import build_index, timeline_rows

    docs = [{"id": 1, "kind": "other", "issued": "2026-01-02", "facility": "ГП №3", "title_typed": ""},
            {"id": 2, "kind": "other", "issued": "2026-01-03", "facility": "", "title_typed": "Мой анализ",
             "original_name": "scan-0042.jpg"}]
    index = build_index(docs)
    assert index.rows[0][1][1].endswith("02.01.2026 · ГП №3")  # built: kind · date · facility
    assert index.rows[1][1][1] == "Мой анализ"
    assert [r[0] for r in index.filter("0042")] == [2]  # the original file name is searchable
    details = [r[3][2] for r in timeline_rows([], [], [], docs)]
    assert details[1] == "#2 Мой анализ"


def test_kitty_images_are_deleted_when_the_picture_is_covered(demo_vault: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.widgets.graphics import KITTY_CLEAR

    monkeypatch.setenv("SPRAVKA_GRAPHICS", "kitty")
    monkeypatch.delenv("TMUX", raising=False)

    async def scenario() -> None:
        app = make(demo_vault)
        async with app.run_test(size=(120, 40)) as pilot:
            sent: list[str] = []
            app._driver.write = sent.append  # what the terminal would receive
            await unlock(pilot)
            app.action_goto("documents")
            await pilot.pause(0.3)
            await settle(pilot)
            preview = app.screen.query_one("#preview")
            await wait_until(pilot, lambda: bool(preview.sequence) and any(preview.sequence in s for s in sent), 20)
            assert preview._image is None  # the terminal draws it: no pixels kept here
            sent.clear()
            app.screen.query_one("#preview-tabs").active = "tab-text"
            await wait_until(pilot, lambda: any(KITTY_CLEAR in s for s in sent), 5)
            sent.clear()
            app.screen.query_one("#preview-tabs").active = "tab-picture"
            await wait_until(pilot, lambda: any(preview.sequence in s for s in sent), 5)
            sent.clear()
            await pilot.press("enter")  # the editor covers the list
            await settle(pilot)
            assert any(KITTY_CLEAR in s for s in sent)

    run(scenario())
