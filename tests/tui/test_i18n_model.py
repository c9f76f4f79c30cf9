"""Catalog completeness, date formats, language detection, pure view-model helpers."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

TUI = Path(__file__).resolve().parents[2] / "tui"


def _sources() -> set[str]:
    found: set[str] = set()
    for path in TUI.rglob("*.py"):
        if "locale" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
    return found


def test_every_visible_string_has_a_russian_translation() -> None:
    from tui.locale.ru import CATALOG

    sources = _sources()
    assert len(sources) > 200
    assert sorted(s for s in sources if s not in CATALOG) == []
    for src, text in CATALOG.items():
        assert src.count("{") == text.count("{"), src  # same placeholders


def test_language_detection_and_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui import i18n

    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert i18n.detect_language() == "ru"
    monkeypatch.setenv("SPRAVKA_LANG", "en")
    assert i18n.detect_language() == "en"
    assert i18n.detect_language("ru") == "ru"
    i18n.set_language("ru")
    try:
        assert i18n.fmt_date(date(2026, 11, 22)) == "22.11.2026"
        assert i18n._("Documents") == "Документы"
    finally:
        i18n.set_language("en")
    assert i18n.fmt_date("2026-11-22") == "2026-11-22"
    assert i18n.parse_user_date("22.11.2026") == "2026-11-22"
    assert i18n.parse_user_date("2026-11-22") == "2026-11-22"


def test_bindings_are_retranslated_with_ids_and_tooltips() -> None:
    from tui import i18n
    from tui.app import SpravkaApp, load_screen

    for name in ("dashboard", "documents", "import", "timeline", "export", "settings"):
        screen = load_screen(name)
        for binding in [*screen.BINDINGS, *SpravkaApp.BINDINGS]:
            assert binding.id and binding.tooltip, binding  # type: ignore[union-attr]
            assert "save_screenshot" not in binding.action and "screenshot" not in binding.action  # type: ignore[union-attr]
            keys = binding.key.split(",")  # type: ignore[union-attr]
            if any(len(k) == 1 and k.isascii() and k.isalpha() for k in keys):
                assert any(len(k) == 1 and not k.isascii() for k in keys), binding  # Cyrillic alias
    dash = load_screen("dashboard")
    i18n.set_language("ru")
    i18n.retranslate_bindings()
    try:
        assert any(b.description == "Документы" for b in dash._merged_bindings.key_to_bindings["o"])  # type: ignore[union-attr]
    finally:
        i18n.set_language("en")
        i18n.retranslate_bindings()
    assert any(b.description == "Documents" for b in dash._merged_bindings.key_to_bindings["o"])  # type: ignore[union-attr]


def test_dropped_paths(tmp_path: Path) -> None:
    from tui.model import parse_dropped_paths

    spaced = tmp_path / "my scan.png"
    spaced.write_bytes(b"x")
    assert parse_dropped_paths(f"  '{spaced}'\n") == [spaced]
    assert parse_dropped_paths(str(spaced).replace(" ", "\\ ")) == [spaced]
    assert parse_dropped_paths(f"file://{str(spaced).replace(' ', '%20')}") == [spaced]
    assert parse_dropped_paths(f'"{spaced}" "{tmp_path}"') == [spaced, tmp_path]
    assert parse_dropped_paths("   ") == []


def test_filter_and_strength() -> None:
    from tui.bench_support import synthetic_rows
    from tui.model import build_index, strength

    index = build_index(synthetic_rows(300))
    assert len(index.filter("")) == 300
    assert all("F32.1" in r[1][3] for r in index.filter("депрессия"))
    assert len(index.filter("", inbox_only=True)) == 60
    assert strength("abc")[0] == 0
    assert strength("four random words here")[0] >= 3


def test_half_block_preview_is_deterministic() -> None:
    from PIL import Image

    from tui.widgets.scan_preview import image_to_strips

    img = Image.new("RGB", (40, 60), (255, 0, 0))
    strips = image_to_strips(img, 20, 10)
    assert len(strips) == 10 and strips[0].cell_length <= 20
    mono = image_to_strips(img, 20, 10, mono=True)
    assert "▀" not in "".join(s.text for s in mono)


def test_filter_latency_on_10000_documents() -> None:
    from tui.bench_support import filter_latency

    figures = filter_latency(10_000, query="пол")
    assert figures["median_s"] < 0.1, figures  # target 0.05 s; slack for a loaded CI machine


def test_demo_command(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from vault.cli.demo_cmds import demo

    root = tmp_path / "demo"
    result = CliRunner().invoke(demo, ["--vault", str(root), "--passphrase-stdin", "--insecure-test-kdf"],
                                input="demo passphrase\n")
    assert result.exit_code == 0, result.output
    assert "fake documents only" in result.output and str(root) in result.output
    assert (root / "k").exists()
