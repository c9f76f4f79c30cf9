"""The bundle's small objects around the pages: page tree, bookmarks, attachments, catalog.

Built once every page is known; all of it is written after the pages, so the
catalog can point at everything. The two signed files are placeholders until
the graph digest (which leaves out their data and ``/Params``) is signed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vault.export.pdfobj import Name, PdfString, Ref, Stream

_MASKED = b"\x00masked"  # stands for a hash the graph digest never reads


def embedded_file(data: bytes, *, signed: bool = False) -> Ref:
    """An /EmbeddedFile stream; its data never enters the graph digest (see ``graphhash``)."""
    ref = Ref(Stream({"/Type": Name("/EmbeddedFile"), "/Params": {"/Size": len(data)}},
                     data, _MASKED))
    ref.masked = {"data", "/Params"} if signed else {"data"}
    return ref


def fill(ref: Ref, data: bytes) -> None:
    """Put the signed bytes into a placeholder made by ``embedded_file(..., signed=True)``."""
    stream = ref.value
    assert isinstance(stream, Stream)
    stream.data = data
    stream.dict["/Params"] = {"/Size": len(data)}


def file_spec(name: str, stream: Ref) -> Ref:
    text = PdfString.text(name)
    return Ref({"/Type": Name("/Filespec"), "/F": text, "/UF": text,
                "/EF": {"/F": stream, "/UF": stream}, "/AFRelationship": Name("/Source")})


@dataclass
class Structure:
    """The objects to write last (``refs``) and the catalog among them (``root``)."""

    root: Ref
    refs: list[Ref]


def build(pages: Sequence[Ref], bookmarks: Sequence[tuple[str, int]],
          attachments: Sequence[tuple[str, Ref]]) -> Structure:
    """Page tree over ``pages`` (their /Parent is set here), outline, name tree, catalog.

    ``bookmarks`` are (title, 0-based page index); ``attachments`` (name, file spec).
    """
    tree = Ref(None)
    tree.value = {"/Type": Name("/Pages"), "/Kids": list(pages), "/Count": len(pages)}
    for page in pages:
        page.value["/Parent"] = tree
    outline = Ref(None)
    items = [Ref({"/Title": PdfString.text(title), "/Parent": outline,
                  "/Dest": [pages[index], Name("/Fit")]}) for title, index in bookmarks]
    for before, after in zip(items, items[1:], strict=False):
        before.value["/Next"] = after
        after.value["/Prev"] = before
    outline.value = {"/Type": Name("/Outlines"), "/Count": len(items)}
    if items:
        outline.value.update({"/First": items[0], "/Last": items[-1]})
    names: list[object] = []
    for name, spec in sorted(attachments, key=lambda pair: pair[0].encode()):
        names += [PdfString.text(name), spec]
    root = Ref({
        "/Type": Name("/Catalog"), "/Pages": tree, "/Outlines": outline,
        "/Names": {"/EmbeddedFiles": {"/Names": names}},
        "/PageMode": Name("/UseOutlines"),
        "/Extensions": {"/ADBE": {"/BaseVersion": Name("/1.7"), "/ExtensionLevel": 8}},
    })
    return Structure(root, [root, tree, outline, *items])
