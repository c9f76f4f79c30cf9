"""The signed chain-of-custody manifest shared by both export formats.

age does not authenticate the sender and an encrypted PDF can be re-encrypted
by anyone with the password, so the vault signs the manifest with its Ed25519
key. The signature covers the exact bytes of ``manifest.json`` (canonical JSON),
so ``openssl pkeyutl -verify -rawin`` can check it without our code.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from vault.errors import IntegrityError
from vault.export.model import AuditEntry, ExportItem, SigningKey
from vault.keys.subkeys import fingerprint

FORMAT = "spravka-export"
VERSION = 1
MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"


@dataclass(frozen=True)
class DocRecord:
    """What one document became in a bundle; filled while exporting, read by cover + manifest."""

    item: ExportItem
    original_name: str
    sanitized: tuple[tuple[str, str], ...]
    """(name in bundle, SHA-256) of each sanitised copy (one per image frame, or the PDF)."""
    page_count: int
    first_page: int = 0
    pages_sha256: str | None = None


def canonical_json(obj: Mapping[str, Any]) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def public_key_bytes(key: SigningKey) -> bytes:
    return (
        Ed25519PrivateKey.from_private_bytes(key.raw)
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )


def public_key_pem(public_raw: bytes) -> bytes:
    return Ed25519PublicKey.from_public_bytes(public_raw).public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def build_manifest(
    *,
    bundle: str,
    generated_at: datetime,
    records: Sequence[DocRecord],
    key: SigningKey,
    audit: Sequence[AuditEntry],
    files: Mapping[str, str] | None = None,
    graph_sha256: str | None = None,
) -> dict[str, Any]:
    """The manifest to sign; ``graph_sha256`` (PDF only) pins the bundle's object graph."""
    public_raw = public_key_bytes(key)
    documents = [
        {
            "id": rec.item.document_id,
            "kind": rec.item.kind,
            "title": rec.item.title,
            "issued": rec.item.issued.isoformat() if rec.item.issued else None,
            "media_type": rec.item.media_type,
            "original": {"name": rec.original_name or None, "attached": bool(rec.original_name),
                         "sha256": rec.item.sha256.lower(), "size": rec.item.size},
            "sanitized": [{"name": n, "sha256": h} for n, h in rec.sanitized],
            "pages": {"first": rec.first_page, "last": rec.first_page + rec.page_count - 1}
            if rec.first_page else None,
            "pages_sha256": rec.pages_sha256,
        }
        for rec in records
    ]
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "bundle": bundle,
        "generated_at": generated_at.isoformat(),
        "signing_key": {
            "algorithm": "Ed25519",
            "public_key": base64.b64encode(public_raw).decode(),
            "fingerprint": fingerprint(public_raw),
        },
        "documents": documents,
        "files": dict(files or {}),
        "audit": [entry.to_json() for entry in audit],
    }
    if graph_sha256 is not None:
        manifest["graph_sha256"] = graph_sha256
    return manifest


def sign(manifest: Mapping[str, Any], key: SigningKey) -> tuple[bytes, bytes]:
    """(manifest.json bytes, raw 64-byte signature over exactly those bytes)."""
    body = canonical_json(manifest)
    return body, Ed25519PrivateKey.from_private_bytes(key.raw).sign(body)


def check_signature(body: bytes, signature: bytes) -> dict[str, Any]:
    """Parse and verify; any mismatch is one opaque IntegrityError."""
    try:
        manifest = json.loads(body.decode())
        if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
            raise ValueError("format")
        public_raw = base64.b64decode(manifest["signing_key"]["public_key"], validate=True)
        Ed25519PublicKey.from_public_bytes(public_raw).verify(signature, body)
    except (ValueError, KeyError, TypeError, InvalidSignature, UnicodeDecodeError):
        raise IntegrityError("export manifest signature is invalid") from None
    if canonical_json(manifest) != body:
        raise IntegrityError("export manifest is not in canonical form")
    assert isinstance(manifest, dict)
    return manifest
