"""Vault lifecycle commands: init, passwd, recovery-key, verify, info, locate."""

from __future__ import annotations

from pathlib import Path

import click

from vault.cli.common import (
    PassphraseSource,
    emit,
    key_dir_of,
    needs_vault,
    unlocked,
    vault_dir,
    vault_option,
)
from vault.errors import IntegrityError


@click.command()
@needs_vault
@click.option("--kdf-target-ms", type=click.IntRange(100, 20000), default=1500, show_default=True,
              help="Calibrate Argon2id so one unlock takes about this long.")
@click.option("--insecure-test-kdf", is_flag=True, hidden=True,
              help="TEST ONLY: tiny Argon2id parameters.")
@click.pass_context
def init(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
         kdf_target_ms: int, insecure_test_kdf: bool) -> None:
    """Create a new vault and print its recovery key once."""
    from vault.core import Vault
    from vault.info import signing_fingerprint
    from vault.keys.kdf import TEST_PARAMS
    from vault.keys.policy import check_new_passphrase
    from vault.mounts import overwrite_warning

    root = _dir(ctx, vault_dir)
    warning = overwrite_warning(key_dir_of(ctx) or root)  # where the key file is overwritten
    if warning:
        click.echo(warning, err=True)
    secret = PassphraseSource(passphrase_stdin).read("New passphrase", confirm=True)
    check_new_passphrase(secret)
    params = TEST_PARAMS if insecure_test_kdf else None
    vault, recovery = Vault.create(root, secret, params=params, kdf_target_ms=kdf_target_ms,
                                   key_dir=key_dir_of(ctx))
    kdf = vault.kdf_params
    key_file = vault.paths.keyslots
    fp = signing_fingerprint(vault)
    vault.lock()
    emit(as_json, {"vault": str(root), "recovery_key": recovery, "key_path": str(key_file),
                   "fingerprint": fp, "overwrite_warning": warning or None,
                   "kdf": {"memory_kib": kdf.memory_kib, "time_cost": kdf.time_cost,
                           "lanes": kdf.lanes}},
         f"Vault created at {root}\n\nRecovery key (write it down now, it is shown only once):\n"
         f"  {recovery}\n\nSigning-key fingerprint (your lawyer checks exports against it):\n"
         f"  {fp}\n\nHonest limits: copies of the disk made earlier, backups and SSD spare "
         f"blocks may keep old key slots.")


@click.command()
@needs_vault
@click.pass_context
def passwd(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool) -> None:
    """Change the passphrase (line 1 old, line 2 new with --passphrase-stdin)."""
    from vault.core import Vault

    source = PassphraseSource(passphrase_stdin)
    old = source.read("Current passphrase")
    vault = Vault.open(_dir(ctx, vault_dir), old, key_dir=key_dir_of(ctx))
    try:
        new = source.read("New passphrase", confirm=True)
        vault.change_passphrase(old, new)
    finally:
        vault.lock()
    emit(as_json, {"changed": True}, "Passphrase changed. The old one no longer opens this key "
                                     "file; a copy of the key file made earlier (a backup, a disk "
                                     "image) still opens with it. `spravka rekey` ends that.")


@click.command("recovery-key")
@needs_vault
@click.pass_context
def recovery_key(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool,
                 as_json: bool) -> None:
    """Replace the recovery key and print the new one once."""
    with unlocked(ctx, vault_dir, passphrase_stdin) as vault:
        text = vault.new_recovery_key()
    emit(as_json, {"recovery_key": text},
         f"New recovery key:\n  {text}\nThe old one no longer opens this key file; a copy of "
         f"the key file made earlier (a backup, a disk image) still opens with it. "
         f"`spravka rekey` ends that.")


@click.command()
@needs_vault
@click.pass_context
def verify(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool) -> None:
    """Check encryption MACs, structure, the audit chain and every document hash."""
    from vault.verify import verify_vault

    with unlocked(ctx, vault_dir, passphrase_stdin) as vault:
        report = verify_vault(vault)
    data = report.to_json()
    emit(as_json, data, lambda: "\n".join(f"{k}: {v}" for k, v in data.items()))
    if not report.ok:
        raise IntegrityError("verification failed: the vault is damaged or was tampered with: "
                             + "; ".join(report.problems[:3]))


@click.command()
@needs_vault
@click.pass_context
def info(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool) -> None:
    """Summary: documents, schema, KDF parameters, the last lawyer export."""
    from vault.info import vault_info

    with unlocked(ctx, vault_dir, passphrase_stdin) as vault:
        data = vault_info(vault)
    emit(as_json, data, lambda: "\n".join(f"{k}: {v}" for k, v in data.items()))


@click.command()
@vault_option
@click.pass_context
def locate(ctx: click.Context, vault_dir: Path | None) -> None:
    """Print where the vault lives."""
    click.echo(str(_dir(ctx, vault_dir)))


def _dir(ctx: click.Context, option: Path | None) -> Path:
    return vault_dir(ctx, option)


COMMANDS = [init, passwd, recovery_key, verify, info, locate]
