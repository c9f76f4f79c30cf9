"""Hostile values in and out of the CLI: control characters are escaped, out-of-range ids
are clean errors, new passphrases meet the TUI's floor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.corpus.make_corpus import png
from tests.helpers import PASS, init_vault, spravka
from vault.cli.escape import safe, safe_json

TITLE = "\x1b]0;pwned\x07"  # retitles the terminal window
CSI = "\x9b2J"  # C1 CSI: clears the screen on some terminals


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "v"
    init_vault(root)
    scan = root.parent / "scan.png"
    scan.write_bytes(png())
    assert spravka("import", str(scan), "--passphrase-stdin", stdin=PASS + "\n", vault=root).code == 0
    fields = {"diagnosis": f"обострение {TITLE} {CSI} \u202eevil", "notes": TITLE}
    res = spravka("doc", "set", "1", "--passphrase-stdin", "--fields-stdin",
                  stdin=PASS + "\n" + json.dumps(fields), vault=root)
    assert res.code == 0, res.err
    return root


@pytest.mark.parametrize("args", [("search", "обострение"), ("doc", "show", "1"),
                                  ("search", "обострение", "--json"), ("doc", "show", "1", "--json")])
def test_control_characters_are_escaped_in_output(vault: Path, args: tuple[str, ...]) -> None:
    res = spravka(*args, "--passphrase-stdin", stdin=PASS + "\n", vault=vault)
    assert res.code == 0, res.err
    assert "\x1b" not in res.out and "\x07" not in res.out and "\x9b" not in res.out
    assert "\u202e" not in res.out
    if "--json" in args:
        data = json.loads(res.out)
        values = data[0].values() if isinstance(data, list) else data.values()
        assert any(TITLE in v for v in values if isinstance(v, str))  # same value once parsed
    else:
        assert "\\x1b]0;pwned\\x07" in res.out


def test_escape_keeps_newlines_and_text() -> None:
    assert safe("a\nb\tc обострение") == "a\nb\tc обострение"
    assert safe("\x00\x7f\x85\u2066") == "\\x00\\x7f\\x85\\u2066"
    assert json.loads(safe_json(json.dumps({"v": "\x85\u202e"}, ensure_ascii=False))) == {"v": "\x85\u202e"}


@pytest.mark.parametrize("args", [
    ("doc", "show", str(2**70)), ("doc", "show", "--", str(-(2**70))), ("suggest", str(2**64)),
    ("condition", "set", str(2**63), "notes=x"), ("link", str(2**80), "--condition", "1",
                                                  "--element", "current"),
])
def test_out_of_range_ids_are_clean_errors(vault: Path, args: tuple[str, ...]) -> None:
    cut = 1 if args[0] in ("suggest", "link") else 2
    res = spravka(*args[:cut], "--passphrase-stdin", *args[cut:], stdin=PASS + "\n", vault=vault)
    assert res.code in (9, 14), res.err
    assert "internal error" not in res.err and len(res.err.strip().splitlines()) == 1


def test_error_messages_are_escaped_too(vault: Path) -> None:
    res = spravka("doc", "set", "1", f"kind={TITLE}", "--passphrase-stdin", stdin=PASS + "\n",
                  vault=vault)
    assert res.code == 9 and "\x1b" not in res.err


def test_init_refuses_a_passphrase_the_tui_would_refuse(tmp_path: Path) -> None:
    res = spravka("init", "--passphrase-stdin", "--insecure-test-kdf", stdin="short\n",
                  vault=tmp_path / "v")
    assert res.code == 9 and "at least 8" in res.err
    assert not (tmp_path / "v" / "k").exists()


def test_safe_json_quick_look_never_skips_a_character_it_must_escape() -> None:
    """safe_json returns a printable text as it is; so every character the escape class
    matches must be unprintable, or the quick look would let it through."""
    from vault.cli.escape import _CONTROL

    matched = [chr(c) for c in range(0x3000) if _CONTROL.match(chr(c))]
    assert len(matched) == 9 + 21 + 33 + 2 + 5 + 4
    assert not any(ch.isprintable() for ch in matched)
    assert safe_json('["a\u202eb", "\u0085"]') == '["a\\u202eb", "\\u0085"]'
    assert safe_json('["Другое · 12.03.2026"]') == '["Другое · 12.03.2026"]'
