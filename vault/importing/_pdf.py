"""PDF structure checks (pikepdf/qpdf) and text-layer extraction (pdfium).

Both libraries parse lazily from the stream: qpdf reads the cross-reference
table and the page tree, never stream data. pdfium, however, reads (and caches
for the life of the document) every stream a page touches, images included, so
text is extracted in batches whose stream bytes stay under
``Limits.max_text_stream_bytes``, reopening the document between batches.
Every walk over attacker-controlled structure is bounded by ``Limits``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO, Any, BinaryIO, cast

import pikepdf

from vault.errors import ImportRejected
from vault.importing import reasons
from vault.importing._pdfium import PDFIUM_LOCK
from vault.importing.limits import Limits

_RESOURCE_DEPTH = 4  # Form XObjects nested in Form XObjects, as far as we cost them


@dataclass(frozen=True)
class PdfFacts:
    page_count: int
    text: str
    has_text_layer: bool
    warnings: tuple[str, ...]


def open_pdf(fp: IO[bytes]) -> pikepdf.Pdf:
    """Open without a password; qpdf repairs what it can (warnings are kept on the Pdf)."""
    try:
        # inherit_page_attributes=False: otherwise qpdf flattens the page tree at
        # open, before our bounded walk has sized it.
        return pikepdf.open(
            cast(BinaryIO, fp), suppress_warnings=True, attempt_recovery=True, inherit_page_attributes=False
        )
    except pikepdf.PasswordError as exc:
        raise ImportRejected(reasons.ENCRYPTED_PDF) from exc
    except Exception as exc:  # qpdf on hostile bytes: any failure is a rejection
        raise ImportRejected(reasons.CORRUPT_PDF) from exc


def inspect_pdf(fp: IO[bytes], limits: Limits) -> PdfFacts:
    warnings: list[str] = []
    with open_pdf(fp) as pdf:
        page_count = checked_page_count(pdf, limits)
        costs = [_page_cost(page.obj) for page in pdf.pages[: limits.max_text_pages]]
        if pdf.get_warnings():
            warnings.append("PDF was damaged; qpdf repaired its structure")
    source = _for_pdfium(fp)
    pdfium_pages = _pdfium_page_count(source)
    if pdfium_pages is None:
        # qpdf salvaged something, but pdfium (the engine behind previews and the
        # lawyer export) cannot open it: the user is better served by a good copy.
        raise ImportRejected(reasons.UNDISPLAYABLE_PDF)
    if pdfium_pages != page_count:
        warnings.append(f"preview engine sees {pdfium_pages} pages")
    text, complete = _extract_text(source, costs[:pdfium_pages], limits)
    if not complete or page_count > len(costs):
        warnings.append("text layer only partly extracted (limit reached)")
    return PdfFacts(page_count, text, bool(text.strip()), tuple(warnings))


def checked_page_count(pdf: pikepdf.Pdf, limits: Limits) -> int:
    """qpdf's page count, after the object count and a bounded page-tree walk passed."""
    try:
        size = int(pdf.trailer.get("/Size", 0))
    except Exception:
        size = 0
    if size > limits.max_pdf_objects:
        raise ImportRejected(reasons.pdf_too_complex(f"{size} objects, limit {limits.max_pdf_objects}"))
    try:
        if _count_page_leaves(pdf, limits) == 0:
            raise ImportRejected(reasons.NO_PAGES)
        count = len(pdf.pages)  # qpdf's view, now known to be a small, loop-free tree
    except ImportRejected:
        raise
    except Exception as exc:
        raise ImportRejected(reasons.NO_PAGES) from exc
    if count == 0:
        raise ImportRejected(reasons.NO_PAGES)
    if count > limits.max_pages:
        raise ImportRejected(reasons.too_many_pages(limits.max_pages))
    return count


