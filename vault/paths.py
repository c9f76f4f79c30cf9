"""Where a vault lives and what its files are called.

File names are deliberately bland: nothing in a directory listing says
"evidence" or names the app's format.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not from typing, and pathlib loads on use: `spravka docs` reads
if TYPE_CHECKING:  # given_vault_dir before either would load (vault.keys.early)
    from pathlib import Path

ENV_VAULT = "SPRAVKA_VAULT"


def default_vault_dir() -> Path:
    import platformdirs

    return platformdirs.user_data_path("spravka", appauthor=False) / "vault"


def given_vault_dir(option: str | os.PathLike[str] | None) -> str | None:
    """``--vault``, else ``SPRAVKA_VAULT``, with ``~`` expanded; None when neither is given."""
    given = option or os.environ.get(ENV_VAULT)
    return os.path.expanduser(given) if given else None


def likely_default_dir() -> str | None:
    """Where ``default_vault_dir`` points on Linux (the XDG data folder), without loading
    platformdirs (~18 ms): a guess for the early Argon2id (``vault.keys.early``), which is
    checked against the key file the unlock then finds. None on other systems."""
    if not sys.platform.startswith("linux"):
        return None
    base = os.environ.get("XDG_DATA_HOME", "")
    if not os.path.isabs(base):  # the XDG rule: a relative or empty value is ignored
        base = os.path.expanduser("~/.local/share")
    return os.path.join(base, "spravka", "vault")


def resolve_vault_dir(option: str | os.PathLike[str] | None) -> Path:
    """``--vault`` beats ``SPRAVKA_VAULT`` beats the platformdirs default."""
    from pathlib import Path

    given = given_vault_dir(option)
    return Path(given) if given else default_vault_dir()


class VaultPaths:
    """A plain value class, not a dataclass: a panic builds it before its overwrite,
    and importing ``dataclasses`` costs more start-up time than the overwrite itself."""

    __slots__ = ("key_file", "root")

    def __init__(self, root: Path, key_file: Path | None = None) -> None:
        self.root = root
        self.key_file = key_file  # the keyslot file when it lives on a drive

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, VaultPaths):
            return NotImplemented
        return (self.root, self.key_file) == (other.root, other.key_file)

    def __hash__(self) -> int:
        return hash((self.root, self.key_file))

    def __repr__(self) -> str:
        return f"VaultPaths(root={self.root!r}, key_file={self.key_file!r})"

    @property
    def keyslots(self) -> Path:
        return self.key_file or self.root / "k"

    @property
    def database(self) -> Path:
        return self.root / "d"

    @property
    def premigration(self) -> Path:
        """Encrypted copy of the database taken before a schema migration."""
        return self.root / "d.pre"

    @property
    def registry(self) -> Path:
        """Encrypted list of export locations (see vault.panic.registry)."""
        return self.root / "x"

    def db_sidecars(self) -> list[Path]:
        db = self.database
        return [db.with_name(db.name + s) for s in ("-journal", "-wal", "-shm")]

    @property
    def rekey_copy(self) -> Path:
        """The database re-encrypted under a new key, before it replaces ``d`` (re-key)."""
        return self.root / "d.next"

    def all_files(self) -> list[Path]:
        return [self.keyslots, self.database, *self.db_sidecars(), self.premigration,
                self.registry, self.rekey_copy]
