"""What ``spravka info`` and the dashboard say about a vault."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vault.core import Vault

# Audit actions that change what the lawyer's copy shows besides documents themselves
# (a deleted document is a change the lawyer has not seen).
EVIDENCE_ACTIONS = ("link.", "letter.", "summons.", "condition.", "board.", "document.deleted")


def signing_fingerprint(vault: Vault) -> str:
    """The vault's signing-key fingerprint: the lawyer pins it (``--expect-fingerprint``)."""
    from vault.keys.subkeys import signing_fingerprint as of_key

    return of_key(vault.signing_key())


def vault_info(vault: Vault) -> dict[str, Any]:
    from sqlalchemy import func, select

    from vault.keyplace.moving import current
    from vault.storage.models import AuditRow, DocumentRow, DocumentTextRow, ExportRow
    from vault.storage.store import schema_version

    with vault.session() as s:
        docs = s.scalar(select(func.count()).select_from(DocumentRow)) or 0
        created = s.scalar(select(AuditRow.at).where(AuditRow.action == "vault.created"))
        last = s.scalars(select(ExportRow).order_by(ExportRow.id.desc()).limit(1)).first()
        changed = docs
        if last is not None:
            docs_changed = set(s.scalars(select(DocumentRow.id).where(
                (DocumentRow.added > last.at) | (DocumentRow.updated > last.at))))
            docs_changed |= set(s.scalars(select(DocumentTextRow.document_id).where(
                DocumentTextRow.updated > last.at)))  # OCR text read since
            since = s.scalar(select(func.max(AuditRow.seq)).where(AuditRow.action == "export.created")) or 0
            records = s.scalar(select(func.count()).select_from(AuditRow).where(
                AuditRow.seq > since, _any_prefix(AuditRow.action))) or 0
            changed = len(docs_changed) + records
    params = vault.kdf_params
    return {
        "fingerprint": signing_fingerprint(vault),
        "vault": str(vault.paths.root),
        "schema_version": schema_version(vault.engine),
        "documents": docs,
        "created": created,
        "kdf": {"memory_kib": params.memory_kib, "time_cost": params.time_cost,
                "lanes": params.lanes},
        "last_export": last.at if last else None,
        "changed_since_export": changed,
        **current(vault).to_json(),
    }


def _any_prefix(column: Any) -> Any:
    from sqlalchemy import or_

    return or_(*(column.startswith(prefix) for prefix in EVIDENCE_ACTIONS))
