"""Where this vault's exports were written, so a panic can remove them without a passphrase.

The list is AES-GCM encrypted under a key derived from the keyslot file's salt
and kept next to it (file ``x``). That key needs no passphrase — that is the
point, since a panic must not ask for one — so this is protection against
casual reading, not against someone who holds the vault directory and knows
this format: they learn where the (password-protected) export files are, not
what they contain. The threat model says so.

Because anyone who can write into the vault folder can plant an ``x``, it is
read as hostile input: panic reads it only after the keyslots are destroyed,
with ``O_NOFOLLOW|O_NONBLOCK``, a regular file only, capped in size, and any
failure means "no registry". A rewrite scrubs the old version in place.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from vault.errors import VaultError
from vault.fsutil import atomic_write, overwrite_in_place
from vault.keys.erase import read_salt
from vault.keys.keyslots import SALT_LEN
from vault.keys.subkeys import hkdf
from vault.paths import VaultPaths

INFO = b"spravka/export-registry"
PAD_TO = 4096
MAX_SIZE = 1 << 20  # thousands of paths; a bigger file is not ours
_SAFE_OPEN = os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)


def _key(salt: bytes) -> bytes:
    return bytes(hkdf(salt[:SALT_LEN], INFO))


def decode(salt: bytes, blob: bytes) -> list[str]:
    """The listed paths, or [] for anything that is not a registry we wrote."""
    if len(blob) < 28 or len(salt) < SALT_LEN:
        return []
    try:
        plain = AESGCM(_key(salt)).decrypt(blob[:12], blob[12:], None)
        paths = json.loads(plain.rstrip(b" ").decode())
    except Exception:  # noqa: BLE001 - hostile input: any failure is "no registry"
        return []
    if not isinstance(paths, list):
        return []
    return [p for p in paths if isinstance(p, str) and p and "\0" not in p]


def read_blob(path: Path) -> bytes:
    """The file's bytes if it is a regular file under the cap, else b"" (never blocks)."""
    try:
        fd = os.open(path, os.O_RDONLY | _SAFE_OPEN)
    except OSError:
        return b""
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SIZE:
            return b""
        return os.pread(fd, MAX_SIZE, 0)
    except OSError:
        return b""
    finally:
        os.close(fd)


EXPORT_HEADS = (b"%PDF-", b"age-encryption.org/v1")


def looks_like_export(path: Path) -> bool:
    """Only a file that starts like one of our exports is removed: anyone who can write
    into the vault folder can plant a list naming other files of the user."""
    try:
        fd = os.open(path, os.O_RDONLY | _SAFE_OPEN)
    except OSError:
        return False
    try:
        head = os.pread(fd, 32, 0) if stat.S_ISREG(os.fstat(fd).st_mode) else b""
    except OSError:
        head = b""
    finally:
        os.close(fd)
    return head.startswith(EXPORT_HEADS)


def read_with_salt(paths: VaultPaths, salt: bytes) -> list[str]:
    return decode(salt, read_blob(paths.registry))


def read(paths: VaultPaths) -> list[str]:
    return read_with_salt(paths, read_salt(paths))


def add(paths: VaultPaths, export_path: Path) -> None:
    salt = read_salt(paths)
    if len(salt) < SALT_LEN:
        raise VaultError("recording the export location failed: keyslot file unreadable")
    entries = read_with_salt(paths, salt)
    value = str(export_path.resolve())
    if value not in entries:
        entries.append(value)
    plain = json.dumps(entries, ensure_ascii=False).encode()
    plain += b" " * (-len(plain) % PAD_TO)  # size says little about how many exports
    nonce = secrets.token_bytes(12)
    blob = nonce + AESGCM(_key(salt)).encrypt(nonce, plain, None)
    old_fd = _open_old(paths.registry)
    try:
        atomic_write(paths.registry, blob, what="recording the export location")
        if old_fd is not None:
            scrub(old_fd)
    finally:
        if old_fd is not None:
            os.close(old_fd)


def _open_old(path: Path) -> int | None:
    try:
        fd = os.open(path, os.O_RDWR | _SAFE_OPEN)
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    return fd


def scrub(fd: int) -> None:
    """Overwrite an old (already replaced) version in place; best effort."""
    try:
        overwrite_in_place(fd, min(os.fstat(fd).st_size, MAX_SIZE))
    except OSError:
        pass
