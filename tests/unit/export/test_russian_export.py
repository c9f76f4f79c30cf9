"""The Russian lawyer's copy: severities in Russian, the diagnosis once, one date format, honest manifest."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from tests.helpers import make_vault


def test_russian_cover_and_manifest(tmp_path: Path) -> None:
    import pikepdf
    import pypdfium2 as pdfium

    from vault.demo import SAMPLES, write_samples
    from vault.export.lawyer import ExportRequest, run_export
    from vault.importing.pipeline import ImportOptions, import_files
    from vault.records import conditions, events

    vault = make_vault(tmp_path / "v")
    try:
        [path] = write_samples(tmp_path / "in", SAMPLES[1:2])
        list(import_files(vault, [path], ImportOptions(kind="specialist_conclusion")))
        from vault.records.documents import set_fields

        set_fields(vault, 1, {"issued": "2026-09-01"})
        cond = conditions.add_condition(vault, {"icd10": "J45.0", "article": "52", "primary": "yes"})
        conditions.link(vault, 1, cond["id"], "current")
        events.add_summons(vault, {"appear_on": "2026-12-01"})
        events.set_board_date(vault, "2027-03-01")
        out = tmp_path / "lawyer.pdf"
        result = run_export(vault, ExportRequest(out=out, lang="ru"), today=date(2026, 10, 1))
    finally:
        vault.lock()
    doc = pdfium.PdfDocument(str(out), password=result.password)
    cover = "\n".join(doc[i].get_textpage().get_text_range() for i in range(min(2, len(doc))))
    assert "J45.0 (J45.0)" not in cover
    assert not re.search(r"\[(blocker|high|medium|low|info)\]", cover)
    assert "01.03.2027" in cover and "01.12.2026" in cover
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", cover)  # no ISO dates beside Russian ones
    with pikepdf.open(out, password=result.password) as pdf:
        manifest = json.loads(pdf.attachments["manifest.json"].get_file().read_bytes())
    assert [d["original"]["name"] for d in manifest["documents"]] == [None]
    assert [d["original"]["attached"] for d in manifest["documents"]] == [False]
