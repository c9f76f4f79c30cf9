"""ICD-10 codes as clinics actually type them.

Russian clinics write codes on Cyrillic keyboards, so "J45.0" often arrives as
"Ј45.0" or "М21.4" with Cyrillic letters that look Latin. We fold those
look-alikes to Latin before validating against the ICD-10 shape (letters A–T
and V–Z; U is reserved for special codes and is rejected as a typo).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from vault.errors import InvalidInput
from vault.evidence import latin

_PATTERN = re.compile(r"^[A-TV-Z][0-9]{2}(\.[0-9]{1,2})?$")
_LOOKALIKES = latin.table({"Ј": "J"}, lower=True)
_SEPARATORS = re.compile(r"[,;\s]+")


def normalize(code: str) -> str:
    """Strip spaces, fold Cyrillic look-alikes to Latin, upper-case."""
    return "".join(code.split()).translate(_LOOKALIKES).upper()


def is_valid(code: str) -> bool:
    """True when the code is well formed after normalisation."""
    return _PATTERN.fullmatch(normalize(code)) is not None


def is_valid_normalized(value: str) -> bool:
    """Shape check only, for values already passed through :func:`normalize`."""
    return _PATTERN.fullmatch(value) is not None


def parse(code: str) -> str:
    """Normalise and validate one code; raise InvalidInput when malformed."""
    value = normalize(code)
    if _PATTERN.fullmatch(value) is None:
        raise InvalidInput(f"malformed ICD-10 code: {code.strip()!r} (expected e.g. J45.0)")
    return value


def parse_list(text: str) -> tuple[str, ...]:
    """Parse "J45.0, J30.1; M21.4" into normalised codes, keeping order, no duplicates."""
    out: list[str] = []
    for item in _SEPARATORS.split(text.strip()):
        if item:
            code = parse(item)
            if code not in out:
                out.append(code)
    return tuple(out)


def block(code: str) -> str:
    """The three-character category ("J45" for "J45.0")."""
    return normalize(code)[:3]


def matches_prefix(code: str, prefixes: Iterable[str]) -> bool:
    """True when the normalised code starts with one of ``prefixes``."""
    value = normalize(code)
    return any(value.startswith(p) for p in prefixes)


def expand_range(spec: str) -> tuple[str, ...]:
    """Expand "J45-J46" to ("J45", "J46"); a single prefix stays as is.

    Raises InvalidInput for malformed specs or ranges across letters.
    """
    value = normalize(spec).replace("–", "-")
    if "-" not in value:
        if not re.fullmatch(r"[A-Z][0-9]{2}(\.[0-9]{1,2})?", value):
            raise InvalidInput(f"bad ICD-10 prefix: {spec!r}")
        return (value,)
    first, _, last = value.partition("-")
    if not (re.fullmatch(r"[A-Z][0-9]{2}", first) and re.fullmatch(r"[A-Z][0-9]{2}", last)):
        raise InvalidInput(f"bad ICD-10 range: {spec!r}")
    if first[0] != last[0] or int(first[1:]) > int(last[1:]):
        raise InvalidInput(f"bad ICD-10 range: {spec!r}")
    return tuple(f"{first[0]}{n:02d}" for n in range(int(first[1:]), int(last[1:]) + 1))
