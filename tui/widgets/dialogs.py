"""Small modal dialogs: confirm (cancel focused), show-once secret, text prompt."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from tui.i18n import _
from tui.widgets.formkeys import FORM_BINDINGS, FormKeys


class ConfirmDialog(ModalScreen[bool]):
    """Yes/no with *cancel* focused by default: a stray Enter never destroys anything."""

    BINDINGS = [
        Binding("y,н", "answer(True)", _("Yes"), id="confirm.yes", tooltip=_("Confirm")),
        Binding("n,т,escape", "answer(False)", _("No"), id="confirm.no", tooltip=_("Cancel")),
    ]

    def __init__(self, question: str, yes: str | None = None) -> None:
        super().__init__()
        self.question = question
        self.yes = yes or _("Yes")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel", variant="primary")
                yield Button(self.yes, id="ok", variant="error")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "ok")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class SecretShownOnce(ModalScreen[bool]):
    """A recovery key or export password, shown once, dismissed by "I wrote it down"."""

    BINDINGS = [Binding("escape", "noop", _("Write it down first"), show=False, id="secret.esc",
                        tooltip=_("This dialog closes only with the confirmation button"))]

    def __init__(self, title: str, secret: str, note: str) -> None:
        super().__init__()
        self.title_text, self.secret, self.note = title, secret, note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.secret, id="secret", classes="secret")
            yield Static(self.note, classes="dialog-text")
            yield Button(_("I wrote it down"), id="written", variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(True)

    def action_noop(self) -> None:
        self.notify(_("Press “I wrote it down” once it is on paper."))


class PromptDialog(FormKeys, ModalScreen["list[str] | None"]):
    """One or more (password) inputs; returns their values or None."""

    SUBMIT_ON_LAST_ENTER = True
    BINDINGS = [*FORM_BINDINGS, Binding("escape", "cancel", _("Cancel"), id="prompt.cancel", tooltip=_("Close without changes"))]

    def __init__(self, title: str, labels: list[str], *, password: bool = True) -> None:
        super().__init__()
        self.title_text, self.labels, self.password = title, labels, password

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            for i, label in enumerate(self.labels):
                yield Input(placeholder=label, password=self.password, id=f"field{i}")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("OK"), id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def form_submit(self) -> None:
        self._finish()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._finish()
        else:
            self.dismiss(None)

    def _finish(self) -> None:
        self.dismiss([i.value for i in self.query(Input)])

    def action_cancel(self) -> None:
        self.dismiss(None)
