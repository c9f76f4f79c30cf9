"""Copy the pages of an in-memory PDF (a sanitised document, the fpdf2 cover) into the writer.

Everything reachable from the pages (bar their ``/Parent``) becomes model
objects with fresh numbers. What does not lead back to a page (images, fonts,
resources, content) is written at once, so stream data leaves memory document
by document; the pages and what points at them (annotations with ``/P``,
link destinations) are small and wait until the page tree's number is known. Inherited page attributes are
pushed down onto each page first (and an empty ``/Resources`` added, as qpdf
does on reading), so the page digest and graph taken here are the ones
``verify_export`` computes on the bundle.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pikepdf

from vault.export.pagehash import pages_digest
from vault.export.pdfobj import Name, PdfString, Real, Ref, Stream

_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")


@dataclass
class Copied:
    """One document's pages: ``early`` to write now, ``later`` once the page tree exists."""

    pages: list[Ref]
    early: list[Ref]
    later: list[Ref]
    digest: str


def _push_inherited(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        obj = page.obj
        for key in _INHERITED:
            if key in obj:
                continue
            node = obj.get("/Parent")
            for _ in range(64):  # a page tree deeper than this is not one we wrote or sanitised
                if not isinstance(node, pikepdf.Dictionary):
                    break
                if key in node:
                    obj[key] = node[key]
                    break
                node = node.get("/Parent")
        if "/Resources" not in obj:  # qpdf adds an empty one when reading: so must we
            obj.Resources = pikepdf.Dictionary()


class _Copier:
    def __init__(self) -> None:
        self.refs: dict[tuple[int, int], Ref] = {}
        self.order: list[Ref] = []
        self._todo: list[tuple[Any, Ref]] = []

    def ref(self, obj: Any) -> Ref:
        key = obj.objgen
        if key not in self.refs:
            self.refs[key] = Ref(None)
            self.order.append(self.refs[key])
            self._todo.append((obj, self.refs[key]))
        return self.refs[key]

    def run(self) -> None:
        while self._todo:
            obj, ref = self._todo.pop()
            if isinstance(obj, pikepdf.Stream):
                meta = self._direct(obj.stream_dict, skip={"/Length"})
                ref.value = Stream(meta, bytes(obj.read_raw_bytes()))
            else:
                page = isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Page"
                ref.value = self._direct(obj, skip={"/Parent"} if page else set())

    def value(self, obj: Any) -> Any:
        if isinstance(obj, pikepdf.Object) and obj.is_indirect:
            return self.ref(obj)
        return self._direct(obj, set())

    def _direct(self, obj: Any, skip: set[str]) -> Any:
        if obj is None or isinstance(obj, bool | int):
            return obj
        if isinstance(obj, Decimal):
            return Real(format(obj, "f"))
        if isinstance(obj, pikepdf.Name):
            return Name.parsed(str(obj), bytes(obj.unparse()))
        if isinstance(obj, pikepdf.String):
            return PdfString(bytes(obj))
        if isinstance(obj, pikepdf.Array):
            return [self.value(v) for v in obj]
        if isinstance(obj, pikepdf.Dictionary):
            return {str(k): self.value(obj[k]) for k in obj.keys() if k not in skip}
        raise ValueError(f"unexpected PDF object {type(obj).__name__}")


def _refs(value: Any) -> list[Ref]:
    if isinstance(value, Ref):
        return [value]
    if isinstance(value, Stream):
        return _refs(value.dict)
    if isinstance(value, dict):
        return [r for v in value.values() for r in _refs(v)]
    if isinstance(value, list):
        return [r for v in value for r in _refs(v)]
    return []


def copy_pages(data: bytes) -> Copied:
    """Model copies of every page of ``data`` (an unencrypted PDF) and all they reach."""
    import io

    with pikepdf.open(io.BytesIO(data)) as pdf:
        _push_inherited(pdf)
        digest = pages_digest(pdf.pages)
        copier = _Copier()
        pages = [copier.ref(page.obj) for page in pdf.pages]
        copier.run()
    pointed_from: dict[int, list[Ref]] = {}
    for ref in copier.order:
        for target in _refs(ref.value):
            pointed_from.setdefault(id(target), []).append(ref)
    later = {id(r) for r in pages}
    todo = list(pages)
    while todo:  # whatever leads to a page waits with it: pages need the tree's number
        for ref in pointed_from.get(id(todo.pop()), []):
            if id(ref) not in later:
                later.add(id(ref))
                todo.append(ref)
    return Copied(
        pages=pages,
        early=[r for r in copier.order if id(r) not in later],
        later=[r for r in copier.order if id(r) in later],
        digest=digest,
    )
