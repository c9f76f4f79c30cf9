"""Shared CLI plumbing: vault location, passphrase input, JSON output.

The scripting contract lives here: ``--passphrase-stdin`` reads the first
line(s) of standard input; otherwise the terminal is asked without echo;
never argv, never an environment variable. ``--json`` prints exactly one JSON
document on stdout.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from vault.cli.escape import safe, safe_json
from vault.errors import InvalidInput
from vault.paths import resolve_vault_dir

if TYPE_CHECKING:
    from vault.core import Vault

F = TypeVar("F", bound=Callable[..., Any])


def vault_option(func: F) -> F:
    return click.option(
        "--vault", "vault_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
        help="Vault directory (default: $SPRAVKA_VAULT or the user data directory).",
    )(func)


def stdin_option(func: F) -> F:
    return click.option(
        "--passphrase-stdin", is_flag=True,
        help="Read the passphrase from the first line of standard input.",
    )(func)


KEY_DIR = "spravka.key_dir"


def key_dir_option(func: F) -> F:
    """``--key-dir DIR``: where the keyslot file lives (else $SPRAVKA_KEY_DIR, the vault
    folder, mounted removable media). Kept in ``ctx.meta`` so no command signature changes."""

    def remember(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
        if value is not None and not value.strip():
            raise click.BadParameter("give the directory that holds the key")
        if value is not None:
            ctx.meta[KEY_DIR] = Path(value)

    return click.option(
        "--key-dir", type=click.Path(file_okay=False), default=None,
        expose_value=False, callback=remember,
        help="Directory holding the key (a drive); default: $SPRAVKA_KEY_DIR, the vault "
             "folder, then mounted removable media.",
    )(func)


def key_dir_of(ctx: click.Context) -> Path | None:
    """``--key-dir``, else ``$SPRAVKA_KEY_DIR`` (where ``init`` and ``restore`` put the key)."""
    from vault.cli.keydir import key_dir_from

    return key_dir_from(ctx.meta.get(KEY_DIR))


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")(func)


def vault_dir(ctx: click.Context, option: Path | None) -> Path:
    group_value = (ctx.find_root().params or {}).get("vault_dir")
    return resolve_vault_dir(option or group_value)


class PassphraseSource:
    """Reads successive passphrases from stdin lines or from the terminal."""

    def __init__(self, from_stdin: bool) -> None:
        self.from_stdin = from_stdin

    def read(self, prompt: str, *, confirm: bool = False) -> str:
        if self.from_stdin:
            from vault.cli.passline import passphrase_line

            return passphrase_line(sys.stdin)
        if not sys.stdin.isatty():
            raise InvalidInput("no terminal to ask for the passphrase; use --passphrase-stdin")
        value = click.prompt(prompt, hide_input=True, confirmation_prompt=confirm, err=True)
        if not value:
            raise InvalidInput("the passphrase must not be empty")
        return value


@contextmanager
def unlocked(ctx: click.Context, option: Path | None, from_stdin: bool,
             secret: str | None = None) -> Iterator[Vault]:
    """``secret`` is given when the caller already read the passphrase (``--fields-stdin``)."""
    from vault.core import Vault

    root = vault_dir(ctx, option)
    if secret is None:
        secret = PassphraseSource(from_stdin).read("Passphrase")
    vault = Vault.open(root, secret, key_dir=key_dir_of(ctx))
    try:
        yield vault
    finally:
        vault.lock()


def parse_assignments(pairs: tuple[str, ...]) -> dict[str, str]:
    """``field=value`` arguments (values may contain '=' and spaces)."""
    out = {}
    for item in pairs:
        key, sep, value = item.partition("=")
        if not sep:
            raise InvalidInput(f"expected field=value, got '{item}'")
        out[key.strip()] = value
    return out


def emit(as_json: bool, data: Any, text: str | Callable[[], str]) -> None:
    if as_json:
        click.echo(safe_json(json.dumps(data, ensure_ascii=False, indent=None, default=str)))
    else:
        click.echo(safe(text() if callable(text) else text))


def needs_vault(func: F) -> F:
    """Decorator bundling ``--vault``, ``--key-dir``, ``--passphrase-stdin`` and ``--json``."""

    @vault_option
    @key_dir_option
    @stdin_option
    @json_option
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
