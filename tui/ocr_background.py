"""Text read in the background: OCR of new documents in an app worker, cancellable, resumable.

Started after an import (unless the ``auto_ocr`` setting is off), from the
palette, or at unlock when the last run was stopped (the ``ocr_interrupted``
setting, set when a run starts and cleared when it ends). It calls ``vault.reading.ocr.ocr_pending`` (the public API; its
internals may run pages in parallel) with a cancel event: Esc or locking sets
it, the page in flight is abandoned and nothing of that document is stored, so
the next run simply starts from what is still pending. Suggestions drawn from
each document's text are kept here for the inbox to show; they are never
applied. Locking drops them with the worker (pages lived only in its frame).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from tui.i18n import _

SUGGESTED_FIELDS = ("kind", "issued", "icd10", "tracking")


@dataclass
class OcrState:
    """What the progress line shows; written by the worker, read by the UI (plain ints)."""

    running: bool = False
    stopped: bool = False
    pages_done: int = 0
    pages_total: int = 0
    documents_done: int = 0
    started: float = 0.0
    error: str = ""
    version: int = 0  # bumped whenever a document's text or suggestions arrive

    def eta_seconds(self, now: float) -> float | None:
        if not self.pages_done or self.pages_total <= self.pages_done:
            return None
        return (now - self.started) / self.pages_done * (self.pages_total - self.pages_done)

    def line(self, now: float | None = None) -> str:
        if self.error:
            return self.error
        if self.running:
            eta = self.eta_seconds(time.monotonic() if now is None else now)
            left = self.pages_total - self.pages_done
            text = _("Reading text: {done} of {total} pages done, {left} left").format(
                done=self.pages_done, total=self.pages_total, left=left)
            if eta is not None:
                text += ", " + _("about {s} s").format(s=max(1, round(eta)))
            return text + " — " + _("Esc stops")
        if self.stopped:
            return _("Reading text stopped: {left} pages left. Ctrl+P → Read text now resumes.").format(
                left=max(self.pages_total - self.pages_done, 0))
        if self.pages_total:
            return _("Text read: {n} pages.").format(n=self.pages_done)
        return ""


@dataclass
class BackgroundOcr:
    """Owned by the app; one run at a time in the ``ocr`` worker group."""

    app: Any
    state: OcrState = field(default_factory=OcrState)
    suggestions: dict[int, list[Any]] = field(default_factory=dict)
    cancel: threading.Event = field(default_factory=threading.Event)

    def start(self, *, automatic: bool = False) -> bool:
        """Read what is pending; ``automatic`` runs respect the ``auto_ocr`` setting."""
        vault = self.app.vault
        if vault is None or (automatic and self.app.settings.get("auto_ocr") is False):
            return False
        if self.state.running:
            return True
        self.cancel = threading.Event()
        self.state = OcrState(running=True, started=time.monotonic(), version=self.state.version)
        self.app.run_worker(lambda: self._run(vault, self.cancel, self.state), thread=True, group="ocr",
                            exclusive=True, exit_on_error=False, name="ocr", description="read text")
        return True

    def stop(self) -> bool:
        """Esc: stop after abandoning the page in flight. True when something was running."""
        was = self.state.running
        self.cancel.set()
        if was:
            self.state.running, self.state.stopped = False, True
        return was

    def drop(self) -> None:
        """Lock: stop, and forget suggestions and progress (they describe vault content)."""
        self.cancel.set()
        self.suggestions = {}
        self.state = OcrState(version=self.state.version + 1)

    def _run(self, vault: Any, cancel: threading.Event, state: OcrState) -> None:
        from vault.reading.ocr import (
            OcrUnavailable,
            ocr_pending,
            pending_ids,
            tesseract,
        )
        from vault.records.documents import show
        from vault.records.settings import set_setting

        try:
            tesseract()  # unavailable: say so, and leave nothing to resume
            ids = pending_ids(vault)
            counts = {i: max(1, int(show(vault, i)["page_count"] or 1)) for i in ids}
            if ids:  # cleared only when the run ends: a stop or a lock leaves it set, so unlock resumes
                set_setting(vault, "ocr_interrupted", True)
            state.pages_total = sum(counts.values())
            finished = 0
            for result in ocr_pending(vault, cancel=cancel):  # pages run in parallel; count finished ones
                finished += counts.get(result.document_id, result.pages)
                state.pages_done, state.documents_done = finished, state.documents_done + 1
                if result.status == "done":
                    found = self._suggest(vault, result.document_id)
                    if found and not cancel.is_set():
                        self.suggestions[result.document_id] = found
                state.version += 1
            if ids and not cancel.is_set():
                set_setting(vault, "ocr_interrupted", False)
        except OcrUnavailable as err:
            state.error = str(err)
        except Exception as err:  # noqa: BLE001 - a worker error becomes the status line
            if not cancel.is_set():
                state.error = _("Reading text failed: {e}").format(e=err)
        finally:
            if cancel.is_set() and state.pages_done < state.pages_total:
                state.stopped = True
            state.running = False
            state.version += 1

    @staticmethod
    def _suggest(vault: Any, doc_id: int) -> list[Any]:
        from tui.model import rules
        from vault.reading.suggestions import suggest_fields
        from vault.records.text import get_text

        with vault.session() as s:
            text = get_text(s, doc_id)
        best: dict[str, Any] = {}
        for found in suggest_fields(text, rules()):
            if found.field in SUGGESTED_FIELDS and found.field not in best:
                best[found.field] = found
        return list(best.values())
