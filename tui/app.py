"""Placeholder; replaced by the TUI issue."""
from __future__ import annotations
from pathlib import Path


def run_app(vault_dir: Path) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Input, Label

    class Unlock(App[None]):
        def compose(self) -> ComposeResult:
            yield Label(f"Vault: {vault_dir}")
            yield Input(password=True, placeholder="Passphrase")

    Unlock().run()
