"""Key derivation below the DEK and from recovery keys (HKDF-SHA256).

Every key the vault uses is derived from the one random DEK with its own
label, so the DEK never leaves this module's callers and the database key,
the audit signing key and export keys are independent.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

if TYPE_CHECKING:  # loaded on use: a panic derives the registry key and nothing else
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

DB_KEY = b"spravka/db"
SIGNING_KEY = b"spravka/ed25519"
RECOVERY_KEK = b"spravka/recovery-kek"


def hkdf(ikm: bytes | bytearray, info: bytes, salt: bytes | None = None) -> bytearray:
    return bytearray(HKDF(hashes.SHA256(), 32, salt=salt, info=info).derive(bytes(ikm)))


def signing_key(dek: bytes | bytearray) -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(bytes(hkdf(dek, SIGNING_KEY)))


def fingerprint(public_raw: bytes) -> str:
    """Short, readable form of the signing key the lawyer compares over the phone."""
    digest = hashlib.sha256(public_raw).hexdigest()[:32]
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def signing_fingerprint(key: Ed25519PrivateKey) -> str:
    """The fingerprint of the vault's signing key (shown by init, info, export, Settings)."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return fingerprint(public)
