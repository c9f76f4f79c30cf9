"""`doc set title=`, `doc rotate`, `doc delete` and `docs --json` titles, end to end (issue 17)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.helpers import PASS, init_vault, spravka


def run(vault: Path, *args: str) -> object:
    res = spravka(*args, "--passphrase-stdin", "--json", stdin=PASS + "\n", vault=vault, timeout=300)
    assert res.code == 0, res.err
    return res.json()


def sideways_scan(path: Path) -> None:
    """A landscape image whose 'top' (a dark band) is on the left: a page photographed sideways."""
    from PIL import Image

    img = Image.new("RGB", (300, 200), "white")
    img.paste((0, 0, 0), (0, 0, 60, 200))
    img.save(path)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "v"
    init_vault(root)
    return root


def test_docs_json_has_title_and_file_name_and_title_is_editable(vault: Path, tmp_path: Path) -> None:
    scan = tmp_path / "выписка из больницы.png"
    sideways_scan(scan)
    run(vault, "import", str(scan), "--kind", "discharge_summary", "--issued", "2026-03-12")
    [doc] = run(vault, "docs")  # type: ignore[misc]
    assert doc["file_name"] == "выписка из больницы.png"
    assert "12.03.2026" in doc["title"] and doc["title_typed"] == ""
    run(vault, "doc", "set", str(doc["id"]), "facility=ГКБ №1")
    [doc] = run(vault, "docs")  # type: ignore[misc]
    assert doc["title"].endswith("12.03.2026 · ГКБ №1")
    run(vault, "doc", "set", str(doc["id"]), "title=Выписка пульмонология")
    [doc] = run(vault, "docs")  # type: ignore[misc]
    assert doc["title"] == doc["title_typed"] == "Выписка пульмонология"
    hits = run(vault, "search", "больницы")  # the file name is a searchable field
    assert [h["document_id"] for h in hits] == [doc["id"]]  # type: ignore[union-attr]
    bundle = tmp_path / "b.pdf"
    password = run(vault, "export", "--out", str(bundle))["password"]  # type: ignore[index]
    import pikepdf

    with pikepdf.open(bundle, password=password) as pdf, pdf.open_outline() as outline:
        assert "Выписка пульмонология" in [item.title for item in outline.root]  # the bookmark


def test_rotation_is_a_view_transform_and_the_export_shows_the_page_upright(vault: Path, tmp_path: Path) -> None:
    scan = tmp_path / "sideways.png"
    sideways_scan(scan)
    [imported] = run(vault, "import", str(scan))  # type: ignore[misc]
    bad = spravka("doc", "rotate", "1", "--degrees", "45", "--passphrase-stdin", stdin=PASS + "\n", vault=vault)
    assert bad.code == 2 and "Traceback" not in bad.err
    out_of_range = spravka("doc", "rotate", "1", "--page", "2", "--degrees", "90", "--passphrase-stdin",
                           stdin=PASS + "\n", vault=vault)
    assert out_of_range.code == 9, out_of_range.err
    turned = run(vault, "doc", "rotate", "1", "--page", "1", "--degrees", "90")
    assert turned == {"document_id": 1, "rotation": {"1": 90}}
    [doc] = run(vault, "docs")  # type: ignore[misc]
    assert doc["sha256"] == imported["sha256"] and doc["rotation"] == {"1": 90}
    assert run(vault, "verify")["ok"] is True  # type: ignore[index]

    bundle = tmp_path / "out.pdf"
    password = run(vault, "export", "--out", str(bundle))["password"]  # type: ignore[index]
    checked = spravka("verify-export", str(bundle), "--password-stdin", "--json", stdin=password + "\n")
    assert checked.code == 0, checked.err  # the signed graph digest covers the turned page
    import pikepdf

    with pikepdf.open(bundle, password=password) as pdf:
        last = len(pdf.pages)
    subprocess.run(["pdftoppm", "-upw", password, "-f", str(last), "-l", str(last), "-r", "30",
                    "-png", str(bundle), str(tmp_path / "page")], check=True)
    from PIL import Image

    [png] = sorted(tmp_path.glob("page*.png"))
    page = Image.open(png).convert("L")
    assert page.height > page.width  # portrait: the sideways photo was turned
    top = page.crop((0, 0, page.width, page.height // 5)).getextrema()[0]
    bottom = page.crop((0, page.height * 4 // 5, page.width, page.height)).getextrema()[1]
    assert top < 60 and bottom > 200  # the dark band (the page's top) is at the top


def test_delete_needs_yes_lists_links_and_leaves_no_trace(vault: Path, tmp_path: Path) -> None:
    from PIL import Image

    for i in range(2):
        Image.new("L", (64, 64), 60 * i).save(tmp_path / f"{i}.png")
    run(vault, "import", str(tmp_path / "0.png"), str(tmp_path / "1.png"), "--kind", "discharge_summary",
        "--issued", "2026-05-01")
    run(vault, "doc", "set", "1", "diagnosis=Обострение бронхиальной астмы")
    run(vault, "condition", "add", "--icd10", "J45.0", "--article", "52", "--primary")
    run(vault, "link", "1", "--condition", "1", "--element", "current")
    run(vault, "export", "--out", str(tmp_path / "before.pdf"))
    assert [h["document_id"] for h in run(vault, "search", "обострение")] == [1]  # type: ignore[union-attr]
    gaps_before = json.dumps(run(vault, "gaps"))

    refused = spravka("doc", "delete", "1", "--passphrase-stdin", stdin=PASS + "\n", vault=vault)
    assert refused.code == 2 and "--yes" in refused.err
    gone = run(vault, "doc", "delete", "1", "--yes")
    assert gone["links"] == [{"condition_id": 1, "element": "current"}]  # type: ignore[index]
    assert gone["chunks"] >= 1  # type: ignore[index]
    missing = spravka("doc", "delete", "1", "--yes", "--passphrase-stdin", stdin=PASS + "\n", vault=vault)
    assert missing.code == 14

    assert run(vault, "search", "обострение") == []
    assert [d["id"] for d in run(vault, "docs")] == [2]  # type: ignore[union-attr]
    assert "[1]" in gaps_before.replace(" ", "") or '"document_ids": [1' in gaps_before
    assert all(1 not in g["document_ids"] for g in run(vault, "gaps"))  # type: ignore[union-attr]
    exported = run(vault, "export", "--out", str(tmp_path / "after.pdf"))
    assert exported["document_ids"] == [2]  # type: ignore[index]
    report = run(vault, "verify")
    assert report["ok"] is True  # type: ignore[index]
    info = run(vault, "info")
    assert info["documents"] == 1  # type: ignore[index]


def test_deletion_marks_the_lawyers_copy_stale(vault: Path, tmp_path: Path) -> None:
    from PIL import Image

    Image.new("L", (64, 64), 0).save(tmp_path / "a.png")
    run(vault, "import", str(tmp_path / "a.png"))
    run(vault, "export", "--out", str(tmp_path / "x.pdf"))
    assert run(vault, "info")["changed_since_export"] == 0  # type: ignore[index]
    run(vault, "doc", "delete", "1", "--yes")
    assert run(vault, "info")["changed_since_export"] == 1  # type: ignore[index]
