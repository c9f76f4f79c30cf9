"""Document titles and page rotation: how a document is shown, never what it is.

A title the user typed wins; otherwise one is built from kind + issued date +
facility, so a list of scans can be told apart before anyone types a word.
Rotation is a view transform ({page: degrees} as JSON on the row): the stored
original and its SHA-256 never change, and the export turns the page instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from vault.errors import InvalidInput, NotFound
from vault.records.values import now_iso
from vault.storage import audit

if TYPE_CHECKING:
    from vault.core import Vault

DEGREES = (90, 180, 270)


def default_title(kind_label: str, issued: str | None, facility: str) -> str:
    """``Kind · 12.03.2026 · Facility`` (parts that are unknown are left out)."""
    parts = [kind_label]
    if issued:
        y, m, d = issued.split("-")
        parts.append(f"{d}.{m}.{y}")
    if facility.strip():
        parts.append(facility.strip())
    return " · ".join(parts)


def kind_labels(lang: str = "ru") -> Callable[[str], str]:
    """Kind id -> label in ``lang``; rule data is read once per call of this function."""
    from vault.evidence.rules import load_rules

    kinds = load_rules().kinds

    def label(kind: str) -> str:
        k = kinds.get(kind)
        return (k.label_ru if lang == "ru" else k.label_en) if k else kind

    return label


def rotations(raw: str) -> dict[int, int]:
    """Parse the stored ``rotation`` column: page index (0-based) -> 90, 180 or 270."""
    if not raw:
        return {}
    try:
        data = json.loads(raw)
        return {int(k): int(v) for k, v in data.items() if int(v) % 360}
    except (ValueError, TypeError, AttributeError):
        return {}  # a damaged view transform must never hide the document itself


def rotate(vault: Vault, doc_id: int, page: int, degrees: int) -> dict[int, int]:
    """Turn page ``page`` (0-based) clockwise by ``degrees`` more; return every page's rotation."""
    from vault.storage.models import DocumentRow

    if degrees not in DEGREES:
        raise InvalidInput("degrees must be 90, 180 or 270")
    with vault.session() as s:
        row = s.get(DocumentRow, doc_id)
        if row is None:
            raise NotFound(f"no document with id {doc_id}")
        if not 0 <= page < max(1, row.page_count or 1):
            raise InvalidInput(f"page must be between 1 and {max(1, row.page_count or 1)}")
        turns = rotations(row.rotation)
        turns[page] = (turns.get(page, 0) + degrees) % 360
        turns = {p: d for p, d in sorted(turns.items()) if d}
        row.rotation = json.dumps({str(p): d for p, d in turns.items()}) if turns else ""
        row.updated = now_iso()  # the lawyer's copy no longer shows the page as it is now
        audit.append(s, "document.rotated", {"document": doc_id, "page": page + 1,
                                             "degrees": turns.get(page, 0)})
        return turns
