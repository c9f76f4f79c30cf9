"""Proof areas that need root or an outside tool, and whether this machine can run them.

Tests in these areas skip where they cannot run; ``scripts/test`` then ends
with one ``NOT RUN: <area> (needs …)`` line per area (tests/conftest.py), and
under ``CI=true`` ``tests/test_proof_areas.py`` fails if any area is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass


def _tesseract_langs() -> str | None:
    if shutil.which("tesseract") is None:
        return "needs tesseract"
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                         check=False).stdout.split()
    absent = [lang for lang in ("rus", "eng") if lang not in out]
    return f"needs tesseract-ocr-{', tesseract-ocr-'.join(absent)}" if absent else None


@dataclass(frozen=True)
class Area:
    name: str
    root: bool = False
    tools: tuple[str, ...] = ()
    extra: Callable[[], str | None] | None = None

    def missing(self) -> str | None:
        """Why this area cannot run here (``needs root``, ``needs qpdf``), or None."""
        if self.root and os.geteuid() != 0:
            return "needs root"
        absent = [t for t in self.tools if shutil.which(t) is None]
        if absent:
            return f"needs {', '.join(absent)}"
        return self.extra() if self.extra else None


AREAS = (
    Area("leak proof (raw ext4 image)", root=True, tools=("mkfs.ext4", "losetup", "qpdf", "strace")),
    Area("memory after lock", root=True),
    Area("keyslot scrub after passwd (raw ext4 image)", root=True, tools=("mkfs.ext4", "losetup")),
    Area("no space and read-only disks (tmpfs)", root=True, tools=("mount",)),
    Area("bundle in outside PDF readers", tools=("qpdf", "pdfinfo", "pdftotext", "pdfimages",
                                                 "pdfdetach", "pdftoppm")),
    Area("age archive with the age CLI", tools=("age", "age-keygen")),
    Area("metadata stripping checked by exiftool", tools=("exiftool",)),
    Area("offline OCR", extra=_tesseract_langs),
    Area("OCR writes no files (strace)", tools=("strace",)),
    Area("TUI in a real terminal (tmux)", tools=("tmux",)),
)


def not_run() -> list[str]:
    """One line per area this machine cannot run."""
    return [f"NOT RUN: {a.name} ({why})" for a in AREAS if (why := a.missing()) is not None]
