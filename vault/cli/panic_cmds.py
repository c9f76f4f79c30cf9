"""Panic wipe and duress passphrase commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vault.cli.common import (
    PassphraseSource,
    emit,
    key_dir_of,
    key_dir_option,
    needs_vault,
    vault_dir,
    vault_option,
)
from vault.cli.escape import safe
from vault.errors import InvalidInput, VaultError

if TYPE_CHECKING:
    from vault.panic.wipe import PanicReport


@click.command()
@vault_option
@key_dir_option
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
@click.option("--rehearse", is_flag=True, help="Practise on a throwaway copy of the vault's shape.")
@click.option("--message", default="", help="Text to print afterwards (default: nothing).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def panic(ctx: click.Context, vault_dir: Path | None, yes: bool, rehearse: bool, message: str,
          as_json: bool) -> None:
    """Destroy the vault now: keyslots first (milliseconds), then every file. No passphrase."""
    from vault.panic.wipe import panic as run_panic

    root = _root(ctx, vault_dir)
    if rehearse:
        from vault.panic.rehearsal import rehearse as run_rehearsal

        report = run_rehearsal(root)
        emit(as_json, report.to_json(), lambda: "\n".join(
            [f"{s.name}: {s.seconds * 1000:.1f} ms {'ok' if s.ok else 'FAILED: ' + s.detail}"
             for s in report.steps] + ["(rehearsal: your vault was not touched; in a real panic "
                                       "the screen and scrollback are cleared now)"]))
        return
    if not yes:
        if not sys.stdin.isatty():
            raise InvalidInput("refusing to wipe without --yes when there is no terminal")
        click.confirm("Destroy the vault now? This cannot be undone", abort=True, err=True)
    report_panic(run_panic(root, key_dir=key_dir_of(ctx)), as_json, message)


def report_panic(report: PanicReport, as_json: bool, message: str) -> None:
    """What a panic prints, and its error if any; also ends the quick path (``vault.cli.quick``)."""
    from vault.panic.wipe import clear_terminal

    if sys.stdout.isatty() and not as_json:
        clear_terminal()
    if as_json:
        emit(True, report.to_json(), "")
    elif message:
        click.echo(safe(message))
    if report.key_absent and not as_json:
        from vault.panic.wipe import KEY_ABSENT

        click.echo(f"spravka: {KEY_ABSENT}", err=True)
    if not report.keyslots_destroyed and not report.key_absent:
        raise VaultError(f"could not destroy the keyslots: {report.steps[0].detail}")
    if report.problems:
        raise VaultError("keyslots destroyed; some files remain: " + "; ".join(report.problems))


@click.group()
def duress() -> None:
    """A duress passphrase: opens an empty vault and silently destroys the real one."""


@duress.command("set")
@needs_vault
@click.pass_context
def duress_set(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool) -> None:
    """Set (or replace) the duress passphrase: line 1 current, line 2 duress."""
    from vault.core import Vault
    from vault.keys.policy import check_new_passphrase

    source = PassphraseSource(passphrase_stdin)
    current = source.read("Current passphrase")
    vault = Vault.open(_root(ctx, vault_dir), current, key_dir=key_dir_of(ctx))
    try:
        phrase = source.read("Duress passphrase", confirm=True)
        if phrase == current:
            raise InvalidInput("the duress passphrase must differ from the real one")
        check_new_passphrase(phrase, "the duress passphrase")
        vault.set_duress(phrase)
    finally:
        vault.lock()
    emit(as_json, {"duress": True}, "Duress passphrase set. Entering it at any unlock destroys "
                                    "this vault and opens an empty one.")


@duress.command("clear")
@needs_vault
@click.pass_context
def duress_clear(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool) -> None:
    """Remove the duress passphrase."""
    from vault.cli.common import unlocked

    with unlocked(ctx, vault_dir, passphrase_stdin) as vault:
        vault.clear_duress()
    emit(as_json, {"duress": False}, "Duress passphrase removed.")


def _root(ctx: click.Context, option: Path | None) -> Path:
    return vault_dir(ctx, option)


COMMANDS = [panic, duress]
