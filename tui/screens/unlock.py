"""Unlock: one passphrase (or recovery key) field; Argon2id runs in a thread worker."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, LoadingIndicator, Static

from tui.i18n import _, fmt_date
from tui.keywatch import (
    KeyAwaited,
    KeyChecked,
    KeyPresence,
    is_key_missing,
    key_presence,
)
from tui.services import read_settings
from tui.widgets.formkeys import FORM_BINDINGS, FormKeys

if TYPE_CHECKING:  # loaded when an unlock ends: not needed for the first frame
    from tui.messages import UnlockFailed

KEY_POLL_SECONDS = 0.5


class UnlockScreen(FormKeys, Screen[None]):
    SUBMIT_ON_LAST_ENTER = True
    BINDINGS = [*FORM_BINDINGS,
                Binding("escape", "forget", _("Forget passphrase"), id="unlock.forget", show=False,
                        tooltip=_("Forget a passphrase held while waiting for the key drive")),
                Binding("ctrl+r", "restore", _("Restore from backup"), id="unlock.restore",
                        tooltip=_("Make a vault from a backup file, in a new folder"))]
    HELP = _("Type your passphrase or your recovery key and press Enter. Unlocking takes about a "
             "second on purpose: it makes guessing slow. Ctrl+X twice wipes the vault. If the key "
             "lives on a drive, insert it: a passphrase typed before stays in memory until it appears.")
    held: str | None = None  # typed before the key drive appeared; never sent anywhere until then
    key: KeyPresence | None = None

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="unlock-box", classes="box"):
            yield Label("Spravka", classes="box-title")
            yield Static(_("Vault: {path}").format(path=self.app.vault_dir), id="vault-path")  # type: ignore[attr-defined]
            yield Static("", id="key-status", classes="muted")
            yield Input(placeholder=_("Passphrase or recovery key"), password=True, id="secret")
            yield Static("", id="error", classes="error")
            yield Static(self._lawyer_note(), id="lawyer-note", classes="muted")

    def _lawyer_note(self) -> str:
        note = self.app.cache.get("lawyer_note_locked")  # type: ignore[attr-defined]
        if not note:
            return ""
        last, changed = note
        if not last:
            return _("No lawyer’s copy yet.")
        return _("Lawyer’s copy: {date}, {n} changes since.").format(date=fmt_date(last), n=changed)

    def on_mount(self) -> None:
        self.query_one("#secret", Input).focus()
        # after the first frame (start-up is measured): the key bar and the key check
        self.call_after_refresh(self.mount, Footer())
        self.call_after_refresh(self.check_key)
        self.set_interval(KEY_POLL_SECONDS, self.check_key)

    @work(thread=True, exclusive=True, exit_on_error=False, group="keywatch", description="key watch")
    def check_key(self) -> None:
        app = self.app
        self.post_message(KeyChecked(key_presence(app.vault_dir, app.key_dir)))  # type: ignore[attr-defined]

    def on_key_checked(self, message: KeyChecked) -> None:
        self.key = key = message.presence
        if not key.present:
            text = _("The key is not here: insert the drive that holds it.")
        elif key.kind == "drive":
            text = _("Key drive present: {where}").format(where=key.where)
        else:
            text = ""
        self.query_one("#key-status", Static).update(text)
        if key.present and self.held is not None:
            secret, self.held = self.held, None
            self._start(secret)

    def on_key_awaited(self, message: KeyAwaited) -> None:
        self.held = message.secret
        self.key = KeyPresence(False)
        self._waiting()

    def _waiting(self) -> None:
        for spinner in self.query("#working"):
            spinner.display = False
        self.query_one("#error", Static).update(
            _("Waiting for the key drive. Your passphrase is kept in memory only and is used "
              "when the drive appears. Esc forgets it."))

    def action_forget(self) -> None:
        if self.held is not None:
            self.held = None
            self.query_one("#error", Static).update("")
            field = self.query_one("#secret", Input)
            field.disabled = False
            field.focus()

    def action_restore(self) -> None:
        from tui.actions import restore

        restore(self.app)  # type: ignore[arg-type]

    def form_submit(self) -> None:
        field = self.query_one("#secret", Input)
        secret = field.value
        if not secret or field.disabled:
            return
        field.value = ""
        field.disabled = True
        if self.key is not None and not self.key.present:
            self.held = secret
            self._waiting()
            return
        self._start(secret)

    def _start(self, secret: str) -> None:
        if not self.query("#working"):  # mounted on demand: a lighter first frame
            self.query_one("#unlock-box").mount(LoadingIndicator(id="working"), before="#error")
        self.query_one("#working").display = True
        self.query_one("#error", Static).update(_("Unlocking…"))
        self.unlock(secret)

    @work(thread=True, exclusive=True, exit_on_error=False, group="unlock", description="unlock")
    def unlock(self, secret: str) -> None:
        from tui.messages import UnlockFailed, VaultUnlocked
        from vault.core import Vault
        from vault.errors import VaultError

        try:
            vault = Vault.open(self.app.vault_dir, secret, key_dir=self.app.key_dir)  # type: ignore[attr-defined]
        except VaultError as err:
            if is_key_missing(str(err)):
                self.post_message(KeyAwaited(secret))  # the drive went away: wait again
                return
            self.post_message(UnlockFailed(str(err)))
            return
        try:
            settings = read_settings(vault)
        except Exception:  # noqa: BLE001 - settings must never block an unlock
            settings = {}
        self.post_message(VaultUnlocked(vault, settings))

    def on_unlock_failed(self, message: UnlockFailed) -> None:
        for spinner in self.query("#working"):
            spinner.display = False
        self.query_one("#error", Static).update(_(message.error) if message.error else "")
        field = self.query_one("#secret", Input)
        field.disabled = False
        field.focus()
