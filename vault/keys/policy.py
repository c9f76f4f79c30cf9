"""The one passphrase rule the TUI, ``init`` and ``duress set`` share.

Argon2id makes each guess slow, not a short passphrase long: eight characters
is the floor the TUI has always enforced, and the CLI now enforces it too.
"""

from __future__ import annotations

from vault.errors import InvalidInput

MIN_LENGTH = 8


def check_new_passphrase(passphrase: str, what: str = "the passphrase") -> None:
    if len(passphrase) < MIN_LENGTH:
        raise InvalidInput(f"{what} needs at least {MIN_LENGTH} characters")
