"""User settings stored inside the encrypted vault (JSON values in ``settings``).

Only settings that must be known before unlock (none today) would live
outside; auto-lock, language and panic style are vault metadata and stay
encrypted.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vault.core import Vault

DEFAULTS: dict[str, Any] = {
    "auto_lock_minutes": 5,
    "language": None,
    "panic_style": "double-key",  # or "countdown"
    "panic_countdown_seconds": 5,
    "panic_message": "",
    "auto_ocr": True,  # read text of new documents in the background after an import
    "preview_graphics": "auto",  # or "none", "kitty", "sixel", "iterm2"
    "ocr_interrupted": False,  # a background OCR run was stopped: resume it at the next unlock
}
RESERVED = {"keyslots", "profile", "evidence_settings", "key_spares"}


def get_setting(vault: Vault, key: str, default: Any = None) -> Any:
    from vault.storage.models import Setting

    with vault.session() as s:
        row = s.get(Setting, key)
        if row is None:
            return DEFAULTS.get(key, default) if default is None else default
        return json.loads(row.value)


def set_setting(vault: Vault, key: str, value: Any) -> None:
    from vault.storage import audit
    from vault.storage.models import Setting

    if key in RESERVED:
        raise ValueError(f"{key} is managed by the vault")
    with vault.session() as s:
        s.merge(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
        audit.append(s, "settings.changed", {"key": key})
