"""The gap-report figure as the user meets it: read the snapshot from SQLCipher, then the engine.

The 1,000-document case of ``tests/unit/evidence/test_ev_perf.py`` is written
into a real vault (documents with OCR text, links, summonses, letters); the
timed call is ``compute_report`` (``read_snapshot`` + ``compute_gaps``), the
same path as ``spravka gaps`` and the TUI dashboard after unlock.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from scripts.benchkit.model import Figure, at_most, info, timed

if TYPE_CHECKING:
    from vault.core import Vault
    from vault.evidence.snapshot import Snapshot

TODAY = date(2026, 5, 1)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def store(vault: Vault, snap: Snapshot) -> None:
    """Write ``snap`` into the vault's tables, ids kept."""
    from vault.records.snapshots import SETTINGS_KEY
    from vault.records.values import now_iso
    from vault.storage import models as m

    with vault.session() as s:
        for d in snap.documents:
            s.add(m.DocumentRow(id=d.id, kind=d.kind, issued=_iso(d.issued), added=now_iso(),
                                media_type="image/jpeg", size=1, sha256=d.sha256 or f"{d.id:064x}",
                                page_count=d.page_count, facility=d.facility, icd10=",".join(d.icd10),
                                diagnosis=d.diagnosis, wording=d.wording, tracking=d.tracking,
                                period_start=_iso(d.period_start), period_end=_iso(d.period_end)))
        s.flush()
        s.add_all(m.DocumentTextRow(document_id=d.id, source="ocr", text=d.text, updated=now_iso())
                  for d in snap.documents if d.text)
        s.add_all(m.ConditionRow(id=c.id, icd10=c.icd10, article=c.article, subitem=c.subitem,
                                 is_primary=int(c.primary)) for c in snap.conditions)
        s.flush()
        s.add_all(m.LinkRow(document_id=x.document_id, condition_id=x.condition_id,
                            element=x.element, created=now_iso()) for x in snap.links)
        s.add_all(m.SummonsRow(id=x.id, appear_on=x.appear_on.isoformat(), purpose=x.purpose,
                               channel=x.channel, placed=_iso(x.placed), received=_iso(x.received),
                               attended=None if x.attended is None else int(x.attended))
                  for x in snap.summonses)
        s.flush()
        s.add_all(m.LetterRow(id=x.id, purpose=x.purpose, sent=x.sent.isoformat(), tracking=x.tracking,
                              receipt_document_id=x.receipt_document_id, status=x.status,
                              delivered=_iso(x.delivered), related_summons_id=x.related_summons_id)
                  for x in snap.letters)
        s.add(m.Setting(key=SETTINGS_KEY, value=json.dumps({"ags_target_period":
                                                            snap.settings.ags_target_period})))


def gap_figures(quick: bool) -> list[Figure]:
    from tests.helpers import make_vault
    from vault.evidence.gaps import compute_gaps
    from vault.evidence.rules import load_rules
    from vault.records.report import compute_report
    from vault.records.snapshots import read_snapshot

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "unit" / "evidence"))
    from test_ev_perf import big  # type: ignore[import-not-found]

    snap, rules = big(), load_rules()
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        vault = make_vault(Path(tmp) / "v")
        try:
            store(vault, snap)
            stored = read_snapshot(vault)
            if (len(stored.documents), len(stored.links), stored.settings) != (
                    1000, len(snap.links), snap.settings):
                raise RuntimeError("the stored snapshot does not match the generated one")
            compute_report(vault, TODAY)  # warm: rule data cached as in a running app
            runs = [timed(lambda: compute_report(vault, TODAY)) for _ in range(5 if quick else 9)]
        finally:
            vault.lock()
    engine = [timed(lambda: compute_gaps(snap, date(2026, 6, 1), TODAY, rules)) for _ in range(9)]
    return [
        at_most("gap_report_1000_docs_ms", statistics.median(runs) * 1000, "ms", 20,
                "read_snapshot from SQLCipher + compute_gaps (compute_report)"),
        info("gap_engine_1000_docs_ms", statistics.median(engine) * 1000, "ms",
             "compute_gaps alone on the in-memory snapshot"),
    ]
