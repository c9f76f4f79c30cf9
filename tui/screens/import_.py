"""Import: pick or paste a path, watch progress (Esc cancels), see each file's result."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import (
    Button,
    DataTable,
    DirectoryTree,
    Footer,
    Input,
    ProgressBar,
    Select,
    Static,
)

from tui.i18n import _, pick
from tui.messages import FileImported, ImportFinished, ImportPlanned, ImportProgressed
from tui.model import parse_dropped_paths, rules
from tui.screens.base import VaultScreen
from tui.widgets.header import Header
from tui.widgets.ocr_status import OcrStatus


class ImportScreen(VaultScreen):
    HELP = _("Paste a path (dropping a file into the terminal pastes it) or pick a file or folder in "
             "the tree, then press Enter or Ctrl+S. Folders are imported recursively. Esc cancels "
             "between files; nothing half-imported is kept. New documents go to the inbox.")
    BINDINGS = [
        Binding("ctrl+s", "start", _("Import"), id="import.start", tooltip=_("Import the chosen path")),
        Binding("escape", "cancel", _("Cancel / back"), id="import.cancel",
                tooltip=_("Cancel a running import, else go back")),
        Binding("r,к", "review", _("Review inbox"), id="import.review",
                tooltip=_("Open the new documents for review")),
        Binding("u,г", "app.goto('export')", _("Update lawyer’s copy"), id="import.export",
                tooltip=_("Export again so the lawyer has the new documents")),
    ]

    def __init__(self, root: Path | None = None) -> None:
        super().__init__()
        self.root = root or Path.home()
        self.cancel_event = threading.Event()
        self.running = False
        self.finished: ImportFinished | None = None

    def compose(self) -> ComposeResult:
        kinds = [(pick(k.label_ru, k.label_en), k.id) for k in rules().kinds.values()]
        yield Header()
        yield Input(placeholder=_("Paste or drop a file or folder path, then Enter"), id="path")
        with Horizontal(id="import-body"):
            yield DirectoryTree(self.sapp.cache.get("import_root", self.root), id="tree")
            with Vertical(id="import-side"):
                with Horizontal(id="import-options"):
                    yield Static(_("Kind for new documents:"), classes="muted")
                    yield Select(kinds, value="other", allow_blank=False, id="kind")
                yield ProgressBar(id="progress", show_eta=True)
                yield Static(_("Nothing imported yet."), id="import-status")
                yield DataTable(id="results", cursor_type="row", zebra_stripes=True)
                with Horizontal(id="after-import"):
                    yield Button(_("Review inbox"), id="review", variant="primary")
                    yield Button(_("Update lawyer’s copy"), id="export")
        yield OcrStatus(id="ocr-status")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Import")
        self.query_one("#results", DataTable).add_columns(_("Result"), _("File"), _("Reason"))
        self.query_one("#after-import").display = False
        self.query_one("#path", Input).focus()

    def on_unmount(self) -> None:
        self.cancel_event.set()

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#path", Input).value = str(event.path)

    def on_directory_tree_directory_selected(self, event: DirectoryTree.DirectorySelected) -> None:
        self.query_one("#path", Input).value = str(event.path)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_start()

    def action_start(self) -> None:
        if self.running:
            return
        paths = parse_dropped_paths(self.query_one("#path", Input).value)
        if not paths:
            self.notify(_("Paste a path or pick one in the tree first."), severity="warning")
            return
        self.running, self.finished = True, None
        self.cancel_event = threading.Event()
        self.query_one("#results", DataTable).clear()
        self.query_one("#after-import").display = False
        self.query_one("#import-status", Static).update(_("Looking at the files…"))
        self.run_import(paths, str(self.query_one("#kind", Select).value), self.cancel_event)

    def action_cancel(self) -> None:
        if self.running:
            self.cancel_event.set()
            self.query_one("#import-status", Static).update(_("Cancelling after the current file…"))
        elif not self.sapp.ocr.stop():
            self.app.action_goto("dashboard")  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, exit_on_error=False, group="import", description="import files")
    def run_import(self, paths: list[Path], kind: str, cancel: threading.Event) -> None:
        counts = {"imported": 0, "duplicate": 0, "rejected": 0}
        new_ids: list[int] = []
        try:
            from vault.importing.pipeline import ImportOptions, import_files, plan

            work_plan = plan(paths)
            self.post_message(ImportPlanned(work_plan.total))
            for done, result in enumerate(import_files(self.vault, work_plan, ImportOptions(kind=kind),
                                                       cancel=cancel), 1):
                counts[result.status] += 1
                if result.status == "imported" and result.document_id is not None:
                    new_ids.append(result.document_id)
                self.post_message(FileImported(result))
                self.post_message(ImportProgressed(done, work_plan.total))
        except Exception as err:  # noqa: BLE001
            self.fail(_("Import"), err)
        self.post_message(ImportFinished(counts["imported"], counts["duplicate"], counts["rejected"],
                                         cancel.is_set(), new_ids))

    def on_import_planned(self, message: ImportPlanned) -> None:
        self.query_one(ProgressBar).update(total=max(message.total, 1), progress=0)
        for eta in self.query("#progress #eta"):
            eta.display = True

    def on_import_progressed(self, message: ImportProgressed) -> None:
        self.query_one(ProgressBar).update(progress=message.done)
        self.query_one("#import-status", Static).update(
            _("{done} of {total} files — Esc to cancel").format(done=message.done, total=message.total))

    def on_file_imported(self, message: FileImported) -> None:
        result = message.result
        label = {"imported": _("imported"), "duplicate": _("duplicate"), "rejected": _("rejected")}
        name = Path(result.path).name or result.path
        self.query_one("#results", DataTable).add_row(label[result.status], name, _(result.reason or ""))

    def on_import_finished(self, message: ImportFinished) -> None:
        self.running, self.finished = False, message
        for eta in self.query("#progress #eta"):
            eta.display = False  # a finished batch has no ETA
        self.sapp.cache.pop("docs", None)
        text = _("Imported {i}, duplicates {d}, rejected {r}.").format(
            i=message.imported, d=message.duplicates, r=message.rejected)
        if message.cancelled:
            text = _("Cancelled.") + " " + text
        if message.imported:
            text += "\n" + _("{n} new documents are in the inbox. The lawyer’s copy is now out of date."
                             ).format(n=message.imported)
            self.query_one("#after-import").display = True
            self.query_one("#review", Button).focus()
            self.sapp.ocr.start(automatic=True)  # text is read in the background
        else:
            self.query_one("#results", DataTable).focus()
        self.query_one("#import-status", Static).update(text)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "review":
            self.action_review()
        else:
            self.app.action_goto("export")  # type: ignore[attr-defined]

    def action_review(self) -> None:
        from tui.screens.documents import DocumentsScreen

        self.app.switch_screen(DocumentsScreen(inbox_only=True))

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        return [(f"{_('Import')}: {_('Cancel the running import')}", _("Stop after the current file"),
                 self.action_cancel)]
