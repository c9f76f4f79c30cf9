"""Read text (OCR) of the documents not yet read: a worker with progress; Esc cancels."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar, Static

from tui.i18n import _

if TYPE_CHECKING:
    from tui.app import SpravkaApp


class OcrScreen(ModalScreen[int]):
    """Dismissed with the number of documents that have text (read here or in the background)."""

    BINDINGS = [Binding("escape", "close", _("Cancel / back"), id="ocr.close",
                        tooltip=_("Stop reading and close"))]

    def __init__(self) -> None:
        super().__init__()
        self.cancel = threading.Event()
        self.read = 0
        self.finished = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Read text (OCR)"), classes="dialog-title")
            yield Static(_("Reading the scans on this computer (Tesseract, offline)…"), id="ocr-status")
            yield ProgressBar(id="ocr-progress", show_eta=False)
            yield Static("", id="ocr-results", classes="muted")

    def on_mount(self) -> None:
        background = getattr(self.app, "ocr", None)
        if background is not None:
            background.stop()  # one reader at a time; what it read is kept, the rest is read here
        self.run_ocr(self.app.vault)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, exit_on_error=False, group="ocr", description="ocr")
    def run_ocr(self, vault: Any) -> None:
        from vault.reading.ocr import ocr_pending, pending_ids
        from vault.records.documents import list_rows

        lines: list[str] = []
        try:
            for result in ocr_pending(vault, cancel=self.cancel,
                                      progress=lambda p: self.app.call_from_thread(self._progress, p)):
                lines.append(_("#{id}: {status}, {chars} characters").format(
                    id=result.document_id, status=_(result.status), chars=result.chars))
                self.app.call_from_thread(self._show, lines)
            # documents with text now, whether read here or earlier in the background
            self.read = len(list_rows(vault)) - len(pending_ids(vault))
        except Exception as err:  # noqa: BLE001 - Tesseract missing etc.: said, never fatal
            self.app.call_from_thread(self._done, str(err))
            return
        self.app.call_from_thread(self._done, "")

    def _progress(self, p: Any) -> None:
        self.query_one(ProgressBar).update(total=max(p.total, 1), progress=p.index)

    def _show(self, lines: list[str]) -> None:
        self.query_one("#ocr-results", Static).update("\n".join(lines[-12:]))

    def _done(self, error: str) -> None:
        self.finished = True
        bar = self.query_one(ProgressBar)
        bar.update(total=bar.total or 1, progress=bar.total or 1)
        text = error or _("Done: text read from {n} documents. Esc closes.").format(n=self.read)
        self.query_one("#ocr-status", Static).update(text)

    def on_unmount(self) -> None:
        self.cancel.set()

    def action_close(self) -> None:
        self.cancel.set()
        self.dismiss(self.read)


def read_text(app: SpravkaApp) -> None:
    from tui.actions import changed

    app.push_screen(OcrScreen(), callback=lambda n: changed(app, _("Text read from {n} documents.").format(n=n)))
