"""The gap-report figure as the user meets it: read the snapshot from SQLCipher, then the engine.

The 1,000-document case of ``tests/unit/evidence/test_ev_perf.py`` is written
into a real vault, every field of it (documents with OCR text, links, summonses,
letters, the board date, profile and settings; the read-back must equal it); the
timed call is ``compute_report`` (``read_snapshot`` + ``compute_gaps``), the
same path as ``spravka gaps`` and the TUI dashboard after unlock.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
from dataclasses import asdict, fields, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from scripts.benchkit.model import Figure, at_most, info, timed

if TYPE_CHECKING:
    from vault.core import Vault
    from vault.evidence.snapshot import Snapshot

TODAY = date(2026, 5, 1)


def _col(value: object) -> object:
    """A snapshot value as its column value (dates ISO, flags 0/1, lists comma-joined)."""
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value)
    return value


def _row(value: object, rename: dict[str, str], skip: tuple[str, ...] = ()) -> dict[str, object]:
    return {rename.get(f.name, f.name): _col(getattr(value, f.name))
            for f in fields(value) if f.name not in skip}  # type: ignore[arg-type]


def store(vault: Vault, snap: Snapshot) -> None:
    """Write all of ``snap`` into the vault's tables, ids and every field kept.

    Everything the engine reads is stored (board date, profile, letter and document
    details), so the timed report runs the same checks as ``gap_engine_1000_docs_ms``.
    """
    from sqlalchemy import insert

    from vault.records.snapshots import PROFILE_KEY, SETTINGS_KEY
    from vault.records.values import now_iso
    from vault.storage import models as m

    docs = [{**_row(d, {}, ("text",)), "media_type": "image/jpeg", "size": 1,
             "sha256": d.sha256 or f"{d.id:064x}"} for d in snap.documents]
    p = snap.profile
    profile = {"name": p.name, "birth_date": _col(p.birth_date), "gender_scenario": p.gender_scenario,
               "marker_changed_on": _col(p.marker_changed_on),
               "file_lacks_records": p.file_lacks_records, "student": p.student}
    with vault.session() as s:
        for table, rows in (
            (m.DocumentRow, docs),
            (m.DocumentTextRow, [{"document_id": d.id, "source": "ocr", "text": d.text,
                                  "updated": now_iso()} for d in snap.documents if d.text]),
            (m.ConditionRow, [_row(c, {"primary": "is_primary"}) for c in snap.conditions]),
            (m.LinkRow, [{**_row(x, {}), "created": now_iso()} for x in snap.links]),
            (m.SummonsRow, [_row(x, {}, ("covering_document_ids",)) for x in snap.summonses]),
            (m.SummonsDocumentRow, [{"summons_id": x.id, "document_id": d}
                                    for x in snap.summonses for d in x.covering_document_ids]),
            (m.LetterRow, [_row(x, {}, ("enclosed_document_ids",)) for x in snap.letters]),
            (m.LetterDocumentRow, [{"letter_id": x.id, "document_id": d}
                                   for x in snap.letters for d in x.enclosed_document_ids]),
            (m.BoardDateRow, [_row(x, {"on": "on_date"}) for x in snap.board_dates]),
            (m.Setting, [{"key": SETTINGS_KEY, "value": json.dumps(asdict(snap.settings))},
                         {"key": PROFILE_KEY, "value": json.dumps(profile)}]),
        ):
            if rows:
                s.execute(insert(table), rows)


def gap_figures(quick: bool) -> list[Figure]:
    from tests.helpers import make_vault
    from vault.evidence.gaps import compute_gaps
    from vault.evidence.rules import load_rules
    from vault.records.report import compute_report
    from vault.records.snapshots import board_date_for, read_snapshot

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "unit" / "evidence"))
    from test_ev_perf import big  # type: ignore[import-not-found]

    snap, rules = big(), load_rules()
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        vault = make_vault(Path(tmp) / "v")
        try:
            store(vault, snap)
            expected = replace(snap, documents=tuple(
                replace(d, sha256=d.sha256 or f"{d.id:064x}") for d in snap.documents))
            if read_snapshot(vault) != expected:  # every field round-trips, order included
                raise RuntimeError("the stored snapshot does not match the generated one")
            compute_report(vault, TODAY, rules)  # warm: the connection's page cache
            # The rules are loaded once and passed in, as the TUI dashboard does (tui.model.rules);
            # before, compute_report parsed the rule TOML files on every call (~10 ms of the figure).
            runs = [timed(lambda: compute_report(vault, TODAY, rules)) for _ in range(5 if quick else 9)]
            reads = [timed(lambda: read_snapshot(vault)) for _ in range(5 if quick else 9)]
        finally:
            vault.lock()
    # The report's own workload: the snapshot as stored (hashes filled in) and the board
    # date compute_report picks. A fresh copy per run: Document caches effective_date,
    # so a re-used snapshot would time every run after the first without that work.
    board = board_date_for(expected, TODAY)
    copies = [replace(expected, documents=tuple(replace(d) for d in expected.documents))
              for _ in range(9)]
    engine = [timed(lambda s=s: compute_gaps(s, board, TODAY, rules)) for s in copies]
    return [
        at_most("gap_report_1000_docs_ms", statistics.median(runs) * 1000, "ms", 20,
                "read_snapshot from SQLCipher + compute_gaps (compute_report, rules loaded once as in the TUI)"),
        info("gap_engine_1000_docs_ms", statistics.median(engine) * 1000, "ms",
             "compute_gaps alone on an in-memory copy of the stored snapshot, same board date"),
        info("gap_read_1000_docs_ms", statistics.median(reads) * 1000, "ms",
             "read_snapshot alone: the report's other part"),
    ]
