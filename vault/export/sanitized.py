"""The export's view of a sanitised copy: the importer's sanitizers, named for a bundle.

Both formats clean documents with ``vault.importing.sanitize`` and
``vault.importing.sanitize_pdf`` (the one place that decides what metadata
goes); this module only dispatches on the media type, turns a rejection into
an ``ExportError`` and names the files. The PDF bundle asks for JPEGs as they
are (``upright=False``: rotation goes into the page matrix, no re-encoding);
the age archive asks for upright files, since a lone JPEG has no page matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vault.errors import ExportError, ImportRejected

if TYPE_CHECKING:
    from vault.importing.sanitize import SanitizedPage

_EXT = {"image/jpeg": "jpg", "image/png": "png"}


@dataclass(frozen=True)
class Sanitized:
    """A document's sanitised copy: a PDF (``pdf``) or one image per page (``images``)."""

    pdf: bytes | None
    images: tuple[SanitizedPage, ...]

    def files(self, stem: str) -> list[tuple[str, bytes]]:
        """(file name, bytes) of each sanitised file, as stored in an archive."""
        if self.pdf is not None:
            return [(f"{stem}.pdf", self.pdf)]
        if len(self.images) == 1:
            return [(f"{stem}.{_EXT[self.images[0].media_type]}", self.images[0].data)]
        return [(f"{stem}-p{n}.{_EXT[im.media_type]}", im.data) for n, im in enumerate(self.images, 1)]


def sanitize(media_type: str, data: bytes, *, upright: bool) -> Sanitized:
    """Deterministic for the same input; ``upright=False`` may leave an EXIF rotation to apply."""
    try:
        if media_type == "application/pdf":
            from vault.importing.sanitize_pdf import sanitize_pdf

            return Sanitized(sanitize_pdf(data), ())
        from vault.importing.sanitize import sanitize_image

        return Sanitized(None, sanitize_image(data, upright=upright).pages)
    except ImportRejected as err:
        raise ExportError(f"a document cannot be sanitised: {err}") from None
