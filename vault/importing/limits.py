"""Bounds every inspection, render and sanitise step works within.

Hostile input is the normal case for this app (anyone can mail a file), so every
loop over attacker-controlled structure has a ceiling here rather than a magic
number in the code. Defaults suit scanned certificates and phone photos.
"""

from __future__ import annotations

from dataclasses import dataclass

GIB = 1024**3
MIB = 1024**2


@dataclass(frozen=True)
class Limits:
    """Ceilings applied before any expensive work starts."""

    max_file_bytes: int = 2 * GIB
    """Largest file accepted at all (the store chunks, so this is a policy cap)."""
    max_image_bytes: int = 512 * MIB
    """Largest image file: some decoders (HEIC, WebP) read the whole file into memory."""
    max_pixels: int = 100_000_000
    """Pixels per frame, checked from the header before decoding (bomb guard)."""
    max_pages: int = 5_000
    """Pages of a PDF or frames of a multi-page TIFF/HEIC."""
    max_pdf_objects: int = 2_000_000
    """Objects claimed by a PDF's cross-reference table (/Size)."""
    max_page_tree_depth: int = 64
    """Nesting of /Pages nodes; real files use 2-4 levels."""
    max_text_pages: int = 500
    """Pages whose text layer is extracted; later pages are not read."""
    max_text_chars: int = 2_000_000
    """Characters of extracted text kept (the rest is dropped, flagged in warnings)."""
    max_text_stream_bytes: int = 64 * MIB
    """Stream bytes pdfium may hold while reading text; it caches every stream it
    touches (a page's images included), so documents are reopened in batches and
    pages above this are skipped."""
    max_render_side: int = 10_000
    """Longest side, in pixels, a render may ask for."""

    def __post_init__(self) -> None:
        for name in (
            "max_file_bytes",
            "max_image_bytes",
            "max_pixels",
            "max_pages",
            "max_pdf_objects",
            "max_page_tree_depth",
            "max_text_stream_bytes",
            "max_render_side",
        ):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        if self.max_text_pages < 0 or self.max_text_chars < 0:
            raise ValueError("text limits must not be negative")


DEFAULT_LIMITS = Limits()
