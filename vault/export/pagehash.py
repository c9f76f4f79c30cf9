"""A digest of what a document's pages show, stable across qpdf rewrites and encryption.

A PDF bundle cannot carry the sanitised copy's bytes (its pages are merged), so
the manifest pins the pages instead: decoded content streams plus each image
XObject's data (generalized filters removed, so a flate re-encode does not
matter; DCT data is compared as is). Swapping or editing a page changes it.

Each stream enters as its own SHA-256, so the export can reuse the hash it
already took of a page's JPEG for the manifest instead of hashing it twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any


def _stream_bytes(stream: Any) -> bytes:
    import pikepdf

    try:
        return bytes(stream.read_bytes(pikepdf.StreamDecodeLevel.generalized))
    except pikepdf.PdfError:
        return bytes(stream.read_raw_bytes())


def _sha(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _stream_sha(stream: Any) -> bytes:
    """Plain, Flate and DCT streams are hashed in bounded pieces (no inflate bomb fills
    memory); anything else, or data that does not decode, the way qpdf reads it."""
    from vault.export.bounded import bounded, decoded_sha

    if bounded(stream):
        try:
            return decoded_sha(stream)
        except ValueError:
            pass
    return _sha(_stream_bytes(stream))


def page_record(contents: Sequence[bytes], xobjects: Sequence[tuple[str, bytes]]) -> bytes:
    """One page's share of the digest from SHA-256 digests: content streams, then named XObjects."""
    parts = [b"\x00page", *contents]
    parts += [name.encode() + b"\x00" + sha for name, sha in sorted(xobjects)]
    return b"".join(parts)


def pages_digest(pages: Iterable[Any]) -> str:
    """Hex digest over the pages of an open pikepdf document."""
    import pikepdf

    digest = hashlib.sha256()
    for page in pages:
        obj = page.obj
        contents = obj.get("/Contents")
        streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        shas = [_stream_sha(s) for s in streams if isinstance(s, pikepdf.Stream)]
        resources = obj.get("/Resources")
        xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
        named: list[tuple[str, bytes]] = []
        if isinstance(xobjects, pikepdf.Dictionary):
            for name in xobjects.keys():
                xobj = xobjects[name]
                if isinstance(xobj, pikepdf.Stream):
                    named.append((str(name), _stream_sha(xobj)))
        digest.update(page_record(shas, named))
    return digest.hexdigest()


def records_digest(records: Iterable[bytes]) -> str:
    """The digest of pages whose records the caller built with ``page_record``."""
    digest = hashlib.sha256()
    for record in records:
        digest.update(record)
    return digest.hexdigest()
