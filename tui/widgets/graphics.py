"""Terminal graphics protocols (Kitty, Sixel, iTerm2): a page as one escape sequence, in memory.

``textual-image`` 0.13+ needs Python 3.12, so these are small encoders of our
own. Each returns a ``str`` that goes straight to the terminal: no file, no
cache, no shared memory (Kitty is used with direct transmission, ``t=d``, never
``t=f``/``t=t``/``t=s``, which would pass a path or a shm name).

Kitty and iTerm2 carry the page at its own resolution and let the terminal
scale it into the cell box. Sixel has no scaling, so a page larger than the
box is reduced to the box's pixels (assumed cell size, see ``CELL_PX``); a
smaller page goes as it is.

Detection is conservative: nothing is sent unless the environment names a
capable terminal, or ``SPRAVKA_GRAPHICS`` / the ``preview_graphics`` setting
forces a protocol (or ``none``). Under tmux the sequence is wrapped for
passthrough (tmux needs ``set -g allow-passthrough on``), and only when forced.
"""

from __future__ import annotations

import base64
import io
import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

PROTOCOLS = ("kitty", "sixel", "iterm2")
CELL_PX = (10, 20)
"""Assumed pixel size of one cell (width, height) where the terminal is not asked."""
KITTY_CHUNK = 4096
SIXEL_COLOURS = 64


def detect(env: Mapping[str, str] | None = None, setting: str | None = None) -> str | None:
    """The protocol to use, or None for half blocks. A forced value always wins."""
    env = os.environ if env is None else env
    forced = (setting if setting not in (None, "", "auto") else env.get("SPRAVKA_GRAPHICS", "")).lower()
    if forced in PROTOCOLS:
        return forced
    if forced in ("none", "off") or "TMUX" in env or env.get("TERM", "").startswith(("screen", "tmux")):
        return None
    term, program = env.get("TERM", ""), env.get("TERM_PROGRAM", "")
    if "KITTY_WINDOW_ID" in env or term == "xterm-kitty" or program == "ghostty":
        return "kitty"
    if program in ("iTerm.app", "WezTerm"):
        return "iterm2"
    if term.startswith("foot") or "WT_SESSION" in env:
        return "sixel"
    return None


def fit_cells(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """Columns and rows that show an image of ``size`` pixels undistorted within ``box`` cells."""
    w, h = size
    cols, rows = box
    cw, ch = CELL_PX
    scale = min(cols * cw / w, rows * ch / h)
    return max(1, min(cols, round(w * scale / cw))), max(1, min(rows, round(h * scale / ch)))


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def kitty(image: Image.Image, cols: int, rows: int) -> str:
    """Direct transmission of a PNG (``f=100``) in base64 chunks of at most 4096 bytes."""
    data = base64.standard_b64encode(_png(image)).decode("ascii")
    chunks = [data[i:i + KITTY_CHUNK] for i in range(0, len(data), KITTY_CHUNK)] or [""]
    out = []
    for n, chunk in enumerate(chunks):
        more = 1 if n < len(chunks) - 1 else 0
        head = f"a=T,f=100,t=d,q=2,C=1,c={cols},r={rows},m={more}" if n == 0 else f"m={more}"
        out.append(f"\x1b_G{head};{chunk}\x1b\\")
    return "".join(out)


KITTY_CLEAR = "\x1b_Ga=d,d=A,q=2\x1b\\"


def iterm2(image: Image.Image, cols: int, rows: int) -> str:
    png = _png(image)
    data = base64.standard_b64encode(png).decode("ascii")
    return (f"\x1b]1337;File=inline=1;size={len(png)};width={cols};height={rows};"
            f"preserveAspectRatio=1:{data}\x07")


_RUN = re.compile(rb"(.)\1{3,}")


def sixel(image: Image.Image, cols: int, rows: int) -> str:
    """A quantised-palette Sixel image, reduced only when larger than ``cols`` x ``rows`` cells.

    Each band of six rows is built per palette colour with big-integer
    arithmetic over the row bytes (one byte per pixel, so no carries), which
    keeps a full page in pure Python well under a second.
    """
    img = image.convert("RGB")
    box = (cols * CELL_PX[0], rows * CELL_PX[1])
    if img.width > box[0] or img.height > box[1]:
        img.thumbnail(box)
    quant = img.quantize(SIXEL_COLOURS)
    w, h = quant.size
    palette = quant.getpalette() or []
    pixels = quant.tobytes()
    used = sorted(set(pixels))
    out = [f'\x1bPq"1;1;{w};{h}']
    for c in used:
        r, g, b = palette[3 * c:3 * c + 3]
        out.append(f"#{c};2;{r * 100 // 255};{g * 100 // 255};{b * 100 // 255}")
    offset = int.from_bytes(b"\x3f" * w, "big")
    tables = {c: bytes(1 if i == c else 0 for i in range(256)) for c in used}
    for top in range(0, h, 6):
        band = [pixels[y * w:(y + 1) * w] for y in range(top, min(top + 6, h))]
        lines = []
        for c in used:
            value = 0
            for bit, row in enumerate(band):
                value |= int.from_bytes(row.translate(tables[c]), "big") << bit
            if value:
                line = _RUN.sub(lambda m: b"!%d%c" % (len(m.group(0)), m.group(1)[0]),
                                (value + offset).to_bytes(w, "big"))
                lines.append(f"#{c}" + line.decode("ascii"))
        out.append("$".join(lines) + "-")
    out.append("\x1b\\")
    return "".join(out)


ENCODERS = {"kitty": kitty, "sixel": sixel, "iterm2": iterm2}


def encode(protocol: str, image: Image.Image, box: tuple[int, int]) -> str:
    """The escape sequence that draws ``image`` fitted into ``box`` (columns, rows)."""
    cols, rows = fit_cells(image.size, box)
    return ENCODERS[protocol](image, cols, rows)


def place(sequence: str, x: int, y: int, *, tmux: bool = False) -> str:
    """Save the cursor, draw at cell (x, y) (0-based), restore; wrapped for tmux passthrough."""
    if tmux:
        sequence = "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return f"\x1b7\x1b[{y + 1};{x + 1}H{sequence}\x1b8"
