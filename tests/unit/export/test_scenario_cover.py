"""The opt-in scenario never reaches an export unless ticked: by default the cover
says only "scenario checks: on" (issue 16)."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "evidence"))

from ev_factory import clean, sent_letter  # noqa: E402

from vault.evidence.gaps import compute_gaps  # noqa: E402
from vault.evidence.rules import load_rules  # noqa: E402
from vault.evidence.snapshot import Profile, Snapshot  # noqa: E402
from vault.export.cover import render_cover  # noqa: E402
from vault.export.coverdata import build_cover  # noqa: E402
from vault.export.model import ExportRequest  # noqa: E402
from vault.records.report import Report  # noqa: E402

TODAY = date(2026, 5, 1)


def _report(snap: Snapshot) -> Report:
    return Report(TODAY, None, tuple(compute_gaps(snap, None, TODAY, load_rules())), snap)


def _trans() -> Snapshot:
    snap = replace(clean(), profile=Profile(gender_scenario="afab-male-marker", marker_changed_on=date(2026, 4, 1)))
    return replace(snap, letters=(sent_letter(1, "register", date(2026, 4, 20), 2, text="Заявление"),))


def _words(request: ExportRequest, snap: Snapshot) -> str:
    cover = build_cover(None, _report(snap), request)  # type: ignore[arg-type]
    text = " ".join([str(cover.scenario), *(g.message + g.code for g in cover.gaps),
                     *(row.what for row in cover.timeline)])
    return text


def test_default_cover_says_only_scenario_checks_on(tmp_path: Path) -> None:
    snap = _trans()
    assert {"MED-13", "COR-11"} <= {g.code for g in _report(snap).gaps}
    request = ExportRequest(out=tmp_path / "x.pdf", lang="en")
    cover = build_cover(None, _report(snap), request)  # type: ignore[arg-type]
    assert cover.scenario == "on"
    text = _words(request, snap)
    for secret in ("afab", "MED-13", "COR-11", "endocrinolog", "registration with the military", "Scenario kit"):
        assert secret not in text
    pdf, _ = render_cover(cover, [], "f" * 64, paged=False)
    assert pdf.startswith(b"%PDF")


def test_ticked_cover_names_the_scenario_and_its_checks(tmp_path: Path) -> None:
    request = ExportRequest(out=tmp_path / "x.pdf", lang="en", include_scenario=True)
    text = _words(request, _trans())
    assert "afab-male-marker" in text and "MED-13" in text and "registration with the military" in text


def test_no_scenario_no_line(tmp_path: Path) -> None:
    cover = build_cover(None, _report(clean()), ExportRequest(out=tmp_path / "x.pdf"))  # type: ignore[arg-type]
    assert cover.scenario is None
