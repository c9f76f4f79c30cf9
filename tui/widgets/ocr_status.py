"""One line that says how background text reading is going (pages done, left, time left).

It polls the app's ``BackgroundOcr`` state a few times a second (the worker
only writes plain numbers) and posts ``Changed`` when new text or suggestions
have arrived, so the screen can refresh what it shows without a reload.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.widgets import Static


class OcrStatus(Static):
    DEFAULT_CSS = "OcrStatus { height: auto; color: $text-muted; padding: 0 1; }"

    @dataclass
    class Changed(Message):
        version: int

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self._seen = -1
        self._text = ""

    def on_mount(self) -> None:
        self.poll()
        self.set_interval(0.25, self.poll)

    def poll(self) -> None:
        ocr = getattr(self.app, "ocr", None)
        if ocr is None:
            return
        text = ocr.state.line()
        if text != self._text:
            self._text = text
            self.update(text)
            self.display = bool(text)
        if ocr.state.version != self._seen:
            self._seen = ocr.state.version
            self.post_message(self.Changed(self._seen))
