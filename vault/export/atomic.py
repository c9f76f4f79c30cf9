"""Write-then-rename for encrypted outputs, so a crash or cancel never leaves a half file.

Only ciphertext is ever written under ``<out>.partial-<random>``; it is
removed unless ``commit`` ran.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from vault.errors import ExportError
from vault.fsutil import fsync_dir

_ALPHABET = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY346789"


def generate_password(groups: int = 6, group_len: int = 4) -> str:
    """24 characters from an unambiguous alphabet (~136 bits), grouped for reading aloud."""
    return "-".join(
        "".join(secrets.choice(_ALPHABET) for _ in range(group_len)) for _ in range(groups)
    )


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class AtomicOutput:
    """Context manager owning the partial file next to ``out``."""

    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        directory = self.out.parent
        if not directory.is_dir():
            raise ExportError(f"output folder does not exist: {directory}")
        if self.out.exists():
            raise ExportError(f"output file already exists: {self.out.name}")
        self.partial = directory / f"{self.out.name}.partial-{secrets.token_hex(8)}"
        self._committed = False

    @staticmethod
    def create(path: Path) -> BinaryIO:
        """Open a new owner-only file; refuses to follow or reuse an existing name."""
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        return os.fdopen(fd, "wb")

    def __enter__(self) -> AtomicOutput:
        return self

    def commit(self, digest: str | None = None) -> str:
        """fsync the partial file, rename it into place, fsync the folder; returns its SHA-256.

        ``digest`` is the SHA-256 a writer already took of the bytes it wrote:
        then the file is not read back.
        """
        with self.partial.open("rb+") as fh:
            os.fsync(fh.fileno())
        digest = digest or sha256_file(self.partial)
        if self.out.exists():
            raise ExportError(f"output file already exists: {self.out.name}")
        os.replace(self.partial, self.out)
        fsync_dir(self.out.parent)
        self._committed = True
        return digest

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self._committed:
            with contextlib.suppress(FileNotFoundError):
                self.partial.unlink()
