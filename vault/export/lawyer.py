"""The lawyer's copy: choose documents, build the cover, export, and remember it.

Glue between the vault (documents, evidence report, audit log, signing key)
and the export engine in ``vault.export``. Every export is recorded in the
audit log and the exports table (so the dashboard can say what changed since)
and in the panic registry (so a panic can delete it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from vault.errors import ExportError, NotFound
from vault.export.model import ExportRequest
from vault.panic import registry
from vault.storage import audit

if TYPE_CHECKING:
    from vault.core import Vault
    from vault.evidence.rules import DocumentKind
    from vault.export.model import (
        AuditEntry,
        CoverData,
        ExportItem,
        ExportResult,
        SigningKey,
    )


def select_documents(vault: Vault, request: ExportRequest) -> list[int]:
    """Explicit ids win; else documents linked to the chosen conditions plus the
    postal proof and covering documents of summonses and letters; else all."""
    if not request.condition_ids:  # only ids needed: not the whole snapshot with its OCR text
        return _plain_selection(vault, request.document_ids)
    from vault.records.snapshots import read_snapshot

    snap = read_snapshot(vault)
    known = {d.id for d in snap.documents}
    if request.document_ids:
        missing = sorted(set(request.document_ids) - known)
        if missing:
            raise NotFound(f"no document with id {missing[0]}")
        return list(dict.fromkeys(request.document_ids))
    if request.condition_ids:
        conds = {c.id for c in snap.conditions}
        for cid in request.condition_ids:
            if cid not in conds:
                raise NotFound(f"no condition with id {cid}")
        ids = {link.document_id for link in snap.accepted_links() if link.condition_id in request.condition_ids}
        for letter in snap.letters:
            ids.update(i for i in (letter.receipt_document_id, letter.notice_document_id, letter.document_id) if i)
        for summons in snap.summonses:
            ids.update(summons.covering_document_ids)
        return sorted(ids & known)
    return sorted(known)


def _plain_selection(vault: Vault, document_ids: Sequence[int]) -> list[int]:
    from sqlalchemy import select

    from vault.storage.models import DocumentRow

    with vault.session() as s:
        known = set(s.scalars(select(DocumentRow.id)))
    if not document_ids:
        return sorted(known)
    missing = sorted(set(document_ids) - known)
    if missing:
        raise NotFound(f"no document with id {missing[0]}")
    return list(dict.fromkeys(document_ids))


def build_items(vault: Vault, doc_ids: Sequence[int], lang: str,
                kinds: Mapping[str, DocumentKind]) -> list[ExportItem]:
    """All items from one session; ``kinds`` from rules parsed once per export, not per item."""
    from vault.export.model import ExportItem
    from vault.records.documents import get_row
    from vault.records.titles import default_title, rotations
    from vault.storage.chunkread import open_blobs

    items = []
    with vault.session() as s:
        for doc_id in doc_ids:
            row = get_row(s, doc_id)
            kind = kinds.get(row.kind)
            label = (kind.label_ru if lang == "ru" else kind.label_en) if kind else row.kind
            issued = date.fromisoformat(row.issued) if row.issued else None
            items.append(ExportItem(
                document_id=doc_id, kind=row.kind, kind_label=label, issued=issued,
                title=row.title or default_title(label, row.issued, row.facility),
                original_name=row.original_name or None,
                rotation=tuple(rotations(row.rotation).items()),
                media_type=row.media_type, size=row.size, sha256=row.sha256,
                open_original=lambda doc_id=doc_id: open_blobs(vault.engine, doc_id),  # type: ignore[misc]
            ))
    return items


def run_export(vault: Vault, request: ExportRequest, *, today: date | None = None,
               progress: Callable[[int, int], None] | None = None,
               cancel: threading.Event | None = None) -> ExportResult:
    from vault.evidence.rules import load_rules
    from vault.export.coverdata import build_cover
    from vault.export.model import SigningKey
    from vault.records.report import compute_report

    if request.out.exists():
        raise ExportError(f"{request.out} already exists; choose a new file name")
    doc_ids = select_documents(vault, request)
    if not doc_ids:
        raise ExportError("nothing to export: no documents selected")
    rules = load_rules()  # parsed once for the report and the items' labels
    report = compute_report(vault, today or date.today(), rules)
    cover = build_cover(vault, report, request)
    items = build_items(vault, doc_ids, request.lang, rules.kinds)
    key = SigningKey(vault.signing_key().private_bytes_raw())
    entries = _audit_excerpt(vault, set(doc_ids))
    try:
        result = _write(request, items, cover, key, entries, progress, cancel)
    except OSError as exc:  # disk full, read-only target, permission denied
        from vault.fsutil import os_error

        raise os_error(exc, "writing the export") from None
    _record(vault, result)
    return result


def _write(request: ExportRequest, items: list[ExportItem], cover: CoverData, key: SigningKey,
           entries: list[AuditEntry], progress: Callable[[int, int], None] | None,
           cancel: threading.Event | None) -> ExportResult:
    if request.fmt == "pdf":
        from vault.export.pdf_bundle import export_pdf

        result = export_pdf(items, cover, request.out, signing_key=key,
                            include_originals=request.include_originals,
                            show_names=request.show_names, audit=entries, progress=progress,
                            cancel=cancel)
    else:
        from vault.export.age_archive import export_age

        result = export_age(items, cover, request.out, signing_key=key, recipient=request.recipient,
                            include_originals=request.include_originals, show_names=request.show_names, audit=entries,
                            progress=progress, cancel=cancel)
    return result


def _record(vault: Vault, result: ExportResult) -> None:
    import json

    from vault.storage.models import ExportRow

    at = datetime.now(UTC).isoformat(timespec="seconds")
    with vault.session() as s:
        s.add(ExportRow(at=at, path=str(Path(result.path).resolve()), format=result.format,
                        sha256=result.sha256, document_ids=json.dumps(list(result.document_ids))))
        audit.append(s, "export.created", {"path": str(result.path), "format": result.format,
                                           "sha256": result.sha256,
                                           "documents": list(result.document_ids)})
    registry.add(vault.paths, Path(result.path))


def _audit_excerpt(vault: Vault, doc_ids: set[int]) -> list[AuditEntry]:
    """The audit entries that concern the exported documents (chain of custody)."""
    import json

    from vault.export.model import AuditEntry

    with vault.session() as s:
        rows = audit.entries(s)
    return [AuditEntry(e.seq, datetime.fromisoformat(e.at), e.action,
                       json.dumps(e.detail, ensure_ascii=False), e.hash)
            for e in rows if e.detail.get("document") in doc_ids]
