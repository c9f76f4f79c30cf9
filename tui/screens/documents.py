"""Documents: instant in-memory filter over a virtual table, scan preview, inbox."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Input, Static
from textual.worker import get_current_worker

from tui.i18n import _, fmt_date
from tui.messages import DocumentsLoaded, PageRendered
from tui.model import DocIndex, build_index, kind_label
from tui.screens.base import VaultScreen
from tui.widgets.scan_preview import ScanPreview, image_to_strips
from tui.widgets.virtual_table import VirtualTable


def doc_columns() -> list[tuple[str, int]]:
    return [("#", 5), (_("Kind"), 24), (_("Issued"), 10), (_("Facility"), 24),
            (_("Conditions"), 12), (_("Elements"), 10)]


class DocumentsScreen(VaultScreen):
    HELP = _("Type in the filter to search every field at once. Highlighted rows (yellow) are in the "
             "inbox: not reviewed yet. Enter opens the editor; PgUp/PgDn turn the preview's pages.")
    BINDINGS = [
        Binding("slash", "focus_filter", _("Filter"), id="docs.filter", tooltip=_("Search all fields")),
        Binding("r,к", "toggle_inbox", _("Inbox"), id="docs.inbox",
                tooltip=_("Show only documents not reviewed yet")),
        # priority: the focused table would otherwise take PgUp/PgDn for itself
        Binding("pageup", "page(-1)", _("Prev page"), id="docs.prev_page", show=False, priority=True,
                tooltip=_("Previous page of the scan")),
        Binding("pagedown", "page(1)", _("Next page"), id="docs.next_page", priority=True,
                tooltip=_("Next page of the scan")),
        Binding("escape", "app.goto('dashboard')", _("Back"), id="docs.back", tooltip=_("Dashboard")),
    ]

    def __init__(self, inbox_only: bool = False) -> None:
        super().__init__()
        self.inbox_only = inbox_only
        self.index = DocIndex([], [], [])
        self.docs: dict[int, dict[str, Any]] = {}
        self.page = 0
        self._data: tuple[int, bytes, str] | None = None
        self._preview_timer: Any = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=_("Filter: kind, date, facility, code, name…"), id="filter")
        with Horizontal(id="docs-body"):
            yield VirtualTable(doc_columns(), id="docs")
            with Vertical(id="docs-side"):
                yield ScanPreview(id="preview")
                yield Static("", id="details")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Documents")
        self.query_one(VirtualTable).focus()
        cached = self.sapp.cache.get("docs")
        if cached is not None:
            self._loaded(*cached)
        else:
            self.load()

    def on_unmount(self) -> None:
        self._data = None  # decrypted bytes live only while the screen does

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

    # ------------------------------------------------------------ filter
    def apply_filter(self) -> None:
        table = self.query_one(VirtualTable)
        query = self.query_one("#filter", Input).value
        table.set_rows(self.index.filter(query, inbox_only=self.inbox_only), keep_key=table.current_key)
        shown, total = table.row_count, len(self.index.rows)
        self.sub_title = (_("Inbox") + " · " if self.inbox_only else "") + _("{shown} of {total}").format(
            shown=shown, total=total)

    def on_input_changed(self, event: Input.Changed) -> None:
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

    # ----------------------------------------------------------- preview
    def on_virtual_table_highlighted(self, message: VirtualTable.Highlighted) -> None:
        doc = self.docs.get(message.key) if message.key is not None else None
        self.query_one("#details", Static).update(self._details(doc) if doc else "")
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self.page = 0
        if doc is not None:
            self._preview_timer = self.set_timer(0.12, lambda: self.render_preview(doc["id"], 0))
        else:
            self.query_one(ScanPreview).clear()

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
                 f"{_('Doctor')}: {doc.get('doctor') or ''}",
                 f"ICD-10: {', '.join(doc.get('icd10') or [])}  {doc.get('diagnosis') or ''}"]
        return "\n".join(lines)

    def action_page(self, delta: int) -> None:
        key = self.query_one(VirtualTable).current_key
        doc = self.docs.get(key) if key is not None else None
        if doc is None:
            return
        new = max(0, min(self.page + delta, int(doc.get("page_count") or 1) - 1))
        if new != self.page:
            self.page = new
            self.render_preview(doc["id"], new)

    @work(thread=True, exclusive=True, exit_on_error=False, group="preview", description="render page")
    def render_preview(self, doc_id: int, page: int) -> None:
        try:
            from vault.importing.render import render_page
            from vault.records.documents import read_all

            doc = self.docs[doc_id]
            if self._data is None or self._data[0] != doc_id:
                self._data = (doc_id, read_all(self.vault, doc_id), doc["media_type"])
            if get_current_worker().is_cancelled:
                return
            size = self.query_one(ScanPreview).content_region.size
            width, height = max(size.width, 4), max(size.height - 1, 2)
            image = render_page(self._data[1], self._data[2], page, (width, height * 2))
            strips = image_to_strips(image, width, height, mono=self.app.no_color)
            if not get_current_worker().is_cancelled:
                self.post_message(PageRendered(doc_id, page, int(doc.get("page_count") or 1), strips))
        except Exception as err:  # noqa: BLE001 - a broken scan must not break the list
            self.post_message(PageRendered(doc_id, page, 0, str(err)))

    def on_page_rendered(self, message: PageRendered) -> None:
        preview = self.query_one(ScanPreview)
        if isinstance(message.image, str):
            preview.clear(_("No preview: {error}").format(error=message.image))
            return
        preview.show_strips(message.image, _("Page {n} of {total}").format(n=message.page + 1,
                                                                          total=message.page_count))
