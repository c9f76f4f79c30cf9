"""``spravka backup`` and ``spravka restore``: the user's second copy of the vault.

Registered by ``vault.cli.main`` through ``COMMANDS``; ``python -m
vault.cli.backup_cmds`` runs the same CLI with these commands added, for
environments where the registration is not in place yet.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vault.cli.common import (
    PassphraseSource,
    emit,
    json_option,
    key_dir_of,
    key_dir_option,
    needs_vault,
    stdin_option,
    unlocked,
    vault_dir,
    vault_option,
)

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar


def _bar(as_json: bool, label: str) -> ProgressBar[int]:
    show = not as_json and sys.stderr.isatty()
    return click.progressbar(length=100, label=label, file=sys.stderr, hidden=not show)


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.0f} kB"


def _counts(counts: dict[str, int]) -> str:
    names = [("documents", "documents"), ("conditions", "conditions"), ("links", "links"),
             ("summonses", "summonses"), ("letters", "letters"), ("board_dates", "board dates"),
             ("audit_entries", "audit entries")]
    return ", ".join(f"{counts.get(key, 0)} {label}" for key, label in names)


@click.command()
@needs_vault
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Backup file to write (outside the vault directory).")
@click.option("--force", is_flag=True, help="Replace an existing file at --out.")
@click.pass_context
def backup(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
           out: Path, force: bool) -> None:
    """Write an encrypted backup of the open vault to one file."""
    from vault.backup.create import PANIC_NOTE, create_backup

    with unlocked(ctx, vault_dir, passphrase_stdin) as vault, _bar(as_json, "Backing up") as bar:
        state = {"pct": 0}

        def progress(done: int, total: int) -> None:
            pct = int(done * 100 / total) if total else 100
            bar.update(pct - state["pct"])
            state["pct"] = pct

        result = create_backup(vault, out, progress=progress, overwrite=force)
    data = {**result.to_json(), "note": PANIC_NOTE}
    emit(as_json, data,
         f"Backup written to {result.path} ({_size(result.size)})\n"
         f"Contains: {_counts(result.counts)}\n"
         f"It opens with the passphrase or recovery key valid now.\n"
         f"Note: {PANIC_NOTE}.")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@vault_option
@key_dir_option
@stdin_option
@json_option
@click.pass_context
def restore(ctx: click.Context, file: Path, vault_dir: Path | None, passphrase_stdin: bool,
            as_json: bool) -> None:
    """Restore a backup into an empty or new vault directory (checked before anything is written)."""
    from vault.backup.create import change_restored_passphrase, restore_backup

    target = _target(ctx, vault_dir)
    source = PassphraseSource(passphrase_stdin)
    secret = source.read("Passphrase or recovery key of the backup")
    with _bar(as_json, "Checking") as bar:
        state = {"pct": 0}

        def progress(done: int, total: int) -> None:
            pct = int(done * 100 / total) if total else 100
            bar.update(pct - state["pct"])
            state["pct"] = pct

        report = restore_backup(file, target, secret, progress=progress)
    hint = f"to change the passphrase: spravka --vault {target} passwd"
    data = {**report.to_json(), "hint": hint}
    key_dir = key_dir_of(ctx)
    if key_dir is not None:
        from vault.keyplace.moving import place_restored_key

        data.update(place_restored_key(target, key_dir).to_json())
    emit(as_json, data,
         f"Restored the backup of {report.backup.created} into {target}\n"
         f"Verified: {_counts(report.counts)}; every document hash and the audit chain check out.")
    if passphrase_stdin or not sys.stdin.isatty():
        if not as_json:
            click.echo(f"Hint: {hint}")
        return
    if click.confirm("Change the passphrase of the restored vault now?", default=False, err=True):
        new = source.read("New passphrase", confirm=True)
        how = change_restored_passphrase(target, secret, new, key_dir=key_dir)
        click.echo("Passphrase changed." if how == "changed"
                   else "New passphrase added (the recovery key still works).", err=True)


def _target(ctx: click.Context, option: Path | None) -> Path:
    return vault_dir(ctx, option)


COMMANDS = [backup, restore]
