"""What ``spravka info`` and the dashboard say about a vault."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vault.core import Vault


def signing_fingerprint(vault: Vault) -> str:
    """The vault's signing-key fingerprint: the lawyer pins it (``--expect-fingerprint``)."""
    from vault.keys.subkeys import signing_fingerprint as of_key

    return of_key(vault.signing_key())


def vault_info(vault: Vault) -> dict[str, Any]:
    from sqlalchemy import func, select

    from vault.keyplace.moving import current
    from vault.storage.models import AuditRow, DocumentRow, ExportRow
    from vault.storage.store import schema_version

    with vault.session() as s:
        docs = s.scalar(select(func.count()).select_from(DocumentRow)) or 0
        created = s.scalar(select(AuditRow.at).where(AuditRow.action == "vault.created"))
        last = s.scalars(select(ExportRow).order_by(ExportRow.id.desc()).limit(1)).first()
        changed = docs
        if last is not None:
            changed = s.scalar(
                select(func.count()).select_from(DocumentRow).where(
                    (DocumentRow.added > last.at) | (DocumentRow.updated > last.at)
                )
            ) or 0
            changed += s.scalar(  # a deleted document is a change the lawyer has not seen
                select(func.count()).select_from(AuditRow).where(
                    AuditRow.action == "document.deleted", AuditRow.at > last.at)
            ) or 0
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
