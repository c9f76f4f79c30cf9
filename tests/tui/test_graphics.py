"""Graphics-protocol encoders: the escape sequence carries the page's own pixels (issue 17)."""

from __future__ import annotations

import pytest

from tests.tui.graphics_decode import iterm2_image, kitty_image, sixel_image
from tui.widgets import graphics


def page(w: int = 301, h: int = 421) -> object:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle((10, 10, w // 2, 40), fill=(0, 0, 0))
    draw.rectangle((w // 2, h - 60, w - 10, h - 10), fill=(200, 30, 30))
    return img


def test_kitty_sends_the_page_at_its_own_resolution_in_small_chunks() -> None:
    img = page(1240, 1754)
    seq = graphics.encode("kitty", img, (60, 40))  # type: ignore[arg-type]
    keys, decoded = kitty_image(seq)
    assert decoded.size == (1240, 1754)
    assert decoded.convert("RGB").tobytes() == img.tobytes()  # type: ignore[attr-defined]
    assert keys["a"] == "T" and keys["f"] == "100" and keys["t"] == "d"  # direct: no file, no shm
    assert int(keys["c"]) <= 60 and int(keys["r"]) <= 40
    payloads = [p for p in seq.split("\x1b\\") if p]
    assert len(payloads) > 1 and all(len(p.partition(";")[2]) <= 4096 for p in payloads)


def test_iterm2_sends_the_page_at_its_own_resolution() -> None:
    img = page(800, 1100)
    decoded = iterm2_image(graphics.encode("iterm2", img, (50, 30)))  # type: ignore[arg-type]
    assert decoded.size == (800, 1100)
    assert decoded.convert("RGB").tobytes() == img.tobytes()  # type: ignore[attr-defined]


def test_sixel_round_trips_a_page_that_fits_at_native_size() -> None:
    img = page()
    decoded = sixel_image(graphics.encode("sixel", img, (80, 40)))  # type: ignore[arg-type]
    assert decoded.size == (301, 421)
    for xy, colour in (((20, 20), (0, 0, 0)), ((250, 400), (200, 30, 30)), ((5, 200), (255, 255, 255))):
        assert all(abs(a - b) <= 12 for a, b in zip(decoded.getpixel(xy), colour, strict=True)), xy


def test_sixel_reduces_a_page_larger_than_the_box() -> None:
    decoded = sixel_image(graphics.encode("sixel", page(3000, 4000), (40, 30)))  # type: ignore[arg-type]
    assert decoded.width <= 40 * graphics.CELL_PX[0] and decoded.height <= 30 * graphics.CELL_PX[1]


@pytest.mark.parametrize(("env", "setting", "expected"), [
    ({"TERM": "xterm-kitty"}, None, "kitty"),
    ({"TERM": "xterm-kitty", "TMUX": "/tmp/x"}, None, None),  # tmux: only when forced
    ({"TERM": "screen", "SPRAVKA_GRAPHICS": "sixel"}, None, "sixel"),
    ({"TERM_PROGRAM": "WezTerm"}, None, "iterm2"),
    ({"TERM": "foot"}, None, "sixel"),
    ({"TERM": "xterm-256color"}, None, None),
    ({"TERM": "xterm-kitty"}, "none", None),
    ({"TERM": "xterm-256color"}, "kitty", "kitty"),
])
def test_detection_is_conservative_and_can_be_forced(env: dict[str, str], setting: str | None,
                                                     expected: str | None) -> None:
    assert graphics.detect(env, setting) == expected


def test_tmux_passthrough_wraps_and_unwraps() -> None:
    seq = graphics.encode("kitty", page(50, 50), (10, 10))  # type: ignore[arg-type]
    wrapped = graphics.place(seq, 3, 4, tmux=True)
    assert wrapped.startswith("\x1b7\x1b[5;4H\x1bPtmux;")
    assert kitty_image(wrapped)[1].size == (50, 50)
