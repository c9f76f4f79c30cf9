"""The whole job from the keyboard alone, in English and in Russian: no CLI, no vault API to do it.

Create, import a folder (PDF, JPEG, PNG), OCR, fix a document, add a condition,
link all three elements, a summons with its covering ambulance certificate, an
AGS letter with its receipt, board date and AGS period, read the gaps (checked
against the engine), export (checked by ``verify-export``), back up, lock,
unlock, rehearse panic, panic. The test reads the screen and the app's state to
know what a user would see; every change is made with keys.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import spravka
from tests.tui.conftest import PASS, TODAY, make, run, settle

pytestmark = [pytest.mark.tui, pytest.mark.skipif(shutil.which("tesseract") is None,
                                                  reason="tesseract is not installed")]

NAMES = {  # palette names, as the table gives them
    "en": {"condition": "Add condition", "link": "Link document", "summons": "Add summons",
           "letter": "Add letter", "board": "Set board date", "ags": "Set AGS period",
           "ocr": "Read text (OCR)", "backup": "Back up vault", "rehearse": "Rehearse panic"},
    "ru": {"condition": "Добавить заболевание", "link": "Привязать документ", "summons": "Добавить повестку",
           "letter": "Добавить письмо", "board": "Дата комиссии", "ags": "Период АГС",
           "ocr": "Распознать текст", "backup": "Резервная копия", "rehearse": "Репетиция паники"},
}


def scans(folder: Path) -> None:
    """The demo's generated scans, one of them as a JPEG and one as a PDF."""
    from PIL import Image

    from vault.demo import write_samples

    paths = write_samples(folder)
    with Image.open(paths[1]) as img:
        img.convert("RGB").save(paths[1].with_suffix(".jpg"), "JPEG")
    with Image.open(paths[0]) as img:
        img.convert("RGB").save(paths[0].with_suffix(".pdf"), "PDF")
    paths[0].unlink()
    paths[1].unlink()


class Keys:
    """Keyboard helpers: everything goes through ``pilot.press``."""

    def __init__(self, pilot: Any, lang: str) -> None:
        self.pilot, self.app, self.names = pilot, pilot.app, NAMES[lang]

    async def settle(self, extra: float = 0.0) -> None:
        from textual.worker import WorkerCancelled

        try:
            await settle(self.pilot, extra)
        except WorkerCancelled:  # locking cancels what is still running: nothing to wait for
            await self.pilot.pause()

    async def type(self, text: str) -> None:
        await self.pilot.press(*text)

    async def palette(self, what: str) -> None:
        await self.pilot.press("ctrl+p")
        await self.settle()
        await self.type(self.names[what])
        await self.settle(0.2)
        await self.pilot.press("enter")
        for _ in range(100):
            await self.pilot.pause(0.1)
            if type(self.app.screen).__name__ not in ("CommandPalette", "DashboardScreen"):
                break

    async def field(self, name: str) -> None:
        """Tab to the field ``#e-name`` (or ``#name``), as a user would."""
        for _ in range(30):
            if self.app.focused is not None and self.app.focused.id in (f"e-{name}", name, f"f-{name}"):
                return
            await self.pilot.press("tab")
        raise AssertionError(f"no field {name}")

    async def fill(self, name: str, text: str) -> None:
        await self.field(name)
        await self.pilot.press("end", "ctrl+u")  # clear what is there
        await self.type(text)

    async def choose(self, name: str, value: str) -> None:
        """Pick ``value`` in a Select: Enter opens the list, arrows move, Enter picks."""
        await self.field(name)
        select = self.app.focused
        values = [v for _p, v in select._options]
        start = values.index(select.value) if select.value in values else 0
        await self.pilot.press("enter")
        await self.pilot.pause()
        target = values.index(value)
        await self.pilot.press(*(["down"] * (target - start) if target >= start else ["up"] * (start - target)))
        await self.pilot.press("enter")
        await self.pilot.pause()
        assert select.value == value, (name, select.value, value)

    async def tick(self, name: str, value: str) -> None:
        """Tick ``value`` in a checklist: arrows move, Space ticks."""
        await self.field(name)
        checklist = self.app.focused
        index = [o.value for o in checklist.options].index(value)
        await self.pilot.press("home")
        await self.pilot.press(*(["down"] * index), "space")
        assert value in checklist.selected

    async def save(self) -> None:
        form = self.app.screen
        await self.pilot.press("ctrl+s")
        for _ in range(100):
            await self.settle()
            if self.app.screen is not form:
                return
        raise AssertionError(str(form.query_one("#form-error").render()))


