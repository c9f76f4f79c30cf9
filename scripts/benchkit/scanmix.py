"""The kind of files users import: phone-photo JPEGs, scanner PNGs and scanner PDFs.

Noise pixels, so nothing compresses away and every byte really goes through the
store (a blank page would make the store look faster than it is). Each file is
unique (its own noise), so none is a duplicate of another.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

KINDS = ("jpg", "jpg", "png", "pdf")
"""Half photos, a quarter each scanner PNG and scanner PDF (JPEG pages inside)."""


def scan_mix(folder: Path, count: int, size: int) -> dict[str, int]:
    """Write ``count`` files of about ``size`` bytes each; returns how many of each kind."""
    from PIL import Image

    folder.mkdir(parents=True)
    made = dict.fromkeys(KINDS, 0)
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        buf = io.BytesIO()
        if kind == "png":  # greyscale scan, deflate cannot shrink noise
            side = int(size ** 0.5)
            Image.frombytes("L", (side, side), os.urandom(side * side)).save(buf, "PNG")
        else:  # JPEG at q95 keeps ~1.2 bytes a noise pixel; a PDF page wraps the same
            side = int((size / 1.2) ** 0.5 / 1.2)
            page = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
            page.save(buf, "JPEG" if kind == "jpg" else "PDF", quality=95)
        (folder / f"scan_{i:03}.{kind}").write_bytes(buf.getvalue())
        made[kind] += 1
    return made
