"""Catalog completeness on screen: in Russian mode no English catalog string is visible anywhere."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from tests.tui.conftest import make, run, settle, unlock
from tests.tui.test_palette import TABLE


def visible(app: Any) -> str:
    """The text of the current frame, taken from Textual's SVG export (nothing is written to disk)."""
    svg = app.export_screenshot()
    return "".join(html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)).replace("\xa0", " ")


def english_on(text: str) -> list[str]:
    """English catalog sources (whole phrases of two words or more) that appear untranslated."""
    from tui.locale.ru import CATALOG

    squeezed = " ".join(text.split())
    return sorted(src for src, ru in CATALOG.items()
                  if src != ru and len(src.split()) >= 2 and "{" not in src and src in squeezed)


def test_no_english_on_any_screen_in_russian(demo_vault: Path) -> None:
    found: dict[str, list[str]] = {}

    async def scenario() -> None:
        app = make(demo_vault, lang="ru")
        async with app.run_test(size=(140, 50)) as pilot:
            await pilot.pause()
            found["unlock"] = english_on(visible(app))
            await unlock(pilot)
            for name in ("dashboard", "documents", "import", "timeline", "export", "settings"):
                app.action_goto(name)
                await settle(pilot, 0.2)
                found[name] = english_on(visible(app))
                await pilot.press("f1")
                await settle(pilot)
                found[f"{name} help"] = english_on(visible(app))
                await pilot.press("escape")
                await settle(pilot)
            app.action_goto("dashboard")
            await settle(pilot)
            for _en, ru, _screen in TABLE[1:-1]:
                if ru == "Распознать текст":
                    continue  # runs Tesseract; its screen's strings are checked by the catalog test
                await pilot.press("ctrl+p")
                await settle(pilot)
                await pilot.press(*ru)
                await settle(pilot, 0.2)
                await pilot.press("enter")
                await settle(pilot, 0.2)
                found[ru] = english_on(visible(app))
                while len(app.screen_stack) > 2:
                    app.pop_screen()
                    await pilot.pause()
                app.action_goto("dashboard")
                await settle(pilot)

    run(scenario())
    assert {k: v for k, v in found.items() if v} == {}
    assert len(found) > 20


def test_the_check_sees_english() -> None:
    assert english_on("Запереть  Next field:\ndrop the key ok") == ["Next field"]
