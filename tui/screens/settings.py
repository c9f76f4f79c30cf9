"""Settings: passphrase, recovery key, duress passphrase, auto-lock, language, panic style."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Input, Label, Select, Static

from tui.i18n import _
from tui.messages import SettingsSaved
from tui.screens.base import VaultScreen
from tui.widgets.dialogs import PromptDialog, SecretShownOnce
from tui.widgets.header import Header

ENTRIES = {"passphrase": "change_passphrase", "recovery": "new_recovery_key", "duress": "set_duress",
           "backup": "back_up", "restore": "restore"}


class SettingsScreen(VaultScreen):
    HELP = _("Change the passphrase, make a new recovery key (the old one stops working), set a "
             "duress passphrase (it opens an empty vault and destroys this one), back up or restore, "
             "auto-lock, language and how the panic key behaves.")
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="settings.save", tooltip=_("Save auto-lock, language and panic style")),
        Binding("escape", "app.goto('dashboard')", _("Back"), id="settings.back", tooltip=_("Dashboard")),
    ]

    def compose(self) -> ComposeResult:
        s = self.sapp.settings
        yield Header()
        with VerticalScroll(id="settings-form"):
            yield Label(_("Keys"), classes="section")
            with Horizontal(classes="buttons"):
                yield Button(_("Change passphrase"), id="passphrase")
                yield Button(_("Re-key (new data key)"), id="rekey")
                yield Button(_("New recovery key"), id="recovery")
                yield Button(_("Set duress passphrase"), id="duress")
                yield Button(_("Remove duress passphrase"), id="noduress")
                yield Button(_("Where your key lives"), id="keyplace")
            yield Static("", id="fingerprint", classes="muted")
            yield Label(_("Backups"), classes="section")
            with Horizontal(classes="buttons"):
                yield Button(_("Back up vault"), id="backup")
                yield Button(_("Restore from backup"), id="restore")
            yield Label(_("Auto-lock after idle minutes"))
            yield Input(str(s.get("auto_lock_minutes") or 5), id="autolock", type="integer")
            yield Label(_("Language"))
            yield Select([(_("Automatic"), "auto"), ("Русский", "ru"), ("English", "en")],
                         value=s.get("language") or "auto", allow_blank=False, id="language")
            yield Label(_("Panic key"))
            yield Select([(_("Ctrl+X twice: wipe at once"), "double-key"),
                          (_("Ctrl+X twice, then a short countdown (Esc cancels)"), "countdown")],
                         value=s.get("panic_style") or "double-key", allow_blank=False, id="panic")
            yield Label(_("Countdown seconds"))
            yield Input(str(s.get("panic_countdown_seconds") or 5), id="countdown", type="integer")
            yield Label(_("Read the text of new documents in the background"))
            yield Select([(_("Yes, after every import"), "on"), (_("No, only when I ask"), "off")],
                         value="off" if s.get("auto_ocr") is False else "on", allow_blank=False, id="auto-ocr")
            yield Label(_("Preview pictures"))
            yield Select([(_("Automatic (graphics where the terminal says it can)"), "auto"),
                          (_("Half blocks only"), "none"), ("Kitty", "kitty"), ("Sixel", "sixel"),
                          ("iTerm2", "iterm2")],
                         value=s.get("preview_graphics") or "auto", allow_blank=False, id="graphics")
            yield Button(_("Save settings"), id="save", variant="primary")
            yield Static(_("A panic wipe cannot reach disk copies made earlier, backups or SSD spare "
                           "blocks. Keep the lawyer’s copy up to date."), classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Settings")
        self.show_fingerprint()

    @work(thread=True, exclusive=True, exit_on_error=False, group="settings-fp", description="fingerprint")
    def show_fingerprint(self) -> None:
        from vault.info import signing_fingerprint

        try:
            text = _("Signing-key fingerprint (your lawyer checks exports against it): {fp}").format(
                fp=signing_fingerprint(self.vault))
        except Exception as err:  # noqa: BLE001 - a locked vault: nothing to show
            text = str(err)
        self.app.call_from_thread(self.query_one("#fingerprint", Static).update, text)

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        return [(f"{_('Keys')}: {_('Re-key (new data key)')}", _("A new data key: the database is re-encrypted and a new recovery key "
                          "is issued, so no earlier copy of the key file opens this vault."), self.ask_rekey)]

    def ask_rekey(self) -> None:
        self.app.push_screen(PromptDialog(_("Re-key (new data key)"), [_("Current passphrase")]),
                             callback=self._rekey)

    def _rekey(self, values: list[str] | None) -> None:
        if values and values[0]:
            self.slot_op("rekey", (values[0],))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        from tui import actions

        button = event.button.id or ""
        if button == "save":
            self.action_save()
        elif button == "rekey":
            self.ask_rekey()
        elif button == "noduress":
            self.clear_duress()
        elif button in ENTRIES:
            getattr(actions, ENTRIES[button])(self.sapp)
        elif button == "keyplace":
            self.app.action_goto("key")  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, exit_on_error=False, group="settings-slot", description="key slots")
    def clear_duress(self) -> None:
        try:
            self.vault.clear_duress()
            self.post_message(SettingsSaved("noduress"))
        except Exception as err:  # noqa: BLE001
            self.fail(_("Not changed"), err)

    @work(thread=True, exclusive=True, exit_on_error=False, group="settings-slot", description="re-key")
    def slot_op(self, what: str, args: tuple[str, ...]) -> None:
        """Re-key: new data key, database re-encrypted, new recovery key shown once."""
        try:
            from vault.rekeying import rekey

            key = rekey(self.vault, *args)
            self.app.call_from_thread(self.app.push_screen, SecretShownOnce(
                _("Your new recovery key"), key, _("Write it on paper now. The data key was replaced: earlier copies of "
                  "the key file open nothing here. The export signing fingerprint changed: "
                  "tell your lawyer.")))
            self.show_fingerprint()
            self.post_message(SettingsSaved(what))
        except Exception as err:  # noqa: BLE001
            self.fail(_("Not changed"), err)

    def action_save(self) -> None:
        try:
            minutes = max(1, int(self.query_one("#autolock", Input).value or 5))
            countdown = max(1, min(30, int(self.query_one("#countdown", Input).value or 5)))
        except ValueError:
            self.notify(_("Minutes and seconds must be numbers."), severity="error")
            return
        lang = self.query_one("#language", Select).value
        values: dict[str, Any] = {"auto_lock_minutes": minutes, "language": None if lang == "auto" else lang,
                                  "panic_style": self.query_one("#panic", Select).value,
                                  "panic_countdown_seconds": countdown,
                                  "auto_ocr": self.query_one("#auto-ocr", Select).value == "on",
                                  "preview_graphics": self.query_one("#graphics", Select).value}
        self.save(values)

    @work(thread=True, exclusive=True, exit_on_error=False, group="settings", description="save settings")
    def save(self, values: dict[str, Any]) -> None:
        try:
            from vault.records.settings import set_setting

            for key, value in values.items():
                set_setting(self.vault, key, value)
            self.app.call_from_thread(self._applied, values)
            self.post_message(SettingsSaved(",".join(values)))
        except Exception as err:  # noqa: BLE001
            self.fail(_("Not saved"), err)

    def _applied(self, values: dict[str, Any]) -> None:
        app = self.sapp
        app.settings.update(values)
        if app.idle_forced is None:
            app.idle.seconds = 60 * values["auto_lock_minutes"]
        from tui import i18n

        if values["language"] and values["language"] != i18n.language():
            app.apply_language(values["language"])

    def on_settings_saved(self, message: SettingsSaved) -> None:
        labels = {"rekey": _("Data key replaced; the database is re-encrypted."),
                  "noduress": _("Duress passphrase removed.")}
        self.notify(labels.get(message.key, _("Settings saved.")))
