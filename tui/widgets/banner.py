"""The full-width panic warning shown after the first Ctrl+X: a stray key never wipes unseen."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from tui.i18n import _


class PanicWarning(Static):
    DEFAULT_CSS = """
    PanicWarning {
        dock: top;
        width: 100%;
        height: 3;
        content-align: center middle;
        text-style: bold;
        background: $error;
        color: $text;
    }
    """


def show_panic_warning(screen: Any, seconds: float) -> None:
    """Mount the warning on ``screen`` for ``seconds`` (replacing one already shown)."""
    for old in screen.query(PanicWarning):
        old.remove()
    text = _("Press Ctrl+X again within {n} s to destroy the vault").format(n=f"{seconds:g}")
    banner = PanicWarning(text, id="panic-warning")
    screen.mount(banner)
    screen.set_timer(seconds, banner.remove)
