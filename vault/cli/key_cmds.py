"""``spravka key``: where the key lives (vault folder or a drive), moving it, spares."""

from __future__ import annotations

from pathlib import Path

import click

from vault.cli.common import emit, needs_vault, unlocked

LOSS_WARNING = ("Without this key the vault cannot be opened: keep a backup "
                "(spravka backup) somewhere else.")


@click.group()
def key() -> None:
    """Keep the key on a removable drive: the laptop alone then opens nothing."""


@key.command("move")
@needs_vault
@click.option("--to", "to", required=True, metavar="DIR|vault",
              help="A directory on the drive, or 'vault' to bring the key back.")
@click.pass_context
def key_move(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
             to: str) -> None:
    """Move the key: new copy written and checked first, then the old one destroyed."""
    from vault.keyplace.moving import move_key

    with unlocked(ctx, vault_dir, passphrase_stdin) as vault:
        where = move_key(vault, to)
    data = where.to_json()
    text = (f"The key now lives in the vault folder: {data['key_path']}" if where.kind == "vault"
            else f"The key now lives on the drive: {data['key_path']}\n{LOSS_WARNING}")
    emit(as_json, data, text)


@key.command("copy")
@needs_vault
@click.option("--to", "to", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="A directory on another drive for the spare copy.")
@click.pass_context
def key_copy(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
             to: Path) -> None:
    """Make a spare copy of the key and record it (where, when) in the vault."""
    from vault.keyplace.moving import copy_key

    with unlocked(ctx, vault_dir, passphrase_stdin) as vault:
        spare = copy_key(vault, to)
    emit(as_json, spare.to_json(),
         f"Spare key written to {spare.path}. A panic cannot reach it when that drive is not "
         f"connected; it is useless without the database, but keep it hidden.")


@key.command("status")
@needs_vault
@click.pass_context
def key_status(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool,
               as_json: bool) -> None:
    """Where the key lives and which spare copies were made."""
    from vault.keyplace.moving import key_status as status

    with unlocked(ctx, vault_dir, passphrase_stdin) as vault:
        data = status(vault)

    def text() -> str:
        lines = [f"key: {data['key_location']} ({data['key_path']})",
                 f"copies: {data['copies']}"]
        lines += [f"spare made {s['made']} at {s['path']}"
                  f"{'' if s['reachable'] else ' (not connected)'}" for s in data["spares"]]
        return "\n".join(lines)

    emit(as_json, data, text)


COMMANDS = [key]
