"""Create a vault: passphrase twice with a strength hint; the recovery key is shown next."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, LoadingIndicator, Static

from tui.i18n import _
from tui.messages import UnlockFailed, VaultCreated
from tui.model import strength
from tui.widgets.formkeys import FORM_BINDINGS, FormKeys
from vault.keys.policy import MIN_LENGTH as POLICY_MIN_LENGTH

MIN_LENGTH = POLICY_MIN_LENGTH  # one rule for the TUI, `init` and `duress set`


class CreateScreen(FormKeys, Screen[None]):
    SUBMIT_ON_LAST_ENTER = True
    BINDINGS = [*FORM_BINDINGS,
                Binding("ctrl+r", "restore", _("Restore from backup"), id="create.restore",
                        tooltip=_("Make a vault from a backup file, in a new folder"))]
    HELP = _("Choose a passphrase of several random words and type it twice. Then write down the "
             "recovery key that is shown once.")

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="create-box", classes="box"):
            yield Label(_("Create a new vault"), classes="box-title")
            yield Static(_("Vault: {path}").format(path=self.app.vault_dir), id="vault-path")  # type: ignore[attr-defined]
            yield Input(placeholder=_("New passphrase"), password=True, id="pass1")
            yield Static("", id="strength", classes="muted")
            yield Input(placeholder=_("The same passphrase again"), password=True, id="pass2")
            yield Button(_("Create vault"), id="create", variant="primary")
            yield LoadingIndicator(id="working")
            yield Static("", id="error", classes="error")
            yield Static(_("Honest limits: disk copies made before a panic wipe, backups and SSD "
                           "spare blocks may keep old key slots; destroying material may itself "
                           "carry legal risk."), classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#working").display = False
        self.query_one("#pass1", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "pass1":
            score, hint = strength(event.value)
            label = self.query_one("#strength", Static)
            label.update(f"{'■' * score}{'□' * (4 - score)} {hint}" if event.value else "")
            label.set_class(score < 2, "error")

    def form_submit(self) -> None:
        self._create()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self._create()

    def action_restore(self) -> None:
        from tui.actions import restore

        restore(self.app)  # type: ignore[arg-type]

    def _create(self) -> None:
        first, second = self.query_one("#pass1", Input), self.query_one("#pass2", Input)
        error = self.query_one("#error", Static)
        if len(first.value) < MIN_LENGTH:
            error.update(_("The passphrase needs at least {n} characters.").format(n=MIN_LENGTH))
            return
        if first.value != second.value:
            error.update(_("The two passphrases differ."))
            second.focus()
            return
        secret = first.value
        first.value = second.value = ""
        for widget in (first, second, self.query_one("#create", Button)):
            widget.disabled = True
        self.query_one("#working").display = True
        error.update(_("Creating the vault (measuring this machine for the key derivation)…"))
        self.create(secret)

    @work(thread=True, exclusive=True, exit_on_error=False, group="unlock", description="create vault")
    def create(self, secret: str) -> None:
        from vault.core import Vault
        from vault.errors import VaultError

        try:
            vault, key = Vault.create(self.app.vault_dir, secret,  # type: ignore[attr-defined]
                                      params=self.app.kdf_params)  # type: ignore[attr-defined]
        except VaultError as err:
            self.post_message(UnlockFailed(str(err)))
            return
        self.post_message(VaultCreated(vault, key or ""))

    def on_unlock_failed(self, message: UnlockFailed) -> None:
        self.query_one("#working").display = False
        self.query_one("#error", Static).update(message.error)
        for widget in self.query("Input, Button"):
            widget.disabled = False
        self.query_one("#pass1", Input).focus()
