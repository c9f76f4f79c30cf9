"""A digest of what a document's pages show, stable across qpdf rewrites and encryption.

A PDF bundle cannot carry the sanitised copy's bytes (its pages are merged), so
the manifest pins the pages instead: decoded content streams plus each image
XObject's data (generalized filters removed, so a flate re-encode does not
matter; DCT data is compared as is). Swapping or editing a page changes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any


def _stream_bytes(stream: Any) -> bytes:
    import pikepdf

    try:
        return bytes(stream.read_bytes(pikepdf.StreamDecodeLevel.generalized))
    except pikepdf.PdfError:
        return bytes(stream.read_raw_bytes())


def pages_digest(pages: Iterable[Any]) -> str:
    import pikepdf

    digest = hashlib.sha256()
    for page in pages:
        obj = page.obj
        digest.update(b"\x00page")
        contents = obj.get("/Contents")
        streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        for stream in streams:
            if isinstance(stream, pikepdf.Stream):
                data = _stream_bytes(stream)
                digest.update(len(data).to_bytes(8, "big") + data)
        resources = obj.get("/Resources")
        xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
        if isinstance(xobjects, pikepdf.Dictionary):
            for name in sorted(xobjects.keys()):
                xobj = xobjects[name]
                if isinstance(xobj, pikepdf.Stream):
                    data = _stream_bytes(xobj)
                    digest.update(name.encode() + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()
