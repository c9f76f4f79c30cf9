"""Panic rehearsal: the user presses the real sequence (Ctrl+X twice) and a stand-in is destroyed.

The app routes Ctrl+X here while this screen is open (``practise_panic_key``),
so the real vault is never touched; the time from the first key to the
stand-in's key slots being overwritten is reported.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.i18n import _
from tui.safety import DoublePress, describe, run_panic

if TYPE_CHECKING:
    from tui.app import SpravkaApp


class RehearsalScreen(ModalScreen[Any]):
    """Dismissed with the rehearsal's PanicReport (or None)."""

    BINDINGS = [Binding("escape", "close", _("Back"), id="rehearsal.close", tooltip=_("End the rehearsal"))]

    def __init__(self) -> None:
        super().__init__()
        self.keys = DoublePress(window=2.0)
        self.first: float | None = None
        self.report: Any = None
        self.seconds: float | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Rehearse panic"), classes="dialog-title")
            yield Static(_("Press Ctrl+X twice within 2 s, as you would in a raid. A stand-in vault is "
                           "destroyed; yours is untouched."), id="rehearsal-status")

    def practise_panic_key(self) -> None:
        now = time.perf_counter()
        if not self.keys.press():
            self.first = now
            self.query_one("#rehearsal-status", Static).update(
                _("Press Ctrl+X again within 2 s to destroy the vault") + " " + _("(rehearsal)"))
            return
        self.query_one("#rehearsal-status", Static).update(_("Destroying the stand-in…"))
        self.wipe(self.first or now)

    @work(thread=True, exclusive=True, exit_on_error=False, group="rehearsal", description="rehearsal")
    def wipe(self, started: float) -> None:
        try:
            report = run_panic(self.app.vault_dir, rehearse=True)  # type: ignore[attr-defined]
        except Exception as err:  # noqa: BLE001 - reported, never fatal
            self.app.call_from_thread(self._done, None, str(err))
            return
        self.app.call_from_thread(self._done, report, "", time.perf_counter() - started)

    def _done(self, report: Any, error: str, seconds: float = 0.0) -> None:
        self.report, self.seconds = report, seconds
        text = error or _("Done in {s:.2f} s from your first key press. Your vault is untouched. "
                          "Esc closes.").format(s=seconds) + "\n" + describe(report)
        self.query_one("#rehearsal-status", Static).update(text)

    def action_close(self) -> None:
        self.dismiss(self.report)


def rehearse(app: SpravkaApp) -> None:
    app.push_screen(RehearsalScreen())
