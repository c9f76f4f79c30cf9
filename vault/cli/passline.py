"""The passphrase line of ``--passphrase-stdin``: shared by the click commands and the
quick paths that run before click loads (``vault.cli.quick``), so it stays free of click."""

from __future__ import annotations

from vault.errors import InvalidInput

TYPE_CHECKING = False  # not from typing: `spravka docs` reads this line before typing loads
if TYPE_CHECKING:
    from typing import TextIO


def passphrase_line(stream: TextIO) -> str:
    """The next line without its line ending; an empty line or none is refused."""
    line = stream.readline()
    if not line:
        raise InvalidInput("expected a passphrase line on standard input")
    value = line.rstrip("\r\n")
    if not value:
        raise InvalidInput("the passphrase must not be empty")
    return value
