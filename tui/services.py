"""Blocking calls into ``vault`` that workers share (run in threads; never in the UI thread)."""

from __future__ import annotations

from typing import Any

SETTING_KEYS = ("auto_lock_minutes", "language", "panic_style", "panic_countdown_seconds", "auto_ocr",
                "preview_graphics", "ocr_interrupted")


def read_settings(vault: Any) -> dict[str, Any]:
    try:
        from vault.records.settings import get_setting
    except ImportError:
        return {}
    return {key: get_setting(vault, key, None) for key in SETTING_KEYS}


def load_documents(vault: Any) -> tuple[list[dict[str, Any]], Any]:
    """All document rows and the snapshot's links (for the conditions column)."""
    from vault.records.documents import list_rows
    from vault.records.snapshots import read_snapshot

    return list_rows(vault), read_snapshot(vault).links


def lawyer_note(info: dict[str, Any]) -> tuple[str | None, int]:
    return info.get("last_export"), int(info.get("changed_since_export") or 0)
