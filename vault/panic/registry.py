"""Where this vault's exports were written, so a panic can remove them without a passphrase.

The list is AES-GCM encrypted under a key derived from the keyslot file's salt
and kept next to it (file ``x``). That key needs no passphrase — that is the
point, since a panic must not ask for one — so this is protection against
casual reading, not against someone who holds the vault directory and knows
this format: they learn where the (password-protected) export files are, not
what they contain. The threat model says so. Panic reads the file into memory
before it destroys the keyslots, then deletes the listed files.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from vault.fsutil import atomic_write
from vault.keys.keyslots import SALT_LEN
from vault.keys.subkeys import hkdf
from vault.paths import VaultPaths

INFO = b"spravka/export-registry"
PAD_TO = 4096


def _key(keyslot_bytes: bytes) -> bytes:
    return bytes(hkdf(keyslot_bytes[:SALT_LEN], INFO))


def decode(keyslot_bytes: bytes, blob: bytes) -> list[str]:
    if len(blob) < 28 or len(keyslot_bytes) < SALT_LEN:
        return []
    try:
        plain = AESGCM(_key(keyslot_bytes)).decrypt(blob[:12], blob[12:], None)
    except InvalidTag:
        return []
    paths = json.loads(plain.rstrip(b" ").decode())
    return [str(p) for p in paths]


def read(paths: VaultPaths) -> list[str]:
    try:
        return decode(paths.keyslots.read_bytes(), paths.registry.read_bytes())
    except OSError:
        return []


def add(paths: VaultPaths, export_path: Path) -> None:
    entries = read(paths)
    value = str(export_path.resolve())
    if value not in entries:
        entries.append(value)
    plain = json.dumps(entries, ensure_ascii=False).encode()
    plain += b" " * (-len(plain) % PAD_TO)  # size says little about how many exports
    nonce = secrets.token_bytes(12)
    blob = nonce + AESGCM(_key(paths.keyslots.read_bytes())).encrypt(nonce, plain, None)
    atomic_write(paths.registry, blob, what="recording the export location")
