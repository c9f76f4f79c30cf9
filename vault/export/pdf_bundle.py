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
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vault.errors import ExportError
from vault.export.atomic import AtomicOutput, generate_password
from vault.export.cover import render_cover
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
    with AtomicOutput(Path(out)) as target:
        with AtomicOutput.create(target.partial) as fh:
            writer = PdfWriter(fh, SecurityHandler.create(pw))
            later: list[Ref] = []
            pages: list[Ref] = []
            attachments: list[tuple[str, Ref]] = []
            records: list[DocRecord] = []
            for item in items:
                data = read_original(item, prog)
                stem = safe_stem(item, show_names)
                clean = sanitize(item.media_type, data, upright=False)
                files = [(name, hashlib.sha256(blob).digest())
                         for name, blob in clean.files(f"sanitized/{stem}")]
                doc_pages, digest = _write_document(writer, clean, [sha for _, sha in files], later)
                if not doc_pages:
                    raise ExportError(f"document {item.document_id} has no pages")
                original = f"originals/{stem}.{EXTENSIONS[item.media_type]}"
                if include_originals:
                    stream = embedded_file(data)
                    writer.write([stream])
                    attachments.append((original, file_spec(original, stream)))
                del data, clean
                pages += doc_pages
                records.append(DocRecord(
                    item=item, original_name=original,
                    sanitized=tuple((name, sha.hex()) for name, sha in files),
                    page_count=len(doc_pages), pages_sha256=digest,
                ))
                prog.check()
            manifest, digest = _finish(writer, records, pages, later, attachments, cover,
                                       signing_key, audit)
            fh.flush()
            os.fsync(fh.fileno())
        prog.check()
        digest = target.commit(digest)
    return ExportResult(
        path=str(out), format="pdf", password=pw, sha256=digest,
        document_ids=tuple(item.document_id for item in items), manifest=manifest,
    )


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


def _finish(writer: PdfWriter, records: list[DocRecord], pages: list[Ref], later: list[Ref],
            attachments: list[tuple[str, Ref]], cover: CoverData, signing_key: SigningKey,
            audit: Sequence[AuditEntry]) -> tuple[dict[str, Any], str]:
    """Cover, structure, signed manifest, then everything small; returns (manifest, file SHA-256)."""
    from vault.export.pdfcopy import copy_pages

    fp = fingerprint(public_key_bytes(signing_key))
    cover_pdf, records = render_cover(cover, records, fp, paged=True)
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
