"""Sensitive values on standard input instead of argv.

Every local user can read a process's argv in ``/proc/PID/cmdline`` (while it
waits for the passphrase, for instance) and the shell keeps it in a cleartext
history file that survives a panic. So every command that takes record
values also accepts them on standard input, after the passphrase line:
``--fields-stdin`` (one JSON object of field -> value), ``--query-stdin``
(the search text) and ``--paths-stdin`` (one path per line). Argv options
stay for compatibility.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from vault.cli.common import PassphraseSource, parse_assignments
from vault.errors import InvalidInput

F = TypeVar("F", bound=Callable[..., Any])
MAX_INPUT = 4 << 20  # a letter text fits; a runaway pipe does not fill memory


def fields_stdin_option(func: F) -> F:
    return click.option(
        "--fields-stdin", is_flag=True,
        help="Read the values as one JSON object (field -> value) from standard input, "
             "after the passphrase line: they stay out of argv and shell history.",
    )(func)


def _rest_of_stdin(what: str) -> str:
    text = sys.stdin.read(MAX_INPUT + 1)
    if len(text) > MAX_INPUT:
        raise InvalidInput(f"{what} on standard input is too long")
    return text


def _as_text(field: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        return ",".join(str(v) for v in value)
    raise InvalidInput(f"{field}: expected text, a number, yes/no or a list of ids")


def parse_fields(text: str) -> dict[str, str]:
    """One JSON object of field -> value, as the ``field=value`` strings argv gives."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise InvalidInput("--fields-stdin: expected one JSON object after the passphrase line") from None
    if not isinstance(data, dict):
        raise InvalidInput("--fields-stdin: expected one JSON object after the passphrase line")
    return {str(k).strip(): _as_text(str(k), v) for k, v in data.items()}


def secret_and_fields(passphrase_stdin: bool) -> tuple[str, dict[str, str]]:
    """The passphrase (first line or terminal), then the JSON fields on the rest of stdin."""
    secret = PassphraseSource(passphrase_stdin).read("Passphrase")
    return secret, parse_fields(_rest_of_stdin("the field values"))


def secret_and_query(passphrase_stdin: bool) -> tuple[str, str]:
    secret = PassphraseSource(passphrase_stdin).read("Passphrase")
    return secret, _rest_of_stdin("the query").strip()


def secret_and_paths(passphrase_stdin: bool) -> tuple[str, tuple[Path, ...]]:
    secret = PassphraseSource(passphrase_stdin).read("Passphrase")
    lines = _rest_of_stdin("the path list").splitlines()
    paths = tuple(Path(line) for line in lines if line.strip())
    if not paths:
        raise InvalidInput("--paths-stdin: no paths after the passphrase line")
    return secret, paths


def no_argv_values(given: bool, how: str) -> None:
    """Values come from one place: refuse a mix of argv and stdin."""
    if given:
        raise click.UsageError(f"give the values either as arguments or with {how}, not both")


def require_argv(present: bool, name: str) -> None:
    """Without ``--fields-stdin`` the argv form keeps its required options (exit 2)."""
    if not present:
        raise click.UsageError(f"Missing option '{name}' (or use --fields-stdin).")


def assignments_or_stdin(assignments: tuple[str, ...], fields_stdin: bool,
                         passphrase_stdin: bool) -> tuple[str | None, dict[str, str]]:
    """For ``... set ID``: ``field=value`` arguments, or the JSON object on stdin."""
    if fields_stdin:
        no_argv_values(bool(assignments), "--fields-stdin")
        return secret_and_fields(passphrase_stdin)
    if not assignments:
        raise click.UsageError("Missing argument 'ASSIGNMENTS...' (field=value, or --fields-stdin).")
    return None, parse_assignments(assignments)


def link_values(values: dict[str, str]) -> tuple[int, int, str]:
    """``link``/``unlink`` on stdin: {"document_id", "condition_id", "element"}."""
    try:
        doc_id, cond_id = int(values["document_id"]), int(values["condition_id"])
        element = values["element"]
    except (KeyError, ValueError):
        raise InvalidInput("--fields-stdin: link needs document_id, condition_id and element") from None
    if element not in ("history", "current", "dispensary"):
        raise InvalidInput(f"element: '{element}' is not one of history, current, dispensary")
    return doc_id, cond_id, element
