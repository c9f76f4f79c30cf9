"""Timeline: summonses, letters, documents and board dates on one axis; add and edit."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header

from tui.i18n import _
from tui.messages import EventSaved, EventsLoaded
from tui.model import timeline_rows
from tui.screens.base import VaultScreen
from tui.screens.event_form import (
    EventForm,
    board_fields,
    letter_fields,
    summons_fields,
)
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
        spec = {"summons": (_("New summons"), summons_fields()), "letter": (_("New letter"), letter_fields()),
                "board": (_("Board date"), board_fields())}[what]
        self.app.push_screen(EventForm(*spec), callback=lambda values: self._saved(what, None, values))

    def on_virtual_table_chosen(self, message: VirtualTable.Chosen) -> None:
        kind, ident = self.keys.get(message.key, ("", 0))
        if self.loaded is None or kind not in ("summons", "letter"):
            return
        source = self.loaded.summonses if kind == "summons" else self.loaded.letters
        initial = next((x for x in source if x["id"] == ident), {})
        fields = summons_fields() if kind == "summons" else letter_fields()
        title = _("Summons #{id}").format(id=ident) if kind == "summons" else _("Letter #{id}").format(id=ident)
        self.app.push_screen(EventForm(title, fields, initial),
                             callback=lambda values: self._saved(kind, ident, values))

    def _saved(self, what: str, ident: int | None, values: dict[str, str] | None) -> None:
        if values is not None:
            self.save(what, ident, values)

    @work(thread=True, exclusive=True, exit_on_error=False, group="timeline-save", description="save event")
    def save(self, what: str, ident: int | None, values: dict[str, str]) -> None:
        try:
            from vault.records import events

            vault = self.vault
            if what == "board":
                row: Any = events.set_board_date(vault, values["on"])
            elif what == "summons":
                clean = {k: v for k, v in values.items() if v != "" or ident is not None}
                row = (events.add_summons(vault, clean) if ident is None
                       else events.set_summons(vault, ident, clean))
            else:
                clean = {k: v for k, v in values.items() if v != "" or (ident is not None and k not in
                                                                         ("purpose", "sent", "status"))}
                row = (events.add_letter(vault, clean) if ident is None
                       else events.set_letter(vault, ident, clean))
            self.post_message(EventSaved(what, int(row["id"])))
        except Exception as err:  # noqa: BLE001
            self.fail(_("Not saved"), err)

    def on_event_saved(self, message: EventSaved) -> None:
        self.sapp.cache.pop("report", None)
        self.notify(_("Saved."))
        self.load()
