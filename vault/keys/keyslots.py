"""The keyslot file: one salt, masked Argon2id parameters and eight AEAD slots.

Layout of one copy (``COPY_SIZE`` bytes; the file holds two copies, the second
XOR-whitened with a fixed public stream so no block repeats)::

    salt[32] | masked header[16] | 8 x slot[76] | random padding | sha256[32]

* The header (version, salt length, lanes, slot count, memory, passes) is
  XOR-masked with HKDF(salt). The salt is public, so this hides nothing from
  someone who knows this format: they can unmask it and read the Argon2
  settings. It only keeps the bytes from looking like structure at a glance.
* A slot is ``nonce[12] | AES-256-GCM(role[1] | zero[15] | DEK[32]) | tag[16]``
  with the salt, masked header and slot index as associated data. Unused slots
  are random bytes: the number of passphrases (and whether a duress slot
  exists) is not visible.
* The checksum is a plain SHA-256 over the copy; a reader takes the first copy
  whose checksum holds, so one bad sector does not lock the user out. The
  price, chosen on purpose (README, threat model): anyone who knows the format
  can recognise the file (and the head of a backup) as a Spravka keyslot file.
  It does not reveal the number of passphrases or whether a duress slot exists.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import IntEnum
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from vault.errors import KeyslotError
from vault.faults import checkpoint
from vault.fsutil import atomic_write, os_error, overwrite_in_place
from vault.keys.kdf import KdfParams
from vault.keys.layout import (
    CHECKSUM_START,
    COPY_SIZE,
    FILE_SIZE,
    SALT_LEN,
    SLOT_COUNT,
    SLOTS_START,
    good_copy,
    kdf_settings,
    mask_header,
    whiten,
)

Random = Callable[[int], bytes]

NONCE_LEN = 12
PAYLOAD_LEN = 48
SLOT_LEN = NONCE_LEN + PAYLOAD_LEN + 16
PAD_START = SLOTS_START + SLOT_COUNT * SLOT_LEN


class Role(IntEnum):
    PASSPHRASE = 1
    RECOVERY = 2
    DURESS = 3


@dataclass(frozen=True)
class SlotFile:
    salt: bytes
    params: KdfParams
    slots: tuple[bytes, ...]

    def header(self) -> bytes:
        return mask_header(self.salt, self.params.lanes, self.params.memory_kib,
                           self.params.time_cost)

    def with_slot(self, index: int, blob: bytes) -> SlotFile:
        slots = list(self.slots)
        slots[index] = blob
        return replace(self, slots=tuple(slots))


@dataclass
class Unwrapped:
    role: Role
    index: int
    dek: bytearray


def new_file(params: KdfParams, rng: Random = secrets.token_bytes) -> SlotFile:
    return SlotFile(rng(SALT_LEN), params, tuple(rng(SLOT_LEN) for _ in range(SLOT_COUNT)))


def _aad(sf: SlotFile, index: int) -> bytes:
    return sf.salt + sf.header() + bytes([index])


def wrap(sf: SlotFile, index: int, kek: bytes | bytearray, role: Role, dek: bytes | bytearray,
         rng: Random = secrets.token_bytes) -> SlotFile:
    """Return ``sf`` with slot ``index`` holding ``dek`` wrapped under ``kek``."""
    payload = bytearray(PAYLOAD_LEN)  # role, 15 zero bytes, DEK; wiped after use
    payload[0] = role
    payload[16:] = dek
    nonce = rng(NONCE_LEN)
    blob = nonce + AESGCM(bytes(kek)).encrypt(nonce, bytes(payload), _aad(sf, index))
    payload[:] = bytes(len(payload))
    return sf.with_slot(index, blob)


def clear_slot(sf: SlotFile, index: int, rng: Random = secrets.token_bytes) -> SlotFile:
    return sf.with_slot(index, rng(SLOT_LEN))


def unwrap_all(sf: SlotFile, keks: Sequence[bytes | bytearray]) -> list[Unwrapped]:
    """Try every KEK on every slot; the loop never exits early (timing)."""
    found: list[Unwrapped] = []
    for kek in keks:
        aead = AESGCM(bytes(kek))
        for index, blob in enumerate(sf.slots):
            try:
                payload = aead.decrypt(blob[:NONCE_LEN], blob[NONCE_LEN:], _aad(sf, index))
            except InvalidTag:
                continue
            if payload[0] in Role._value2member_map_ and not any(payload[1:16]):
                found.append(Unwrapped(Role(payload[0]), index, bytearray(payload[16:])))
    return found


def encode(sf: SlotFile, rng: Random = secrets.token_bytes) -> bytes:
    body = sf.salt + sf.header() + b"".join(sf.slots) + rng(CHECKSUM_START - PAD_START)
    copy = body + hashlib.sha256(body).digest()
    assert len(copy) == COPY_SIZE
    return copy + whiten(copy)


def decode(data: bytes) -> SlotFile:
    """Parse the first copy whose checksum holds; each failure has its own message."""
    if len(data) < COPY_SIZE:
        raise KeyslotError(f"keyslot file damaged: truncated ({len(data)} bytes)")
    if len(data) > FILE_SIZE:
        raise KeyslotError("keyslot file damaged: wrong size")
    copy = good_copy(data)
    if copy is None:
        raise KeyslotError("keyslot file damaged: no copy passes its checksum")
    memory, passes, lanes = kdf_settings(copy)
    params = KdfParams(memory_kib=memory, time_cost=passes, lanes=lanes)
    params.check()
    slots = tuple(
        copy[SLOTS_START + i * SLOT_LEN : SLOTS_START + (i + 1) * SLOT_LEN] for i in range(SLOT_COUNT)
    )
    return SlotFile(copy[:SALT_LEN], params, slots)


def read(path: Path) -> SlotFile:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KeyslotError("keyslot file missing: this vault cannot be opened") from None
    except OSError as exc:
        raise os_error(exc, "reading the keyslot file") from None
    return decode(data)


def write(path: Path, sf: SlotFile, rng: Random = secrets.token_bytes) -> None:
    """Atomically replace the keyslot file, then overwrite the old inode in place.

    The old inode still holds the DEK wrapped under the old passphrase; after
    the rename we scrub it so it does not linger in freed blocks.
    """
    old_fd = None
    try:
        old_fd = os.open(path, os.O_RDWR | os.O_NOFOLLOW)
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise os_error(exc, "opening the keyslot file") from None
    try:
        atomic_write(
            path, encode(sf, rng), what="writing the keyslot file", fault="keyslot-before-rename"
        )
        checkpoint("after-keyslot-write")
        if old_fd is not None:
            try:
                overwrite_in_place(old_fd, os.fstat(old_fd).st_size)
            except OSError:
                pass  # best effort: the new file is already in place
    finally:
        if old_fd is not None:
            os.close(old_fd)
