"""Timeline: summonses, letters, documents and board dates on one axis; add and edit."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer

from tui import actions
from tui.i18n import _
from tui.messages import EventsLoaded
from tui.model import timeline_rows
from tui.screens.base import VaultScreen
from tui.widgets.header import Header
from tui.widgets.virtual_table import VirtualTable

KIND_BASE = {"summons": 0, "letter": 1, "board": 2, "document": 3}


class TimelineScreen(VaultScreen):
    HELP = _("Everything with a date, oldest first. N adds a summons, M a letter, B a board date; "
             "Enter edits the highlighted summons or letter.")
    BINDINGS = [
        Binding("n,т", "new('summons')", _("New summons"), id="timeline.summons", tooltip=_("Record a summons")),
        Binding("m,ь", "new('letter')", _("New letter"), id="timeline.letter",
                tooltip=_("Record a letter sent to the enlistment office")),
        Binding("b,и", "new('board')", _("Board date"), id="timeline.board", tooltip=_("Set a board date")),
        Binding("escape", "app.goto('dashboard')", _("Back"), id="timeline.back", tooltip=_("Dashboard")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.loaded: EventsLoaded | None = None
        self.keys: dict[int, tuple[str, int]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield VirtualTable([(_("Date"), 10), (_("Type"), 10), (_("Details"), 70)], id="timeline")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Timeline")
        self.query_one(VirtualTable).focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="timeline", description="load timeline")
    def load(self) -> None:
        try:
            from vault.records.documents import list_rows
            from vault.records.events import (
                list_board_dates,
                list_letters,
                list_summonses,
            )

            vault = self.vault
            self.post_message(EventsLoaded(list_summonses(vault), list_letters(vault),
                                           list_board_dates(vault), list_rows(vault)))
        except Exception as err:  # noqa: BLE001
            self.fail(_("Timeline"), err)

    def on_events_loaded(self, message: EventsLoaded) -> None:
        self.loaded = message
        rows, self.keys = [], {}
        for n, (_d, kind, ident, cells) in enumerate(timeline_rows(
                message.summonses, message.letters, message.boards, message.documents)):
            self.keys[n] = (kind, ident)
            rows.append((n, cells, kind == "summons"))
        self.query_one(VirtualTable).set_rows(rows)
        self.sub_title = _("{n} entries").format(n=len(rows))

    def action_new(self, what: str) -> None:
        {"summons": actions.add_summons, "letter": actions.add_letter,
         "board": actions.set_board_date}[what](self.sapp)

    def on_virtual_table_chosen(self, message: VirtualTable.Chosen) -> None:
        kind, ident = self.keys.get(message.key, ("", 0))
        if self.loaded is None or kind not in ("summons", "letter"):
            return
        source = self.loaded.summonses if kind == "summons" else self.loaded.letters
        initial = next((x for x in source if x["id"] == ident), None)
        if initial is not None:
            (actions.add_summons if kind == "summons" else actions.add_letter)(self.sapp, initial)
