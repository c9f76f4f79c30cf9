"""``info``'s changed_since_export counts everything the lawyer's copy shows, not only documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import make_vault


def _export(vault: object) -> None:
    """What a finished export leaves behind: its row and its audit entry."""
    from vault.records.values import now_iso
    from vault.storage import audit
    from vault.storage.models import ExportRow

    with vault.session() as s:  # type: ignore[attr-defined]
        s.add(ExportRow(at=now_iso(), path="x.pdf", format="pdf", sha256="0" * 64, document_ids="[]"))
        audit.append(s, "export.created", {"path": "x.pdf"})


def test_links_letters_summonses_and_text_make_the_copy_stale(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from vault.demo import SAMPLES, write_samples
    from vault.importing.pipeline import ImportOptions, import_files
    from vault.info import vault_info
    from vault.records import conditions, events
    from vault.records.text import save_text

    vault = make_vault(tmp_path / "v")
    try:
        [path] = write_samples(tmp_path / "in", SAMPLES[1:2])
        list(import_files(vault, [path], ImportOptions(kind="specialist_conclusion")))
        cond = conditions.add_condition(vault, {"icd10": "J45.0", "article": "52"})
        _export(vault)
        assert vault_info(vault)["changed_since_export"] == 0
        conditions.link(vault, 1, cond["id"], "current")
        assert vault_info(vault)["changed_since_export"] == 1
        events.add_letter(vault, {"purpose": "ags", "sent": "2026-03-20", "receipt": "1"})
        events.add_summons(vault, {"appear_on": "2026-12-01"})
        assert vault_info(vault)["changed_since_export"] == 3
        _export(vault)
        assert vault_info(vault)["changed_since_export"] == 0
        monkeypatch.setattr("vault.records.text.now_iso", lambda: "2999-01-01T00:00:00+00:00")
        with vault.session() as s:  # OCR text read after the export
            save_text(s, 1, "обострение", source="ocr")
        assert vault_info(vault)["changed_since_export"] == 1
    finally:
        vault.lock()
