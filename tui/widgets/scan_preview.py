"""A scan page drawn in the terminal, from an in-memory PIL image: half blocks or graphics.

Half blocks: each cell shows two pixels, the upper as the foreground of "▀",
the lower as its background. Deterministic (good for snapshots), works in tmux
without Sixel/Kitty, never writes a file. Under NO_COLOR, luminance is drawn
with shade characters instead. ``+``/``-`` zoom and the arrows pan, so a
region can be read; at zoom 2 a region of half the width and height fills the
box (double scale).

Graphics: where a protocol was detected or forced (``tui.widgets.graphics``),
the escape sequence made by the render worker is written straight to the
terminal over the widget's cells after each refresh. Nothing is cached on disk;
the image, strips and sequence live in this widget and go with it (lock pops
every screen).
"""

from __future__ import annotations

from typing import Any

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.strip import Strip
from textual.widget import Widget

from tui.i18n import _

SHADES = " .:-=+*#%@"
ZOOMS = (1, 2, 4, 8)


def crop_view(image: Any, zoom: int, centre: tuple[float, float]) -> Any:
    """The region shown at ``zoom`` around ``centre`` (fractions of width and height)."""
    if zoom <= 1:
        return image
    w, h = image.size
    cw, ch = max(1, w // zoom), max(1, h // zoom)
    left = min(max(round(centre[0] * w - cw / 2), 0), w - cw)
    top = min(max(round(centre[1] * h - ch / 2), 0), h - ch)
    return image.crop((left, top, left + cw, top + ch))


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


class ScanPreview(Widget, can_focus=True):
    DEFAULT_CSS = """
    ScanPreview { width: 1fr; height: 1fr; background: $panel; content-align: center middle; }
    ScanPreview:focus { background: $panel-lighten-1; }
    """
    BINDINGS = [
        Binding("plus,equals_sign", "zoom(1)", _("Zoom in"), id="preview.zoom_in",
                tooltip=_("Show a smaller region larger (half-block preview)")),
        Binding("minus", "zoom(-1)", _("Zoom out"), id="preview.zoom_out",
                tooltip=_("Show more of the page")),
        Binding("left", "pan(-1, 0)", _("Pan left"), show=False, id="preview.left", tooltip=_("Move the view")),
        Binding("right", "pan(1, 0)", _("Pan right"), show=False, id="preview.right", tooltip=_("Move the view")),
        Binding("up", "pan(0, -1)", _("Pan up"), show=False, id="preview.up", tooltip=_("Move the view")),
        Binding("down", "pan(0, 1)", _("Pan down"), show=False, id="preview.down", tooltip=_("Move the view")),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._image: Any = None
        self._strips: list[Strip] = []
        self._key: tuple[Any, ...] = ()
        self.sequence = ""  # graphics escape sequence, when a protocol is in use
        self.protocol: str | None = None
        self.mono = False
        self.caption = ""
        self.zoom = 1
        self.centre = (0.5, 0.5)
        self._emitted: tuple[int, Any] | None = None

    # ------------------------------------------------------------ content
    def show_image(self, image: Any, caption: str = "", *, sequence: str = "",
                   protocol: str | None = None) -> None:
        """Show a page prepared off the UI thread (a PIL image, and a sequence for graphics)."""
        self._image, self.caption, self.sequence, self.protocol = image, caption, sequence, protocol
        self.zoom, self.centre, self._key = 1, (0.5, 0.5), ()
        self.refresh()
        if sequence:
            self._schedule_graphics()

    def _schedule_graphics(self) -> None:
        """After the blank cells are painted; the timer covers drivers that skip after-refresh hooks."""
        self._emitted = None
        self.call_after_refresh(self.emit_graphics)
        self.set_timer(0.05, self.emit_graphics)

    def hide_graphics(self) -> None:
        """The picture is covered (another tab, screen or dialog): Kitty images must be deleted."""
        if self.protocol == "kitty":
            self._write(_kitty_clear())
        self._emitted = None

    def show_graphics(self) -> None:
        if self.sequence:
            self._schedule_graphics()

    def clear(self, caption: str = "") -> None:
        if self.protocol == "kitty":
            self._write(_kitty_clear())  # Kitty images stay over text until deleted
        self._image, self._strips, self._key, self.sequence, self.protocol = None, [], (), "", None
        self.caption = caption
        self.refresh()

    def on_unmount(self) -> None:
        if self.protocol == "kitty":
            self._write(_kitty_clear())
        self._image, self._strips, self.sequence, self.protocol = None, [], "", None

    # --------------------------------------------------------- zoom, pan
    def action_zoom(self, step: int) -> None:
        if self._image is None or self.sequence:
            return
        index = min(max(ZOOMS.index(self.zoom) + step, 0), len(ZOOMS) - 1)
        self.zoom = ZOOMS[index]
        self.refresh()

    def action_pan(self, dx: int, dy: int) -> None:
        if self.zoom == 1:
            return
        step = 0.5 / self.zoom
        self.centre = (min(max(self.centre[0] + dx * step, 0.0), 1.0),
                       min(max(self.centre[1] + dy * step, 0.0), 1.0))
        self.refresh()

    # ----------------------------------------------------------- drawing
    def _rows(self, width: int, height: int) -> list[Strip]:
        if self._image is None or self.sequence:
            return self._strips
        key = (width, height, self.zoom, self.centre, self.mono)
        if key != self._key:
            view = crop_view(self._image, self.zoom, self.centre)
            self._strips, self._key = image_to_strips(view, width, height, mono=self.mono), key
        return self._strips

    def render_line(self, y: int) -> Strip:
        width, height = self.content_region.width, self.content_region.height
        caption = self.caption + (f"  ×{self.zoom}" if self.zoom > 1 else "")
        if y == 0:
            return Strip([Segment(caption[:width])]).extend_cell_length(width)
        rows = self._rows(width, max(height - 1, 1))
        if y - 1 < len(rows):
            strip = rows[y - 1]
            pad = max((width - strip.cell_length) // 2, 0)
            return Strip([Segment(" " * pad), *strip]).crop_extend(0, width, None)
        return Strip.blank(width)

    def on_resize(self) -> None:
        if self.sequence:
            self._schedule_graphics()

    def emit_graphics(self) -> None:
        """Draw the graphics sequence over our (blank) cells, below the caption line."""
        import os

        from tui.widgets.graphics import place

        region = self.content_region
        if not self.sequence or not self.is_mounted or region.area == 0 or not self.screen.is_current:
            return
        key = (id(self.sequence), region)
        if key != self._emitted:  # once per picture and place
            self._emitted = key
            old = _kitty_clear() if self.protocol == "kitty" else ""  # never two pictures stacked
            self._write(old + place(self.sequence, region.x, region.y + 1, tmux="TMUX" in os.environ))

    def _write(self, data: str) -> None:
        driver = getattr(self.app, "_driver", None)  # Textual has no public raw-output call
        if driver is not None and data:
            driver.write(data)


def _kitty_clear() -> str:
    import os

    from tui.widgets.graphics import KITTY_CLEAR, place

    return place(KITTY_CLEAR, 0, 0, tmux="TMUX" in os.environ)
