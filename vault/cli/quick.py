"""Two plain command lines run before click loads (issue 18):

* ``spravka panic --yes``: the keyslots are destroyed within milliseconds of
  process start, then the CLI's own code prints the report and turns errors
  into exit codes.
* ``spravka docs --passphrase-stdin --json``: the listing scripts call most,
  read without click and SQLAlchemy (``vault.records.quicklist``).

Only the plain forms are taken here; anything else (``--rehearse``, no ``--yes``,
a terminal prompt, ``--help``, a repeated option, a value click would refuse or
read differently) falls through to click, which has the whole contract. Loaded
before click on purpose: keep its imports to the standard library and these paths.
"""

from __future__ import annotations

import os
import sys
from collections import namedtuple

TYPE_CHECKING = False  # not from typing, nor dataclasses below: both cost start-up ms before step 1
if TYPE_CHECKING:
    from typing import Any, NoReturn

    from vault.panic.wipe import PanicReport

_PATHS = ("--vault", "--key-dir")
_GROUP = _PATHS
_PANIC = (*_PATHS, "--yes", "--json", "--message")
_DOCS = (*_PATHS, "--passphrase-stdin", "--json")
_FLAGS = ("--yes", "--json", "--passphrase-stdin")


PanicArgs = namedtuple("PanicArgs", ("vault", "key_dir", "as_json", "message"))
DocsArgs = namedtuple("DocsArgs", ("vault", "key_dir"))


def parse_panic(argv: list[str]) -> PanicArgs | None:
    """``[--vault D] [--key-dir D] panic --yes [--json] [--message M] [--vault D] [--key-dir D]``,
    each at most once per level (``--opt=value`` too); None for anything else."""
    parsed = _parse(argv, "panic", _PANIC)
    if parsed is None or "--yes" not in parsed[1]:
        return None
    (vault, key_dir), sub = _paths(*parsed), parsed[1]
    return PanicArgs(vault=vault, key_dir=key_dir, as_json=bool(sub.get("--json")),
                     message=str(sub.get("--message", "")))


def parse_docs(argv: list[str]) -> DocsArgs | None:
    """``[--vault D] [--key-dir D] docs --passphrase-stdin --json [--vault D] [--key-dir D]``,
    each at most once per level; None for anything else."""
    parsed = _parse(argv, "docs", _DOCS)
    if parsed is None or not {"--passphrase-stdin", "--json"} <= parsed[1].keys():
        return None
    return DocsArgs(*_paths(*parsed))


def _parse(argv: list[str], command: str, options: tuple[str, ...]
           ) -> tuple[dict[str, str | bool], dict[str, str | bool]] | None:
    """Group options, ``command``, its options: each known and given once per level."""
    group: dict[str, str | bool] = {}
    sub: dict[str, str | bool] | None = None
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if sub is None and arg == command:
            sub = {}
            continue
        scope = group if sub is None else sub
        name, eq, value = arg.partition("=")
        if name not in (_GROUP if sub is None else options) or name in scope:
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
    return None if sub is None else (group, sub)


def _paths(group: dict[str, str | bool], sub: dict[str, str | bool]) -> tuple[str | None, str | None]:
    """``--vault`` and ``--key-dir``: the subcommand's wins, as in click."""
    vault, key_dir = (sub.get(n) or group.get(n) for n in _PATHS)
    return (vault if isinstance(vault, str) else None,
            key_dir if isinstance(key_dir, str) else None)


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
    from vault.panic.wipe import panic
    from vault.paths import resolve_vault_dir

    report, failure = None, None
    try:
        report = panic(resolve_vault_dir(args.vault), key_dir=key_dir_from(args.key_dir),
                       on_erased=_harden)
    except BaseException as exc:  # noqa: BLE001 - reported below, as the click path would
        failure = exc
    _finish(report, failure, args)


def _harden() -> None:
    """Right after step 1, not before: no secret is in memory until then, and loading
    ``ctypes`` for it would delay the overwrite."""
    from vault.keys.hardening import harden_process

    harden_process()


def _finish(report: PanicReport | None, failure: BaseException | None, args: PanicArgs) -> NoReturn:
    """After the destroy step: the click CLI's own output and error handling."""
    from vault.keys.hardening import quiet_libraries

    quiet_libraries()
    if failure is not None or report is None:
        _fail(failure or AssertionError("no report"))
    from vault.cli.guard import guarded
    from vault.cli.panic_cmds import report_panic

    guarded(lambda: report_panic(report, args.as_json, args.message))


def quick_docs(argv: list[str], *, own_process: bool = False) -> None:
    """Run a plain ``docs --passphrase-stdin --json`` and exit; return for anything else.
    ``own_process``: the installed script's process, which may skip the teardown."""
    args = parse_docs(argv)
    if args is None:
        return
    if own_process:  # it exits right after: collecting SQLAlchemy's objects is time for nothing
        import gc

        gc.disable()
    from vault.keys.hardening import harden_process

    harden_process()
    try:
        from vault.cli.passline import passphrase_line
        from vault.keys.early import start
        from vault.paths import given_vault_dir, likely_default_dir
        from vault.storage.lockfile import held_elsewhere

        secret = passphrase_line(sys.stdin)
        folder = given_vault_dir(args.vault) or likely_default_dir()
        # Argon2id runs while the rest loads; not for a vault another process has open,
        # which the unlock refuses at once (it would wait for Argon2id to say so).
        early = start(secret, folder) if folder and not held_elsewhere(folder) else None
        from vault.cli.escape import safe_json
        from vault.cli.keydir import key_dir_from
        from vault.paths import resolve_vault_dir
        from vault.records.quicklist import list_documents

        listing = list_documents(resolve_vault_dir(args.vault), secret,
                                 key_dir=key_dir_from(args.key_dir), early=early)
        _echo(safe_json(listing.text))
    except BaseException as exc:  # noqa: BLE001 - reported as the click path would
        _fail(exc)
    _succeed(own_process)


def _succeed(own_process: bool) -> NoReturn:
    """Exit 0. In its own process the listing skips the interpreter's teardown (about
    6 ms: the preload left SQLAlchemy and the rule data loaded). Nothing is pending by
    then: the output is flushed, the database closed, the vault's lock released and
    every thread joined but an Argon2id run on a key file that was not the vault's."""
    if not own_process:
        sys.exit(0)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            os._exit(1)  # the listing was written but could not be flushed
    os._exit(0)


def _echo(text: str) -> None:
    """One line on stdout as ``click.echo`` writes it: directly to a UTF-8 stream, else
    through click itself (it re-encodes for a misconfigured locale, e.g. ASCII)."""
    import codecs

    if codecs.lookup(sys.stdout.encoding or "ascii").name == "utf-8":
        sys.stdout.write(text)  # not text + "\n": that copies a listing of megabytes
        sys.stdout.write("\n")
        sys.stdout.flush()
        return
    import click

    click.echo(text)


def _fail(failure: BaseException) -> NoReturn:
    """An error after the fast start: the click CLI's own messages and exit codes."""
    import click

    from vault.cli.guard import guarded

    def rest() -> Any:
        if isinstance(failure, EOFError | KeyboardInterrupt):
            click.echo(err=True)
            raise click.exceptions.Abort() from failure
        raise failure

    guarded(rest)
