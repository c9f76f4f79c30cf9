"""Textual's Header without a race that could end the app at lock time.

Textual's Header refreshes its title from watchers on the app and the screen.
When locking removes a screen right after the user browsed, a watcher can still
fire after the Header's children are gone; Header catches ``NoScreen`` there but
not ``NoMatches``, and the uncaught error ends the app. This subclass registers
the same watchers with a callback that ignores both.
"""

from __future__ import annotations

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widgets import Header as TextualHeader
from textual.widgets._header import HeaderTitle


class Header(TextualHeader):
    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # replaces TextualHeader._on_mount (same watchers, safe callback)

        def set_title(*_: object) -> None:
            try:
                self.query_one(HeaderTitle).update(self.format_title())
            except (NoMatches, NoScreen):
                pass  # the header is being removed: nothing to show

        for owner, name in ((self.app, "title"), (self.app, "sub_title"),
                            (self.screen, "title"), (self.screen, "sub_title")):
            self.watch(owner, name, set_title)
