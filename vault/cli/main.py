"""Entry point: a click group; with no subcommand it launches the TUI.

``main()`` runs every command through ``vault.cli.guard``, which turns exceptions
into a one-line message on stderr and a distinct exit code: users never see a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from vault.cli.common import key_dir_of, key_dir_option
from vault.keys.hardening import harden_process, quiet_libraries


class LazyGroup(click.Group):
    """Subcommand modules load only when a subcommand (or --help) is asked for,
    so a bare ``spravka`` reaches the TUI's unlock prompt sooner."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        _register()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _HOME:  # one command module, not all of them (start-up time)
            _load(_HOME[cmd_name])
        if cmd_name not in self.commands:
            _register()
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--vault", "vault_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Vault directory (default: $SPRAVKA_VAULT or the user data dir).")
@key_dir_option
@click.version_option(package_name="spravka")
@click.pass_context
def cli(ctx: click.Context, vault_dir: Path | None) -> None:
    """Spravka: an encrypted, local-first evidence vault."""
    if ctx.invoked_subcommand is None:
        from tui.app import run_app
        from vault.paths import resolve_vault_dir

        run_app(resolve_vault_dir(vault_dir), key_dir=key_dir_of(ctx))


COMMAND_MODULES = ("vault_cmds", "doc_cmds", "evidence_cmds", "profile_cmds", "panic_cmds",
                   "export_cmds", "backup_cmds", "search_cmds", "demo_cmds", "key_cmds",
                   "rekey_cmds")


_HOME = {"docs": "doc_cmds", "doc": "doc_cmds", "import": "doc_cmds", "gaps": "evidence_cmds",
         "export": "export_cmds", "verify-export": "export_cmds", "search": "search_cmds",
         "ocr": "search_cmds", "info": "vault_cmds", "verify": "vault_cmds"}
"""The commands scripts call most, by module; any other name loads every module."""
_LOADED: set[str] = set()


def _load(name: str) -> None:
    import importlib

    if name not in _LOADED:
        _LOADED.add(name)
        for command in importlib.import_module(f"vault.cli.{name}").COMMANDS:
            cli.add_command(command)


def _register() -> None:
    for name in COMMAND_MODULES:
        _load(name)


def main(argv: list[str] | None = None) -> None:
    from vault.cli.quick import quick_docs, quick_panic

    args = sys.argv[1:] if argv is None else argv
    quick_panic(args)  # exits if it was a plain `panic --yes`
    quick_docs(args)  # or a plain `docs --passphrase-stdin --json`
    run_click(argv)


def run_click(argv: list[str] | None = None) -> None:
    """The click CLI, once the quick paths have declined ``argv``."""
    harden_process()
    quiet_libraries()
    from vault.cli.guard import guarded

    guarded(lambda: cli.main(args=argv, prog_name="spravka", standalone_mode=False))


if __name__ == "__main__":
    main()
