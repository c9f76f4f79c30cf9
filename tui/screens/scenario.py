"""The opt-in trans scenario in the profile: plain-words explanation and privacy note.

A small form of its own because a field spec cannot carry the explanation; the
values themselves are the profile fields of ``vault.records.profile``. The
scenario is only ever what the user picks here, never inferred from documents.
"""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from tui.i18n import _, fmt_date, parse_user_date


def scenario_choices() -> list[tuple[str, str]]:
    return [
        (_("Off: no scenario checks"), "none"),
        (_("Assigned male at birth, female marker in documents"), "amab-female-marker"),
        (_("Assigned female at birth, male marker in documents"), "afab-male-marker"),
        (_("F64 diagnosis (psychiatrist's certificate)"), "f64"),
    ]


def explanation() -> str:
    return _("Optional. If it applies to you, the vault adds the checks lawyers advise for it: the "
             "documents to collect (an endocrinologist's certificate of lifelong hormone therapy, a "
             "surgeon's certificate, a psychiatrist's F64.0 certificate), the application for removal "
             "from the military register, or registration within two weeks of changing documents.")


def privacy_note() -> str:
    return _("Privacy: this choice stays encrypted in the vault. It is never guessed from your "
             "documents, and the lawyer's copy only says \"scenario checks: on\" unless you tick it "
             "on the export screen.")


class ScenarioForm(ModalScreen["dict[str, str] | None"]):
    """Returns {"gender_scenario": …, "marker_changed_on": ISO date or ""} or None."""

    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="scenario.save", tooltip=_("Save the scenario")),
        Binding("escape", "cancel", _("Cancel"), id="scenario.cancel", tooltip=_("Close without saving")),
    ]

    def __init__(self, profile: dict[str, Any]) -> None:
        super().__init__()
        self.profile = profile

    def compose(self) -> ComposeResult:
        current = self.profile.get("gender_scenario") or "none"
        with VerticalScroll(classes="dialog"):
            yield Label(_("Trans scenario (opt-in)"), classes="dialog-title")
            yield Static(explanation(), id="scenario-explanation")
            yield Label(_("Scenario"))
            yield Select(scenario_choices(), value=current, allow_blank=False, id="s-scenario")
            yield Label(_("Date the documents were changed"))
            yield Input(fmt_date(self.profile.get("marker_changed_on")) or "", placeholder=_("dd.mm.yyyy"),
                        id="s-changed")
            yield Static(privacy_note(), id="scenario-privacy", classes="muted")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Save"), id="save", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#s-scenario", Select).focus()

    def values(self) -> dict[str, str]:
        choice = self.query_one("#s-scenario", Select).value
        return {"gender_scenario": str(choice) if isinstance(choice, str) else "none",
                "marker_changed_on": parse_user_date(self.query_one("#s-changed", Input).value)}

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_save() if event.button.id == "save" else self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        self.dismiss(self.values())

    def action_cancel(self) -> None:
        self.dismiss(None)


def open_scenario_form(app: App[Any]) -> None:
    """Palette action: read the profile, show the form, save, all off the UI thread."""
    vault = getattr(app, "vault", None)
    if vault is None:
        return

    def saved(values: dict[str, str] | None) -> None:
        if values is not None:
            app.run_worker(lambda: _save(app, vault, values), thread=True, exit_on_error=False,
                           group="scenario", description="save scenario")

    def load() -> None:
        from vault.records.profile import get_profile

        try:
            profile = get_profile(vault)
        except Exception as err:  # noqa: BLE001 - shown, never fatal
            app.call_from_thread(app.notify, f"{_('Scenario')}: {err}", severity="error")
            return
        app.call_from_thread(app.push_screen, ScenarioForm(profile), saved)

    app.run_worker(load, thread=True, exit_on_error=False, group="scenario", description="load profile")


def _save(app: App[Any], vault: Any, values: dict[str, str]) -> None:
    from vault.records.profile import set_profile

    try:
        set_profile(vault, values)
    except Exception as err:  # noqa: BLE001 - a bad date is shown, nothing stored is lost
        app.call_from_thread(app.notify, f"{_('Scenario')}: {err}", severity="error", timeout=8)
        return
    cache = getattr(app, "cache", None)
    if isinstance(cache, dict):
        cache.pop("report", None)
    app.call_from_thread(app.notify, _("Scenario saved."))
