"""Add or edit a condition: ICD-10 search over the rule data, article and sub-item in the Schedule's words."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Input, Select, Static

from tui.forms import field_label
from tui.i18n import _, pick
from tui.model import rules
from tui.widgets.form import FieldSpec, RecordForm

if TYPE_CHECKING:
    from tui.app import SpravkaApp


def article_title(article: Any) -> str:
    return f"{_('art.')} {article.number} — {pick(article.title_ru, article.title_en or article.title_ru)}"


def subitem_phrase(sub: Any) -> str:
    wording = "; ".join(sub.terms.terms[:2])
    return f"«{sub.letter}» — {_('category')} {sub.category}: {wording}"


def find_articles(query: str) -> list[Any]:
    """Articles whose ICD-10 range holds the code typed, or whose title has every word typed."""
    from vault.evidence import icd10

    text = query.strip()
    if not text:
        return []
    code = icd10.normalize(text)
    by_code = [a for a in rules().articles.values() if any(code.startswith(p) for p in a.icd10)]
    if by_code:
        return by_code
    words = text.lower().split()
    return [a for a in rules().articles.values()
            if all(w in f"{a.title_ru} {a.title_en}".lower() for w in words)]


class ConditionForm(RecordForm):
    """A RecordForm whose search field picks the article; the article decides the sub-items."""

    def on_mount(self) -> None:
        super().on_mount()
        self.mount(Static("", id="icd-matches", classes="muted"), after=self.query_one("#e-search"))
        self._subitems(self.initial.get("article"))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "e-search":
            return
        found = find_articles(event.value)
        self.query_one("#icd-matches", Static).update(
            "\n".join(article_title(a) for a in found[:5]) or (_("No article found.") if event.value else ""))
        if len(found) == 1:
            self.query_one("#e-article", Select).value = str(found[0].number)
            code = self.query_one("#e-icd10", Input)
            from vault.evidence import icd10

            if icd10.is_valid(event.value) and not code.value:
                code.value = icd10.normalize(event.value)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "e-article":
            self._subitems(event.value)

    def _subitems(self, number: Any) -> None:
        article = rules().articles.get(int(number)) if str(number or "").isdigit() else None
        options = [(subitem_phrase(s), s.letter) for s in (article.subitems if article else ())]
        self.query_one("#e-subitem", Select).set_options(options)


def condition_specs() -> list[FieldSpec]:
    articles = tuple((article_title(a), str(a.number)) for a in sorted(rules().articles.values(),
                                                                       key=lambda a: a.number))
    return [
        FieldSpec("search", _("Find the diagnosis: ICD-10 code or words"), help=_("e.g. J45 or астма")),
        FieldSpec("icd10", field_label("icd10"), required=True),
        FieldSpec("article", field_label("article"), "choice", articles, required=True),
        FieldSpec("subitem", field_label("subitem"), "choice", (),
                  help=_("The Schedule’s wording for each sub-item is shown in the list.")),
        FieldSpec("primary", field_label("primary"), "check"),
        FieldSpec("notes", field_label("notes")),
    ]


def add_condition(app: SpravkaApp, existing: dict[str, Any] | None = None) -> None:
    from tui.actions import changed

    def save(values: dict[str, Any]) -> Any:
        from vault.records import conditions

        values.pop("search", None)
        clean = {k: ("yes" if v else "no") if isinstance(v, bool) else str(v) for k, v in values.items()}
        if existing is None:
            return conditions.add_condition(app.vault, {k: v for k, v in clean.items() if v != ""})
        return conditions.set_condition(app.vault, existing["id"], clean)

    initial = dict(existing or {})
    if existing:
        initial["article"] = str(existing["article"])
    title = _("Add condition") if existing is None else _("Condition #{id}").format(id=existing["id"])
    app.push_screen(ConditionForm(title, condition_specs(), initial, on_save=save),
                    callback=lambda result: result is not None and changed(app))
