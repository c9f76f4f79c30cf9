"""Proven-equivalent mutants (``equivalent.toml``): excluded from the score, each with its reason.

A mutant is named by module, operator and the stripped source line, so the
list survives unrelated edits; an entry whose line no longer exists is stale
and reported, never silently kept.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

FILE = Path(__file__).with_name("equivalent.toml")


class Named(Protocol):
    module: str
    operator: str
    source: str


@dataclass(frozen=True)
class Equivalents:
    entries: dict[tuple[str, str, str], str]
    anywhere: dict[str, str]  # source line -> reason, in every module and for every operator

    @classmethod
    def load(cls, path: Path = FILE) -> Equivalents:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        entries = {}
        for item in data.get("mutant", []):
            if not item.get("reason", "").strip():
                raise ValueError(f"{path.name}: an equivalent mutant without a reason: {item}")
            entries[(item["module"], item["operator"], item["source"].strip())] = item["reason"]
        anywhere = {item["source"].strip(): item["reason"] for item in data.get("line", [])}
        return cls(entries, anywhere)

    def reason(self, mutant: Named) -> str | None:
        found = self.entries.get((mutant.module, mutant.operator, mutant.source))
        return found if found is not None else self.anywhere.get(mutant.source)

    def stale(self, root: Path) -> list[str]:
        """Entries whose source line is no longer in their module."""
        out = []
        for module, _operator, source in self.entries:
            lines = {line.strip() for line in (root / module).read_text(encoding="utf-8").splitlines()}
            if source not in lines:
                out.append(f"{module}: {source}")
        return out
