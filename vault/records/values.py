"""Plain values every record shares: validated dates and the write timestamp.

Kept below ``documents`` and ``text`` so neither has to import the other for them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from vault.errors import InvalidInput


def parse_date(value: str, field: str = "date") -> date | None:
    """Strict dates, ISO or Russian ДД.ММ.ГГГГ (2026-02-30 is an error, not March 2nd); empty clears."""
    value = value.strip()
    if not value:
        return None
    day, dot1, rest = value.partition(".")
    month, dot2, year = rest.partition(".")
    iso = f"{year}-{month.zfill(2)}-{day.zfill(2)}" if dot1 and dot2 and len(year) == 4 else value
    try:
        parsed = date.fromisoformat(iso)
    except ValueError:
        raise InvalidInput(f"{field}: '{value}' is not a valid date (DD.MM.YYYY or YYYY-MM-DD)") from None
    if not (1900 < parsed.year < 2200):
        raise InvalidInput(f"{field}: '{value}' is out of range")
    return parsed


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
