"""Snapshot tests reuse the TUI fixtures (demo vault, fixed clock)."""

from tests.tui.conftest import demo_template, demo_vault, english_after  # noqa: F401
