"""The default export: one AES-256 (R6) encrypted PDF any reader opens with a password.

Layout: cover + manifest pages, then every document (images as pages from
sanitised pixels, PDFs sanitised), one bookmark per document, and the signed
``manifest.json`` / ``manifest.sig`` (plus the originals on request) as
attachments. Only ciphertext is written: encrypted scratch shards and an
encrypted ``.partial-*`` file that is renamed into place at the end.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from vault.errors import Cancelled, ExportError
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
from vault.export.reading import (
    EXTENSIONS,
    Progress,
    read_original,
    safe_stem,
    validate_items,
)
from vault.export.sanitized import sanitize

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
    import pikepdf

    from vault.export.shards import ORIGINAL_KEY, ShardSet

    validate_items(items)
    if password is not None and len(password) < MIN_PASSWORD:
        raise ExportError(f"the bundle password must have at least {MIN_PASSWORD} characters")
    pw = password or generate_password()
    read_total = sum(item.size for item in items)
    prog = Progress(total=2 * read_total or 1, callback=progress, cancel=cancel)
    with AtomicOutput(Path(out)) as target, ExitStack() as stack:
        shards = ShardSet(target, stack)
        records: list[DocRecord] = []
        for item in items:
            data = read_original(item, prog)
            stem = safe_stem(item, show_names)
            clean = sanitize(item.media_type, data, upright=False)
            files = [(name, hashlib.sha256(blob).digest())
                     for name, blob in clean.files(f"sanitized/{stem}")]
            image_shas = [sha for _, sha in files] if clean.pdf is None else []
            placement, digest = shards.add(clean, image_shas, data if include_originals else None)
            if placement.count == 0:
                raise ExportError(f"document {item.document_id} has no pages")
            del data
            sanitized = tuple((name, sha.hex()) for name, sha in files)
            records.append(DocRecord(
                item=item, original_name=f"originals/{stem}.{EXTENSIONS[item.media_type]}",
                sanitized=sanitized, page_count=placement.count,
                pages_sha256=digest,
            ))
            prog.check()
        shards.flush()
        fp = fingerprint(public_key_bytes(signing_key))
        cover_pdf, records = render_cover(cover, records, fp, paged=True)
        with pikepdf.open(io.BytesIO(cover_pdf)) as cover_doc:
            cover_path = shards.write(cover_doc)
        merged = shards.merge(cover_path)
        if len(merged.pages) != records[-1].first_page + records[-1].page_count - 1:
            raise ExportError("bundle page count does not match the table of contents")
        prog.check()
        # The signed files are placeholders until the graph digest is signed;
        # graph_digest leaves out exactly their data and /Params.
        signed = {name: _small_file(merged, b"", name) for name in (MANIFEST_NAME, SIGNATURE_NAME)}
        attachments: list[tuple[str, Any]] = list(signed.items())
        for rec in records:
            first = merged.pages[rec.first_page - 1].obj
            if ORIGINAL_KEY in first:
                stream = first[ORIGINAL_KEY]
                del first[ORIGINAL_KEY]
                attachments.append((rec.original_name, _file_spec(
                    merged, stream, rec.original_name, rec.item.size)))
        _finish(merged, records, attachments, cover.language)
        graph = _graph(merged, prog)
        manifest = build_manifest(bundle="pdf", generated_at=cover.generated_at,
                                  records=records, key=signing_key, audit=audit,
                                  graph_sha256=graph)
        for name, data in zip((MANIFEST_NAME, SIGNATURE_NAME), sign(manifest, signing_key),
                              strict=True):
            _fill(signed[name], data)
        _save(merged, target.partial, pw, prog, read_total, bundle_id(graph))
        stack.close()
        target.cleanup_scratch()
        prog.check()
        digest = target.commit()
    return ExportResult(
        path=str(out), format="pdf", password=pw, sha256=digest,
        document_ids=tuple(item.document_id for item in items), manifest=manifest,
    )


def _file_spec(pdf: Any, stream: Any, name: str, size: int) -> Any:
    """A /Filespec around an already-copied stream: data stays lazy until save."""
    import pikepdf
    from pikepdf import Dictionary, Name

    stream.Type = Name.EmbeddedFile
    stream.Params = Dictionary(Size=size)
    return pdf.make_indirect(Dictionary(
        Type=Name.Filespec, F=pikepdf.String(name), UF=pikepdf.String(name),
        EF=Dictionary(F=stream, UF=stream), AFRelationship=Name.Source,
    ))


def _small_file(pdf: Any, data: bytes, name: str) -> Any:
    return _file_spec(pdf, pdf.make_stream(data), name, len(data))


def _fill(spec: Any, data: bytes) -> None:
    """Put the signed bytes into a placeholder made by ``_small_file``."""
    from pikepdf import Dictionary

    stream = spec.EF.F
    stream.write(data)
    stream.Params = Dictionary(Size=len(data))


def _graph(pdf: Any, prog: Progress) -> str:
    """The graph digest of exactly what ``_save`` writes (bar the signed files' data)."""
    import pikepdf

    from vault.export.graphhash import graph_digest

    try:
        return graph_digest(pdf, prog.check)
    except pikepdf.PdfError as err:
        raise ExportError(f"could not read the merged bundle: {err}") from None


def _finish(pdf: Any, records: Sequence[DocRecord], attachments: list[tuple[str, Any]],
            language: str) -> None:
    """Bookmarks, attachments name tree, and no document metadata of our own or theirs.

    The catalog gets the /Extensions entry qpdf writes for R6 encryption now,
    so the graph digest taken before saving is the one of the saved file.
    """
    import pikepdf
    from pikepdf import Array, Dictionary, Name, OutlineItem

    with pdf.open_outline() as outline:
        outline.root.append(OutlineItem(_COVER_TITLE.get(language, "Cover"), 0))
        for rec in records:
            outline.root.append(OutlineItem(rec.item.title, rec.first_page - 1))
    names = Array()
    for name, spec in sorted(attachments, key=lambda pair: pair[0].encode()):
        names.append(pikepdf.String(name))
        names.append(spec)
    pdf.Root.Names = Dictionary(EmbeddedFiles=Dictionary(Names=names))
    pdf.Root.PageMode = Name.UseOutlines
    pdf.Root.Extensions = Dictionary(ADBE=Dictionary(BaseVersion=Name("/1.7"), ExtensionLevel=8))
    for key in ("/Metadata", "/OpenAction", "/AA"):
        if key in pdf.Root:
            del pdf.Root[key]
    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]


def _save(pdf: Any, path: Path, password: str, prog: Progress, read_total: int,
          file_id: bytes) -> None:
    """Encrypt while writing; progress maps qpdf's percent onto the second half.

    What ``envelope`` checks is fixed here: ``/ID`` is ``file_id`` plus qpdf's
    static second element, and the owner password is the user password.
    """
    import pikepdf

    base = prog.done

    def on_progress(percent: int) -> None:
        prog.advance(base + read_total * percent // 100 - prog.done)

    enc = pikepdf.Encryption(owner=password, user=password, R=6, aes=True, metadata=True)
    pdf.trailer.ID = pikepdf.Array([pikepdf.String(file_id), pikepdf.String(file_id)])
    try:
        with AtomicOutput.create(path) as fh:
            pdf.save(fh, encryption=enc, compress_streams=False, progress=on_progress,
                     fix_metadata_version=False, static_id=True)
    except Cancelled:
        raise
    except pikepdf.PdfError as err:
        raise ExportError(f"could not write the PDF bundle: {err}") from None
    prog.check()
