"""``spravka panic --yes`` before click loads (issue 18): the keyslots are destroyed
within milliseconds of process start, then the CLI's own code prints the report
and turns errors into exit codes.

Only the plain form is taken here; anything else (``--rehearse``, no ``--yes``,
``--help``, a repeated option, a value click would refuse or read differently)
falls through to click, which has the whole contract. Loaded before click on
purpose: keep its imports to the standard library and the panic path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vault.panic.wipe import PanicReport

_PATHS = ("--vault", "--key-dir")
_GROUP = _PATHS
_PANIC = (*_PATHS, "--yes", "--json", "--message")
_FLAGS = ("--yes", "--json")


@dataclass(frozen=True)
class PanicArgs:
    vault: str | None
    key_dir: str | None
    as_json: bool
    message: str


def parse_panic(argv: list[str]) -> PanicArgs | None:
    """``[--vault D] [--key-dir D] panic --yes [--json] [--message M] [--vault D] [--key-dir D]``,
    each at most once per level (``--opt=value`` too); None for anything else."""
    group: dict[str, str | bool] = {}
    sub: dict[str, str | bool] | None = None
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if sub is None and arg == "panic":
            sub = {}
            continue
        scope = group if sub is None else sub
        name, eq, value = arg.partition("=")
        if name not in (_GROUP if sub is None else _PANIC) or name in scope:
            return None
        if name in _FLAGS:
            if eq:
                return None
            scope[name] = True
            continue
        if not eq:
            if not rest:
                return None
            value = rest.pop(0)
        if not _plain(name, value):
            return None
        scope[name] = value
    if sub is None or "--yes" not in sub:
        return None
    vault, key_dir = (sub.get(n) or group.get(n) for n in _PATHS)  # the subcommand's wins, as in click
    return PanicArgs(vault=vault if isinstance(vault, str) else None,
                     key_dir=key_dir if isinstance(key_dir, str) else None,
                     as_json=bool(sub.get("--json")), message=str(sub.get("--message", "")))


def _plain(name: str, value: str) -> bool:
    """A value click would take as it is: not option-like; paths non-blank and not a file."""
    if value.startswith("-"):
        return False
    return name not in _PATHS or bool(value.strip()) and not os.path.isfile(value)


def quick_panic(argv: list[str]) -> None:
    """Run a plain ``panic --yes`` and exit; return at once for any other command line."""
    args = parse_panic(argv)
    if args is None:
        return
    from vault.cli.keydir import key_dir_from
    from vault.keys.hardening import harden_process
    from vault.panic.wipe import panic
    from vault.paths import resolve_vault_dir

    harden_process()
    report, failure = None, None
    try:
        report = panic(resolve_vault_dir(args.vault), key_dir=key_dir_from(args.key_dir))
    except BaseException as exc:  # noqa: BLE001 - reported below, as the click path would
        failure = exc
    _finish(report, failure, args)


def _finish(report: PanicReport | None, failure: BaseException | None, args: PanicArgs) -> None:
    """After the destroy step: the click CLI's own output and error handling."""
    import click

    from vault.cli.guard import guarded
    from vault.cli.panic_cmds import report_panic
    from vault.keys.hardening import quiet_libraries

    quiet_libraries()

    def rest() -> None:
        if isinstance(failure, EOFError | KeyboardInterrupt):  # what click.main makes of them
            click.echo(err=True)
            raise click.exceptions.Abort() from failure
        if failure is not None or report is None:
            raise failure or AssertionError("no report")
        report_panic(report, args.as_json, args.message)

    guarded(rest)
