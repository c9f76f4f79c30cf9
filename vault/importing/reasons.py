"""The exact one-line reasons an input file is rejected with.

Kept in one place so the CLI/TUI, the tests and the docs agree on wording. Fixed
reasons are constants; reasons carrying numbers are built by the functions.
Messages never include file content, only sizes and counts.
"""

from __future__ import annotations

EMPTY = "empty file"
UNSUPPORTED = "unsupported file type"
ENCRYPTED_PDF = "encrypted PDF (password required)"
CORRUPT_PDF = "corrupt PDF"
NO_PAGES = "corrupt PDF: no readable pages"
UNDISPLAYABLE_PDF = "corrupt PDF: cannot be displayed"
PAGE_TREE_LOOP = "corrupt PDF: page tree loop"
CORRUPT_IMAGE = "corrupt or truncated image"
NOT_REGULAR = "not a regular file"
# walk
MISSING = "no such file or directory"
BROKEN_SYMLINK = "broken symlink"
SYMLINK_LOOP = "symlink loop"
SYMLINK_OUTSIDE = "symlink points outside the chosen folder"
DIRECTORY_LOOP = "directory loop"
DIRECTORY_REPEATED = "folder already included through another path"
UNREADABLE_FILE = "unreadable file (permission denied)"
UNREADABLE_FOLDER = "unreadable folder (permission denied)"


def too_large(size: int, limit: int) -> str:
    return f"file too large ({size} bytes, limit {limit})"


def too_many_pages(limit: int) -> str:
    return f"too many pages (more than {limit})"


def too_many_pixels(width: int, height: int, limit: int) -> str:
    return f"image too large: {width}x{height} pixels, limit {limit} (decompression bomb?)"


def pdf_too_complex(what: str) -> str:
    return f"PDF too complex: {what}"


def special_file(kind: str) -> str:
    return f"{NOT_REGULAR} ({kind})"


def cannot_open(strerror: str) -> str:
    return f"cannot open file: {strerror}"
