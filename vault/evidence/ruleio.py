"""Strict reading of TOML rule tables.

Rule data is edited by hand, so every mistake must be reported with the file
and the exact field ("articles[3].subitems[0].terms: expected list of strings")
instead of surfacing later as a wrong gap. A :class:`Node` wraps one table,
hands out typed values and, on :meth:`Node.close`, rejects keys nobody asked for.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path

from vault.errors import RuleDataError

_MISSING = object()


class Node:
    """One TOML table being read; remembers which keys were consumed."""

    def __init__(self, data: Mapping[str, object], file: str, path: str = "") -> None:
        self._data = data
        self._file = file
        self._path = path
        self._used: set[str] = set()

    def fail(self, key: str | None, problem: str) -> RuleDataError:
        where = self._field(key) if key is not None else (self._path or "(top level)")
        return RuleDataError(f"{self._file}: {where}: {problem}")

    def _field(self, key: str) -> str:
        return f"{self._path}.{key}" if self._path else key

    def _get(self, key: str, default: object) -> object:
        self._used.add(key)
        if key in self._data:
            return self._data[key]
        if default is _MISSING:
            raise self.fail(key, "missing field")
        return default

    def text(self, key: str, default: object = _MISSING, *, nonempty: bool = True) -> str:
        value = self._get(key, default)
        if not isinstance(value, str):
            raise self.fail(key, "expected string")
        if nonempty and key in self._data and not value.strip():
            raise self.fail(key, "must not be empty")
        return value

    def optional_text(self, key: str) -> str | None:
        if key not in self._data:
            self._used.add(key)
            return None
        return self.text(key)

    def integer(self, key: str, default: object = _MISSING, *, minimum: int = 0) -> int:
        value = self._get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, "expected integer")
        if value < minimum:
            raise self.fail(key, f"must be >= {minimum}")
        return value

    def number(self, key: str, default: object = _MISSING) -> float | None:
        """An int or float; ``default`` (usually None) when the key is absent."""
        value = self._get(key, default)
        if value is None and key not in self._data:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, "expected a number")
        return float(value)

    def boolean(self, key: str, default: object = _MISSING) -> bool:
        value = self._get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "expected true or false")
        return value

    def day(self, key: str) -> date:
        value = self._get(key, _MISSING)
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise self.fail(key, f"bad date {value!r} (expected YYYY-MM-DD)") from None
        if not isinstance(value, date) or hasattr(value, "hour"):
            raise self.fail(key, "expected a date (YYYY-MM-DD)")
        return value

    def month_day(self, key: str) -> tuple[int, int]:
        value = self.text(key)
        match = re.fullmatch(r"(\d{2})-(\d{2})", value)
        if match is None:
            raise self.fail(key, f"bad month-day {value!r} (expected MM-DD)")
        month, day_ = int(match.group(1)), int(match.group(2))
        try:
            date(2024, month, day_)  # leap year: accepts 02-29
        except ValueError:
            raise self.fail(key, f"bad month-day {value!r} (no such date)") from None
        return month, day_

    def strings(self, key: str, default: object = _MISSING, *, nonempty: bool = False) -> tuple[str, ...]:
        value = self._get(key, default)
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(key, "expected list of strings")
        if nonempty and not value:
            raise self.fail(key, "must not be empty")
        return tuple(value)

    def integers(self, key: str) -> tuple[int, ...]:
        value = self._get(key, _MISSING)
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        ):
            raise self.fail(key, "expected non-empty list of integers")
        return tuple(value)

    def table(self, key: str) -> Node:
        value = self._get(key, _MISSING)
        if not isinstance(value, dict):
            raise self.fail(key, "expected table")
        return Node(value, self._file, self._field(key))

    def tables(self, key: str, default: object = _MISSING) -> Iterator[Node]:
        value = self._get(key, default)
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(key, "expected array of tables")
        for i, item in enumerate(value):
            yield Node(item, self._file, f"{self._field(key)}[{i}]")

    def keys(self) -> tuple[str, ...]:
        return tuple(self._data)

    def close(self) -> None:
        """Reject keys that no reader asked for (typos would otherwise be ignored)."""
        unknown = sorted(set(self._data) - self._used)
        if unknown:
            raise self.fail(unknown[0], "unknown field")


def read_toml(path: Path, display: str) -> Node:
    """Parse one file; syntax errors and missing files become RuleDataError."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise RuleDataError(f"{display}: file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleDataError(f"{display}: invalid TOML: {exc}") from None
    return Node(data, display)
