"""The bytes of a PDF bundle outside its object graph: layout, trailer and encryption.

``graphhash`` pins every object reachable from the catalog; what remains is
how qpdf laid the file out (header, ``N 0 obj`` / ``endobj`` lines, the xref
table, ``%%EOF``), the trailer and the encryption dictionary. qpdf reads many
variations of those silently (a line feed turned vertical tab, an xref offset
one byte off, a damaged free entry, a changed ``/ID`` or owner hash), so the
bundle is held to exactly the layout qpdf writes (which ``pdfwriter`` writes
too, so bundles from either verify), and the rest is checked:

* ``/ID`` is ``[first 16 bytes of the graph digest, qpdf's static second ID]``
  (R6 encryption does not use ``/ID``, and a clock-derived second element
  could not be checked);
* the encryption dictionary is the one the export writes (AES-256, R6), and
  both its password hashes and both wrapped file keys check out against the
  password. The owner password equals the user password: PDF permissions are
  advisory (anyone with the password can re-save without them), and a random,
  discarded owner password would leave ``/O`` and ``/OE`` uncheckable.

Each function raises ``ValueError`` naming the first difference; the caller
turns it into one opaque IntegrityError.
"""

from __future__ import annotations

import hashlib
import mmap
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

HEADER = b"%PDF-1.7\n%\xbf\xf7\xa2\xfe\n"
QPDF_STATIC_ID = bytes.fromhex("31415926535897932384626433832795")
_TAIL = re.compile(rb"\ntrailer << [^\n]* >>\nstartxref\n([0-9]+)\n%%EOF\n\Z")
_ENTRY = re.compile(rb"([0-9]{10}) 00000 n \n")
_FREE = b"0000000000 65535 f \n"
_STREAM_START = b" >>\nstream\n"
_STREAM_END = b"\nendstream\nendobj\n"
_END = b"\nendobj\n"
ENCRYPT = {
    "/CF": {"/StdCF": {"/AuthEvent": "/DocOpen", "/CFM": "/AESV3", "/Length": 32}},
    "/Filter": "/Standard", "/Length": 256, "/P": -1028, "/R": 6,
    "/StmF": "/StdCF", "/StrF": "/StdCF", "/V": 5,
}
_HASHES = {"/O": 48, "/U": 48, "/OE": 32, "/UE": 32, "/Perms": 16}


def bundle_id(graph_sha256: str) -> bytes:
    """The first /ID element the export writes for a graph digest."""
    return bytes.fromhex(graph_sha256)[:16]


def check_layout(path: Path, stream_lengths: Mapping[int, int]) -> None:
    """The file is laid out exactly as qpdf writes it (no object streams, one xref table).

    ``stream_lengths`` maps each stream's object number to its /Length. The
    file is mapped, not read: only object boundaries are touched.
    """
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        _check_layout(data, stream_lengths)


def _check_layout(data: Any, stream_lengths: Mapping[int, int]) -> None:
    if data[: len(HEADER)] != HEADER:
        raise ValueError("header")
    window = max(0, len(data) - 4096)
    tail = _TAIL.search(data[window:])
    if tail is None:
        raise ValueError("trailer")
    at = int(tail[1])
    head = re.compile(rb"xref\n0 ([0-9]+)\n").match(data, at)
    if head is None:
        raise ValueError("xref")
    count, pos = int(head[1]), head.end()
    if data[pos : pos + 20] != _FREE or pos + 20 * count != window + tail.start() + 1:
        raise ValueError("xref")
    offsets = []
    for num in range(1, count):
        entry = _ENTRY.fullmatch(data, pos + 20 * num, pos + 20 * num + 20)
        if entry is None:
            raise ValueError("xref entry")
        offsets.append(int(entry[1]))
    if not offsets or offsets[0] != len(HEADER):
        raise ValueError("objects")
    for num, (start, end) in enumerate(zip(offsets, [*offsets[1:], at], strict=True), start=1):
        first = b"%d 0 obj\n" % num
        if data[start : start + len(first)] != first:
            raise ValueError(f"object {num}")
        if num in stream_lengths:
            dict_end = end - len(_STREAM_END) - stream_lengths[num]
            if data[dict_end - len(_STREAM_START) : dict_end] != _STREAM_START \
                    or data[end - len(_STREAM_END) : end] != _STREAM_END \
                    or data[start:dict_end].count(b"\n") != 3:
                raise ValueError(f"stream {num}")
        elif data[end - len(_END) : end] != _END or data[start:end].count(b"\n") != 3:
            raise ValueError(f"object {num}")


def check_trailer(pdf: Any, graph_sha256: str, password: str) -> None:
    """Trailer keys, /ID and the encryption dictionary, as the export writes them."""
    import pikepdf

    trailer = pdf.trailer
    if set(trailer.keys()) != {"/Root", "/Size", "/ID", "/Encrypt"}:
        raise ValueError("trailer keys")
    if trailer.Size != len(pdf.objects) + 1:
        raise ValueError("/Size")
    ids = [bytes(x) for x in trailer.ID]
    if ids != [bundle_id(graph_sha256), QPDF_STATIC_ID]:
        raise ValueError("/ID")
    enc = trailer.Encrypt
    if set(enc.keys()) != set(ENCRYPT) | set(_HASHES):
        raise ValueError("encryption keys")
    for key, expected in ENCRYPT.items():
        if _plain(enc[key]) != expected:
            raise ValueError(f"encryption {key}")
    values = {key: bytes(enc[key]) for key in _HASHES}
    if any(len(values[key]) != size for key, size in _HASHES.items()):
        raise ValueError("encryption hash length")
    file_key = pdf.encryption.encryption_key
    if not isinstance(file_key, bytes) or not isinstance(enc, pikepdf.Dictionary):
        raise ValueError("encryption")
    # qpdf checked /U and /O against the password, took the file key from /OE
    # (owner matched) and checked /Perms with it; /UE is left, checked here.
    if not (pdf.user_password_matched and pdf.owner_password_matched):
        raise ValueError("password hashes")
    user_key = hash_2b(password.encode()[:127], values["/U"][40:48], b"")
    if _unwrap(user_key, values["/UE"]) != file_key:
        raise ValueError("/UE")


def _plain(value: Any) -> Any:
    import pikepdf

    if isinstance(value, pikepdf.Dictionary):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, pikepdf.Name):
        return str(value)
    return value


def hash_2b(password: bytes, salt: bytes, udata: bytes) -> bytes:
    """ISO 32000-2 algorithm 2.B (the R6 password hash)."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    k = hashlib.sha256(password + salt + udata).digest()
    rounds = 0
    while True:
        enc = Cipher(algorithms.AES(k[:16]), modes.CBC(k[16:32])).encryptor()
        e = enc.update((password + k + udata) * 64) + enc.finalize()
        k = (hashlib.sha256, hashlib.sha384, hashlib.sha512)[sum(e[:16]) % 3](e).digest()
        rounds += 1
        if rounds >= 64 and e[-1] <= rounds - 32:
            return k[:32]


def _unwrap(key: bytes, wrapped: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    dec = Cipher(algorithms.AES(key), modes.CBC(bytes(16))).decryptor()
    return dec.update(wrapped) + dec.finalize()