def _count_page_leaves(pdf: pikepdf.Pdf, limits: Limits) -> int:
    """Walk /Pages depth-first with a visited set, a depth cap and a page cap.

    qpdf's own flattening detects loops but is unbounded in size; this walk runs
    first so that flattening only ever sees a tree we have sized.
    """
    root = pdf.Root.get("/Pages")
    if not isinstance(root, pikepdf.Dictionary):
        raise ImportRejected(reasons.NO_PAGES)
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[pikepdf.Dictionary, int]] = [(root, 0)]
    leaves = 0
    while stack:
        node, depth = stack.pop()
        if depth > limits.max_page_tree_depth:
            raise ImportRejected(reasons.pdf_too_complex("page tree too deep"))
        objgen = node.objgen
        if objgen != (0, 0):
            if objgen in seen:
                raise ImportRejected(reasons.PAGE_TREE_LOOP)
            seen.add(objgen)
        kids = node.get("/Kids")
        if isinstance(kids, pikepdf.Array) and node.get("/Type") != pikepdf.Name.Page:
            if len(kids) > limits.max_pages:
                raise ImportRejected(reasons.too_many_pages(limits.max_pages))
            stack.extend((kid, depth + 1) for kid in kids if isinstance(kid, pikepdf.Dictionary))
        else:
            leaves += 1
            if leaves > limits.max_pages:
                raise ImportRejected(reasons.too_many_pages(limits.max_pages))
    return leaves


def _stream_length(obj: Any) -> int:
    try:
        return max(0, int(obj.stream_dict.get("/Length", 0)))
    except Exception:
        return 0


def _page_cost(page: pikepdf.Dictionary) -> int:
    """Bytes of streams pdfium will load to read this page's text (from /Length, no data read)."""
    try:
        cost = 0
        contents = page.get("/Contents")
        for item in contents if isinstance(contents, pikepdf.Array) else [contents]:
            if isinstance(item, pikepdf.Stream):
                cost += _stream_length(item)
        seen: set[tuple[int, int]] = set()
        frontier = [_resources(page)]
        for _ in range(_RESOURCE_DEPTH):
            following = []
            for resources in frontier:
                xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
                if not isinstance(xobjects, pikepdf.Dictionary):
                    continue
                for key in list(xobjects.keys())[:1000]:
                    xobj = xobjects.get(key)
                    if not isinstance(xobj, pikepdf.Stream) or xobj.objgen in seen:
                        continue
                    seen.add(xobj.objgen)
                    cost += _stream_length(xobj)
                    following.append(xobj.stream_dict.get("/Resources"))
            frontier = following
        return cost
    except Exception:
        return 0


def _resources(page: pikepdf.Dictionary) -> Any:
    node: Any = page
    for _ in range(64):  # /Resources may be inherited from a /Pages ancestor
        if not isinstance(node, pikepdf.Dictionary):
            return None
        if "/Resources" in node:
            return node.get("/Resources")
        node = node.get("/Parent")
    return None


def _for_pdfium(fp: IO[bytes]) -> IO[bytes] | bytes:
    """The bytes themselves when the file is already in memory: pdfium then reads its buffer
    directly, instead of calling back into Python (holding the GIL) for every block."""
    if isinstance(fp, io.BytesIO):
        return fp.getvalue()  # the BytesIO's own bytes object, not a copy, when unmodified
    return fp


def _open_pdfium(source: IO[bytes] | bytes) -> Any:
    import pypdfium2  # type: ignore[import-untyped]

    if not isinstance(source, bytes):
        source.seek(0)
    return pypdfium2.PdfDocument(source)


def _pdfium_page_count(source: IO[bytes] | bytes) -> int | None:
    with PDFIUM_LOCK:
        try:
            doc = _open_pdfium(source)
        except Exception:
            return None
        try:
            return len(doc)
        finally:
            doc.close()


def _extract_text(source: IO[bytes] | bytes, costs: list[int], limits: Limits) -> tuple[str, bool]:
    """Return (text, complete); pages joined with form feeds so callers can split them."""
    parts: list[str] = []
    total = 0
    complete = True
    index = 0
    with PDFIUM_LOCK:
        while index < len(costs):
            doc = _open_pdfium(source)
            budget = limits.max_text_stream_bytes
            try:
                while index < len(costs) and (costs[index] <= budget or costs[index] > limits.max_text_stream_bytes):
                    if costs[index] > limits.max_text_stream_bytes:
                        parts.append("")  # too heavy for pdfium's cache: skipped, not read
                        complete = False
                    else:
                        budget -= costs[index]
                        text = _page_text(doc, index)
                        if total + len(text) > limits.max_text_chars:
                            parts.append(text[: limits.max_text_chars - total])
                            return "\f".join(parts), False
                        parts.append(text)
                        total += len(text)
                    index += 1
            finally:
                doc.close()
    return "\f".join(parts), complete


def _page_text(doc: Any, index: int) -> str:
    try:
        page = doc[index]
    except Exception:
        return ""
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
        finally:
            textpage.close()
    except Exception:
        text = ""
    finally:
        page.close()
    return str(text).replace("\r\n", "\n").replace("\x00", "")
