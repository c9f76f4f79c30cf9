"""Documents: instant filter plus full-text search, titles, the page beside the list, inbox.

Typing filters the loaded rows in memory at once (every field, the title and
the original file name); a moment later the same words go to the encrypted
full-text index (any inflection, ё = е), and documents found by their text
join the list with the matching line in the last column.
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, Static

from tui.i18n import _, fmt_date
from tui.messages import DocumentsLoaded, TextSearched
from tui.model import DocIndex, build_index, doc_title, kind_label
from tui.screens.base import VaultScreen
from tui.widgets.header import Header
from tui.widgets.ocr_status import OcrStatus
from tui.widgets.preview_pane import PreviewPane
from tui.widgets.virtual_table import VirtualTable

SEARCH_DELAY = 0.25


def doc_columns() -> list[tuple[str, int]]:
    return [("#", 5), (_("Title"), 34), (_("Issued"), 10), (_("Conditions"), 12), (_("Elements"), 9),
            (_("Matching line"), 40)]


class DocumentsScreen(VaultScreen):
    HELP = _("Type in the search box: fields, titles and file names filter at once, and the text of "
             "the scans is searched too (any word form; ё = е). Highlighted rows (yellow) are in the "
             "inbox: not reviewed yet. Enter opens the editor; PgUp/PgDn or [ and ] turn the preview's pages; Tab "
             "reaches the preview, where + and - zoom and the arrows pan. Del deletes, Ctrl+R turns "
             "the page.")
    BINDINGS = [
        Binding("slash", "focus_filter", _("Search"), id="docs.filter", tooltip=_("Search titles, fields and text")),
        Binding("r,к", "toggle_inbox", _("Inbox"), id="docs.inbox",
                tooltip=_("Show only documents not reviewed yet")),
        # priority: the focused table would otherwise take PgUp/PgDn for itself
        Binding("pageup", "page(-1)", _("Prev page"), id="docs.prev_page", show=False, priority=True,
                tooltip=_("Previous page of the scan")),
        Binding("pagedown", "page(1)", _("Next page"), id="docs.next_page", priority=True,
                tooltip=_("Next page of the scan")),
        Binding("left_square_bracket,х", "page(-1)", _("Prev page"), id="docs.prev_page_bracket", show=False,
                tooltip=_("Previous page of the scan")),
        Binding("right_square_bracket,ъ", "page(1)", _("Next page"), id="docs.next_page_bracket", show=False,
                tooltip=_("Next page of the scan")),
        Binding("delete", "delete", _("Delete"), id="docs.delete", show=False,
                tooltip=_("Delete the highlighted document")),
        Binding("ctrl+r", "rotate", _("Turn page"), id="docs.rotate", show=False,
                tooltip=_("Turn the page 90° clockwise (the original is unchanged)")),
        Binding("escape", "back", _("Back"), id="docs.back", tooltip=_("Stop reading text, else dashboard")),
    ]

    def __init__(self, inbox_only: bool = False) -> None:
        super().__init__()
        self.inbox_only = inbox_only
        self.index = DocIndex([], [], [])
        self.docs: dict[int, dict[str, Any]] = {}
        self.text_hits: dict[int, str] = {}
        self._search_timer: Any = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=_("Search: title, text, date, facility, code, file name…"), id="filter")
        with Horizontal(id="docs-body"):
            yield VirtualTable(doc_columns(), id="docs")
            with Vertical(id="docs-side"):
                yield PreviewPane(id="docs-preview")
                yield Static("", id="details")
        yield OcrStatus(id="ocr-status")
        yield Footer()

    def on_screen_suspend(self) -> None:
        self.pane.covered(True)  # a Kitty image would stay over the next screen

    def on_screen_resume(self) -> None:
        self.pane.covered(False)

    def on_mount(self) -> None:
        self.title = _("Documents")
        self.query_one(VirtualTable).focus()
        cached = self.sapp.cache.get("docs")
        if cached is not None:
            self._loaded(*cached)
        else:
            self.load()

    @property
    def pane(self) -> PreviewPane:
        return self.query_one(PreviewPane)

    @work(thread=True, exclusive=True, exit_on_error=False, group="docs", description="load documents")
    def load(self) -> None:
        try:
            from tui.services import load_documents

            rows, links = load_documents(self.vault)
            self.post_message(DocumentsLoaded(rows, links))
        except Exception as err:  # noqa: BLE001
            self.fail(_("Documents"), err)

    def on_documents_loaded(self, message: DocumentsLoaded) -> None:
        self.sapp.cache["docs"] = (message.rows, message.links)
        self._loaded(message.rows, message.links)

    def _loaded(self, rows: list[dict[str, Any]], links: Any) -> None:
        self.docs = {r["id"]: r for r in rows}
        self.index = build_index(rows, links)
        self.apply_filter()

    # ------------------------------------------------------------ search
    def apply_filter(self) -> None:
        table = self.query_one(VirtualTable)
        query = self.query_one("#filter", Input).value
        shown = self.index.filter(query, inbox_only=self.inbox_only)
        table.set_rows(self.index.with_text_hits(shown, self.text_hits, inbox_only=self.inbox_only),
                       keep_key=table.current_key)
        total = len(self.index.rows)
        self.sub_title = (_("Inbox") + " · " if self.inbox_only else "") + _("{shown} of {total}").format(
            shown=table.row_count, total=total)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.text_hits = {}
        self.apply_filter()
        self.pane.highlight(event.value)
        if self._search_timer is not None:
            self._search_timer.stop()
        if event.value.strip():
            self._search_timer = self.set_timer(SEARCH_DELAY, lambda: self.search_text(event.value))

    @work(thread=True, exclusive=True, exit_on_error=False, group="docs-search", description="search text")
    def search_text(self, query: str) -> None:
        try:
            from vault.records.text import fts_query, search_hits

            if fts_query(query):
                hits = {h.document_id: h.snippet for h in search_hits(self.vault, query, 500)}
                self.post_message(TextSearched(query, hits))
        except Exception as err:  # noqa: BLE001
            self.fail(_("Search"), err)

    def on_text_searched(self, message: TextSearched) -> None:
        if message.query == self.query_one("#filter", Input).value:
            self.text_hits = message.hits
            self.apply_filter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        table = self.query_one(VirtualTable)
        table.focus()
        if table.row_count == 1:  # filtered down to one: Enter opens it
            table.action_choose()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_toggle_inbox(self) -> None:
        self.inbox_only = not self.inbox_only
        self.apply_filter()

    def action_back(self) -> None:
        if not self.sapp.ocr.stop():
            self.app.action_goto("dashboard")  # type: ignore[attr-defined]

    # ----------------------------------------------------------- preview
    def current_doc(self) -> dict[str, Any] | None:
        key = self.query_one(VirtualTable).current_key
        return self.docs.get(key) if key is not None else None

    def on_virtual_table_highlighted(self, message: VirtualTable.Highlighted) -> None:
        doc = self.docs.get(message.key) if message.key is not None else None
        self._show_details(doc)
        self.pane.show(doc)

    def _show_details(self, doc: dict[str, Any] | None) -> None:
        self.query_one("#details", Static).update(self._details(doc) if doc else "")

    def on_ocr_status_changed(self, message: OcrStatus.Changed) -> None:
        """New text or suggestions arrived: show them for the highlighted document."""
        doc = self.current_doc()
        self._show_details(doc)
        if doc is not None and self.pane.doc is not None:
            self.pane.forget_text(doc["id"])

    def on_virtual_table_chosen(self, message: VirtualTable.Chosen) -> None:
        from tui.screens.editor import EditorScreen

        self.app.push_screen(EditorScreen(message.key), callback=lambda _r: self.reload())

    def reload(self) -> None:
        self.sapp.cache.pop("docs", None)
        self.load()

    def _details(self, doc: dict[str, Any]) -> str:
        lines = [f"#{doc['id']} {kind_label(doc['kind'])}" + ("" if doc.get("reviewed") else f"  [{_('inbox')}]"),
                 f"{_('Issued')}: {fmt_date(doc.get('issued'))}   {_('Pages')}: {doc.get('page_count')}",
                 f"{_('Facility')}: {doc.get('facility') or ''}",
                 f"{_('File')}: {doc.get('original_name') or ''}",
                 f"ICD-10: {', '.join(doc.get('icd10') or [])}  {doc.get('diagnosis') or ''}"]
        found = self.sapp.ocr.suggestions.get(doc["id"])
        if found:
            names = {"kind": _("Kind"), "issued": _("Issued"), "icd10": "ICD-10", "tracking": _("Tracking number")}
            values = ", ".join(f"{names.get(s.field, s.field)}: "
                               f"{kind_label(s.value) if s.field == 'kind' else s.value}" for s in found)
            lines.append(_("Suggested from the text (not applied): {values}").format(values=values))
        return "\n".join(lines)

    def action_page(self, delta: int) -> None:
        self.pane.turn(delta)

    # ------------------------------------------------- rotate and delete
    def action_rotate(self) -> None:
        doc = self.current_doc()
        if doc is not None:
            self.rotate(doc["id"], self.pane.page)

    @work(thread=True, exclusive=True, exit_on_error=False, group="docs-edit", description="turn page")
    def rotate(self, doc_id: int, page: int) -> None:
        try:
            from vault.records.titles import rotate

            turns = rotate(self.vault, doc_id, page, 90)
            self.app.call_from_thread(self._rotated, doc_id, page, turns)
        except Exception as err:  # noqa: BLE001
            self.fail(_("Turn page"), err)

    def _rotated(self, doc_id: int, page: int, turns: dict[int, int]) -> None:
        doc = self.docs.get(doc_id)
        if doc is None:
            return
        doc["rotation"] = {str(p + 1): d for p, d in turns.items()}
        self.sapp.cache.pop("docs", None)
        if self.pane.doc is not None and self.pane.doc["id"] == doc_id:
            self.pane.doc = doc
            self.pane.refresh_page()

    def action_delete(self) -> None:
        doc = self.current_doc()
        if doc is not None:
            self.ask_delete(doc["id"])

    @work(thread=True, exclusive=True, exit_on_error=False, group="docs-edit", description="links")
    def ask_delete(self, doc_id: int) -> None:
        try:
            from vault.records.removal import links_of

            found = links_of(self.vault, doc_id)
            self.app.call_from_thread(self._confirm_delete, found)
        except Exception as err:  # noqa: BLE001
            self.fail(_("Delete"), err)

    def _confirm_delete(self, found: Any) -> None:
        from tui.widgets.dialogs import ConfirmDialog

        doc = self.docs.get(found.document_id) or {"kind": "other"}
        title = doc_title(doc, kind_label(doc["kind"]))
        links = [f"{_('condition')} {c} · {e}" for c, e in found.conditions]
        links += [f"{_('summons')} {i}" for i in found.summonses] + [f"{_('letter')} {i}" for i in found.letters]
        question = _("Delete document #{id} «{title}» ({pages} pages)? This cannot be undone.").format(
            id=found.document_id, title=title, pages=doc.get("page_count") or 1)
        question += "\n" + (_("It is linked to: {links}.").format(links=", ".join(links)) if links
                            else _("It is not linked to anything."))
        question += "\n" + _("The lawyer’s copy will be out of date.")
        self.app.push_screen(ConfirmDialog(question, _("Delete")),
                             callback=lambda ok: ok and self.delete(found.document_id))

    @work(thread=True, exclusive=True, exit_on_error=False, group="docs-edit", description="delete")
    def delete(self, doc_id: int) -> None:
        try:
            from vault.records.removal import delete_document

            delete_document(self.vault, doc_id)
            self.app.call_from_thread(self._deleted, doc_id)
        except Exception as err:  # noqa: BLE001
            self.fail(_("Delete"), err)

    def _deleted(self, doc_id: int) -> None:
        self.sapp.ocr.suggestions.pop(doc_id, None)
        self.text_hits.pop(doc_id, None)
        self.pane.show(None)
        self.notify(_("Document #{id} deleted.").format(id=doc_id))
        self.reload()

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        return [(f"{_('Documents')}: {_('Delete this document')}", _("Asks first and lists its links"),
                 self.action_delete),
                (f"{_('Documents')}: {_('Turn this page')}", _("90° clockwise; the original is unchanged"),
                 self.action_rotate),
                (f"{_('Documents')}: {_('Search')}", _("Search titles, fields and text"), self.action_focus_filter)]
