"""Evidence data for backup tests and fixtures, built through the public vault API,
and a full, comparable picture of a vault (so a round trip can be checked field by field)."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vault.core import Vault


def write_inputs(folder: Path, tag: str = "") -> list[Path]:
    """Three small, valid inputs (JPEG, PNG, PDF), distinct per ``tag``."""
    from PIL import Image, ImageDraw

    from tests.corpus.make_corpus import cyrillic_pdf

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, fmt in (("scan.jpg", "JPEG"), ("photo.png", "PNG")):
        im = Image.new("RGB", (160, 120), (240, 240, 230))
        ImageDraw.Draw(im).text((10, 10), f"{name} {tag}", fill=(0, 0, 0))
        buf = io.BytesIO()
        im.save(buf, fmt)
        (folder / name).write_bytes(buf.getvalue())
        paths.append(folder / name)
    (folder / "extract.pdf").write_bytes(cyrillic_pdf(2) + f"% {tag}\n".encode())
    paths.append(folder / "extract.pdf")
    return paths


def populate(vault: Vault, folder: Path, tag: str = "") -> list[int]:
    """Documents, a condition with links, a summons, a letter, a board date."""
    from vault.importing.pipeline import import_files
    from vault.records import conditions as records
    from vault.records import documents, events

    results = list(import_files(vault, write_inputs(folder, tag)))
    ids = [r.document_id for r in results if r.status == "imported"]
    assert len(ids) == 3, [r.reason for r in results]
    documents.set_fields(vault, ids[0], {"kind": "outpatient_record", "issued": "2025-03-01",
                                         "facility": "Городская поликлиника № 3"})
    documents.set_fields(vault, ids[2], {"kind": "record_extract", "issued": "2025-11-20"})
    cond = records.add_condition(vault, {"icd10": "J45.0", "article": "52", "primary": "yes"})
    records.link(vault, ids[0], cond["id"], "history")
    records.link(vault, ids[2], cond["id"], "current")
    summons = events.add_summons(vault, {"appear_on": "2026-05-10", "received": "2026-05-01",
                                         "channel": "mail", "purpose": "medical"}, (ids[1],))
    events.add_letter(vault, {"purpose": "ags", "sent": "2026-04-01", "tracking": "80081234567890",
                              "receipt": str(ids[1]), "summons": str(summons["id"])})
    events.set_board_date(vault, "2026-06-15")
    return ids


def picture(vault: Vault) -> dict[str, Any]:
    """Everything a user would miss: rows, links, events, document bytes, the audit log."""
    from vault.records import conditions as records
    from vault.records import events
    from vault.records.documents import iter_chunks, list_rows
    from vault.storage import audit

    docs = []
    for row in list_rows(vault):
        digest = hashlib.sha256()
        for chunk in iter_chunks(vault, row["id"]):
            digest.update(chunk)
        docs.append({**row, "content_sha256": digest.hexdigest()})
    with vault.session() as s:
        log = [(e.seq, e.at, e.action, e.detail, e.hash) for e in audit.entries(s)]
    return {"documents": docs, "conditions": records.list_conditions(vault),
            "links": _links(vault), "summonses": events.list_summonses(vault),
            "letters": events.list_letters(vault), "boards": events.list_board_dates(vault),
            "audit": log}


def _links(vault: Vault) -> list[tuple[Any, ...]]:
    from sqlalchemy import select

    from vault.storage.models import LinkRow

    with vault.session() as s:
        return sorted(tuple(r) for r in s.execute(
            select(LinkRow.document_id, LinkRow.condition_id, LinkRow.element, LinkRow.source)))
