"""Unlock: one passphrase (or recovery key) field; Argon2id runs in a thread worker."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, LoadingIndicator, Static

from tui.i18n import _, fmt_date
from tui.messages import UnlockFailed, VaultUnlocked
from tui.services import read_settings


class UnlockScreen(Screen[None]):
    HELP = _("Type your passphrase or your recovery key and press Enter. Unlocking takes about a "
             "second on purpose: it makes guessing slow. Ctrl+X twice wipes the vault.")

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="unlock-box", classes="box"):
            yield Label("Spravka", classes="box-title")
            yield Static(_("Vault: {path}").format(path=self.app.vault_dir), id="vault-path")  # type: ignore[attr-defined]
            yield Input(placeholder=_("Passphrase or recovery key"), password=True, id="secret")
            yield Static("", id="error", classes="error")
            yield Static(self._lawyer_note(), id="lawyer-note", classes="muted")
        yield Footer()

    def _lawyer_note(self) -> str:
        note = self.app.cache.get("lawyer_note_locked")  # type: ignore[attr-defined]
        if not note:
            return ""
        last, changed = note
        if not last:
            return _("No lawyer’s copy yet.")
        return _("Lawyer’s copy: {date}, {n} documents changed since.").format(date=fmt_date(last), n=changed)

    def on_mount(self) -> None:
        self.query_one("#secret", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        secret = event.value
        if not secret:
            return
        event.input.value = ""
        event.input.disabled = True
        if not self.query("#working"):  # mounted on demand: a lighter first frame
            self.query_one("#unlock-box").mount(LoadingIndicator(id="working"), before="#error")
        self.query_one("#working").display = True
        self.query_one("#error", Static).update(_("Unlocking…"))
        self.unlock(secret)

    @work(thread=True, exclusive=True, exit_on_error=False, group="unlock", description="unlock")
    def unlock(self, secret: str) -> None:
        from vault.core import Vault
        from vault.errors import VaultError

        try:
            vault = Vault.open(self.app.vault_dir, secret)  # type: ignore[attr-defined]
        except VaultError as err:
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
