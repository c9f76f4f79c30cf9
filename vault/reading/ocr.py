"""Offline OCR of imported scans with Tesseract, page by page, entirely in memory.

A decrypted scan must never touch the disk, so each page is rendered in memory
(``render_page``), preprocessed, and piped to ``tesseract stdin stdout`` as PGM
bytes; the text comes back on stdout. The process runs with a minimal
environment and ``OMP_THREAD_LIMIT=1`` (Tesseract's own OpenMP threading made
pages take 14-25 s on two cores; one thread takes about 1-2 s).

Pages that already carry a PDF text layer (stored at import, pages separated by
form feeds) keep that text and are not OCR'd. Text the user typed is never
replaced. Tesseract is optional: without it, :class:`OcrUnavailable` says so
once and the rest of the vault works as before.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from vault.errors import Cancelled, ImportRejected, VaultError

if TYPE_CHECKING:
    from PIL import Image

    from vault.core import Vault
    from vault.evidence.rules import Rules

LANGS = "rus+eng"
PSM = 6
"""Page segmentation mode: on the 12 generated certificates 6 (one uniform block) and
3 (automatic layout) both extracted every date and code; 6 took 1.3 s a page, 3 took 1.7 s."""
MIN_LONG_SIDE = 1800
"""Scans smaller than this are upscaled (at most ×3): Tesseract wants ~300 dpi text,
and phone photos and 100-150 dpi scans of A5 certificates fall well short."""
RENDER_BOX = (3508, 3508)
"""PDF pages render to fit this box: an A4 page at 300 dpi."""
PAGE_TIMEOUT_S = 120.0
MIN_LAYER_CHARS = 16
"""A PDF page with fewer non-space characters than this is treated as a scan."""


class OcrUnavailable(VaultError):
    """Tesseract (or its Russian data) is not installed; nothing else is affected."""

    exit_code = 16


@dataclass(frozen=True)
class OcrProgress:
    """Where a run is: document ``index`` of ``total``, page ``page`` of ``pages``."""

    document_id: int
    index: int
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class OcrResult:
    """One document's outcome in :func:`ocr_pending`."""

    document_id: int
    status: Literal["done", "empty", "failed"]
    pages: int = 0
    ocr_pages: int = 0
    chars: int = 0
    seconds: float = 0.0
    reason: str | None = None

    def to_json(self) -> dict[str, object]:
        return {"document_id": self.document_id, "status": self.status, "pages": self.pages,
                "ocr_pages": self.ocr_pages, "chars": self.chars,
                "seconds": round(self.seconds, 2), "reason": self.reason}


@functools.cache
def _probe() -> str | None:
    """The tesseract path, or why OCR is off. Cached: the answer cannot change mid-run."""
    exe = shutil.which("tesseract")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30,  # noqa: S603
                             env=_env(), check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    langs = set(out.stdout.split())
    return exe if {"rus", "eng"} <= langs else None


def tesseract() -> str:
    """Path to a tesseract with rus+eng data; raise :class:`OcrUnavailable` otherwise."""
    exe = _probe()
    if exe is None:
        raise OcrUnavailable("OCR is unavailable: install tesseract with Russian data "
                             "(tesseract-ocr, tesseract-ocr-rus); everything else works")
    return exe


def available() -> bool:
    return _probe() is not None


