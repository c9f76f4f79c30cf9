"""Read one original from the encrypted store with hashing, progress and cancel checks.

Shared by both formats so the hash check (store corruption -> IntegrityError)
and the cancel granularity are the same everywhere.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from vault.errors import Cancelled, ExportError, IntegrityError
from vault.export.model import SUPPORTED_MEDIA_TYPES, ExportItem, ProgressFn

CHUNK = 1 << 20


@dataclass
class Progress:
    """Byte counter over the whole export; the only mutable object, owned by one call."""

    total: int
    callback: ProgressFn | None
    cancel: threading.Event | None
    done: int = 0

    def check(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled("export cancelled")

    def advance(self, n: int) -> None:
        self.done = min(self.total, self.done + n)
        if self.callback is not None:
            self.callback(self.done, self.total)
        self.check()


def validate_items(items: Sequence[ExportItem]) -> None:
    if not items:
        raise ExportError("nothing to export: select at least one document")
    ids = [item.document_id for item in items]
    if len(set(ids)) != len(ids):
        raise ExportError("the same document was selected twice")
    for item in items:
        if item.media_type not in SUPPORTED_MEDIA_TYPES:
            raise ExportError(f"document {item.document_id}: unsupported type {item.media_type}")


def read_original(item: ExportItem, progress: Progress) -> bytes:
    """The whole original in memory (one at a time), checked against the stored SHA-256."""
    progress.check()
    digest = hashlib.sha256()
    parts: list[bytes] = []
    reader = item.open_original()
    try:
        while block := reader.read(CHUNK):
            digest.update(block)
            parts.append(block)
            progress.advance(len(block))
    finally:
        reader.close()
    data = b"".join(parts)
    if digest.hexdigest() != item.sha256.lower() or len(data) != item.size:
        raise IntegrityError(f"document {item.document_id}: stored file does not match its hash")
    return data


EXTENSIONS = {
    "application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png",
    "image/heic": "heic", "image/tiff": "tif", "image/webp": "webp",
}


def safe_stem(item: ExportItem, show_names: bool) -> str:
    """File-name stem inside a bundle: the kind by default, the user's name only on request."""
    base = item.original_name if show_names and item.original_name else item.kind
    base = base.rsplit(".", 1)[0] if show_names and item.original_name else base
    cleaned = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in base).strip("._")
    return f"{item.document_id:04d}-{cleaned[:60] or 'document'}"
