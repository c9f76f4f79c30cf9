"""The Textual app: thin. Screens live in tui/screens, one per file, loaded lazily.

``run_app`` is what a bare ``spravka`` calls; ``make_app`` is shared with tests
(clock, language and idle timeout are injectable).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui import i18n  # noqa: I001 - installs `_` before any other tui module
from tui.i18n import _

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from tui.safety import DoublePress, IdleWatch, panic_failure, run_panic

if TYPE_CHECKING:  # loaded on use: their module is not needed for the first frame
    from tui.messages import VaultCreated, VaultUnlocked

CLEAR_SCROLLBACK = "\x1b[3J\x1b[2J\x1b[H"
SCREENS_LAZY = {
    "dashboard": "tui.screens.dashboard:DashboardScreen",
    "documents": "tui.screens.documents:DocumentsScreen",
    "import": "tui.screens.import_:ImportScreen",
    "timeline": "tui.screens.timeline:TimelineScreen",
    "export": "tui.screens.export:ExportScreen",
    "settings": "tui.screens.settings:SettingsScreen",
    "key": "tui.screens.key_location:KeyLocationScreen",
}


def _commands_provider() -> Any:
    from tui.commands import SpravkaCommands

    return SpravkaCommands


def load_screen(name: str) -> type[Screen[Any]]:
    module, _sep, cls = SCREENS_LAZY.get(name, name).partition(":")
    return getattr(importlib.import_module(module), cls)  # type: ignore[no-any-return]


class SpravkaApp(App[None]):
    CSS_PATH = "styles/app.tcss"
    TITLE = "Spravka"
    ALLOW_SELECT = False  # no selection -> nothing copied to the clipboard
    COMMANDS = App.COMMANDS | {_commands_provider}  # imported on first palette use
    BINDINGS = [
        Binding("ctrl+p", "command_palette", _("Commands"), id="app.palette", priority=True, show=False,
                tooltip=_("Every action, by name in Russian or English")),
        Binding("tab", "focus_next", _("Next field"), id="app.next", priority=True, show=False,
                tooltip=_("Move to the next field (applied in key order)")),
        Binding("shift+tab", "focus_previous", _("Previous field"), id="app.previous", priority=True,
                show=False, tooltip=_("Move to the previous field")),
        Binding("f1", "help", _("Help"), id="app.help", tooltip=_("Help for this screen")),
        Binding("ctrl+l", "lock", _("Lock"), id="app.lock", priority=True,
                tooltip=_("Lock now: drop the key and return to the unlock screen")),
        Binding("ctrl+x", "panic", _("Panic ×2"), id="app.panic", priority=True, show=False,
                tooltip=_("Press twice within 2 s: destroy the vault key")),
        Binding("escape", "cancel_panic", _("Cancel wipe"), id="app.cancel_panic", priority=True,
                show=False, tooltip=_("Stop the panic countdown")),
        *(Binding(key, f"goto('{name}')", label, id=f"app.goto.{name}", show=False,
                  tooltip=_("Go to this screen"))
          for key, name, label in (("d,в", "dashboard", _("Dashboard")), ("o,щ", "documents", _("Documents")),
                                   ("i,ш", "import", _("Import")), ("t,е", "timeline", _("Timeline")),
                                   ("e,у", "export", _("Export")), ("s,ы", "settings", _("Settings")))),
    ]

    def __init__(self, vault_dir: Path, *, clock: Callable[[], date] | None = None,
                 lang: str | None = None, idle_lock_seconds: float | None = None,
                 kdf_params: Any = None, key_dir: Path | None = None) -> None:
        self.lang_forced = lang or i18n.env_language()
        if lang:
            i18n.set_language(lang)
            i18n.retranslate_bindings()
        super().__init__()
        self.vault_dir = Path(vault_dir)
        self.key_dir = key_dir  # else $SPRAVKA_KEY_DIR, the vault folder, removable media
        self.today: Callable[[], date] = clock or date.today
        self.kdf_params = kdf_params
        self.vault: Any = None
        self.settings: dict[str, Any] = {}
        self.idle_forced = idle_lock_seconds
        self.idle = IdleWatch(idle_lock_seconds if idle_lock_seconds is not None else 300)
        self.panic_key = DoublePress(window=2.0)
        self.countdown: int | None = None
        self.panicked = False
        self.cache: dict[str, Any] = {}
        from tui.ocr_background import BackgroundOcr

        self.ocr = BackgroundOcr(self)

    # ------------------------------------------------------------ start
    def on_mount(self) -> None:
        self.push_screen(self._entry_screen())
        self.set_interval(min(1.0, max(self.idle.seconds / 4, 0.05)), self._check_idle)

    def _entry_screen(self) -> Screen[Any]:
        from vault.paths import VaultPaths

        paths = VaultPaths(self.vault_dir)
        if paths.keyslots.exists() or paths.database.exists():  # the key may be on a drive
            return load_screen("tui.screens.unlock:UnlockScreen")()
        return load_screen("tui.screens.create:CreateScreen")()

    def on_vault_unlocked(self, message: VaultUnlocked) -> None:
        self._opened(message.vault, message.settings)

    def on_vault_created(self, message: VaultCreated) -> None:
        from tui.widgets.dialogs import SecretShownOnce

        self._opened(message.vault, {}, show_dashboard=False)
        self.push_screen(SecretShownOnce(
            _("Your recovery key"), message.recovery_key,
            _("Write it on paper now and keep it apart from the laptop. It is shown only once "
              "and opens the vault if you forget the passphrase.")),
            callback=lambda _ok: self._show_home())

    def _opened(self, vault: Any, settings: dict[str, Any], show_dashboard: bool = True) -> None:
        self.vault, self.settings = vault, settings
        lang = settings.get("language")
        if not self.lang_forced and lang in i18n.LANGUAGES and lang != i18n.language():
            self._switch_language(lang)
        if self.idle_forced is None:
            self.idle.seconds = 60 * float(settings.get("auto_lock_minutes") or 5)
        self.idle.touch()
        if show_dashboard:
            self._show_home()
        if settings.get("ocr_interrupted"):
            self.ocr.start(automatic=True)  # a run stopped by Esc or lock picks up where it was

    def _switch_language(self, lang: str) -> None:
        i18n.set_language(lang)
        i18n.retranslate_bindings()
        self._bindings = self._merged_bindings.copy()  # type: ignore[union-attr]

    def apply_language(self, lang: str) -> None:
        """At once, on every screen, locked or not; kept in the vault when it is open."""
        self.lang_forced = lang
        self._switch_language(lang)
        if self.vault is not None:
            self.settings["language"] = lang
            vault = self.vault

            def store() -> None:
                from vault.records.settings import set_setting

                set_setting(vault, "language", lang)

            self.run_worker(store, thread=True, exit_on_error=False, group="language")
            self._show_home()
        else:
            while len(self.screen_stack) > 1:
                self.pop_screen()
            self.push_screen(self._entry_screen())

    def _show_home(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(load_screen("dashboard")())

    # ------------------------------------------------------- navigation
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_panic":
            return self.countdown is not None
        if action == "goto":
            return self.vault is not None and not isinstance(self.screen, ModalScreen)
        return True

    def action_goto(self, name: str) -> None:
        self.idle.touch()
        self.switch_screen(load_screen(name)())

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    # ------------------------------------------------------------- lock
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown,
                              events.MouseScrollUp, events.Paste)):
            self.idle.touch()
        await super().on_event(event)

    def _check_idle(self) -> None:
        if self.vault is not None and self.idle.expired():
            self.lock_vault("idle")

    def action_lock(self) -> None:
        if self.vault is not None:
            self.lock_vault("key")

    def lock_vault(self, reason: str) -> None:
        self.ocr.drop()  # stops background OCR; its pages and suggestions go with it
        for worker in list(self.workers):
            worker.cancel()
        if self.vault is not None:
            self.vault.lock()
        self.vault, self.settings = None, {}
        note = self.cache.get("lawyer_note_locked")  # a date and a count: shown on the lock screen
        self.cache.clear()
        if note is not None:
            self.cache["lawyer_note_locked"] = note
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(self._entry_screen())
        from tui.messages import VaultLockedByUser

        self.post_message(VaultLockedByUser(reason))

    def on_unmount(self) -> None:
        self.ocr.drop()
        if self.vault is not None:
            self.vault.lock()
            self.vault = None

    # ------------------------------------------------------------ panic
    def action_panic(self) -> None:
        practice = getattr(self.screen, "practise_panic_key", None)
        if practice is not None:  # the rehearsal screen: the real key sequence on a stand-in
            practice()
            return
        if self.countdown is not None:
            return
        if not self.panic_key.press():
            from tui.widgets.banner import show_panic_warning

            show_panic_warning(self.screen, self.panic_key.window)
            return
        style = self.settings.get("panic_style", "double-key")
        if style == "countdown":
            self.countdown = int(self.settings.get("panic_countdown_seconds") or 5)
            self._tick()
        else:
            self.do_panic()

    def _tick(self) -> None:
        if self.countdown is None:
            return
        if self.countdown <= 0:
            self.countdown = None
            self.do_panic()
            return
        self.notify(_("Wiping in {n} s — Esc cancels").format(n=self.countdown), timeout=1,
                    severity="warning")
        self.countdown -= 1
        self.set_timer(1, self._tick)

    def action_cancel_panic(self) -> None:
        self.countdown = None
        self.notify(_("Wipe cancelled"))

    def do_panic(self) -> None:
        """Crypto-erase first (milliseconds), then drop the key, remove files, leave. No dialog."""
        report = None

        def drop_key() -> None:
            if self.vault is not None:
                self.vault.lock()
                self.vault = None

        try:
            keys = (self.vault.paths.keyslots,) if self.vault is not None else ()
            report = run_panic(self.vault_dir, on_erased=drop_key, key_dir=self.key_dir, key_files=keys)
        finally:
            drop_key()
            self.panicked = True
            self.cache.clear()
            from tui.messages import PanicFinished  # after the erase: loaded on use

            self.post_message(PanicFinished(False, report))
            failure = panic_failure(report)
            self.exit(return_code=1 if failure else 0, message=failure or None)

    # --------------------------------------------- no plaintext leaves
    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title not in ("Screenshot", "Maximize", "Minimize"):
                yield command

    def copy_to_clipboard(self, text: str) -> None:  # noqa: ARG002 - deliberately nothing
        return

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        return

    def save_screenshot(self, *args: Any, **kwargs: Any) -> str:
        raise RuntimeError("screenshots are disabled: they would write plaintext to disk")

    def deliver_screenshot(self, *args: Any, **kwargs: Any) -> None:
        return


def make_app(vault_dir: Path, *, clock: Callable[[], date] | None = None, lang: str | None = None,
             idle_lock_seconds: float | None = None, kdf_params: Any = None,
             key_dir: Path | None = None) -> SpravkaApp:
    return SpravkaApp(vault_dir, clock=clock, lang=lang, idle_lock_seconds=idle_lock_seconds,
                      kdf_params=kdf_params, key_dir=key_dir)


def run_app(vault_dir: Path, key_dir: Path | None = None) -> None:
    app = make_app(vault_dir, key_dir=key_dir)
    try:
        app.run()
    finally:
        out = sys.__stdout__
        if out is not None and out.isatty():
            out.write(CLEAR_SCROLLBACK)
            out.flush()
    if app.return_code:
        sys.exit(app.return_code)