def _env() -> dict[str, str]:
    """Only what Tesseract needs: no inherited config can turn on debug files."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "OMP_THREAD_LIMIT": "1",
           "LC_ALL": "C.UTF-8"}
    for name in ("TESSDATA_PREFIX", "TMPDIR"):  # TMPDIR only so tests can watch it stay empty
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def preprocess(image: Image.Image) -> Image.Image:
    """Grayscale, stretch contrast (faded stamps, grey phone photos), upscale small scans."""
    from PIL import Image as PILImage
    from PIL import ImageOps

    gray = ImageOps.autocontrast(image.convert("L"), cutoff=1)
    scale = min(3.0, MIN_LONG_SIDE / max(gray.size))
    if scale > 1.05:
        size = (round(gray.width * scale), round(gray.height * scale))
        gray = gray.resize(size, PILImage.Resampling.LANCZOS)
    return gray


def ocr_image(image: Image.Image, *, psm: int = PSM, cancel: threading.Event | None = None,
              timeout: float = PAGE_TIMEOUT_S) -> str:
    """OCR one in-memory image; the pixels reach Tesseract only through a pipe.

    A code whose Latin letter ``rus+eng`` lost ("Е84.5" for "F84.5", see
    :func:`icdcodes.doubtful`) gets a second, Latin-only read of the same page
    that may settle the letter; pages without one cost a single read.
    """
    from vault.reading import icdcodes

    exe = tesseract()
    # Spawned before the page is prepared: Tesseract loads its language models
    # (0.2-0.5 s) before it reads stdin, so preprocessing runs in that shadow.
    proc = _spawn(exe, LANGS, psm)
    buf = io.BytesIO()
    try:
        preprocess(image).save(buf, format="PPM")  # binary PGM for an "L" image: no encoding cost
    except BaseException:
        proc.kill()
        proc.communicate()
        raise
    text = _finish(proc, buf.getvalue(), cancel, timeout)
    doubts = icdcodes.doubtful(text, _rules())
    if doubts:
        latin = _finish(_spawn(exe, "eng", psm), buf.getvalue(), cancel, timeout)
        text = icdcodes.settle(text, doubts, latin)
    return text


@functools.cache
def _rules() -> Rules:
    """The shipped rule data (read once: it is package data and cannot change mid-run)."""
    from vault.evidence.rules import load_rules

    return load_rules()


def _spawn(exe: str, langs: str, psm: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 - fixed argv, no shell
        [exe, "stdin", "stdout", "-l", langs, "--psm", str(psm)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(),
    )


def _finish(proc: subprocess.Popen[bytes], data: bytes, cancel: threading.Event | None,
            timeout: float) -> str:
    """Pipe ``data`` in and read the text out, killing the process on cancel or timeout."""
    result: list[tuple[bytes, bytes]] = []
    # communicate() cannot resume writing stdin after a timeout, so it runs whole
    # in a helper thread while this one watches the cancel event and the clock.
    pipe = threading.Thread(target=lambda: result.append(proc.communicate(data)),
                            name="tesseract-pipe", daemon=True)
    pipe.start()
    deadline = time.monotonic() + timeout
    while pipe.is_alive():
        pipe.join(0.1)
        cancelled = cancel is not None and cancel.is_set()
        if pipe.is_alive() and (cancelled or time.monotonic() > deadline):
            proc.kill()
            pipe.join()
            if cancelled:
                raise Cancelled("OCR cancelled")
            raise ImportRejected("OCR timed out on a page")
    out, err = result[0]
    if proc.returncode != 0:
        last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise ImportRejected(f"tesseract failed: {last[0][:200]}")
    return out.decode("utf-8", "replace").replace("\x00", "").strip()


def _layer_pages(text: str) -> list[str]:
    return text.split("\f") if text else []


def _has_layer(page_text: str) -> bool:
    return len("".join(page_text.split())) >= MIN_LAYER_CHARS


def _read(vault: Vault, doc_id: int) -> tuple[str, int, str, str]:
    """media type, page count, stored text and its source ('' when none)."""
    from vault.records.documents import get_row
    from vault.storage.models import DocumentTextRow

    with vault.session() as s:
        row = get_row(s, doc_id)
        text_row = s.get(DocumentTextRow, doc_id)
        return (row.media_type, max(1, row.page_count or 1),
                text_row.text if text_row else "", text_row.source if text_row else "")


def ocr_document(vault: Vault, doc_id: int, *, cancel: threading.Event | None = None,
                 on_page: Callable[[int, int], None] | None = None,
                 workers: int | None = None) -> str:
    """OCR the pages of one document that lack a PDF text layer and store the result.

    Returns the document's text (PDF-layer pages and OCR pages joined by form
    feeds). Text the user typed is returned unchanged and never overwritten.
    Pages run on ``workers`` tesseract processes (default: one per core).
    Raises :class:`OcrUnavailable`, :class:`Cancelled` (nothing stored) or
    ``ImportRejected`` for a page that cannot be rendered or read.
    """
    tesseract()
    progress = None if on_page is None else (lambda doc, page: on_page(page, doc.pages))
    for doc in _run(vault, [doc_id], cancel, progress, workers):
        if doc.failed is not None:
            raise ImportRejected(doc.failed)
        return doc.text
    raise Cancelled("OCR cancelled")


@dataclass
class _Doc:
    """One document going through the page pipeline."""

    doc_id: int
    index: int
    pages: int
    start: float
    texts: list[str] = field(default_factory=list)
    ocr_pages: int = 0
    failed: str | None = None

    @property
    def text(self) -> str:
        return "\f".join(self.texts)


@dataclass(frozen=True)
class _Page:
    doc: _Doc
    text: str | None = None
    """A PDF text layer kept as is (no OCR), or None for a page image."""
    end: bool = False


def _jobs(vault: Vault, ids: list[int], cancel: threading.Event | None,
          progress: Callable[[_Doc, int], None] | None) -> Iterator[tuple[_Page, Image.Image | None]]:
    """Every page of every document in order, rendered only when the pool asks for it."""
    from vault.importing.render import render_page
    from vault.records.documents import read_all

    for index, doc_id in enumerate(ids):
        media_type, pages, stored, source = _read(vault, doc_id)
        doc = _Doc(doc_id, index, pages, time.perf_counter())
        if source == "user":
            yield _Page(doc, stored), None
            yield _Page(doc, end=True), None
            continue
        layer = _layer_pages(stored) if source == "pdf" else []
        data = read_all(vault, doc_id)
        for page in range(pages):
            if cancel is not None and cancel.is_set():
                return
            if progress is not None:
                progress(doc, page)
            if page < len(layer) and _has_layer(layer[page]):
                yield _Page(doc, layer[page].strip()), None
                continue
            try:
                image = render_page(data, media_type, page, RENDER_BOX)
            except IndexError:
                break  # the page count was an upper bound (e.g. a truncated TIFF)
            except ImportRejected as exc:
                doc.failed = str(exc)
                break
            yield _Page(doc), image
            del image
        del data
        yield _Page(doc, end=True), None


def _run(vault: Vault, ids: list[int], cancel: threading.Event | None,
         progress: Callable[[_Doc, int], None] | None, workers: int | None) -> Iterator[_Doc]:
    """Finished documents in order, their OCR text stored; stops quietly when cancelled."""
    from vault.reading.ocrpool import ocr_many
    from vault.records.text import save_text

    def run_page(image: Image.Image, stop: threading.Event) -> str:
        return ocr_image(image, cancel=stop)

    for outcome in ocr_many(_jobs(vault, ids, cancel, progress), run_page,
                            workers=workers, cancel=cancel):
        page, doc = outcome.tag, outcome.tag.doc
        if isinstance(outcome.error, Cancelled) or (cancel is not None and cancel.is_set()):
            return
        if isinstance(outcome.error, ImportRejected):
            doc.failed = doc.failed or str(outcome.error)
        elif outcome.error is not None:
            raise outcome.error
        elif page.end:
            if doc.ocr_pages and doc.failed is None:
                with vault.session() as s:
                    save_text(s, doc.doc_id, doc.text, source="ocr")
            yield doc
        elif page.text is not None:
            doc.texts.append(page.text)
        else:
            doc.texts.append(outcome.text)
            doc.ocr_pages += 1


def pending_ids(vault: Vault) -> list[int]:
    """Documents with no text, or a PDF text layer that leaves some pages blank."""
    from sqlalchemy import select

    from vault.storage.models import DocumentRow, DocumentTextRow

    out: list[int] = []
    with vault.session() as s:
        rows = s.execute(select(DocumentRow.id, DocumentRow.page_count, DocumentTextRow.source,
                                DocumentTextRow.text)
                         .outerjoin(DocumentTextRow, DocumentTextRow.document_id == DocumentRow.id)
                         .order_by(DocumentRow.id))
        for doc_id, page_count, source, text in rows:
            if source is None or (source == "pdf" and sum(
                    map(_has_layer, _layer_pages(text))) < max(1, page_count or 1)):
                out.append(int(doc_id))
    return out


def ocr_pending(vault: Vault, *, progress: Callable[[OcrProgress], None] | None = None,
                cancel: threading.Event | None = None,
                workers: int | None = None) -> Iterator[OcrResult]:
    """OCR every document still without text; one :class:`OcrResult` per document.

    A generator so the TUI can run it in a worker and the CLI can print as it
    goes; pages of all documents run on ``workers`` tesseract processes (one
    per core by default), results in document order. ``progress`` is called
    before each page is queued, and setting ``cancel`` stops within a fraction
    of a second (pages in flight are abandoned, nothing of an unfinished
    document is stored). Raises :class:`OcrUnavailable` before any work when
    Tesseract is missing; a document that fails does not stop the rest.
    """
    tesseract()
    ids = pending_ids(vault)

    def page_queued(doc: _Doc, page: int) -> None:
        if progress is not None:
            progress(OcrProgress(doc.doc_id, doc.index, len(ids), page, doc.pages))

    for doc in _run(vault, ids, cancel, page_queued, workers):
        seconds = time.perf_counter() - doc.start
        if doc.failed is not None:
            yield OcrResult(doc.doc_id, "failed", seconds=seconds, reason=doc.failed)
            continue
        chars = len("".join(doc.text.split()))
        yield OcrResult(doc.doc_id, "done" if chars else "empty", doc.pages, doc.ocr_pages,
                        chars, seconds)
