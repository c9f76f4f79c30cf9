"""The import pipeline: walk -> inspect -> stream into the vault -> (remove source).

A generator yielding one ``FileResult`` per input file met, so the CLI and the
TUI can show progress and stop between (or inside) files. Each file lands
whole, in one transaction with its audit entry, or not at all.
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal

from vault.errors import Cancelled, ImportRejected, VaultError
from vault.faults import checkpoint
from vault.fsutil import FileId
from vault.fsutil import identity as file_identity
from vault.importing.limits import DEFAULT_LIMITS, Limits
from vault.records.documents import CHUNK
from vault.records.values import now_iso
from vault.storage import audit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from vault.core import Vault
    from vault.importing.inspect import Inspection, Whole

Status = Literal["imported", "duplicate", "rejected"]


@dataclass(frozen=True)
class FileResult:
    path: str
    status: Status
    reason: str | None = None
    document_id: int | None = None
    sha256: str | None = None
    size: int = 0

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "status": self.status, "reason": self.reason,
                "document_id": self.document_id, "sha256": self.sha256}


@dataclass(frozen=True)
class ImportOptions:
    kind: str = "other"
    issued: date | None = None
    remove_source: bool = False
    limits: Limits = DEFAULT_LIMITS


@dataclass(frozen=True)
class Plan:
    """The walked inputs, so callers know the total before importing."""

    items: tuple[object, ...]

    @property
    def total(self) -> int:
        return len(self.items)


def plan(paths: Sequence[Path | str]) -> Plan:
    from vault.importing.walk import walk_inputs

    return Plan(tuple(walk_inputs(paths)))


def import_files(vault: Vault, paths: Sequence[Path | str] | Plan,
                 options: ImportOptions = ImportOptions(),
                 cancel: threading.Event | None = None,
                 on_bytes: Callable[[int], None] | None = None) -> Iterator[FileResult]:
    """Import every file under ``paths``; stop cleanly (no partial file) when cancelled.

    The next files are inspected (decoded, bounded, read and hashed) on a second
    thread while the current one streams into the database: the two are the costly
    steps, and both release the GIL (``lookahead`` bounds how far ahead it reads).
    """
    from concurrent.futures import ThreadPoolExecutor

    from vault.importing.lookahead import LookAhead

    work = paths if isinstance(paths, Plan) else plan(paths)
    steps = [_classify(vault, item) for item in work.items]
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="inspect") as pool:
        ahead = LookAhead(pool, steps, lambda path: _inspect(path, options), depth=AHEAD)
        try:
            for index, (item, step) in enumerate(zip(work.items, steps, strict=True)):
                if cancel is not None and cancel.is_set():
                    return
                shown = item.path  # type: ignore[attr-defined]
                if isinstance(step, str):
                    yield FileResult(shown, "rejected", step)
                    continue
                inspected = ahead.result(index)
                if isinstance(inspected, str):
                    yield FileResult(shown, "rejected", inspected)
                    continue
                try:
                    yield _import_one(vault, shown, step, inspected, options, cancel, on_bytes)
                except Cancelled:
                    return
        finally:
            ahead.cancel()


def _classify(vault: Vault, item: object) -> Path | str:
    """A path to inspect, or the rejection reason known before opening anything."""
    from vault.importing.walk import Rejection

    if isinstance(item, Rejection):
        return item.reason
    resolved: Path = item.resolved  # type: ignore[attr-defined]
    if vault.paths.root.resolve() in resolved.parents:
        return "part of the vault itself"
    return resolved


KEEP_MAX = 16 << 20
"""Files up to this size are read and hashed whole on the inspecting thread; larger ones
are streamed in chunks."""
AHEAD = 2
"""Files inspected (and, up to ``KEEP_MAX``, held) ahead of the one being stored: at most
three held in all, 48 MiB (why two: ``lookahead``)."""


def _inspect(path: Path, options: ImportOptions) -> tuple[Inspection, Whole | None] | str:
    from vault.importing.inspect import inspect_keeping

    try:
        return inspect_keeping(path, options.limits, keep_max=KEEP_MAX)
    except ImportRejected as exc:
        return str(exc)


def _import_one(vault: Vault, shown: str, path: Path,
                inspected: tuple[Inspection, Whole | None], options: ImportOptions,
                cancel: threading.Event | None,
                on_bytes: Callable[[int], None] | None) -> FileResult:
    inspection = inspected[0]
    try:
        doc_id, digest, duplicate, identity = _store(vault, path, inspected, options, cancel,
                                                     on_bytes)
    except (ImportRejected, OSError) as exc:
        reason = str(exc) if isinstance(exc, ImportRejected) else f"cannot read file: {exc.strerror}"
        return FileResult(shown, "rejected", reason)
    if options.remove_source:  # duplicates too: their stored twin is verified first
        kept = _remove_source(vault, doc_id, digest, path, identity)
    else:
        kept = None
    if duplicate:
        reason = "already in the vault" + (f"; {kept}" if kept else "")
        return FileResult(shown, "duplicate", reason, doc_id, digest, inspection.size)
    return FileResult(shown, "imported", kept, doc_id, digest, inspection.size)


def _store(vault: Vault, path: Path, inspected: tuple[Inspection, Whole | None],
           options: ImportOptions, cancel: threading.Event | None,
           on_bytes: Callable[[int], None] | None) -> tuple[int, str, bool, FileId]:
    """Stream chunks into one transaction; roll back on duplicate, cancel or error.
    Also returns the ``fsutil.identity`` of what was read, for ``--remove-source``."""
    try:
        return _store_tx(vault, path, inspected, options, cancel, on_bytes)
    except _Duplicate as dup:  # the transaction rolled back: nothing stored twice
        return dup.document_id, dup.sha256, True, dup.identity


class _Duplicate(Exception):
    def __init__(self, document_id: int, sha256: str, identity: FileId) -> None:
        self.document_id, self.sha256, self.identity = document_id, sha256, identity


def _store_tx(vault: Vault, path: Path, inspected: tuple[Inspection, Whole | None],
              options: ImportOptions, cancel: threading.Event | None,
              on_bytes: Callable[[int], None] | None) -> tuple[int, str, bool, FileId]:
    from sqlalchemy import select

    from vault.storage.models import DocumentRow

    inspection, whole = inspected
    with vault.session() as s:
        row = DocumentRow(
            kind=options.kind, issued=options.issued.isoformat() if options.issued else None,
            added=now_iso(), original_name=_name(path),
            media_type=inspection.media_type, size=0, sha256="pending-" + secrets.token_hex(16),
            page_count=inspection.page_count,
        )
        s.add(row)
        s.flush()
        # The DB-API connection of this same transaction: the ORM's bulk-insert path cost
        # ~25x the driver call per chunk, on the writer's critical path.
        raw = s.connection().connection.driver_connection
        with _Source(path, whole) as source:
            for seq, data in enumerate(source.chunks()):
                if cancel is not None and cancel.is_set():
                    raise Cancelled("import cancelled")
                raw.execute(_INSERT_CHUNK, (row.id, seq, data))
                if on_bytes is not None:
                    on_bytes(len(data))
                checkpoint("import-mid-file")
        size, hexdigest, identity = source.size, source.hexdigest(), source.identity
        if size != inspection.size:
            raise ImportRejected("the file changed while it was being imported")
        existing = s.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == hexdigest))
        if existing is not None:
            raise _Duplicate(existing, hexdigest, identity)
        row.sha256, row.size = hexdigest, size
        _store_text(s, row.id, inspection)
        audit.append(s, "document.imported", {"document": row.id, "sha256": hexdigest,
                                              "size": size, "media_type": inspection.media_type})
        doc_id = row.id
    return doc_id, hexdigest, False, identity


_INSERT_CHUNK = "INSERT INTO chunks (document_id, seq, data) VALUES (?, ?, ?)"


class _Source:
    """The file's chunks: from the bytes read while inspecting, or streamed from the path
    (hashed as they go) when it was too large to hold."""

    def __init__(self, path: Path, whole: Whole | None) -> None:
        self._path, self._whole = path, whole
        self._digest = hashlib.sha256()
        self._fh: BinaryIO | None = None
        self.size = 0
        self.identity = whole.identity if whole is not None else (0, 0, 0, 0)

    def __enter__(self) -> _Source:
        if self._whole is None:
            self._fh = open(self._path, "rb")  # noqa: SIM115 - closed in __exit__
            self.identity = file_identity(os.fstat(self._fh.fileno()))
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            self._fh.close()

    def chunks(self) -> Iterator[bytes | memoryview]:
        if self._whole is not None:
            data = memoryview(self._whole.data)  # views, not copies: SQLite copies once anyway
            for at in range(0, len(data), CHUNK):
                piece = data[at:at + CHUNK]
                self.size += len(piece)
                yield piece
            return
        assert self._fh is not None
        for piece in iter(lambda: self._fh.read(CHUNK), b""):  # type: ignore[union-attr]
            self._digest.update(piece)
            self.size += len(piece)
            yield piece

    def hexdigest(self) -> str:
        return self._whole.sha256 if self._whole is not None else self._digest.hexdigest()


def _store_text(session: Session, doc_id: int, inspection: Inspection) -> None:
    if inspection.text:
        from vault.records.text import save_text

        save_text(session, doc_id, inspection.text, source="pdf")


def _name(path: Path) -> str:
    from vault.importing.walk import display_path

    return display_path(path.name)


def _remove_source(vault: Vault, doc_id: int, digest: str, path: Path,
                   identity: FileId) -> str | None:
    """Overwrite-then-unlink the source, only after re-reading what we stored (for a
    duplicate: its stored twin), and only if the path still names the file we read,
    unwritten since.
    Returns why the source was kept, or None.

    Honest limit: on SSDs and copy-on-write file systems the old blocks may
    survive the overwrite.
    """
    from vault.fsutil import shred_file
    from vault.records.documents import iter_chunks

    check = hashlib.sha256()
    for data in iter_chunks(vault, doc_id):
        check.update(data)
    if check.hexdigest() != digest:
        raise VaultError("stored copy does not verify; the source file was kept")
    try:
        shred_file(path, expect=identity)
    except OSError as exc:
        if exc.errno == errno.ESTALE:
            return f"source kept: {exc.strerror}"
        raise
    return None
