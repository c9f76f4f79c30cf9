"""The pure part of the import pipeline: walk, sniff, inspect, render, sanitise.

Everything here takes a path or bytes and returns values; nothing touches the
database or writes a file. Heavy libraries (Pillow, pikepdf, pdfium) load only
when a function that needs them is first used.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vault.importing.inspect import Inspection, inspect_bytes, inspect_file
    from vault.importing.limits import Limits
    from vault.importing.render import render_page
    from vault.importing.sanitize import SanitizedImage, SanitizedPage, sanitize_image
    from vault.importing.sanitize_pdf import sanitize_pdf
    from vault.importing.walk import Candidate, Rejection, walk_inputs

_EXPORTS = {
    "Candidate": "walk",
    "Inspection": "inspect",
    "Limits": "limits",
    "Rejection": "walk",
    "SanitizedImage": "sanitize",
    "SanitizedPage": "sanitize",
    "inspect_bytes": "inspect",
    "inspect_file": "inspect",
    "render_page": "render",
    "sanitize_image": "sanitize",
    "sanitize_pdf": "sanitize_pdf",
    "walk_inputs": "walk",
}
__all__ = [
    "Candidate",
    "Inspection",
    "Limits",
    "Rejection",
    "SanitizedImage",
    "SanitizedPage",
    "inspect_bytes",
    "inspect_file",
    "render_page",
    "sanitize_image",
    "sanitize_pdf",
    "walk_inputs",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)
