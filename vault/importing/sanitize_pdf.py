"""A sanitised copy of a PDF for what leaves the vault (the lawyer export).

Removes (narrowly, in the spirit of pikepdf's ``sanitize``):

* document info (/Info) and every XMP stream (/Metadata on the catalog, pages,
  images, fonts), /PieceInfo application data, page thumbnails (/Thumb, which
  may show an older version of the page);
* /OpenAction, every additional-actions dictionary (/AA), the JavaScript name
  tree, XFA forms, and actions that run code, submit or import data, open
  other files or play media (JavaScript, Launch, SubmitForm, ImportData,
  ResetForm, GoToR, GoToE, Rendition, Movie, Sound, RichMediaExecute,
  GoTo3DView), wherever they are attached (links, outlines, form fields);
* embedded files (/EmbeddedFiles, /AF associated files, /EF file streams,
  portfolios, FileAttachment annotations) and
  active-media annotations (Screen, Movie, Sound, RichMedia, 3D);
* EXIF/GPS/XMP/IPTC/ICC segments, comments and trailing data inside JPEG
  (DCTDecode) images, losslessly (``sanitize.strip_jpeg``; the PDF's own
  /ColorSpace governs colour, so the ICC segment is not needed);
* earlier revisions (incremental updates) and the original file /ID: qpdf
  writes only the objects reachable now, with an ID derived from the content.

Deliberately keeps: page content, fonts, images' pixels, annotations that only
display (including their appearance), form field values, internal links and
plain /URI links (certificates often carry a verification URL), bookmarks,
the structure tree and digital signature dictionaries (a signature is evidence
of who issued the document; note it names the signer).

The vault's original is never changed; this returns new bytes.
"""

from __future__ import annotations

import io
from typing import IO, Any

import pikepdf

from vault.errors import ImportRejected
from vault.importing import _pdf, reasons
from vault.importing.limits import DEFAULT_LIMITS, Limits
from vault.importing.sanitize import strip_jpeg

_ACTIVE_ACTIONS = frozenset(
    "/" + name
    for name in (
        "JavaScript",
        "Launch",
        "SubmitForm",
        "ImportData",
        "ResetForm",
        "GoToR",
        "GoToE",
        "Rendition",
        "Movie",
        "Sound",
        "RichMediaExecute",
        "GoTo3DView",
    )
)
_ACTIVE_ANNOTATIONS = frozenset("/" + n for n in ("FileAttachment", "Screen", "Movie", "Sound", "RichMedia", "3D"))
_DROP_KEYS = ("/AA", "/Metadata", "/PieceInfo", "/Thumb", "/AF", "/EF")
_ACTION_KEYS = ("/A", "/Next", "/PA")
_MAX_DIRECT_DEPTH = 32


def sanitize_pdf(data: bytes | IO[bytes], limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Return a defanged, metadata-free copy of the PDF in ``data`` (bytes or a binary stream).

    Raises ``ImportRejected`` for input that ``inspect_file`` would also refuse.
    """
    fp = io.BytesIO(data) if isinstance(data, bytes | bytearray | memoryview) else data
    with _pdf.open_pdf(fp) as pdf:
        _pdf.checked_page_count(pdf, limits)
        _clean_document(pdf)
        for obj in pdf.objects:
            _clean_object(obj)
        for page in pdf.pages:
            _drop_active_annotations(page.obj)
        out = io.BytesIO()
        try:
            pdf.save(
                out,
                encryption=False,
                deterministic_id=True,
                fix_metadata_version=False,
                compress_streams=True,
                object_stream_mode=pikepdf.ObjectStreamMode.generate,
            )
        except pikepdf.PdfError as exc:  # a damaged stream qpdf cannot rewrite
            raise ImportRejected(reasons.CORRUPT_PDF) from exc
    return out.getvalue()


def _clean_document(pdf: pikepdf.Pdf) -> None:
    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]
    root = pdf.Root
    for key in ("/OpenAction", "/AA", "/Metadata", "/PieceInfo", "/Collection", "/SpiderInfo"):
        if key in root:
            del root[key]
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary):
        for key in ("/JavaScript", "/EmbeddedFiles", "/AlternatePresentations"):
            if key in names:
                del names[key]
    form = root.get("/AcroForm")
    if isinstance(form, pikepdf.Dictionary) and "/XFA" in form:
        del form["/XFA"]


def _clean_object(obj: Any) -> None:
    """Clean one indirect object and the direct dictionaries/arrays nested in it."""
    if isinstance(obj, pikepdf.Stream):
        if obj.get("/Subtype") == pikepdf.Name.Image and obj.get("/Filter") == pikepdf.Name.DCTDecode:
            _strip_jpeg(obj)
        _clean_dict(obj.stream_dict, 0)
    elif isinstance(obj, pikepdf.Dictionary):
        _clean_dict(obj, 0)
    elif isinstance(obj, pikepdf.Array):
        _clean_array(obj, 0)


def _clean_dict(d: pikepdf.Dictionary, depth: int) -> None:
    for key in _DROP_KEYS:
        if key in d:
            del d[key]
    for key in _ACTION_KEYS:
        value = d.get(key)
        if isinstance(value, pikepdf.Dictionary) and _is_active(value):
            del d[key]
        elif isinstance(value, pikepdf.Array):
            kept = [item for item in value if not (isinstance(item, pikepdf.Dictionary) and _is_active(item))]
            if len(kept) != len(value):
                d[key] = pikepdf.Array(kept)
    if _is_active(d) and "/JS" in d:
        del d["/JS"]  # an indirect JavaScript action: empty it so nothing runs
    if depth >= _MAX_DIRECT_DEPTH:
        return
    for _key, value in list(d.items()):  # items(): a key that is not valid UTF-8 breaks get()
        if _is_direct_container(value):
            _clean_child(value, depth + 1)


def _clean_array(array: pikepdf.Array, depth: int) -> None:
    if depth >= _MAX_DIRECT_DEPTH:
        return
    for item in array:
        if _is_direct_container(item):
            _clean_child(item, depth + 1)


def _clean_child(value: Any, depth: int) -> None:
    if isinstance(value, pikepdf.Dictionary):
        _clean_dict(value, depth)
    else:
        _clean_array(value, depth)


def _is_direct_container(value: Any) -> bool:
    return isinstance(value, pikepdf.Dictionary | pikepdf.Array) and not value.is_indirect


def _is_active(action: pikepdf.Dictionary) -> bool:
    kind = action.get("/S")
    return isinstance(kind, pikepdf.Name) and str(kind) in _ACTIVE_ACTIONS


def _drop_active_annotations(page: pikepdf.Dictionary) -> None:
    annots = page.get("/Annots")
    if not isinstance(annots, pikepdf.Array):
        return
    kept = [
        a for a in annots if not (isinstance(a, pikepdf.Dictionary) and str(a.get("/Subtype")) in _ACTIVE_ANNOTATIONS)
    ]
    if len(kept) != len(annots):
        page["/Annots"] = pikepdf.Array(kept)


def _strip_jpeg(stream: pikepdf.Stream) -> None:
    """Strip in place; a DCT stream that does not parse is left as the issuer wrote it."""
    try:
        raw = stream.read_raw_bytes()
    except Exception:  # an unreadable stream: qpdf reports it when saving
        return
    try:
        clean, _info = strip_jpeg(raw)
    except ImportRejected:
        return
    if clean != raw:
        stream.write(clean, filter=pikepdf.Name.DCTDecode)
