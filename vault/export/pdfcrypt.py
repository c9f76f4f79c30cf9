"""PDF 2.0 standard security, revision 6 (AES-256, AESV3), written with ``cryptography``.

ISO 32000-2 §7.6.4.4: a random 256-bit file key encrypts every string and
stream (a fresh 16-byte IV each, AES-256-CBC with PKCS#7 padding; R6 has no
per-object keys). The password is checked through ``/U`` and ``/O`` (algorithm
2.B hashes with random salts) and unwraps the key from ``/UE`` and ``/OE``;
``/Perms`` holds the permissions under the file key. The owner password is
the user password, as ``envelope`` requires (see there why).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from vault.export.envelope import ENCRYPT, hash_2b

PERMISSIONS = int(ENCRYPT["/P"])  # type: ignore[call-overload]


def _wrap(key: bytes, data: bytes) -> bytes:
    """AES-256-CBC, zero IV, no padding: how R6 wraps the file key in /UE and /OE."""
    enc = Cipher(algorithms.AES(key), modes.CBC(bytes(16))).encryptor()
    return enc.update(data) + enc.finalize()


@dataclass(frozen=True)
class SecurityHandler:
    """The file key and the encryption dictionary's password entries for one bundle."""

    file_key: bytes = field(repr=False)
    entries: dict[str, bytes] = field(repr=False)

    @classmethod
    def create(cls, password: str, file_key: bytes | None = None) -> SecurityHandler:
        """Algorithms 8, 9 and 10 of ISO 32000-2 with fresh salts."""
        key = file_key or secrets.token_bytes(32)
        pw = password.encode()[:127]
        salts = secrets.token_bytes(32)
        u_valid, u_key, o_valid, o_key = (salts[i : i + 8] for i in range(0, 32, 8))
        u = hash_2b(pw, u_valid, b"") + u_valid + u_key
        ue = _wrap(hash_2b(pw, u_key, b""), key)
        o = hash_2b(pw, o_valid, u) + o_valid + o_key
        oe = _wrap(hash_2b(pw, o_key, u), key)
        perms = (PERMISSIONS & 0xFFFFFFFF).to_bytes(4, "little") + b"\xff\xff\xff\xff"
        perms += b"Tadb" + secrets.token_bytes(4)
        ecb = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # noqa: S305 - the spec's choice
        return cls(key, {"/O": o, "/U": u, "/OE": oe, "/UE": ue,
                         "/Perms": ecb.update(perms) + ecb.finalize()})

    def encrypt(self, data: bytes) -> bytes:
        """IV + AES-256-CBC(PKCS#7(data)) for one string or stream."""
        return b"".join(self.encrypt_parts(data))

    def encrypt_parts(self, data: bytes) -> list[bytes | memoryview]:
        """``encrypt`` in pieces: the IV, then the ciphertext encrypted straight into one buffer.

        ``update_into`` saves the copy ``update`` makes of every stream (a 300 MB
        bundle is mostly image streams), and the pieces are not joined either.
        """
        iv = secrets.token_bytes(16)
        pad = 16 - len(data) % 16
        enc = Cipher(algorithms.AES(self.file_key), modes.CBC(iv)).encryptor()
        out = bytearray(len(data) + 32)  # update_into wants a block of slack past the output
        n = enc.update_into(data, out)
        n += enc.update_into(bytes([pad]) * pad, memoryview(out)[n:])
        enc.finalize()  # nothing left: the padding completed the last block
        return [iv, memoryview(out)[:n]]
