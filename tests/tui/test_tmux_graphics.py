"""A real terminal (tmux) with a graphics protocol forced: the page reaches the terminal at its own size.

tmux 3.3 draws neither Kitty images nor Sixel, so the test emulates a capable
terminal: the protocol is forced (``SPRAVKA_GRAPHICS``), tmux's ``pipe-pane``
records every byte the app writes, and the escape sequence is decoded back
into an image whose size and pixels are compared with the scan. Everything the
app sends is wrapped for tmux passthrough, as a user of kitty-in-tmux needs.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import init_vault, spravka
from tests.tui.graphics_decode import iterm2_image, kitty_image, sixel_image
from tests.tui.test_tmux import PASS, ROOT, Tmux

pytestmark = [pytest.mark.tui, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]

DECODERS = {"kitty": kitty_image, "sixel": sixel_image, "iterm2": iterm2_image}
SIZES = {"kitty": (875, 1240), "iterm2": (875, 1240), "sixel": (300, 420)}  # Sixel: a page that fits the box


def scan(path: Path, size: tuple[int, int]) -> Path:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle((20, 20, size[0] // 2, 60), fill=(0, 0, 0))
    draw.rectangle((size[0] // 2, size[1] - 80, size[0] - 20, size[1] - 20), fill=(30, 60, 200))
    img.save(path)
    return path


@pytest.mark.parametrize("protocol", ["kitty", "sixel", "iterm2"])
def test_forced_protocol_sends_the_page_at_its_own_resolution(tmp_path: Path, protocol: str) -> None:
    from PIL import Image

    vault = tmp_path / "vault"
    init_vault(vault, PASS)
    page = scan(tmp_path / "page.png", SIZES[protocol])
    res = spravka("import", str(page), "--passphrase-stdin", stdin=PASS + "\n", vault=vault)
    assert res.code == 0, res.err
    capture = tmp_path / "terminal-output"
    tmux = Tmux(f"spravka-gfx-{os.getpid()}-{protocol}")
    env = (f"env PYTHONPATH={ROOT} HOME={tmp_path} SPRAVKA_LANG=en TERM=xterm-256color "
           f"SPRAVKA_GRAPHICS={protocol}")
    cmd = f"sleep 1; cd {ROOT} && {env} {sys.executable} -m vault.cli.entry --vault {vault}; sleep 30"
    tmux("new-session", "-d", "-s", "t", "-x", "120", "-y", "40", cmd)
    try:
        tmux("pipe-pane", "-O", "-t", "t", f"cat > {capture}")
        tmux.wait_for("or recovery key")
        tmux("send-keys", "-t", "t", "-l", PASS)
        tmux("send-keys", "-t", "t", "Enter")
        tmux.wait_for("documents in the vault")
        tmux("send-keys", "-t", "t", "o")
        tmux.wait_for("Page 1 of 1")
        deadline = time.monotonic() + 20
        decoded = None
        while decoded is None and time.monotonic() < deadline:
            time.sleep(0.3)
            try:
                decoded = DECODERS[protocol](capture.read_bytes().decode("utf-8", "replace"))
            except (AssertionError, StopIteration, ValueError, OSError):
                decoded = None
        assert decoded is not None, "no graphics sequence reached the terminal"
        if protocol == "kitty":
            keys, decoded = decoded
            assert keys["t"] == "d"  # direct transmission: no file or shared memory named
        original = Image.open(page).convert("RGB")
        assert decoded.size == original.size  # the page at its own resolution
        if protocol == "sixel":  # a 64-colour palette: compare colours loosely
            for xy in ((30, 30), (original.width - 30, original.height - 30), (5, original.height // 2)):
                assert all(abs(a - b) <= 12 for a, b in zip(decoded.getpixel(xy), original.getpixel(xy),
                                                             strict=True)), xy
        else:
            assert decoded.convert("RGB").tobytes() == original.tobytes()
        tmux("send-keys", "-t", "t", "C-q")
    finally:
        tmux("kill-server")
