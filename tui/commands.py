"""The command palette: one context-aware provider with namespaced labels.

``PALETTE`` is the table of user actions: one line per command, its English
name (the catalog gives the Russian one), a key hint, what it runs
(a function in ``tui.actions`` or an app action) and whether it needs the
vault unlocked. A command is found by its name in either language.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, Protocol

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.i18n import _
from tui.locale import catalog

PALETTE: list[tuple[str, str, str, bool]] = [
    ("Import files", "i", "app:goto('import')", True),
    ("Add condition", "", "tui.screens.condition:add_condition", True),
    ("Link document", "", "link_document", True),
    ("Add summons", "", "add_summons", True),
    ("Add letter", "", "add_letter", True),
    ("Set board date", "", "set_board_date", True),
    ("Set AGS period", "", "set_ags_period", True),
    ("Edit profile", "", "edit_profile", True),
    ("Read text (OCR)", "", "tui.screens.ocr:read_text", True),
    ("Search text", "", "tui.screens.search:search_text", True),
    ("Export for lawyer", "e", "app:goto('export')", True),
    ("Back up vault", "", "back_up", True),
    ("Restore from backup", "", "restore", False),
    ("Change passphrase", "", "change_passphrase", True),
    ("New recovery key", "", "new_recovery_key", True),
    ("Set duress passphrase", "", "set_duress", True),
    ("Rehearse panic", "", "tui.screens.rehearsal:rehearse", False),
    ("Language", "", "choose_language", False),
    ("Lock", "Ctrl+L", "app:lock", True),
]


def run_entry(app: Any, target: str) -> None:
    """``app:goto('x')`` runs an app action; ``module:function`` or a ``tui.actions`` name gets the app."""
    import importlib

    if target.startswith("app:"):
        app.call_later(app.run_action, target[4:])
        return
    module, _sep, name = target.rpartition(":")
    getattr(importlib.import_module(module or "tui.actions"), name)(app)


class PaletteHost(Protocol):
    """What the palette needs from the app (kept here so tui.commands never imports tui.app)."""

    vault: Any
    ocr: Any

    def action_goto(self, name: str) -> Any: ...
    def action_help(self) -> Any: ...


def _open_scenario(app: Any) -> None:
    from tui.screens.scenario import open_scenario_form

    open_scenario_form(app)


class SpravkaCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        app: PaletteHost = self.app  # type: ignore[assignment]
        out: list[tuple[str, str, Callable[[], Any]]] = []
        for name, key, target, needs_vault in PALETTE:
            if needs_vault and app.vault is None:
                continue
            title = _(name) + (f" ({key})" if key else "")
            other = name if _(name) != name else catalog("ru").get(name, "")  # found in either language
            out.append((title, other, partial(run_entry, app, target)))
        if app.vault is not None:
            for name, label in (("dashboard", _("Dashboard")), ("documents", _("Documents")),
                                ("import", _("Import")), ("timeline", _("Timeline")),
                                ("export", _("Export")), ("settings", _("Settings"))):
                out.append((f"{_('Go')}: {label}", _("Open the {name} screen").format(name=label),
                            partial(app.action_goto, name)))
            out.append((f"{_('Vault')}: {_('Where your key lives')}",
                        _("Move the key to a drive and back, make spares, eject safely"),
                        partial(app.action_goto, "key")))
            out.append((f"{_('Documents')}: {_('Read text now')}", _("Recognise text in documents that have none yet"),
                        partial(app.ocr.start)))
            out.append((f"{_('Documents')}: {_('Stop reading text')}", _("Stop background OCR; it resumes later"),
                        app.ocr.stop))
            out.append((f"{_('Profile')}: {_('Trans scenario (opt-in)')}",
                        _("Choose the opt-in scenario checks; never guessed from documents"),
                        partial(_open_scenario, app)))
            out.append((f"{_('Vault')}: {_('Re-key (new data key)')}",
                        _("Settings: replace the data key, so earlier key-file copies open nothing"),
                        partial(app.action_goto, "settings")))
        out.append((f"{_('Help')}: {_('Keys for this screen')}", _("Show the help screen (F1)"),
                    app.action_help))
        screen_commands = getattr(self.screen, "palette_commands", None)
        if screen_commands is not None:
            out.extend(screen_commands())
        return out

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = max(matcher.match(title), matcher.match(help_text) if help_text else 0)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
