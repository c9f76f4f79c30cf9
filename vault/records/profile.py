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


PROFILE_FIELDS = ("name", "birth_date", "gender_scenario", "marker_changed_on", "file_lacks_records", "student")


def profile_values(values: Mapping[str, str]) -> dict[str, Any]:
    """Validate profile edits. The gender scenario is only ever what the user types here:
    the vault never infers it from documents, and exports omit it unless ticked."""
    from vault.evidence.snapshot import GENDER_SCENARIOS
    from vault.records.documents import flag

    out: dict[str, Any] = {}
    for name, raw in values.items():
        if name == "name":
            out[name] = raw.strip()
        elif name in ("birth_date", "marker_changed_on"):
            parsed = parse_date(raw, name)
            out[name] = parsed.isoformat() if parsed else None
        elif name == "gender_scenario":
            value = raw.strip() or "none"
            if value not in GENDER_SCENARIOS:
                raise InvalidInput(f"gender_scenario: '{raw}' is not one of {', '.join(GENDER_SCENARIOS)}")
            out[name] = value
        elif name in ("file_lacks_records", "student"):
            value = flag(name, raw)
            out[name] = None if value is None else bool(value)
        else:
            raise InvalidInput(f"unknown profile field '{name}'; known: {', '.join(PROFILE_FIELDS)}")
    return out


def set_profile(vault: Vault, values: Mapping[str, str]) -> dict[str, Any]:
    changes = profile_values(values)
    data = {**_load(vault, PROFILE_KEY), **changes}
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
        elif name == "ags_target_period" and raw.strip():
            data[name] = _dispatch_period(raw.strip())
        else:
            data[name] = raw.strip() or None
    Settings(**data)  # the gap engine must be able to read it back
    _save(vault, SETTINGS_KEY, data)
    return data


def _dispatch_period(raw: str) -> str:
    """``2027-spring``; anything else is refused with the valid seasons (exit 9 in the CLI)."""
    from vault.evidence.dates import dispatch_period
    from vault.evidence.rules import load_rules

    windows = dict(load_rules().periods.dispatch)
    try:
        return dispatch_period(raw, windows).id
    except InvalidInput:
        raise InvalidInput(f"ags_target_period: '{raw}' is not a dispatch period; valid: YEAR-"
                           + " or YEAR-".join(sorted(windows)) + " (e.g. 2027-spring)") from None


def get_evidence_settings(vault: Vault) -> dict[str, Any]:
    from dataclasses import asdict

    from vault.evidence.snapshot import Settings

    return asdict(Settings(**_load(vault, SETTINGS_KEY)))
