"""Export wizard: conditions/documents, PDF or age, recipient; the password is shown once."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import (
    Checkbox,
    Footer,
    Input,
    Label,
    ProgressBar,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
)

from tui.i18n import _
from tui.messages import ExportFinished, ExportProgressed
from tui.screens.base import VaultScreen
from tui.widgets.header import Header


class ExportScreen(VaultScreen):
    HELP = _("Make the lawyer’s copy: an encrypted PDF (opens in any reader with the password shown "
             "once) or an age archive for the lawyer’s age key. Keep the copy outside this laptop: a "
             "panic wipe destroys everything here.")
    BINDINGS = [
        Binding("ctrl+s", "start", _("Export"), id="export.start", tooltip=_("Write the encrypted export")),
        Binding("escape", "cancel", _("Cancel / back"), id="export.cancel",
                tooltip=_("Cancel a running export, else go back")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.cancel_event = threading.Event()
        self.running = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="export-form"):
            yield Label(_("Conditions (none chosen = all)"), classes="section")
            yield SelectionList[int](id="conditions")
            yield Label(_("Documents to include (none ticked = all of the chosen conditions)"), classes="section")
            yield SelectionList[int](id="documents")
            yield Label(_("Format"), classes="section")
            with RadioSet(id="format"):
                yield RadioButton(_("Encrypted PDF (password)"), value=True, id="fmt-pdf")
                yield RadioButton(_("age archive"), id="fmt-age")
            yield Label(_("Recipient age public key (age only; empty = password)"))
            yield Input(id="recipient", placeholder="age1…")
            yield Label(_("Save to"))
            yield Input(str(Path.home() / f"copy-{self.sapp.today():%Y%m%d}.pdf"), id="out")
            yield Checkbox(_("Attach the original files"), id="originals")
            yield Checkbox(_("Name the trans scenario and its checks on the cover"), id="scenario")
            yield Static(_("Originals are byte-exact: they may carry EXIF, GPS and author metadata."),
                         classes="muted")
            yield Static("", id="fingerprint", classes="muted")
            with Horizontal(id="export-progress"):
                yield ProgressBar(id="progress", show_eta=True)
            yield Static("", id="export-status")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Export")
        self.load_conditions()
        self.show_fingerprint()
        self.preload_cover()

    @work(thread=True, exclusive=True, exit_on_error=False, group="export-preload", description="preload")
    def preload_cover(self) -> None:
        """fpdf2 loads while the user picks what to export, not after Export is pressed."""
        from vault.export.cover import preload

        try:
            preload()
        except Exception:  # noqa: BLE001, S110 - the export itself reports any real failure
            pass

    @work(thread=True, exclusive=True, exit_on_error=False, group="export-fp", description="fingerprint")
    def show_fingerprint(self) -> None:
        from vault.info import signing_fingerprint

        try:
            text = _("Tell your lawyer this fingerprint by phone, not with the file: {fp}").format(
                fp=signing_fingerprint(self.vault))
        except Exception as err:  # noqa: BLE001
            text = str(err)
        self.app.call_from_thread(self.query_one("#fingerprint", Static).update, text)

    def on_unmount(self) -> None:
        self.cancel_event.set()

    @work(thread=True, exclusive=True, exit_on_error=False, group="export-load", description="conditions")
    def load_conditions(self) -> None:
        try:
            from vault.records.conditions import list_conditions
            from vault.records.documents import list_rows

            conds = list_conditions(self.vault)
            docs = list_rows(self.vault)
            self.app.call_from_thread(self._fill, conds, docs)
        except Exception as err:  # noqa: BLE001
            self.fail(_("Export"), err)

    def _fill(self, conds: list[dict[str, Any]], docs: list[dict[str, Any]]) -> None:
        from tui.forms import doc_choice

        box = self.query_one("#conditions", SelectionList)
        for c in conds:
            box.add_option((f"{c['icd10']} · {_('art.')} {c['article']}{c['subitem'] or ''}", c["id"]))
        checklist = self.query_one("#documents", SelectionList)
        for d in docs:
            checklist.add_option((doc_choice(d), d["id"]))

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        out = self.query_one("#out", Input)
        suffix = ".age" if event.pressed.id == "fmt-age" else ".pdf"
        out.value = str(Path(out.value).with_suffix(suffix))

    def action_start(self) -> None:
        if self.running:
            return
        doc_ids = tuple(self.query_one("#documents", SelectionList).selected)
        fmt = "age" if self.query_one("#fmt-age", RadioButton).value else "pdf"
        options = {"fmt": fmt, "condition_ids": tuple(self.query_one("#conditions", SelectionList).selected),
                   "document_ids": doc_ids, "recipient": self.query_one("#recipient", Input).value.strip() or None,
                   "include_originals": self.query_one("#originals", Checkbox).value,
                   "include_scenario": self.query_one("#scenario", Checkbox).value}
        self.running = True
        self.cancel_event = threading.Event()
        self.query_one("#export-status", Static).update(_("Exporting… Esc cancels"))
        self.run_export(Path(self.query_one("#out", Input).value).expanduser(), options, self.cancel_event)

    def action_cancel(self) -> None:
        if self.running:
            self.cancel_event.set()
        else:
            self.app.action_goto("dashboard")  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, exit_on_error=False, group="export", description="export")
    def run_export(self, out: Path, options: dict[str, Any], cancel: threading.Event) -> None:
        try:
            from vault.export.lawyer import ExportRequest, run_export
        except ImportError:
            self.fail(_("Export"), RuntimeError(_("export is not available yet in this build")))
            self.post_message(ExportFinished(None))
            return
        try:
            from tui.i18n import language

            request = ExportRequest(out=out, lang=language(), **options)  # type: ignore[arg-type]
            result = run_export(self.vault, request, today=self.sapp.today(), cancel=cancel,
                                progress=lambda d, t: self.post_message(ExportProgressed(d, t)))
            self.post_message(ExportFinished(result))
        except Exception as err:  # noqa: BLE001
            self.fail(_("Export"), err)
            self.post_message(ExportFinished(None))

    def on_export_progressed(self, message: ExportProgressed) -> None:
        self.query_one(ProgressBar).update(total=max(message.total, 1), progress=message.done)

    def on_export_finished(self, message: ExportFinished) -> None:
        self.running = False
        result = message.result
        status = self.query_one("#export-status", Static)
        if result is None:
            status.update(_("No export was written."))
            return
        self.sapp.cache.pop("report", None)
        self.sapp.cache["lawyer_note_locked"] = (self.sapp.today().isoformat(), 0)
        status.update(_("Written: {path}").format(path=result.path))
        if getattr(result, "password", None):
            from tui.widgets.dialogs import SecretShownOnce

            self.app.push_screen(SecretShownOnce(
                _("Password for the lawyer"), result.password,
                _("Give it to the lawyer by another channel than the file (in person or by phone). "
                  "It is not stored anywhere and will not be shown again.")))
