"""Full-text search inside the encrypted database; Enter on a hit opens the document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from tui.i18n import _, fmt_date
from tui.model import kind_label

if TYPE_CHECKING:
    from tui.app import SpravkaApp


class SearchScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", _("Back"), id="search.close", tooltip=_("Close the search"))]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="search-box"):
            yield Label(_("Search text"), classes="dialog-title")
            yield Input(placeholder=_("Words to find (any form: обострение finds обострения)"), id="query")
            yield OptionList(id="hits")

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.find(event.value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="search", description="search")
    def find(self, query: str) -> None:
        from vault.records.text import fts_query, search_hits

        hits = search_hits(self.app.vault, query) if fts_query(query) else []  # type: ignore[attr-defined]
        self.app.call_from_thread(self._show, hits)

    def _show(self, hits: list[Any]) -> None:
        view = self.query_one("#hits", OptionList)
        view.clear_options()
        for h in hits:
            view.add_option(Option(f"#{h.document_id} {kind_label(h.kind)} {fmt_date(h.issued)}\n  {h.snippet}",
                                   id=str(h.document_id)))
        if not hits:
            view.add_option(Option(_("No matches."), disabled=True))
        else:
            view.focus()
            view.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from tui.screens.editor import EditorScreen

        if event.option.id:
            self.app.push_screen(EditorScreen(int(event.option.id)))

    def action_close(self) -> None:
        self.dismiss(None)


def search_text(app: SpravkaApp) -> None:
    app.push_screen(SearchScreen())
