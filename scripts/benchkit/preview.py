"""Preview and background-OCR figures (report-only), measured in the real TUI widgets.

``preview_first_frame_ms``: from asking the documents screen's preview pane for
a document it has not shown yet to the page being on screen (decrypt, render,
and for graphics encode), median over several documents; half blocks and Kitty.
``ocr_background_pages_per_s``: pages read per second by the app's background
OCR worker on freshly imported generated certificates, with the same pages read
by ``ocr_image`` directly in the same run as the baseline (note).
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from scripts.benchkit.model import Figure, failed, info

PASS = "bench passphrase for previews"


def _vault_with_pages(root: Path, count: int) -> tuple[Any, list[Any]]:
    from tests.unit.reading.gen import make_sample
    from vault.core import Vault
    from vault.importing.pipeline import import_files
    from vault.keys.kdf import TEST_PARAMS

    vault, _key = Vault.create(root / "v", PASS, params=TEST_PARAMS)
    samples = [make_sample(7000 + i, dpi=150) for i in range(count)]
    paths = []
    for i, sample in enumerate(samples):
        path = root / f"page{i}.png"
        sample.image.save(path)
        paths.append(path)
    list(import_files(vault, paths))
    for path in paths:
        path.unlink()
    return vault, samples


async def _wait(pilot: Any, check: Any, timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        await pilot.pause(0.01)


async def _first_frames(vault: Any, protocol: str) -> list[float]:
    from tui.app import make_app
    from tui.screens.documents import DocumentsScreen

    os.environ["SPRAVKA_GRAPHICS"] = protocol
    app = make_app(Path(tempfile.gettempdir()) / "no-vault", lang="en", idle_lock_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        app.vault, app.settings = vault, {}
        await app.push_screen(DocumentsScreen())
        screen = app.screen
        await _wait(pilot, lambda: len(screen.docs) > 0)
        pane = screen.query_one("#docs-preview")
        await _wait(pilot, lambda: pane.shown is not None)  # the first row's preview: warm-up
        times = []
        for doc in list(screen.docs.values())[1:]:
            start = time.perf_counter()
            pane.show(doc, delay=0)
            await _wait(pilot, lambda doc=doc: pane.shown == (doc["id"], 0))
            times.append(time.perf_counter() - start)
        app.vault = None
    return times


async def _background(vault: Any) -> tuple[float, int]:
    from tui.app import make_app

    app = make_app(Path(tempfile.gettempdir()) / "no-vault", lang="en", idle_lock_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        app.vault, app.settings = vault, {}
        start = time.perf_counter()
        app.ocr.start(automatic=True)
        await _wait(pilot, lambda: not app.ocr.state.running)
        seconds = time.perf_counter() - start
        if app.ocr.state.error:
            raise RuntimeError(app.ocr.state.error)
        pages = app.ocr.state.pages_done
        app.vault = None
    return seconds, pages


def preview_figures(quick: bool) -> list[Figure]:
    from vault.reading import ocr

    count = 4 if quick else 8
    saved = os.environ.get("SPRAVKA_GRAPHICS")
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        vault, samples = _vault_with_pages(Path(tmp), count)
        try:
            blocks = asyncio.run(_first_frames(vault, "none"))
            kitty = asyncio.run(_first_frames(vault, "kitty"))
            figures.append(info("preview_first_frame_ms", statistics.median(blocks) * 1000, "ms",
                                f"half blocks, median of {len(blocks)} documents (A5 scans at 150 dpi, 875x1240 px); "
                                f"Kitty at native size {statistics.median(kitty) * 1000:.0f} ms"))
            if not ocr.available():
                return [*figures, failed("ocr_background_pages_per_s", "pages/s", "report",
                                         "tesseract with rus+eng not installed")]
            seconds, pages = asyncio.run(_background(vault))
            start = time.perf_counter()
            for sample in samples:
                ocr.ocr_image(sample.image)
            direct = len(samples) / (time.perf_counter() - start)
            figures.append(info("ocr_background_pages_per_s", pages / seconds, "pages/s",
                                f"{pages} pages through the TUI worker; ocr_image directly on the same "
                                f"pages in this run: {direct:.2f} pages/s"))
        finally:
            vault.lock()
            if saved is None:
                os.environ.pop("SPRAVKA_GRAPHICS", None)
            else:
                os.environ["SPRAVKA_GRAPHICS"] = saved
    return figures


GROUPS = {"preview": preview_figures}
