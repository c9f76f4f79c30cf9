"""A simple form for a summons, a letter or a board date (ModalScreen returning values)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from tui.i18n import _, fmt_date, parse_user_date

# (field, label, options or None for text, is_date)
Field = tuple[str, str, "tuple[str, ...] | None", bool]


def summons_fields() -> list[Field]:
    from vault.records.conditions import CHANNELS, SUMMONS_PURPOSES

    return [("appear_on", _("Appear on"), None, True), ("received", _("Received on"), None, True),
            ("channel", _("Channel"), CHANNELS, False), ("purpose", _("Purpose"), SUMMONS_PURPOSES, False),
            ("attended", _("Attended"), ("yes", "no"), False), ("notes", _("Notes"), None, False)]


def letter_fields() -> list[Field]:
    from vault.records.conditions import LETTER_PURPOSES, LETTER_STATUSES

    return [("purpose", _("Purpose"), LETTER_PURPOSES, False), ("sent", _("Sent on"), None, True),
            ("tracking", _("Tracking number"), None, False), ("status", _("Status"), LETTER_STATUSES, False),
            ("delivered", _("Delivered on"), None, True), ("notes", _("Notes"), None, False)]


def board_fields() -> list[Field]:
    return [("on", _("Board date"), None, True)]


class EventForm(ModalScreen["dict[str, str] | None"]):
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="form.save", tooltip=_("Save this entry")),
        Binding("escape", "cancel", _("Cancel"), id="form.cancel", tooltip=_("Close without saving")),
    ]

    def __init__(self, title: str, fields: list[Field], initial: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.title_text, self.fields, self.initial = title, fields, initial or {}

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            for name, label, options, is_date in self.fields:
                yield Label(label)
                value = self.initial.get(name)
                if isinstance(value, bool):
                    value = "yes" if value else "no"
                if options:
                    yield Select([(o, o) for o in options], value=value if value in options else Select.NULL,
                                 id=f"e-{name}")
                else:
                    text = fmt_date(value) if is_date else (value or "")
                    yield Input(str(text), placeholder=_("dd.mm.yyyy") if is_date else "", id=f"e-{name}")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Save"), id="save", variant="primary")

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, _label, options, is_date in self.fields:
            widget = self.query_one(f"#e-{name}")
            if options:
                value = widget.value  # type: ignore[attr-defined]
                out[name] = "" if value is Select.NULL or value is None else str(value)
            else:
                raw = widget.value  # type: ignore[attr-defined]
                out[name] = parse_user_date(raw) if is_date else raw
        return out

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "save" else self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.dismiss(self.values())

    def action_cancel(self) -> None:
        self.dismiss(None)
