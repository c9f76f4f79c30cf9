"""Data-driven record forms (``RecordForm``, ``FieldSpec``) on the keystroke-safe
form keys of ``tui.widgets.formkeys`` (which the unlock screen loads without the
widgets a record form needs)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
)

from tui.i18n import _, fmt_date, parse_user_date
from tui.widgets.formkeys import FORM_BINDINGS, FormKeys


@dataclass(frozen=True)
class FieldSpec:
    """One field of a form: its kind decides the widget (text, date, password, choice, check, docs)."""

    name: str
    label: str
    kind: str = "text"  # text | date | password | number | choice | check | docs
    choices: tuple[tuple[str, str], ...] = ()  # (phrase, value)
    required: bool = False
    help: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def field_error(message: str, labels: Mapping[str, str]) -> str:
    """Name the field in words: the core says ``appear_on: ...``, the toast says "Appear on: ..."."""
    head, sep, rest = message.partition(":")
    label = labels.get(head.strip()) if sep else None
    return f"{label}:{rest}" if label else message


class RecordForm(FormKeys, ModalScreen["dict[str, Any] | None"]):
    """A data-driven form. ``on_save`` runs in a worker; on error the form stays open."""

    BINDINGS = [
        *FORM_BINDINGS,
        Binding("escape", "cancel", _("Cancel"), id="record.cancel", tooltip=_("Close without saving")),
    ]

    def __init__(self, title: str, specs: Sequence[FieldSpec], initial: dict[str, Any] | None = None,
                 on_save: Callable[[dict[str, Any]], Any] | None = None, note: str = "") -> None:
        super().__init__()
        self.title_text, self.specs, self.initial, self.on_save = title, list(specs), initial or {}, on_save
        self.note = note

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form"):
            yield Label(self.title_text, classes="dialog-title")
            if self.note:
                yield Static(self.note, classes="muted")
            for spec in self.specs:
                yield from self._field(spec)
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Save") + " (Ctrl+S)", id="save", variant="primary")

    def _field(self, spec: FieldSpec) -> ComposeResult:
        value = self.initial.get(spec.name)
        label = spec.label + (" *" if spec.required else "")
        if spec.kind == "check":
            yield Checkbox(label, value=bool(value), id=f"e-{spec.name}")
            return
        yield Label(label)
        if spec.kind == "choice":
            if isinstance(value, bool):
                value = "yes" if value else "no"
            values = [v for _p, v in spec.choices]
            yield Select(list(spec.choices), value=value if value in values else Select.NULL, id=f"e-{spec.name}")
        elif spec.kind == "docs":
            chosen = set(value or ())
            yield SelectionList[str](*[(p, v, v in chosen) for p, v in spec.choices], id=f"e-{spec.name}")
        else:
            text = fmt_date(value) if spec.kind == "date" else ("" if value is None else str(value))
            placeholder = _("dd.mm.yyyy") if spec.kind == "date" else spec.help
            yield Input(text, placeholder=placeholder, password=spec.kind == "password",
                        id=f"e-{spec.name}")
        if spec.help and spec.kind not in ("text", "password", "number"):
            yield Static(spec.help, classes="muted")

    def on_mount(self) -> None:
        fields = self.form_fields()
        if fields:
            fields[0].focus()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for spec in self.specs:
            widget = self.query_one(f"#e-{spec.name}")
            if isinstance(widget, Checkbox):
                out[spec.name] = widget.value
            elif isinstance(widget, SelectionList):
                out[spec.name] = [str(v) for v in widget.selected]
            elif isinstance(widget, Select):
                out[spec.name] = "" if widget.value is Select.NULL or widget.value is None else str(widget.value)
            else:
                raw = widget.value  # type: ignore[attr-defined]
                out[spec.name] = parse_user_date(raw) if spec.kind == "date" else raw
        return out

    def missing(self, values: dict[str, Any]) -> FieldSpec | None:
        return next((s for s in self.specs if s.required and values.get(s.name) in ("", None, [])), None)

    def form_submit(self) -> None:
        values = self.values()
        empty = self.missing(values)
        error = self.query_one("#form-error", Static)
        if empty is not None:
            text = _("Fill in: {field}").format(field=empty.label)
            error.update(text)
            self.notify(text, severity="error")
            self.query_one(f"#e-{empty.name}").focus()
            return
        error.update("")
        if self.on_save is None:
            self.dismiss(values)
        else:
            self.run_save(values)

    @work(thread=True, exclusive=True, exit_on_error=False, group="form-save", description="save form")
    def run_save(self, values: dict[str, Any]) -> None:
        try:
            result = self.on_save(values)  # type: ignore[misc]
        except Exception as err:  # noqa: BLE001 - shown in the form, which stays open
            text = field_error(str(err) or type(err).__name__, {s.name: s.label for s in self.specs})
            self.app.call_from_thread(self._failed, text)
            return
        self.app.call_from_thread(self.dismiss, result if result is not None else values)

    def _failed(self, text: str) -> None:
        self.query_one("#form-error", Static).update(text)
        self.notify(text, severity="error", timeout=8)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.form_submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
