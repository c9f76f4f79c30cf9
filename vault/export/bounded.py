"""Decoding PDF streams with bounded memory: a bundle handed to ``verify-export`` is hostile.

An inflate bomb (a few KB of Flate data that decodes to gigabytes) would make
``read_bytes`` allocate it all. Here Flate data is decoded in 1 MiB pieces that
are hashed and dropped, with a cap on the total, so memory stays flat whatever
the stream claims. Only the filters our writer uses are decoded this way;
``verify-export`` refuses any other filter before it decodes anything.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator
from typing import Any

MAX_DECODED = 400 << 20  # images: the import ceiling (100 Mpx RGB) with headroom
MAX_ATTACHED = (2 << 30) + (1 << 20)  # attached originals: the import's file ceiling
MAX_OTHER = 32 << 20  # page contents, fonts: qpdf parses these whole, in memory
PIECE = 1 << 20
PLAIN, FLATE, DCT = "", "/FlateDecode", "/DCTDecode"
ALLOWED = {(PLAIN,), (FLATE,), (DCT,)}


def filters(stream: Any) -> tuple[str, ...]:
    """The stream's filter chain as names; ``("",)`` for none."""
    import pikepdf

    value = stream.get("/Filter")
    if value is None:
        return (PLAIN,)
    items = list(value) if isinstance(value, pikepdf.Array) else [value]
    return tuple(str(v) for v in items)


def bounded(stream: Any) -> bool:
    """True when this module decodes the stream itself (no parameters, a known filter)."""
    return filters(stream) in ALLOWED and "/DecodeParms" not in stream


def pieces(stream: Any, cap: int = MAX_DECODED) -> Iterator[bytes]:
    """The decoded data (as ``StreamDecodeLevel.generalized`` gives it) in pieces.

    Raises ValueError when the data does not decode or decodes to more than ``cap``.
    """
    raw = bytes(stream.read_raw_bytes())  # decrypted, still compressed: bounded by the file
    if filters(stream) != (FLATE,):
        yield raw  # unfiltered, or DCT (kept encoded at the generalized level)
        return
    inflater = zlib.decompressobj()
    total = 0
    data = memoryview(raw)
    while data or inflater.unconsumed_tail:
        source = inflater.unconsumed_tail or data[:PIECE]
        if not inflater.unconsumed_tail:
            data = data[PIECE:]
        try:
            out = inflater.decompress(source, PIECE)
        except zlib.error:
            raise ValueError("a stream does not decode") from None
        total += len(out)
        if total > cap:
            raise ValueError("a stream decompresses beyond the size limit")
        if out:
            yield out
        if inflater.eof:
            break


def decoded_sha(stream: Any) -> bytes:
    """SHA-256 of the decoded data without holding it in memory."""
    digest = hashlib.sha256()
    for piece in pieces(stream, cap_for(stream)):
        digest.update(piece)
    return digest.digest()


def cap_for(stream: Any) -> int:
    """How far a stream of this kind may decode. Our decoding stays flat whatever the
    cap; the small cap is for what qpdf itself later holds whole (page contents)."""
    if stream.get("/Type") == "/EmbeddedFile":
        return MAX_ATTACHED
    if stream.get("/Subtype") == "/Image":
        return MAX_DECODED
    return MAX_OTHER


def check_decodes(stream: Any) -> None:
    """Decode and drop; ValueError for an unknown filter, bad data or a bomb."""
    if not bounded(stream):
        raise ValueError("a stream uses a filter this bundle format never writes")
    for _piece in pieces(stream, cap_for(stream)):
        pass
