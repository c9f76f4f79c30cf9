"""The user's profile (for identity checks) and the evidence thresholds they may tune.

Both are JSON values in the encrypted ``settings`` table; ``vault.records.snapshots``
reads them into ``Profile`` and ``Settings`` for the gap engine.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from vault.errors import InvalidInput
from vault.records.snapshots import PROFILE_KEY, SETTINGS_KEY
from vault.records.values import parse_date
from vault.storage import audit

if TYPE_CHECKING:
    from vault.core import Vault


def _load(vault: Vault, key: str) -> dict[str, Any]:
    from vault.storage.models import Setting

    with vault.session() as s:
        row = s.get(Setting, key)
        return json.loads(row.value) if row else {}


def _save(vault: Vault, key: str, value: dict[str, Any]) -> None:
    from vault.storage.models import Setting

    with vault.session() as s:
        s.merge(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
        audit.append(s, "settings.changed", {"key": key})


def set_profile(vault: Vault, values: Mapping[str, str]) -> dict[str, Any]:
    data = _load(vault, PROFILE_KEY)
    for name, raw in values.items():
        if name == "name":
            data["name"] = raw.strip()
        elif name == "birth_date":
            parsed = parse_date(raw, "birth_date")
            data["birth_date"] = parsed.isoformat() if parsed else None
        else:
            raise InvalidInput(f"unknown profile field '{name}'; known: name, birth_date")
    _save(vault, PROFILE_KEY, data)
    return data


def get_profile(vault: Vault) -> dict[str, Any]:
    return {"name": "", "birth_date": None, **_load(vault, PROFILE_KEY)}


def set_evidence_settings(vault: Vault, values: Mapping[str, str]) -> dict[str, Any]:
    """Thresholds are product defaults, not law; the user may change them."""
    from vault.evidence.snapshot import Settings

    known = {f.name: f for f in fields(Settings)}
    data = _load(vault, SETTINGS_KEY)
    for name, raw in values.items():
        if name not in known:
            raise InvalidInput(f"unknown setting '{name}'; known: {', '.join(known)}")
        if name.endswith(("_months", "_days")):
            try:
                number = int(raw)
            except ValueError:
                raise InvalidInput(f"{name}: expected a whole number, got '{raw}'") from None
            if not 0 < number <= 120:
                raise InvalidInput(f"{name}: {number} is out of range (1-120)")
            data[name] = number
        else:
            data[name] = raw.strip() or None
    Settings(**data)  # the gap engine must be able to read it back
    _save(vault, SETTINGS_KEY, data)
    return data


def get_evidence_settings(vault: Vault) -> dict[str, Any]:
    from dataclasses import asdict

    from vault.evidence.snapshot import Settings

    return asdict(Settings(**_load(vault, SETTINGS_KEY)))
