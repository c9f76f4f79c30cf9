"""The backup file format (version 1): ciphertext from the first byte to the last.

Layout::

    keyslot file [2048]  |  database [N x 65536]  |  trailer [4096 + r], 0 <= r < 65536

* **Keyslot file**: the vault's ``k`` verbatim (two checksummed copies, salt,
  masked parameters, AEAD slots). It already looks random, and it is what lets
  the passphrase or recovery key valid *at backup time* open the backup.
* **Database**: the SQLCipher file ``d`` byte for byte. Every page is
  AES-256-CBC with its own IV and an HMAC-SHA512 over (ciphertext, IV, page
  number), stored in the last ``RESERVE`` bytes of the page.
* **Trailer**: ``nonce[12] | AES-256-GCM(meta)`` under ``HKDF(DEK,
  "spravka/backup")`` with the keyslot bytes as associated data. ``meta`` is a
  4-byte length, a JSON object (format, date, schema version, counts, database
  length, page digest) and zero padding up to a random length, so the file size
  is not ``k * 65536 + constant`` (no size pattern either).

There is no magic, no plaintext length field and no JSON outside the AEAD. The
reader finds the parts from the file size alone: the database is a whole
number of pages and the trailer is shorter than one page plus ``TRAILER_MIN``.

Why a *page digest* and not SHA-256 over every byte: SHA-256 runs at ~190 MB/s
on the target machines (no SHA extensions), which caps a backup at a third of
``cp`` speed. SQLCipher already authenticates every page with an HMAC bound to
its page number; hashing only those tags (80 bytes per 64 KiB page) binds the
*set* of pages: restore checks every HMAC (``cipher_integrity_check``) and then
that the tags hash to the digest in the trailer, so a changed, dropped, stale
or reordered page is caught, at memory speed.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import struct
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from vault.errors import IntegrityError, KeyslotError, WrongPassphrase
from vault.keys import keyslots, recovery
from vault.keys.argon import passphrase_bytes
from vault.keys.hardening import wipe
from vault.keys.kdf import derive
from vault.keys.keyslots import Role, SlotFile
from vault.keys.subkeys import RECOVERY_KEK, hkdf
from vault.storage.store import PAGE_SIZE

FORMAT = 1
BACKUP_KEY = b"spravka/backup"
AAD_LABEL = b"spravka/backup/1"
KEYSLOT_LEN = keyslots.FILE_SIZE
NONCE_LEN = 12
TAG_LEN = 16
TRAILER_MIN = 4096
META_MIN = TRAILER_MIN - NONCE_LEN - TAG_LEN
RESERVE = 80  # SQLCipher 4 per-page IV[16] + HMAC-SHA512[64], at the end of each page
MIN_SIZE = KEYSLOT_LEN + PAGE_SIZE + TRAILER_MIN
_LEN = struct.Struct(">I")

DAMAGED = "the backup is damaged or was tampered with"


@dataclass(frozen=True)
class Layout:
    """Where the parts of a backup of ``size`` bytes start and end."""

    size: int
    db_len: int

    @property
    def db_start(self) -> int:
        return KEYSLOT_LEN

    @property
    def trailer_start(self) -> int:
        return KEYSLOT_LEN + self.db_len

    @classmethod
    def of(cls, size: int) -> Layout:
        if size < MIN_SIZE:
            raise IntegrityError("not a Spravka backup, or it is truncated")
        rest = size - KEYSLOT_LEN - TRAILER_MIN
        return cls(size, rest - rest % PAGE_SIZE)


class PageDigest:
    """SHA-256 over the database salt and every page's IV+HMAC, fed in any slicing."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256(b"spravka/pages/1")
        self._done = 0
        self._tail = bytearray()  # bytes of a page not yet complete

    def update(self, data: bytes | bytearray | memoryview) -> None:
        view = memoryview(data)
        if self._tail:
            need = PAGE_SIZE - len(self._tail)
            self._tail += view[:need]
            view = view[need:]
            if len(self._tail) < PAGE_SIZE:
                return
            self._page(memoryview(self._tail))
            self._tail = bytearray()
        whole = len(view) - len(view) % PAGE_SIZE
        for start in range(0, whole, PAGE_SIZE):
            self._page(view[start : start + PAGE_SIZE])
        self._tail += view[whole:]

    def _page(self, page: memoryview) -> None:
        if self._done == 0:
            self._hash.update(page[:16])  # the file salt: SQLCipher derives the HMAC key from it
        self._hash.update(page[PAGE_SIZE - RESERVE :])
        self._done += 1

    def hexdigest(self) -> str:
        if self._tail:
            raise IntegrityError(f"{DAMAGED}: the database is not a whole number of pages")
        final = self._hash.copy()
        final.update(self._done.to_bytes(8, "big"))
        return final.hexdigest()


def trailer_key(dek: bytes | bytearray) -> bytearray:
    return hkdf(dek, BACKUP_KEY)


def seal_trailer(key: bytes | bytearray, slot_bytes: bytes, meta: dict[str, Any]) -> bytes:
    """Encrypt ``meta`` with random-length zero padding (hides the exact file size)."""
    body = json.dumps(meta, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    plain_len = META_MIN + secrets.randbelow(PAGE_SIZE)
    if _LEN.size + len(body) > plain_len:
        raise ValueError("backup metadata too large")
    plain = _LEN.pack(len(body)) + body + bytes(plain_len - _LEN.size - len(body))
    nonce = secrets.token_bytes(NONCE_LEN)
    return nonce + AESGCM(bytes(key)).encrypt(nonce, plain, AAD_LABEL + slot_bytes)


def open_trailer(key: bytes | bytearray, slot_bytes: bytes, blob: bytes) -> dict[str, Any]:
    """Decrypt and parse the trailer; any failure is one IntegrityError."""
    try:
        plain = AESGCM(bytes(key)).decrypt(blob[:NONCE_LEN], blob[NONCE_LEN:], AAD_LABEL + slot_bytes)
    except InvalidTag:
        raise IntegrityError(f"{DAMAGED} (authentication failed)") from None
    (length,) = _LEN.unpack_from(plain)
    meta: dict[str, Any] = json.loads(plain[_LEN.size : _LEN.size + length])
    if meta.get("format") != FORMAT:
        raise IntegrityError(f"unsupported backup format {meta.get('format')!r}; update Spravka")
    return meta


def unlock_slots(slot_bytes: bytes, secret: str) -> tuple[SlotFile, bytearray]:
    """Unwrap the DEK from a backup's keyslot file with a passphrase or recovery key.

    A duress passphrase does not open a backup (its slot holds a random key,
    not the DEK) and triggers nothing: a backup is never wiped on restore.
    """
    try:
        sf = keyslots.decode(slot_bytes)
    except KeyslotError:
        raise IntegrityError(f"not a Spravka backup, or {DAMAGED}") from None
    keks = [derive(passphrase_bytes(secret), sf.salt, sf.params)]
    rk = recovery.parse(secret)
    if rk is not None:
        keks.append(hkdf(rk, RECOVERY_KEK, salt=sf.salt))
        wipe(rk)
    found = keyslots.unwrap_all(sf, keks)
    for kek in keks:
        wipe(kek)
    hits = [u for u in found if u.role is not Role.DURESS]
    for u in found:
        if u.role is Role.DURESS:
            wipe(u.dek)
    if not hits:
        raise WrongPassphrase()
    for extra in hits[1:]:
        wipe(extra.dek)
    return sf, hits[0].dek

