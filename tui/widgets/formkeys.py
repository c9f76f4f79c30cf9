"""Keystroke-safe forms: first field focused, Enter = next field, Ctrl+S saves, bursts land right.

Why bursts went wrong: Textual checks *priority* bindings when the app takes a
key off its queue, but ordinary bindings (Tab = next field) only after the key
has travelled to the focused widget and bubbled back. By then the app has
already forwarded the rest of a burst (paste, auto-type, tmux ``send-keys``) to
the old field. So focus moves are priority bindings here (applied in key
order), while "save" and "submit" travel *through* the focused field's queue
(:class:`FormSubmit`) and so run only after the keys typed before them.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

from tui.i18n import _

FORM_BINDINGS = [
    Binding("enter", "form_enter", _("Next field"), id="form.next", priority=True, show=False,
            tooltip=_("Move to the next field")),
    Binding("ctrl+s", "form_save", _("Save"), id="form.save", priority=True,
            tooltip=_("Save this form")),
]


class FormSubmit(Message):
    """Posted to the focused field so it is handled after the keys queued before it."""


class FormKeys:
    """Mixin for a Screen with fields: add ``FORM_BINDINGS`` to its BINDINGS."""

    SUBMIT_ON_LAST_ENTER = False

    def form_fields(self) -> list[Widget]:
        return [w for w in self.query("Input, Select, SelectionList, Checkbox")  # type: ignore[attr-defined]
                if w.focusable]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "form_enter":
            return isinstance(self.focused, Input)  # type: ignore[attr-defined]
        return True

    def action_form_enter(self) -> None:
        fields = self.form_fields()
        focused = self.focused  # type: ignore[attr-defined]
        later = fields[fields.index(focused) + 1:] if focused in fields else []
        if later:
            later[0].focus()
        elif self.SUBMIT_ON_LAST_ENTER:
            self.action_form_save()
        else:
            self.focus_next()  # type: ignore[attr-defined]

    def action_form_save(self) -> None:
        target = self.focused or self  # type: ignore[attr-defined]
        target.post_message(FormSubmit())

    def on_form_submit(self, message: FormSubmit) -> None:
        message.stop()
        busy = [w for w in self.form_fields() if w._message_queue.qsize()]
        if busy:  # keys typed before the save are still on their way
            self.call_later(self.post_message, FormSubmit())  # type: ignore[attr-defined]
            return
        self.form_submit()

    def form_submit(self) -> None:
        raise NotImplementedError
