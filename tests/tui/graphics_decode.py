"""Decoders for the graphics escape sequences, so tests check what the terminal would draw."""

from __future__ import annotations

import base64
import io
import re
from typing import Any


def kitty_image(stream: str) -> tuple[dict[str, str], Any]:
    """The first Kitty image in ``stream``: its control keys and the decoded PIL image."""
    from PIL import Image

    stream = unwrap_tmux(stream)
    chunks = re.findall(r"\x1b_G([^;\x1b]*);([^\x1b]*)\x1b\\", stream)
    first = next(i for i, (head, _d) in enumerate(chunks) if "a=T" in head)
    keys = dict(kv.split("=") for kv in chunks[first][0].split(","))
    data = ""
    for head, payload in chunks[first:]:
        data += payload
        if "m=0" in head.split(","):
            break
    return keys, Image.open(io.BytesIO(base64.standard_b64decode(data)))


def iterm2_image(stream: str) -> Any:
    from PIL import Image

    m = re.search(r"\x1b\]1337;File=([^:]*):([^\x07]*)\x07", unwrap_tmux(stream))
    assert m, "no iTerm2 image"
    return Image.open(io.BytesIO(base64.standard_b64decode(m.group(2))))


def sixel_image(stream: str) -> Any:
    """Decode the first Sixel image (palette, RLE, bands) into an RGB PIL image."""
    from PIL import Image

    m = re.search(r'\x1bPq"1;1;(\d+);(\d+)(.*?)\x1b\\', unwrap_tmux(stream), re.S)
    assert m, "no sixel image"
    w, h, body = int(m.group(1)), int(m.group(2)), m.group(3)
    img = Image.new("RGB", (w, h))
    px = img.load()
    colours: dict[int, tuple[int, int, int]] = {}
    x = band = 0
    colour = (0, 0, 0)
    for tok in re.finditer(r"#(\d+);2;(\d+);(\d+);(\d+)|#(\d+)|!(\d+)(.)|([?-~])|(\$)|(-)", body):
        if tok.group(1):
            colours[int(tok.group(1))] = tuple(round(int(tok.group(i)) * 255 / 100) for i in (2, 3, 4))  # type: ignore[assignment]
        elif tok.group(5):
            colour = colours[int(tok.group(5))]
        elif tok.group(6) or tok.group(8):
            count, ch = (int(tok.group(6)), tok.group(7)) if tok.group(6) else (1, tok.group(8))
            bits = ord(ch) - 63
            for _ in range(count):
                for b in range(6):
                    if bits >> b & 1 and band * 6 + b < h:
                        px[x, band * 6 + b] = colour
                x += 1
        elif tok.group(9):
            x = 0
        elif tok.group(10):
            x, band = 0, band + 1
    return img


def unwrap_tmux(stream: str) -> str:
    """Undo tmux passthrough wrapping (ESC P tmux; ... ESC \\ with doubled ESCs)."""
    def inner(m: re.Match[str]) -> str:
        return m.group(1).replace("\x1b\x1b", "\x1b")

    return re.sub(r"\x1bPtmux;((?:\x1b\x1b|[^\x1b])*)\x1b\\", inner, stream)
