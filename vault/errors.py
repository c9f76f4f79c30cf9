"""Every failure the user can meet, as one exception family with a one-line message.

The CLI maps each class to a distinct exit code (``exit_code``); the TUI shows
``str(err)``. Messages never contain secrets. ``WrongPassphrase`` is opaque on
purpose (Fernet's shape): the same text whether no slot matched, the slot was
tampered with, or the key was a recovery key.
"""

from __future__ import annotations


class VaultError(Exception):
    """Base class: a clear, one-line, user-facing failure."""

    exit_code = 1


class WrongPassphrase(VaultError):
    exit_code = 3

    def __init__(self, message: str = "wrong passphrase or recovery key") -> None:
        super().__init__(message)


class KeyslotError(VaultError):
    """The keyslot file is missing, truncated or damaged beyond both copies."""

    exit_code = 4


class DatabaseDamaged(VaultError):
    exit_code = 5


class VaultLocked(VaultError):
    """Another process has this vault open."""

    exit_code = 6


class NoSpace(VaultError):
    exit_code = 7


class VaultMissing(VaultError):
    exit_code = 8


class InvalidInput(VaultError):
    """A bad value from the user (date, kind, ICD-10 code, CLI argument)."""

    exit_code = 9


class RuleDataError(VaultError):
    """A rule data file under schema/ failed validation; names the file and field."""

    exit_code = 10


class IntegrityError(VaultError):
    """Audit chain, hash or signature mismatch (vault, backup or export)."""

    exit_code = 11


class ImportRejected(VaultError):
    """One input file cannot be imported; the batch goes on."""

    exit_code = 12


class ExportError(VaultError):
    exit_code = 13


class NotFound(VaultError):
    """A document, condition, summons or letter id that does not exist."""

    exit_code = 14


class Cancelled(VaultError):
    exit_code = 15
