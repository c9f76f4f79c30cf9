"""Document editor: every field, link suggestions shown apart and accepted with one key."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Checkbox,
    Footer,
    Input,
    Label,
    ListItem,
    ListView,
    Select,
    Static,
)

from tui.i18n import _, fmt_date, parse_user_date, pick
from tui.messages import DocumentSaved, SuggestionAccepted, SuggestionsComputed
from tui.model import element_label, rules
from tui.screens.base import VaultScreen
from tui.widgets.form import field_error
from tui.widgets.formkeys import FORM_BINDINGS, FormKeys
from tui.widgets.header import Header
from tui.widgets.preview_pane import PreviewPane

DATE_FIELDS = ("issued", "period_start", "period_end")
TEXT_FIELDS = ("title", "facility", "doctor", "specialty", "icd10", "diagnosis", "wording", "tracking", "notes")


def field_labels() -> dict[str, str]:
    return {"title": _("Title (empty: kind, date and facility)"),
            "kind": _("Kind"), "issued": _("Issued"), "period_start": _("Period from"),
            "period_end": _("Period to"), "facility": _("Facility"), "doctor": _("Doctor"),
            "specialty": _("Specialty"), "icd10": _("ICD-10 codes"), "diagnosis": _("Diagnosis"),
            "wording": _("Key wording"), "tracking": _("Tracking number"), "notes": _("Notes"),
            "reviewed": _("Reviewed (leaves the inbox)")}


class EditorScreen(FormKeys, VaultScreen):
    HELP = _("Edit any field and press Ctrl+S to save. Dates may be typed as 22.11.2026 or "
             "2026-11-22. Suggestions on the right are never applied silently: press A to accept "
             "the highlighted one.")
    BINDINGS = [
        *FORM_BINDINGS,
        Binding("ctrl+o", "link", _("Link to…"), id="editor.link",
                tooltip=_("Link this document to a condition and element of your choice")),
        Binding("a,ф", "accept", _("Accept suggestion"), id="editor.accept",
                tooltip=_("Link the document as suggested")),
        Binding("escape", "close", _("Back"), id="editor.back", tooltip=_("Back to the documents")),
    ]

    def __init__(self, document_id: int) -> None:
        super().__init__()
        self.document_id = document_id
        self.original: dict[str, str] = {}
        self.suggestions: list[Any] = []

    def compose(self) -> ComposeResult:
        labels = field_labels()
        kinds = [(pick(k.label_ru, k.label_en), k.id) for k in rules().kinds.values()]
        yield Header()
        with Horizontal(id="editor-body"):
            with VerticalScroll(id="editor-form"):
                yield Label(labels["kind"])
                yield Select(kinds, id="f-kind", allow_blank=False)
                for name in (*DATE_FIELDS, *TEXT_FIELDS):
                    yield Label(labels[name])
                    yield Input(id=f"f-{name}")
                yield Checkbox(labels["reviewed"], id="f-reviewed")
            with Vertical(id="editor-side"):
                yield PreviewPane(id="editor-preview")
                yield Label(_("Suggestions"), classes="section")
                yield ListView(id="suggestions")
                yield Static("", id="editor-status", classes="muted")
        yield Footer()

    def on_screen_suspend(self) -> None:
        self.query_one(PreviewPane).covered(True)  # a Kitty image would stay over the next screen

    def on_screen_resume(self) -> None:
        self.query_one(PreviewPane).covered(False)

    def on_mount(self) -> None:
        self.title = _("Document #{id}").format(id=self.document_id)
        self.query_one("#f-kind", Select).focus()
        self.load()

    def form_submit(self) -> None:
        self.action_save()

    def action_link(self) -> None:
        from tui.actions import link_document

        link_document(self.sapp, self.document_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="editor", description="load document")
    def load(self) -> None:
        try:
            from vault.records.documents import show

            doc = show(self.vault, self.document_id)
            self.app.call_from_thread(self._fill, doc)
            self._suggest()
        except Exception as err:  # noqa: BLE001
            self.fail(_("Document"), err)

    def _fill(self, doc: dict[str, Any]) -> None:
        values = {"kind": doc["kind"], "reviewed": "yes" if doc["reviewed"] else "no"}
        for name in DATE_FIELDS:
            values[name] = fmt_date(doc.get(name))
        for name in TEXT_FIELDS:
            raw = doc.get("title_typed" if name == "title" else name)  # a built title is not typed
            values[name] = ", ".join(raw) if isinstance(raw, list) else (raw or "")
        self.original = values
        self.query_one("#f-kind", Select).value = doc["kind"]
        for name in (*DATE_FIELDS, *TEXT_FIELDS):
            self.query_one(f"#f-{name}", Input).value = values[name]
        self.query_one("#f-reviewed", Checkbox).value = bool(doc["reviewed"])
        self.query_one(PreviewPane).show(doc, delay=0)  # read the page while typing

    def current(self) -> dict[str, str]:
        out = {"kind": str(self.query_one("#f-kind", Select).value),
               "reviewed": "yes" if self.query_one("#f-reviewed", Checkbox).value else "no"}
        for name in (*DATE_FIELDS, *TEXT_FIELDS):
            out[name] = self.query_one(f"#f-{name}", Input).value
        return out

    def action_save(self) -> None:
        changes = {k: v for k, v in self.current().items() if self.original.get(k) != v}
        for name in DATE_FIELDS:
            if name in changes:
                changes[name] = parse_user_date(changes[name])
        if not changes:
            self.notify(_("Nothing changed."))
            return
        self.save(changes)

    @work(thread=True, exclusive=True, exit_on_error=False, group="editor-save", description="save document")
    def save(self, changes: dict[str, str]) -> None:
        try:
            from vault.records.documents import set_fields

            set_fields(self.vault, self.document_id, changes)
            self.post_message(DocumentSaved(self.document_id, sorted(changes)))
            self._suggest()
        except Exception as err:  # noqa: BLE001
            self.fail(_("Not saved"), RuntimeError(field_error(str(err), field_labels())))

    def on_document_saved(self, message: DocumentSaved) -> None:
        self.original = self.current()
        self.sapp.cache.pop("docs", None)
        self.notify(_("Saved: {fields}").format(fields=", ".join(message.fields)))

    # -------------------------------------------------------- suggestions
    def _suggest(self) -> None:
        """Called in a worker thread."""
        from vault.evidence.suggest import suggest_links
        from vault.records.snapshots import read_snapshot

        snap = read_snapshot(self.vault)
        doc = snap.document(self.document_id)
        found = suggest_links(doc, snap, rules()) if doc else []
        conds = {c.id: f"{c.icd10} ({_('art.')} {c.article})" for c in snap.conditions}
        self.post_message(SuggestionsComputed(self.document_id, [(s, conds.get(s.condition_id, "")) for s in found]))

    def on_suggestions_computed(self, message: SuggestionsComputed) -> None:
        self.suggestions = [s for s, _c in message.suggestions]
        view = self.query_one("#suggestions", ListView)
        view.clear()
        for suggestion, cond in message.suggestions:
            text = f"+ {cond} · {element_label(suggestion.element)}\n  {pick(suggestion.reason_ru, suggestion.reason_en)}"
            view.append(ListItem(Label(text), classes="suggestion"))
        self.query_one("#editor-status", Static).update(
            _("Press A to accept the highlighted suggestion.") if self.suggestions else _("No suggestions."))

    def action_accept(self) -> None:
        if not self.suggestions:
            self.notify(_("No suggestions."))
            return
        index = self.query_one("#suggestions", ListView).index or 0
        self.accept(self.suggestions[min(index, len(self.suggestions) - 1)])

    @work(thread=True, exclusive=True, exit_on_error=False, group="editor-save", description="accept suggestion")
    def accept(self, suggestion: Any) -> None:
        try:
            from vault.records.conditions import link

            link(self.vault, suggestion.document_id, suggestion.condition_id, suggestion.element)
            self.post_message(SuggestionAccepted(suggestion.document_id, suggestion.condition_id,
                                                 suggestion.element))
            self._suggest()
        except Exception as err:  # noqa: BLE001
            self.fail(_("Link"), err)

    def on_suggestion_accepted(self, message: SuggestionAccepted) -> None:
        self.sapp.cache.pop("docs", None)
        self.notify(_("Linked as {element}.").format(element=element_label(message.element)))

    def action_close(self) -> None:
        self.dismiss(None)
