"""A digest of a PDF bundle's whole object graph, independent of how qpdf serialises it.

Page digests pin what the documents' pages show; this pins everything else a
reader may act on: the cover's fonts and resources, page trees, bookmarks,
annotations, attachment specifications. It is computed at export time on the
graph about to be saved, signed in the manifest (``graph_sha256``), and
recomputed by ``verify_export``.

Canonical form, from the document catalog (``/Root``) only:

* Dictionaries are emitted with their keys sorted, arrays in order, scalars
  typed and length-prefixed, so no two graphs share an encoding.
* An indirect object is emitted in full on first visit, numbered by visit
  order; any later reference (shared resources, or cycles through ``/Parent``,
  ``/Prev``, ``/Next``, ``/First``, ``/Last``, ``/P``) is a back-reference to that
  number. Object numbers, generations, object streams and xref layout never
  enter the digest, so a qpdf rewrite does not change it.
* A stream is its dictionary without ``/Length`` (serialisation detail; a
  wrong ``/Length`` is a qpdf warning, which verification already rejects)
  plus the SHA-256 of its raw (still filtered) data after decryption. The
  export computes the same digest on its own object model
  (``pdfobj.canonical_digest``) before writing; every bundle the tests write
  must verify, which pins the two to each other.

Deliberately left out, each checked another way:

* the trailer (``/ID``, ``/Encrypt``, ``/Size``) and the file layout:
  ``envelope`` holds them to exactly what the export writes; the bundle has
  no ``/Info`` (the export drops it, and a trailer with more keys is refused);
* the data of embedded files (``/EF`` streams in the ``/EmbeddedFiles`` name
  tree): ``manifest.json`` is checked by its signature, ``manifest.sig`` by
  verifying it, originals by their SHA-256 in the manifest. Their file
  specifications and stream dictionaries *are* in the digest, except the
  ``/Params`` of the two signed files (their ``/Size`` is only known after
  signing; ``verify`` requires it to equal the data length).

The catalog's ``/Extensions`` (what qpdf writes for R6) is set by the export
before hashing, so it is covered. Note that qpdf's syntax check rewrites it
in memory: hash before calling ``check_pdf_syntax``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterator
from decimal import Decimal
from typing import Any

from vault.export.manifest import MANIFEST_NAME, SIGNATURE_NAME

SIGNED_FILES = frozenset({MANIFEST_NAME, SIGNATURE_NAME})
_VERSION = b"spravka-graph-1\x00"


def _blob(tag: bytes, data: bytes) -> bytes:
    return tag + len(data).to_bytes(8, "big") + data


class _Canon:
    """Iterative pre-order walk (bookmark chains are too long for recursion)."""

    def __init__(self, check: Callable[[], None] | None) -> None:
        self.digest = hashlib.sha256(_VERSION)
        self.seen: dict[tuple[int, int], int] = {}
        self.data_masked: set[tuple[int, int]] = set()
        self.params_masked: set[tuple[int, int]] = set()
        self.check = check

    def run(self, root: Any) -> str:
        import pikepdf

        names = root.get("/Names")
        if isinstance(names, pikepdf.Dictionary):
            self._mark_embedded(names.get("/EmbeddedFiles"))
        stack: list[Any] = [root]
        while stack:
            item = stack.pop()
            if isinstance(item, bytes):
                self.digest.update(item)
                continue
            if isinstance(item, pikepdf.Object) and item.is_indirect:
                key = item.objgen
                if key in self.seen:
                    self.digest.update(b"R" + self.seen[key].to_bytes(8, "big"))
                    continue
                self.seen[key] = len(self.seen)
                self.digest.update(b"O")
            stack.extend(reversed(list(self._children(item))))
        return self.digest.hexdigest()

    def _children(self, obj: Any) -> Iterator[Any]:
        import pikepdf

        if obj is None:
            yield b"z"
        elif isinstance(obj, bool):
            yield b"b1" if obj else b"b0"
        elif isinstance(obj, int):
            yield _blob(b"i", str(obj).encode())
        elif isinstance(obj, Decimal):
            yield _blob(b"f", str(obj).encode())
        elif isinstance(obj, pikepdf.Name):
            yield _blob(b"n", obj.unparse())
        elif isinstance(obj, pikepdf.String):
            yield _blob(b"s", bytes(obj))
        elif isinstance(obj, pikepdf.Array):
            yield b"a" + len(obj).to_bytes(8, "big")
            for value in obj:
                yield value
        elif isinstance(obj, pikepdf.Stream):
            yield from self._stream(obj)
        elif isinstance(obj, pikepdf.Dictionary):
            yield from self._dictionary(obj, ())
        else:  # operators and inline images cannot appear in a parsed object graph
            raise ValueError(f"unexpected PDF object {type(obj).__name__}")

    def _dictionary(self, obj: Any, skip: Collection[str]) -> Iterator[Any]:
        keys = sorted((k for k in obj.keys() if k not in skip), key=str.encode)
        yield b"d" + len(keys).to_bytes(8, "big")
        for key in keys:
            yield _blob(b"k", key.encode())
            yield obj[key]

    def _stream(self, obj: Any) -> Iterator[Any]:
        if self.check is not None:
            self.check()
        skip = {"/Length"}
        if obj.objgen in self.params_masked:
            skip.add("/Params")
        yield from self._dictionary(obj.stream_dict, skip)
        if obj.objgen in self.data_masked:
            yield b"m"
        else:
            yield _blob(b"S", hashlib.sha256(obj.read_raw_bytes()).digest())

    def _mark_embedded(self, tree: Any) -> None:
        """Mask the data of files attached through a flat /Names array (as the export writes)."""
        import pikepdf

        if not isinstance(tree, pikepdf.Dictionary):
            return
        names = tree.get("/Names")
        if not isinstance(names, pikepdf.Array):
            return
        for i in range(0, len(names) - 1, 2):
            name, spec = names[i], names[i + 1]
            files = spec.get("/EF") if isinstance(spec, pikepdf.Dictionary) else None
            if not isinstance(files, pikepdf.Dictionary):
                continue
            for stream in files.values():
                if isinstance(stream, pikepdf.Stream):
                    self.data_masked.add(stream.objgen)
                    if isinstance(name, pikepdf.String) and str(name) in SIGNED_FILES:
                        self.params_masked.add(stream.objgen)


def graph_digest(pdf: Any, check: Callable[[], None] | None = None) -> str:
    """Hex SHA-256 of the canonical object graph under ``pdf.Root`` (see module docs).

    ``check`` is called before each stream is read (cancellation). Raises
    ``pikepdf.PdfError`` for undecryptable data, ``ValueError`` for objects a
    parsed graph cannot hold.
    """
    return _Canon(check).run(pdf.Root)
