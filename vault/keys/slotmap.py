"""Which keyslot index holds which role, kept inside the encrypted database.

The keyslot file cannot say this (slots are indistinguishable by design), yet
replacing a recovery key or removing a duress passphrase needs to know which
slot to overwrite. New slots go to a random free index.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vault.errors import VaultError
from vault.keys.keyslots import SLOT_COUNT, Role

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

KEY = "keyslots"


@dataclass
class SlotMap:
    roles: dict[int, Role] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> SlotMap:
        from sqlalchemy import text

        row = session.execute(text("SELECT value FROM settings WHERE key = :k"), {"k": KEY}).first()
        if row is None:
            return cls()
        return cls({int(k): Role(v) for k, v in json.loads(row[0]).items()})

    def save(self, session: Session) -> None:
        from sqlalchemy import text

        value = json.dumps({str(k): int(v) for k, v in sorted(self.roles.items())})
        session.execute(text("INSERT OR REPLACE INTO settings (key, value) VALUES (:k, :v)"),
                        {"k": KEY, "v": value})

    def assign(self, index: int, role: Role) -> SlotMap:
        self.roles[index] = role
        return self

    def release(self, index: int) -> SlotMap:
        self.roles.pop(index, None)
        return self

    def index_of(self, role: Role) -> int | None:
        return next((i for i, r in self.roles.items() if r is role), None)

    def count(self, role: Role) -> int:
        return sum(1 for r in self.roles.values() if r is role)

    def free_index(self) -> int:
        free = [i for i in range(SLOT_COUNT) if i not in self.roles]
        if not free:
            raise VaultError("all keyslots are in use; remove a passphrase first")
        return free[secrets.randbelow(len(free))]
