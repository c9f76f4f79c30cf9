"""SVG snapshots of the dashboard, documents and import screens, in Russian and English.

Fixed terminal size, fixed date (injected clock), a demo vault built for that
date, and the half-block preview renderer (deterministic, no terminal queries).
Update with ``--snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.tui.conftest import make, settle, unlock

SIZE = (120, 40)
LANGS = ["en", "ru"]


async def _open(pilot: Any, screen: str | None = None) -> None:
    await unlock(pilot)
    if screen:
        pilot.app.action_goto(screen)
        await settle(pilot, 0.3)
        await settle(pilot)
    if screen == "documents":  # the preview renders after a short debounce: wait for its picture
        pane = pilot.app.screen.query_one("#docs-preview")
        for _ in range(200):
            if pane.shown is not None:
                break
            await pilot.pause(0.05)
        await settle(pilot)


@pytest.mark.parametrize("lang", LANGS)
def test_dashboard(snap_compare: Any, demo_vault: Path, lang: str) -> None:
    async def before(pilot: Any) -> None:
        await _open(pilot)

    assert snap_compare(make(demo_vault, lang=lang), terminal_size=SIZE, run_before=before)


@pytest.mark.parametrize("lang", LANGS)
def test_documents(snap_compare: Any, demo_vault: Path, lang: str) -> None:
    async def before(pilot: Any) -> None:
        await _open(pilot, "documents")

    assert snap_compare(make(demo_vault, lang=lang), terminal_size=SIZE, run_before=before)


@pytest.mark.parametrize("lang", LANGS)
def test_import(snap_compare: Any, demo_vault: Path, tmp_path: Path, lang: str,
                monkeypatch: pytest.MonkeyPatch) -> None:
    from vault.demo import SAMPLES, write_samples

    write_samples(tmp_path / "scans", SAMPLES[:2])
    (tmp_path / "scans" / "readme.txt").write_text("not a scan")
    monkeypatch.chdir(tmp_path)

    async def before(pilot: Any) -> None:
        pilot.app.cache["import_root"] = Path("scans")
        await _open(pilot, "import")
        pilot.app.settings["auto_ocr"] = False  # background OCR timing must not enter the picture
        tree = pilot.app.screen.query_one("#tree")
        for _ in range(50):
            if len(tree.root.children) == 3:
                break
            await pilot.pause(0.05)
        pilot.app.screen.query_one("#path").value = "scans"
        await pilot.press("enter")
        await settle(pilot, 0.3)

    assert snap_compare(make(demo_vault, lang=lang), terminal_size=SIZE, run_before=before)


def test_documents_zoomed(snap_compare: Any, demo_vault: Path) -> None:
    """The half-block preview at zoom ×2, panned left and up: a cropped region at double scale."""

    async def before(pilot: Any) -> None:
        await _open(pilot, "documents")
        pilot.app.screen.query_one("#preview").focus()
        await pilot.press("plus", "left", "up")
        await pilot.pause(0.2)

    assert snap_compare(make(demo_vault, lang="en"), terminal_size=SIZE, run_before=before)
