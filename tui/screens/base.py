"""Shared pieces of the unlocked screens: header/footer, vault access, failures."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from tui.i18n import _
from tui.messages import OperationFailed

if TYPE_CHECKING:
    from tui.app import SpravkaApp


class VaultScreen(Screen[None]):
    """A screen that needs the unlocked vault. ``HELP`` feeds the F1 screen."""

    HELP = ""
    # Their rules load with the first of them, not before the unlock prompt's first frame
    # (tui_cold_start_vs_minimal_textual). Absolute: subclasses live in other folders too.
    CSS_PATH = str(Path(__file__).resolve().parent.parent / "styles" / "screens.tcss")

    @property
    def sapp(self) -> SpravkaApp:
        return self.app  # type: ignore[return-value]

    @property
    def vault(self) -> Any:
        if self.sapp.vault is None:
            from vault.errors import VaultError

            raise VaultError(_("the vault is locked"))
        return self.sapp.vault

    def fail(self, what: str, err: BaseException) -> None:
        """From a worker thread: report a failure as a message (never a crash)."""
        self.post_message(OperationFailed(what, str(err) or type(err).__name__))

    def on_operation_failed(self, message: OperationFailed) -> None:
        message.stop()
        if self.sapp.vault is not None:
            self.notify(f"{message.what}: {message.error}", severity="error", timeout=8)
