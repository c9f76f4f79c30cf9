"""The command palette: one context-aware provider with namespaced labels."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, Protocol

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.i18n import _


class PaletteHost(Protocol):
    """What the palette needs from the app (kept here so tui.commands never imports tui.app)."""

    vault: Any
    ocr: Any

    def action_goto(self, name: str) -> Any: ...
    def action_lock(self) -> Any: ...
    def action_help(self) -> Any: ...
    def rehearse_panic(self) -> Any: ...


def _open_scenario(app: Any) -> None:
    from tui.screens.scenario import open_scenario_form

    open_scenario_form(app)


class SpravkaCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        app: PaletteHost = self.app  # type: ignore[assignment]
        out: list[tuple[str, str, Callable[[], Any]]] = []
        if app.vault is not None:
            for name, label in (("dashboard", _("Dashboard")), ("documents", _("Documents")),
                                ("import", _("Import")), ("timeline", _("Timeline")),
                                ("export", _("Export")), ("settings", _("Settings"))):
                out.append((f"{_('Go')}: {label}", _("Open the {name} screen").format(name=label),
                            partial(app.action_goto, name)))
            out.append((f"{_('Vault')}: {_('Lock now')}", _("Drop the key and return to the unlock screen"),
                        app.action_lock))
            out.append((f"{_('Vault')}: {_('Where your key lives')}",
                        _("Move the key to a drive and back, make spares, eject safely"),
                        partial(app.action_goto, "key")))
            out.append((f"{_('Documents')}: {_('Read text now')}", _("Recognise text in documents that have none yet"),
                        partial(app.ocr.start)))
            out.append((f"{_('Documents')}: {_('Stop reading text')}", _("Stop background OCR; it resumes later"),
                        app.ocr.stop))
            out.append((f"{_('Export')}: {_('Update the lawyer’s copy')}",
                        _("Make a new encrypted export for the lawyer"), partial(app.action_goto, "export")))
            out.append((f"{_('Profile')}: {_('Trans scenario (opt-in)')}",
                        _("Choose the opt-in scenario checks; never guessed from documents"),
                        partial(_open_scenario, app)))
            out.append((f"{_('Vault')}: {_('Re-key (new data key)')}",
                        _("Settings: replace the data key, so earlier key-file copies open nothing"),
                        partial(app.action_goto, "settings")))
        out.append((f"{_('Panic')}: {_('Rehearse the panic wipe')}",
                    _("Practise on a throwaway vault; your vault is untouched"), app.rehearse_panic))
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
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
