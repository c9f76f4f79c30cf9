"""Validate and describe one input file without keeping its content.

``inspect_file`` is what the import pipeline calls before storing anything: it
sniffs the type from content, enforces ``Limits`` (size, pixels, pages, PDF
structure) and decodes images (or, for plain JPEGs and PNGs, walks their
structure: ``structure``) so truncated or corrupt files are refused up front. It reads the source path only; nothing is written anywhere.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from vault.errors import ImportRejected
from vault.fsutil import FileId
from vault.fsutil import identity as file_identity
from vault.importing import _images, _pdf, reasons, sniff
from vault.importing.limits import DEFAULT_LIMITS, Limits


@dataclass(frozen=True)
class Inspection:
    """What the pipeline needs to know about an accepted file."""

    media_type: str
    page_count: int
    size: int
    width: int | None = None
    """First page's pixel width as stored (before EXIF rotation); images only."""
    height: int | None = None
    has_text_layer: bool = False
    text: str = ""
    """PDF text layer, pages separated by form feeds; "" for images."""
    exif_orientation: int | None = None
    """EXIF orientation tag (1-8) the viewer must still apply; images only."""
    warnings: tuple[str, ...] = ()
    """Accepted, but worth telling the user (e.g. a repaired PDF)."""


@dataclass(frozen=True)
class Whole:
    """A small file read once, on the inspecting thread: the bytes inspected, hashed and
    stored are the same bytes, and the writer does not wait for the read or the hash."""

    data: bytes
    sha256: str
    identity: FileId
    """``fsutil.identity`` of what was read, for ``--remove-source``."""


def inspect_file(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> Inspection:
    """Inspect the file at ``path``; raise ``ImportRejected(reason)`` if it cannot be imported."""
    return inspect_keeping(path, limits, keep_max=0)[0]


def inspect_keeping(path: Path | str, limits: Limits = DEFAULT_LIMITS, *,
                    keep_max: int) -> tuple[Inspection, Whole | None]:
    """``inspect_file``, also returning the file's bytes and hash when it is at most
    ``keep_max`` bytes (larger files are streamed by the caller, as before).

    Opens with O_NONBLOCK so a FIFO swapped in after the walk cannot block us,
    then checks the opened descriptor is a regular file.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError as exc:
        raise ImportRejected(reasons.MISSING) from exc
    except PermissionError as exc:
        raise ImportRejected(reasons.UNREADABLE_FILE) from exc
    except OSError as exc:
        raise ImportRejected(reasons.cannot_open(exc.strerror or "error")) from exc
    with os.fdopen(fd, "rb") as fp:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ImportRejected(reasons.NOT_REGULAR)
        if not 0 < st.st_size <= keep_max:
            return inspect_stream(fp, st.st_size, limits), None
        try:
            data = fp.read(st.st_size + 1)
        except OSError as exc:
            raise ImportRejected(reasons.cannot_open(exc.strerror or "read error")) from exc
        if len(data) != st.st_size:
            raise ImportRejected("the file changed while it was being imported")
        whole = Whole(data, hashlib.sha256(data).hexdigest(), file_identity(st))
        return inspect_bytes(data, limits), whole


def inspect_bytes(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Inspection:
    """Same checks on content already in memory."""
    return inspect_stream(io.BytesIO(data), len(data), limits)


def inspect_stream(fp: IO[bytes], size: int, limits: Limits = DEFAULT_LIMITS) -> Inspection:
    """Inspect a seekable binary stream of ``size`` bytes positioned anywhere."""
    if size == 0:
        raise ImportRejected(reasons.EMPTY)
    if size > limits.max_file_bytes:
        raise ImportRejected(reasons.too_large(size, limits.max_file_bytes))
    fp.seek(0)
    try:
        head = fp.read(sniff.HEAD_BYTES)
    except OSError as exc:
        raise ImportRejected(reasons.cannot_open(exc.strerror or "read error")) from exc
    media_type = sniff.sniff(head)
    fp.seek(0)
    if media_type == sniff.PDF:
        facts = _pdf.inspect_pdf(fp, limits)
        return Inspection(
            media_type=media_type,
            page_count=facts.page_count,
            size=size,
            has_text_layer=facts.has_text_layer,
            text=facts.text,
            warnings=facts.warnings,
        )
    if size > limits.max_image_bytes:
        raise ImportRejected(reasons.too_large(size, limits.max_image_bytes))
    return _inspect_image(fp, media_type, size, limits)


def _inspect_image(fp: IO[bytes], media_type: str, size: int, limits: Limits) -> Inspection:
    if media_type == sniff.JPEG:
        from vault.importing.structure import jpeg_by_structure

        fast = jpeg_by_structure(fp.read(), limits)
        fp.seek(0)
        if fast is not None:
            return Inspection(media_type=media_type, page_count=1, size=size, width=fast[0],
                              height=fast[1], exif_orientation=fast[2])
    elif media_type == sniff.PNG:
        from vault.importing.structure import png_by_structure

        walked = png_by_structure(fp.read(), limits)
        fp.seek(0)
        if walked is not None:  # no EXIF chunk either (the walk sends those to the decoder)
            return Inspection(media_type=media_type, page_count=1, size=size, width=walked[0],
                              height=walked[1])
    im = _images.open_image(fp, media_type)
    try:
        width, height = im.size
        orientation: int | None = None
        pages = 0
        for index in _images.frames(im, media_type, limits):
            _images.decode(im)
            if index == 0:
                # Only after decoding: PNG's getexif() loads the image itself, and
                # exif_orientation() swallows errors, which would hide corruption.
                orientation = _images.exif_orientation(im)
            pages += 1
    finally:
        im.close()
    return Inspection(
        media_type=media_type,
        page_count=pages,
        size=size,
        width=width,
        height=height,
        exif_orientation=orientation,
    )
