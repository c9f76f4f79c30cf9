"""F1: what this screen is for and every key that works on it (including hidden ones)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label, Static

from tui.i18n import _, source_of


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q,й", "close", _("Close"), id="help.close", tooltip=_("Close the help"))]

    def __init__(self, target: Screen[Any]) -> None:
        super().__init__()
        self.target = target

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help-box"):
            yield Label(_("Help"), classes="dialog-title")
            # HELP is a class attribute, fixed in the language of import: translate it now
            yield Static(_(source_of(getattr(self.target, "HELP", "") or "")), classes="dialog-text")
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            yield Static(_("Ctrl+P: all commands · Ctrl+L: lock · Ctrl+X twice: panic wipe"),
                         classes="muted")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Key"), _("Action"), _("What it does"))
        seen: set[tuple[str, str]] = set()
        for _key, active in self.target.active_bindings.items():
            binding = active.binding
            key = self.app.get_key_display(binding)
            if (key, binding.description) in seen or not binding.description:
                continue
            seen.add((key, binding.description))
            table.add_row(key, _(binding.description), _(binding.tooltip or ""))
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
