"""A scan page drawn in the terminal with half blocks, from an in-memory PIL image.

Each cell shows two pixels: the upper as the foreground of "▀", the lower as
its background. Deterministic (good for snapshots), works in tmux without
Sixel/Kitty, never writes a file. Under NO_COLOR, luminance is drawn with
shade characters instead.
"""

from __future__ import annotations

from typing import Any

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

SHADES = " .:-=+*#%@"


def image_to_strips(image: Any, width: int, height: int, *, mono: bool = False) -> list[Strip]:
    """Fit ``image`` (PIL) into width x height cells; return one Strip per row."""
    img = image.convert("RGB")
    img.thumbnail((max(width, 1), max(height * 2, 2)))
    w, h = img.size
    if h % 2:
        from PIL import Image

        padded = Image.new("RGB", (w, h + 1), (0, 0, 0))
        padded.paste(img, (0, 0))
        img, h = padded, h + 1
    px = img.load()
    strips: list[Strip] = []
    for row in range(h // 2):
        segments: list[Segment] = []
        for x in range(w):
            top, bottom = px[x, row * 2], px[x, row * 2 + 1]
            if mono:
                lum = (sum(top) + sum(bottom)) / (6 * 255)
                segments.append(Segment(SHADES[min(int(lum * len(SHADES)), len(SHADES) - 1)]))
            else:
                segments.append(Segment("▀", Style(color=Color.from_rgb(*top),
                                                   bgcolor=Color.from_rgb(*bottom))))
        strips.append(Strip(Segment.simplify(segments), w))
    return strips


class ScanPreview(Widget):
    DEFAULT_CSS = """
    ScanPreview { width: 1fr; height: 1fr; background: $panel; content-align: center middle; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._strips: list[Strip] = []
        self.caption = ""

    def show_strips(self, strips: list[Strip], caption: str = "") -> None:
        """Show rows prepared off the UI thread with :func:`image_to_strips`."""
        self._strips, self.caption = strips, caption
        self.refresh()

    def clear(self, caption: str = "") -> None:
        self._strips = []
        self.caption = caption
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        if not self._strips:
            return Strip([Segment(self.caption[:width])]) if y == 0 else Strip.blank(width)
        if y == 0:
            return Strip([Segment(self.caption[:width])]).extend_cell_length(width)
        if y - 1 < len(self._strips):
            strip = self._strips[y - 1]
            pad = max((width - strip.cell_length) // 2, 0)
            return Strip([Segment(" " * pad), *strip]).crop_extend(0, width, None)
        return Strip.blank(width)