def doc_ids(app: Any) -> dict[str, int]:
    rows = app.cache.get("docs") or ((), ())
    return {Path(r["original_name"]).stem: r["id"] for r in rows[0]}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_whole_job_from_the_keyboard(tmp_path: Path, lang: str) -> None:
    from vault.keys.kdf import TEST_PARAMS

    folder, vault_dir = tmp_path / "scans", tmp_path / "vault"
    scans(folder)
    out, backup = tmp_path / "lawyer.pdf", tmp_path / "vault.bak"
    seen: dict[str, Any] = {}

    async def scenario() -> None:
        app = make(vault_dir, lang=lang, kdf_params=TEST_PARAMS)
        async with app.run_test(size=(140, 50)) as pilot:
            k = Keys(pilot, lang)
            # create
            await k.type(PASS)
            await pilot.press("tab")
            await k.type(PASS)
            await pilot.press("enter")
            await k.settle()
            assert type(app.screen).__name__ == "SecretShownOnce"
            await pilot.press("enter")
            await k.settle()
            # import a folder
            await pilot.press("i")
            await k.settle()
            await k.type(str(folder))
            await pilot.press("enter")
            await k.settle(0.3)
            await k.settle()
            assert app.screen.query_one("#after-import").display
            await pilot.press("escape")
            await k.settle()
            # OCR
            await k.palette("ocr")
            for _ in range(600):
                await pilot.pause(0.2)
                if app.screen.finished:
                    break
            seen["ocr_read"] = app.screen.read
            await pilot.press("escape")
            await k.settle()
            # fix a document's fields: the PDF is the ambulance certificate
            await pilot.press("o")
            await k.settle()
            ids = doc_ids(app)
            table = app.screen.query_one("VirtualTable")
            while table.current_key != ids["vypiska_2019"]:
                await pilot.press("down")
            await pilot.press("enter")
            await k.settle()
            assert type(app.screen).__name__ == "EditorScreen"
            await k.choose("f-kind", "ambulance_certificate")
            await k.fill("f-issued", "15.09.2026")
            await k.fill("f-facility", "Станция скорой помощи №1")
            await k.fill("f-diagnosis", "Приступ бронхиальной астмы")
            await pilot.press("ctrl+s")
            await k.settle()
            await pilot.press("escape")
            await k.settle()
            await pilot.press("escape")
            await k.settle()
            # a condition: search by code, the article follows, a sub-item, primary
            await k.palette("condition")
            await k.type("J45")
            await k.settle()
            assert app.screen.query_one("#e-article").value == "52"
            await k.fill("icd10", "J45.0")
            await k.choose("subitem", "в")
            await k.field("primary")
            await pilot.press("space")
            await k.save()
            # link documents to the three elements
            for name, element in (("vypiska_2019", "history"), ("pulmonolog_2024", "current"),
                                  ("dispanser", "dispensary")):
                await k.palette("link")
                await k.choose("document", str(ids[name]))
                await k.choose("element", element)
                await k.save()
            # a summons covered by the ambulance certificate
            await k.palette("summons")
            await k.type("01.12.2026")
            await k.choose("channel", "registry")
            await k.tick("covering", str(ids["vypiska_2019"]))
            await k.save()
            # an AGS letter with its receipt
            await k.palette("letter")
            await k.choose("purpose", "ags")
            await k.fill("sent", "20.03.2026")
            await k.fill("tracking", "80099912345671")
            await k.choose("receipt", str(ids["kvitanciya"]))
            await k.save()
            # board date and AGS period
            await k.palette("board")
            await k.type("22.11.2026")
            await k.save()
            await k.palette("ags")
            await k.choose("ags_target_period", "2027-spring")
            await k.save()
            # read the gaps; the engine must say the same
            await k.settle(0.2)
            await k.settle()
            shown = {str(w.render()).split(":")[0].split()[-1] for w in app.screen.query(".gap")}
            from vault.records.report import compute_report

            seen["gaps"] = (shown, {g.code for g in compute_report(app.vault, TODAY).gaps})
            # export
            await pilot.press("e")
            await k.settle()
            await k.fill("out", str(out))
            await pilot.press("ctrl+s")
            for _ in range(300):
                await k.settle(0.1)
                if type(app.screen).__name__ == "SecretShownOnce":
                    break
            seen["password"] = str(app.screen.query_one("#secret").render())
            # the lawyer checks it (before the panic below removes tracked exports)
            seen["verified"] = spravka("verify-export", str(out), "--password-stdin", "--json",
                                       stdin=seen["password"] + "\n")
            await pilot.press("enter")
            await k.settle()
            await pilot.press("escape")
            await k.settle()
            # back up, lock, unlock
            await k.palette("backup")
            await pilot.press("end", "ctrl+u")
            await k.type(str(backup))
            await k.save()
            seen["backup"] = backup.exists() and backup.stat().st_size > 0
            await pilot.press("ctrl+l")
            await k.settle()
            assert type(app.screen).__name__ == "UnlockScreen"
            await k.type(PASS)
            await pilot.press("enter")
            await k.settle()
            await k.settle()
            assert type(app.screen).__name__ == "DashboardScreen"
            # rehearse panic, then panic
            await k.palette("rehearse")
            await pilot.press("ctrl+x", "ctrl+x")
            for _ in range(100):
                await k.settle(0.1)
                if app.screen.report is not None:
                    break
            seen["rehearsal"] = app.screen.seconds
            await pilot.press("escape")
            await k.settle()
            assert app.vault is not None  # the rehearsal left the real vault alone
            await pilot.press("ctrl+x", "ctrl+x")
            await pilot.pause(0.3)
            seen["panicked"] = app.panicked

    run(scenario())
    assert seen["ocr_read"] >= 3
    shown, engine = seen["gaps"]
    assert shown == engine
    res = seen["verified"]
    assert res.code == 0, res.err
    assert res.json()["ok"] is True and res.json()["documents"] == 5, res.out
    assert seen["backup"]
    assert seen["rehearsal"] is not None and seen["rehearsal"] < 2.5
    from vault.paths import VaultPaths

    assert seen["panicked"] and not VaultPaths(vault_dir).keyslots.exists()
