"""The ``spravka`` executable. A bare ``spravka`` (optionally ``--vault DIR``) goes
straight to the TUI without loading click and the command modules: start-up
time to the unlock prompt is a measured budget. Everything else is the click CLI.
"""

from __future__ import annotations

import atexit
import gc
import sys


def _bare_vault(argv: list[str]) -> tuple[bool, str | None]:
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--vault":
        return True, argv[1]
    if len(argv) == 1 and argv[0].startswith("--vault="):
        return True, argv[0].split("=", 1)[1]
    return False, None


def _quick_exit() -> None:
    """Run last at exit: move every object to the collector's permanent generation, so
    the interpreter's final collections skip the tens of thousands that SQLAlchemy and
    the rule data leave (about 60 ms here, on every command). Every command has closed,
    fsynced and unlocked what it opened before it returns; objects still freed by
    reference count at exit are, as before."""
    gc.freeze()


def main(argv: list[str] | None = None) -> None:
    if argv is None:  # the process is ours: see _quick_exit
        atexit.register(_quick_exit)
    args = sys.argv[1:] if argv is None else argv
    bare, vault_dir = _bare_vault(args)
    if not bare:
        from vault.cli.quick import quick_docs, quick_panic

        quick_panic(args)  # a plain `panic --yes` exits here, before click loads
        quick_docs(args, own_process=argv is None)  # so does a plain `docs --passphrase-stdin --json`
        from vault.cli.main import run_click

        run_click(args)
        return
    from pathlib import Path

    from vault.keys.hardening import harden_process, quiet_libraries
    from vault.paths import resolve_vault_dir

    harden_process()
    quiet_libraries()
    from tui.app import run_app

    run_app(resolve_vault_dir(Path(vault_dir) if vault_dir else None))
    sys.exit(0)


if __name__ == "__main__":
    main()
