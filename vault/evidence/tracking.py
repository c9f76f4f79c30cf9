"""Russian Post tracking numbers (ШПИ) and their check digits.

A receipt with a mistyped tracking number proves nothing, so COR-01 checks the
check digit. Two formats `[C:ssvarentsov/TrackValidX]` `[C:python ШПИ generator]`:

* domestic, 14 digits: weights 3,1,3,1,… over digits 1–13,
  check = (10 − s mod 10) mod 10 (the final ``mod 10`` is from the Python
  generator; TrackValidX omits it and would produce "10");
* UPU S10, 13 characters ``AA12345678 9 RU``: weights 8,6,4,2,3,5,9,7 over the
  serial, c = 11 − s mod 11, with 10 → 0 and 11 → 5.

The formats are rule data (schema/rules/tracking.toml); ``DEFAULT_FORMATS`` is the
same data, used when no Rules object is at hand (tests pin them equal).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from vault.errors import InvalidInput
from vault.evidence import latin

ALGORITHMS = ("mod10", "mod11-s10")
_LATIN = latin.table({"У": "Y"})


@dataclass(frozen=True)
class TrackingFormat:
    """One identifier format: shape, weighted digits, where the check digit sits."""

    id: str
    label_ru: str
    label_en: str
    pattern: str
    algorithm: str
    weights: tuple[int, ...]
    body_start: int
    check_index: int
    source: str

    def check_digit(self, value: str) -> int:
        body = value[self.body_start : self.body_start + len(self.weights)]
        total = sum(int(d) * w for d, w in zip(body, self.weights, strict=True))
        if self.algorithm == "mod10":
            return (10 - total % 10) % 10
        c = 11 - total % 11
        return {10: 0, 11: 5}.get(c, c)


DEFAULT_FORMATS: tuple[TrackingFormat, ...] = (
    TrackingFormat(
        id="domestic",
        label_ru="ШПИ (14 цифр)",
        label_en="Domestic tracking number (14 digits)",
        pattern=r"[0-9]{14}",
        algorithm="mod10",
        weights=(3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3),
        body_start=0,
        check_index=13,
        source="[C:ssvarentsov/TrackValidX] [C:python ШПИ generator]",
    ),
    TrackingFormat(
        id="s10",
        label_ru="Международный номер UPU S10",
        label_en="International UPU S10 number",
        pattern=r"[A-Z]{2}[0-9]{8}[0-9][A-Z]{2}",
        algorithm="mod11-s10",
        weights=(8, 6, 4, 2, 3, 5, 9, 7),
        body_start=2,
        check_index=10,
        source="[C:ssvarentsov/TrackValidX] [C:python ШПИ generator]",
    ),
)


@dataclass(frozen=True)
class TrackingNumber:
    """A validated tracking number in canonical form."""

    format_id: str
    value: str


def normalize(raw: str) -> str:
    """Drop spaces and dashes, upper-case, fold Cyrillic look-alike letters."""
    return re.sub(r"[\s\-]", "", raw).upper().translate(_LATIN)


def parse_tracking(raw: str, formats: Sequence[TrackingFormat] = DEFAULT_FORMATS) -> TrackingNumber:
    """Validate shape and check digit; raise InvalidInput naming what is wrong."""
    value = normalize(raw)
    if not value:
        raise InvalidInput("tracking number is empty")
    for fmt in formats:
        if re.fullmatch(fmt.pattern, value):
            if int(value[fmt.check_index]) != fmt.check_digit(value):
                raise InvalidInput(f"tracking number {value} fails the {fmt.id} check digit")
            return TrackingNumber(fmt.id, value)
    raise InvalidInput(f"tracking number {value!r} is neither 14 digits nor UPU S10")


def is_valid_tracking(raw: str, formats: Sequence[TrackingFormat] = DEFAULT_FORMATS) -> bool:
    """Boolean form of :func:`parse_tracking`."""
    try:
        parse_tracking(raw, formats)
    except InvalidInput:
        return False
    return True


def complete_domestic(first13: str) -> str:
    """Append the check digit to 13 digits (for tests and the letter editor)."""
    fmt = DEFAULT_FORMATS[0]
    return first13 + str(fmt.check_digit(first13 + "0"))


def complete_s10(prefix: str, serial: str, country: str = "RU") -> str:
    """Build a valid S10 number from its parts."""
    fmt = DEFAULT_FORMATS[1]
    partial = f"{prefix}{serial}0{country}"
    return f"{prefix}{serial}{fmt.check_digit(partial)}{country}"
