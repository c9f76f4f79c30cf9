"""The default export: one AES-256 (R6) encrypted PDF any reader opens with a password.

Layout: cover + manifest pages, then every document (images as pages from
sanitised pixels, PDFs sanitised), one bookmark per document, and the signed
``manifest.json`` / ``manifest.sig`` (plus the originals on request) as
attachments. Written in one pass (``pdfwriter``): each document's streams are
encrypted and written as soon as it is sanitised, hashed from the same bytes,
and dropped; only ciphertext reaches disk, in an ``.partial-*`` file renamed
into place at the end. No scratch files.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vault.errors import ExportError
from vault.export.atomic import AtomicOutput, generate_password
from vault.export.cover import prepare_cover, render_cover
from vault.export.envelope import bundle_id
from vault.export.manifest import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    DocRecord,
    build_manifest,
    fingerprint,
    public_key_bytes,
    sign,
)
from vault.export.model import (
    AuditEntry,
    CoverData,
    ExportItem,
    ExportResult,
    ProgressFn,
    SigningKey,
)
from vault.export.pdfobj import Ref, canonical_digest
from vault.export.pdfstructure import build, embedded_file, file_spec, fill
from vault.export.reading import (
    EXTENSIONS,
    Progress,
    read_original,
    safe_stem,
    validate_items,
)
from vault.export.sanitized import Sanitized, sanitize

if TYPE_CHECKING:
    from vault.export.pdfwriter import PdfWriter

MIN_PASSWORD = 12
_AHEAD_BYTES = 64 << 20
_COVER_TITLE = {"ru": "Обложка и манифест", "en": "Cover and manifest"}


def export_pdf(
    items: Sequence[ExportItem],
    cover: CoverData,
    out: Path,
    *,
    signing_key: SigningKey,
    include_originals: bool = False,
    show_names: bool = False,
    password: str | None = None,
    audit: Sequence[AuditEntry] = (),
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> ExportResult:
    """Write the encrypted bundle to ``out``; the password is in the result, shown once."""
    from vault.export.pdfcrypt import SecurityHandler
    from vault.export.pdfwriter import PdfWriter

    validate_items(items)
    if password is not None and len(password) < MIN_PASSWORD:
        raise ExportError(f"the bundle password must have at least {MIN_PASSWORD} characters")
    pw = password or generate_password()
    prog = Progress(total=sum(item.size for item in items) or 1, callback=progress, cancel=cancel)
    fp = fingerprint(public_key_bytes(signing_key))
    with ThreadPoolExecutor(1, thread_name_prefix="export-cover") as pool, \
            AtomicOutput(Path(out)) as target:
        # fpdf2's import and font parsing overlap the (mostly C) document pass.
        prepared = pool.submit(prepare_cover, cover, fp)
        with AtomicOutput.create(target.partial) as fh, _Documents(
                items, show_names, include_originals, cancel) as documents:
            writer = PdfWriter(fh, SecurityHandler.create(pw))
            try:
                later: list[Ref] = []
                pages: list[Ref] = []
                attachments: list[tuple[str, Ref]] = []
                records: list[DocRecord] = []
                for item, ready in documents:
                    prog.advance(item.size)
                    doc_pages, digest = _write_document(
                        writer, ready.clean, [sha for _, sha in ready.files], later)
                    if not doc_pages:
                        raise ExportError(f"document {item.document_id} has no pages")
                    turn_pages(doc_pages, item.rotation)
                    if ready.original is not None:
                        stream = embedded_file(ready.original)
                        writer.write([stream])
                        attachments.append((ready.name, file_spec(ready.name, stream)))
                    pages += doc_pages
                    records.append(DocRecord(
                        # named only when attached: the manifest must not list absent originals
                        item=item, original_name=ready.name if ready.original is not None else "",
                        sanitized=tuple((name, sha.hex()) for name, sha in ready.files),
                        page_count=len(doc_pages), pages_sha256=digest,
                    ))
                    del ready
                    prog.check()
                front, records = render_cover(cover, records, fp, paged=True,
                                              prepared=prepared.result())
                manifest, digest = _finish(writer, front, records, pages, later, attachments,
                                           cover, signing_key, audit)
            finally:
                writer.close()
            fh.flush()
            os.fsync(fh.fileno())
        prog.check()
        digest = target.commit(digest)
    return ExportResult(
        path=str(out), format="pdf", password=pw, sha256=digest,
        document_ids=tuple(item.document_id for item in items), manifest=manifest,
    )


@dataclass
class _Ready:
    """A document read, checked and sanitised, waiting to be written."""

    name: str
    clean: Sanitized
    files: list[tuple[str, bytes]]
    original: bytes | None


def _prepare(item: ExportItem, show_names: bool, keep_original: bool,
             cancel: threading.Event | None) -> _Ready:
    data = read_original(item, Progress(total=item.size or 1, callback=None, cancel=cancel))
    stem = safe_stem(item, show_names)
    clean = sanitize(item.media_type, data, upright=False)
    files = [(name, hashlib.sha256(blob).digest())
             for name, blob in clean.files(f"sanitized/{stem}")]
    return _Ready(f"originals/{stem}.{EXTENSIONS[item.media_type]}", clean, files,
                  data if keep_original else None)


class _Documents:
    """Reads, hashes and sanitises the next documents on threads while one is written.

    One document ahead always; a second one at the same time (on its own
    connection: SQLCipher decrypts with the GIL released, so two readers use
    both cores) only while the two ahead fit in ``_AHEAD_BYTES``. So memory
    stays that of two documents for large ones, and at most that budget more.
    """

    def __init__(self, items: Sequence[ExportItem], show_names: bool, keep_original: bool,
                 cancel: threading.Event | None) -> None:
        self._items = items
        self._args = (show_names, keep_original, cancel)
        self._pool = ThreadPoolExecutor(2, thread_name_prefix="export-read")

    def __enter__(self) -> _Documents:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __iter__(self) -> Iterator[tuple[ExportItem, _Ready]]:
        pending: deque[tuple[ExportItem, Future[_Ready]]] = deque()
        todo = deque(self._items)
        while todo or pending:
            if not pending:
                pending.append(self._submit(todo.popleft()))
            item, current = pending.popleft()
            while todo and (not pending or (
                    len(pending) == 1 and pending[0][0].size + todo[0].size <= _AHEAD_BYTES)):
                pending.append(self._submit(todo.popleft()))
            yield item, current.result()

    def _submit(self, item: ExportItem) -> tuple[ExportItem, Future[_Ready]]:
        return item, self._pool.submit(_prepare, item, *self._args)


def turn_pages(pages: Sequence[Ref], rotation: Sequence[tuple[int, int]]) -> None:
    """Apply the user's view rotation through each page's ``/Rotate`` (added to any it had).

    Page dictionaries are written after the documents, so this is in time; the
    page digests cover contents and images only, and the graph digest taken at
    the end covers the new ``/Rotate``. The original and its hash are untouched.
    """
    for page, degrees in rotation:
        if 0 <= page < len(pages):
            value = pages[page].value
            value["/Rotate"] = (int(value.get("/Rotate", 0)) + degrees) % 360


def _write_document(writer: PdfWriter, clean: Sanitized, shas: list[bytes], later: list[Ref]
                    ) -> tuple[list[Ref], str]:
    """Write one document's heavy streams now; returns its pages and their digest.

    ``shas`` are the SHA-256 digests of the sanitised files, already taken for
    the manifest and reused for the page digest and the image streams.
    """
    from vault.export.pagehash import records_digest

    if clean.pdf is not None:
        from vault.export.pdfcopy import copy_pages

        copied = copy_pages(clean.pdf)
        writer.write(copied.early)
        later += copied.later
        return copied.pages, copied.digest
    from vault.export.imagepage import image_page

    pages, page_records = [], []
    for img, sha in zip(clean.images, shas, strict=True):
        page, streams, record = image_page(img, sha)
        writer.write(streams)
        pages.append(page)
        later.append(page)
        page_records.append(record)
    return pages, records_digest(page_records)


def _finish(writer: PdfWriter, cover_pdf: bytes, records: list[DocRecord], pages: list[Ref],
            later: list[Ref], attachments: list[tuple[str, Ref]], cover: CoverData,
            signing_key: SigningKey, audit: Sequence[AuditEntry]) -> tuple[dict[str, Any], str]:
    """Cover, structure, signed manifest, then everything small; returns (manifest, file SHA-256)."""
    from vault.export.pdfcopy import copy_pages

    front = copy_pages(cover_pdf)
    writer.write(front.early)
    pages = front.pages + pages
    if len(pages) != records[-1].first_page + records[-1].page_count - 1:
        raise ExportError("bundle page count does not match the table of contents")
    signed = {name: embedded_file(b"", signed=True) for name in (MANIFEST_NAME, SIGNATURE_NAME)}
    specs = [(name, file_spec(name, stream)) for name, stream in signed.items()]
    bookmarks = [(_COVER_TITLE.get(cover.language, "Cover"), 0)]
    bookmarks += [(rec.item.title, rec.first_page - 1) for rec in records]
    structure = build(pages, bookmarks, [*specs, *attachments])
    graph = canonical_digest(structure.root)
    manifest = build_manifest(bundle="pdf", generated_at=cover.generated_at,
                              records=records, key=signing_key, audit=audit,
                              graph_sha256=graph)
    for name, data in zip((MANIFEST_NAME, SIGNATURE_NAME), sign(manifest, signing_key),
                          strict=True):
        fill(signed[name], data)
    writer.write([*structure.refs, *front.later, *later, *signed.values(),
                  *(spec for _, spec in specs), *(spec for _, spec in attachments)])
    return manifest, writer.finish(structure.root, bundle_id(graph))
