"""Settings → Where your key lives: move the key to a drive and back, spares, ejecting.

Moving the key to a drive asks first whether to make a backup: losing the drive
without one loses the vault. Every vault call runs in a thread worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label, Static

from tui.i18n import _, fmt_date
from tui.screens.base import VaultScreen
from tui.widgets.dialogs import ConfirmDialog, PromptDialog
from tui.widgets.header import Header


@dataclass
class KeyStatusLoaded(Message):
    status: dict[str, Any]


@dataclass
class KeyActionDone(Message):
    what: str  # "moved", "copied", "backup"
    detail: str


class BackupFirstDialog(ModalScreen["str | None"]):
    """Before a move to a drive: make a backup first, move anyway, or cancel (focused)."""

    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="backupfirst.cancel",
                        tooltip=_("Close without changes"))]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Move key to a drive"), classes="dialog-title")
            yield Static(_("After the move, this laptop alone opens nothing: the drive is needed "
                           "for every unlock. If the drive is lost or breaks and there is no "
                           "backup, the vault is lost for good. Make a backup first?"),
                         id="backup-warning", classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel", variant="primary")
                yield Button(_("Make a backup first"), id="backup-first")
                yield Button(_("Move without a backup"), id="move-now", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss({"backup-first": "backup", "move-now": "move"}.get(event.button.id or ""))

    def action_cancel(self) -> None:
        self.dismiss(None)


def copies_sentence(status: dict[str, Any]) -> str:
    """E.g. '2 copies of your key exist: this drive and one made on 12.03.2026'."""
    here = _("this drive") if status["key_location"] == "drive" else _("the vault folder")
    spares = [_("one made on {date}").format(date=fmt_date(s["made"])) for s in status["spares"]]
    if not spares:
        return _("One copy of your key exists: {where}.").format(where=here)
    return _("{n} copies of your key exist: {where} and {spares}.").format(
        n=status["copies"], where=here, spares=", ".join(spares))


class KeyLocationScreen(VaultScreen):
    HELP = _("The whole key of the vault is one small file. Kept on a USB stick or microSD card, "
             "the laptop alone opens nothing, whatever passphrase is forced out of you. Keep a "
             "backup: a lost drive without one loses the vault.")
    BINDINGS = [
        Binding("escape", "app.goto('settings')", _("Back"), id="key.back", tooltip=_("Settings")),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="settings-form"):
            yield Label(_("Where your key lives"), classes="section")
            yield Static("", id="key-where")
            yield Static("", id="key-copies")
            yield Static("", id="key-spares", classes="muted")
            with Horizontal(classes="buttons"):
                yield Button(_("Move key to a drive"), id="to-drive", variant="primary")
                yield Button(_("Move key back to the vault folder"), id="to-vault")
                yield Button(_("Make a spare copy"), id="spare")
            yield Static(_("To eject the drive: lock the vault (Ctrl+L), then use your system’s "
                           "“Eject” or “Safely remove” before pulling it out, and keep it apart "
                           "from the laptop. A panic destroys only the copies that are connected; "
                           "spares kept elsewhere survive, but open nothing once the database is "
                           "gone."), id="key-eject", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        self.title = _("Where your key lives")
        self.load_status()

    @work(thread=True, exclusive=True, exit_on_error=False, group="key-status", description="key status")
    def load_status(self) -> None:
        try:
            from vault.keyplace.moving import key_status

            self.post_message(KeyStatusLoaded(key_status(self.vault)))
        except Exception as err:  # noqa: BLE001 - shown, never fatal
            self.fail(_("Not read"), err)

    def on_key_status_loaded(self, message: KeyStatusLoaded) -> None:
        status = message.status
        if status["key_location"] == "drive":
            where = _("On a drive: {path}").format(path=status["key_path"])
        else:
            where = _("In the vault folder, on this laptop: {path}").format(path=status["key_path"])
        self.query_one("#key-where", Static).update(where)
        self.query_one("#key-copies", Static).update(copies_sentence(status))
        lines = [(_("Spare made on {date}: {path}") if s["reachable"]
                  else _("Spare made on {date}: {path} (not connected)")).format(
                      date=fmt_date(s["made"]), path=s["path"]) for s in status["spares"]]
        self.query_one("#key-spares", Static).update("\n".join(lines))
        self.query_one("#to-vault", Button).disabled = status["key_location"] == "vault"

    def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button.id
        if button == "to-drive":
            self.app.push_screen(BackupFirstDialog(), callback=self._backup_answer)
        elif button == "to-vault":
            self.app.push_screen(ConfirmDialog(
                _("Bring the key back to the vault folder? The laptop alone will open the vault "
                  "again with the passphrase."), _("Move back")),
                callback=lambda ok: ok and self.key_op("move", "vault"))
        elif button == "spare":
            self.app.push_screen(PromptDialog(_("Make a spare copy"),
                                              [_("Folder on the other drive")], password=False),
                                 callback=lambda v: v and v[0] and self.key_op("copy", v[0]))

    def _backup_answer(self, answer: str | None) -> None:
        if answer == "backup":
            self.app.push_screen(PromptDialog(_("Make a backup first"),
                                              [_("Backup file (not on the key drive)")], password=False),
                                 callback=lambda v: v and v[0] and self.key_op("backup", v[0]))
        elif answer == "move":
            self._ask_drive()

    def _ask_drive(self) -> None:
        self.app.push_screen(PromptDialog(_("Move key to a drive"), [_("Folder on the drive")],
                                          password=False),
                             callback=lambda v: v and v[0] and self.key_op("move", v[0]))

    @work(thread=True, exclusive=True, exit_on_error=False, group="key-op", description="key move")
    def key_op(self, what: str, target: str) -> None:
        try:
            from vault.keyplace.moving import copy_key, move_key

            if what == "backup":
                from vault.backup.create import create_backup

                detail = str(create_backup(self.vault, Path(target).expanduser()).path)
                self.post_message(KeyActionDone("backup", detail))
            elif what == "copy":
                self.post_message(KeyActionDone("copied", copy_key(self.vault, Path(target)).path))
            else:
                self.post_message(KeyActionDone("moved", str(move_key(self.vault, target).path)))
        except Exception as err:  # noqa: BLE001 - shown, never fatal
            self.fail(_("Not done"), err)

    def on_key_action_done(self, message: KeyActionDone) -> None:
        labels = {"backup": _("Backup written: {path}"), "copied": _("Spare key written: {path}"),
                  "moved": _("The key now lives at {path}")}
        self.notify(labels[message.what].format(path=message.detail), timeout=6)
        if message.what == "backup":
            self._ask_drive()  # the backup is the safety net; now the move itself
        else:
            self.load_status()
