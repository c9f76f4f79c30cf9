"""``spravka demo``: build a clearly named demo vault of fake documents to try the app."""

from __future__ import annotations

from pathlib import Path

import click

from vault.cli.common import PassphraseSource, emit, needs_vault


@click.command()
@needs_vault
@click.option("--insecure-test-kdf", is_flag=True, hidden=True, help="TEST ONLY: tiny Argon2id parameters.")
@click.pass_context
def demo(ctx: click.Context, vault_dir: Path | None, passphrase_stdin: bool, as_json: bool,
         insecure_test_kdf: bool) -> None:
    """Create a demo vault filled with generated sample documents (no real data)."""
    from vault.demo import build_demo, default_demo_dir
    from vault.keys.kdf import TEST_PARAMS

    group_dir = (ctx.find_root().params or {}).get("vault_dir")
    root = Path(vault_dir or group_dir or default_demo_dir()).expanduser()
    secret = PassphraseSource(passphrase_stdin).read("Passphrase for the demo vault", confirm=True)
    made = build_demo(root, secret, params=TEST_PARAMS if insecure_test_kdf else None)
    emit(as_json, made,
         f"Demo vault (fake documents only) created at {root}\n"
         f"Open it with:   spravka --vault {root}\n"
         f"Remove it with: spravka panic --vault {root}   (or: rm -r {root})\n\n"
         f"Recovery key of the demo vault: {made['recovery_key']}")


COMMANDS = [demo]
