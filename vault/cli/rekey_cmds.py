"""``spravka rekey``: a new data key, so old keyslot copies and old secrets open nothing."""

from __future__ import annotations

from pathlib import Path

import click

from vault.cli.common import emit, needs_vault, unlocked


@click.command("rekey")
@needs_vault
@click.pass_context
def rekey_cmd(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool) -> None:
    """Replace the vault's data key: re-encrypt the database, keep your passphrase, issue a
    new recovery key. Afterwards no earlier copy of the key file opens this vault, with any
    passphrase or recovery key. The export signing fingerprint changes too."""
    from vault.cli.common import PassphraseSource
    from vault.info import signing_fingerprint
    from vault.rekeying import rekey

    secret = PassphraseSource(passphrase_stdin).read("Passphrase")
    with unlocked(ctx, vault_dir, passphrase_stdin, secret) as vault:
        text = rekey(vault, secret)
        fp = signing_fingerprint(vault)
    emit(as_json, {"rekeyed": True, "recovery_key": text, "fingerprint": fp},
         f"Data key replaced; the database is re-encrypted. Old key-file copies (backups, disk "
         f"images) no longer open this vault with any passphrase or recovery key; backups "
         f"you made earlier still open with the secrets they were made with.\n\n"
         f"New recovery key (write it down now; the old one no longer works):\n  {text}\n\n"
         f"New signing-key fingerprint (tell your lawyer):\n  {fp}")


COMMANDS = [rekey_cmd]
