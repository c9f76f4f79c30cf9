"""The page of a document beside a list or a form: a Picture tab and a Text tab.

Used by the documents screen and the editor. One render worker per pane reads
the original from the vault, renders the page in memory (turned by the user's
view rotation), and, where a graphics protocol is in use, encodes the page at
its own resolution; the Text tab shows the page's OCR or PDF text with search
hits highlighted. The decrypted bytes and pixels live in this widget only.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from tui.i18n import _
from tui.messages import PageRendered
from tui.widgets.scan_preview import ZOOMS, ScanPreview

NATIVE_BOX = (4096, 4096)
"""Images keep their own pixels up to this; PDF pages render to fit it."""
PDF_BOX = (1654, 2339)
"""A4 at 200 dpi: a PDF page has no pixels of its own."""


def page_texts(text: str) -> list[str]:
    return text.split("\f") if text else []


def highlighted(text: str, query: str) -> Text:
    """``text`` with every word that starts with a query stem highlighted (ё = е, any case)."""
    import re

    from vault.records.text import normalise, stem

    out = Text(text)
    stems = [stem(w) for w in re.findall(r"\w+", query)]
    if not stems:
        return out
    for m in re.finditer(r"\w+", text):
        if any(normalise(m.group()).startswith(s) for s in stems if s):
            out.stylize("reverse bold", m.start(), m.end())
    return out


class PreviewPane(Vertical):
    DEFAULT_CSS = """
    PreviewPane { height: 1fr; }
    PreviewPane TabbedContent, PreviewPane TabPane { height: 1fr; padding: 0; }
    PreviewPane #page-text { padding: 0 1; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.doc: dict[str, Any] | None = None
        self.page = 0
        self.query = ""
        self._data: tuple[int, bytes] | None = None
        self._texts: tuple[int, list[str]] | None = None
        self._timer: Any = None
        self.shown: tuple[int, int] | None = None  # (document id, page) the picture shows
        self._text_key: tuple[Any, ...] = ()

    def compose(self) -> ComposeResult:
        with TabbedContent(id="preview-tabs"):
            with TabPane(_("Picture"), id="tab-picture"):
                yield ScanPreview(id="preview")
            with TabPane(_("Text"), id="tab-text"), VerticalScroll():
                yield Static("", id="page-text")

    def on_unmount(self) -> None:
        self._data = self._texts = None  # decrypted bytes live only while the pane does

    @property
    def picture(self) -> ScanPreview:
        return self.query_one(ScanPreview)

    # ------------------------------------------------------------ public
    def show(self, doc: dict[str, Any] | None, *, delay: float = 0.12) -> None:
        """Show page 1 of ``doc`` (a row from ``list_rows``/``show``); None clears."""
        if self._timer is not None:
            self._timer.stop()
        self.doc, self.page = doc, 0
        if doc is None:
            self.picture.clear()
            self._show_text()
            return
        if delay > 0:
            self._timer = self.set_timer(delay, self.refresh_page)
        else:
            self.call_after_refresh(self.refresh_page)

    def turn(self, delta: int) -> None:
        if self.doc is None:
            return
        new = max(0, min(self.page + delta, int(self.doc.get("page_count") or 1) - 1))
        if new != self.page:
            self.page = new
            self.refresh_page()

    def highlight(self, query: str) -> None:
        self.query = query
        self._show_text()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-picture":
            self.picture.show_graphics()
        else:
            self.picture.hide_graphics()

    def covered(self, hidden: bool) -> None:
        """The screen was covered (True) or shown again (False): keep terminal images in step."""
        if hidden:
            self.picture.hide_graphics()
        elif self.query_one(TabbedContent).active == "tab-picture":
            self.picture.show_graphics()

    def forget_text(self, doc_id: int) -> None:
        """New text was read for ``doc_id``: load it again with the next page shown."""
        if self._data is not None and self._data[0] == doc_id:
            self._data = None
            self.refresh_page()

    def refresh_page(self) -> None:
        if self.doc is not None:
            size = self.picture.content_region.size
            box = (max(size.width, 8), max(size.height - 1, 4))
            setting = getattr(self.app, "settings", {}).get("preview_graphics")
            self.render_page(dict(self.doc), self.page, box, setting, bool(self.app.no_color))

    # ----------------------------------------------------------- worker
    @work(thread=True, exclusive=True, exit_on_error=False, group="preview", description="render page")
    def render_page(self, doc: dict[str, Any], page: int, box: tuple[int, int], setting: str | None,
                    mono: bool) -> None:
        try:
            from tui.widgets import graphics
            from vault.importing.render import render_page
            from vault.records.documents import read_all
            from vault.records.text import get_text

            vault = self.app.vault  # type: ignore[attr-defined]
            if vault is None:
                return
            if self._data is None or self._data[0] != doc["id"]:
                self._data = (doc["id"], read_all(vault, doc["id"]))
                with vault.session() as s:
                    self._texts = (doc["id"], page_texts(get_text(s, doc["id"])))
            protocol = graphics.detect(setting=setting)
            target = (PDF_BOX if doc["media_type"] == "application/pdf" else NATIVE_BOX) if protocol else (
                box[0] * ZOOMS[-1], box[1] * 2 * ZOOMS[-1])
            image = render_page(self._data[1], doc["media_type"], page, target)
            degrees = int((doc.get("rotation") or {}).get(str(page + 1), 0))
            if degrees:
                image = image.rotate(-degrees, expand=True)
            sequence = graphics.encode(protocol, image, box) if protocol else ""
            if get_current_worker().is_cancelled:
                return
            if sequence:
                image = None  # the terminal draws it; keep no pixels
            self.post_message(PageRendered(doc["id"], page, int(doc.get("page_count") or 1),
                                           (image, sequence, protocol, mono)))
        except Exception as err:  # noqa: BLE001 - a broken scan must not break the list
            self.post_message(PageRendered(doc["id"], page, 0, str(err)))

    def on_page_rendered(self, message: PageRendered) -> None:
        if self.doc is None or message.document_id != self.doc["id"]:
            return
        self._show_text()
        if isinstance(message.image, str):
            self.picture.clear(_("No preview: {error}").format(error=message.image))
            self.shown = None
            return
        image, sequence, protocol, mono = message.image
        self.picture.mono = mono
        caption = _("Page {n} of {total}").format(n=message.page + 1, total=message.page_count)
        if message.page == self.page:
            self.picture.show_image(image, caption, sequence=sequence, protocol=protocol)
            self.shown = (message.document_id, message.page)

    def _show_text(self) -> None:
        """Update the Text tab only when what it shows changes (it runs on every keystroke)."""
        texts = self._texts[1] if self.doc is not None and self._texts is not None \
            and self._texts[0] == self.doc["id"] else None
        page = texts[self.page] if texts is not None and self.page < len(texts) and texts[self.page].strip() \
            else None
        key = (texts, self.page, self.query if page is not None else None)  # texts compared by value
        if key == self._text_key:
            return
        self._text_key = key
        target = self.query_one("#page-text", Static)
        if texts is None:
            target.update("")
        elif page is not None:
            target.update(highlighted(page, self.query))
        else:
            target.update(Text(_("No text for this page yet. It is read in the background after an import "
                                 "(Ctrl+P → Read text now)."), style="italic"))
