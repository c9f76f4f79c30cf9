from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

from vault.importing import reasons
from vault.importing.walk import Candidate, Rejection, walk_inputs


def _outcomes(paths: list[Path | str]) -> dict[str, str]:
    """Display path -> 'ok' or the rejection reason."""
    return {r.path: ("ok" if isinstance(r, Candidate) else r.reason) for r in walk_inputs(paths)}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "scans"
    (root / "b" / "deeper").mkdir(parents=True)
    (root / "a.pdf").write_bytes(b"%PDF-")
    (root / "b" / "справка.jpg").write_bytes(b"x")
    (root / "b" / "deeper" / "c.png").write_bytes(b"x")
    (tmp_path / "outside.pdf").write_bytes(b"x")
    return root


def test_recursive_sorted_and_deterministic(tree: Path) -> None:
    results = list(walk_inputs([tree]))
    assert [r.path for r in results] == [
        f"{tree}/a.pdf",
        f"{tree}/b/deeper/c.png",
        f"{tree}/b/справка.jpg",
    ]
    assert all(isinstance(r, Candidate) for r in results)
    assert results == list(walk_inputs([str(tree)]))


def test_relative_argument_keeps_the_form_given(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree.parent)
    first = next(walk_inputs(["scans"]))
    assert isinstance(first, Candidate)
    assert first.path == "scans/a.pdf"
    assert first.resolved == tree / "a.pdf"


def test_symlinks_inside_followed_outside_rejected(tree: Path) -> None:
    (tree / "inside").symlink_to(tree / "a.pdf")
    (tree / "out").symlink_to(tree.parent / "outside.pdf")
    (tree / "outdir").symlink_to(tree.parent)
    (tree / "abs_etc").symlink_to("/etc/passwd")
    (tree / "broken").symlink_to(tree / "nothing")
    (tree / "loop1").symlink_to(tree / "loop2")
    (tree / "loop2").symlink_to(tree / "loop1")
    got = _outcomes([tree])
    assert got[f"{tree}/inside"] == "ok"
    assert got[f"{tree}/out"] == reasons.SYMLINK_OUTSIDE
    assert got[f"{tree}/outdir"] == reasons.SYMLINK_OUTSIDE
    assert got[f"{tree}/abs_etc"] == reasons.SYMLINK_OUTSIDE
    assert got[f"{tree}/broken"] == reasons.BROKEN_SYMLINK
    assert got[f"{tree}/loop1"] == reasons.SYMLINK_LOOP
    inside = next(r for r in walk_inputs([tree]) if r.path.endswith("/inside"))
    assert isinstance(inside, Candidate) and inside.resolved == tree / "a.pdf"


def test_symlink_given_directly_is_followed(tree: Path) -> None:
    link = tree.parent / "link.pdf"
    link.symlink_to(tree.parent / "outside.pdf")
    (result,) = walk_inputs([link])
    assert isinstance(result, Candidate)
    assert result.path == str(link) and result.resolved == tree.parent / "outside.pdf"


def test_directory_loops(tree: Path) -> None:
    (tree / "b" / "deeper" / "up").symlink_to(tree)
    (tree / "again").symlink_to(tree / "b")
    got = _outcomes([tree])
    assert got[f"{tree}/again/deeper/up"] == reasons.DIRECTORY_LOOP  # "again" sorts before "b"
    assert got[f"{tree}/b"] == reasons.DIRECTORY_REPEATED  # already walked through "again"
    assert got[f"{tree}/again/справка.jpg"] == "ok"


def test_special_files(tree: Path) -> None:
    os.mkfifo(tree / "fifo")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tree / "sock"))
        got = _outcomes([tree, "/dev/null", tree / "fifo"])
    assert got[f"{tree}/fifo"] == "not a regular file (FIFO)"
    assert got[f"{tree}/sock"] == "not a regular file (socket)"
    assert got["/dev/null"] == "not a regular file (device)"


def test_missing_path(tmp_path: Path) -> None:
    assert _outcomes([tmp_path / "missing.pdf"]) == {f"{tmp_path}/missing.pdf": reasons.MISSING}


def test_non_utf8_name_is_accepted_with_a_safe_display(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/scan\xff\x1b[31m.jpg"
    with open(raw, "wb") as f:
        f.write(b"x")
    (result,) = walk_inputs([tmp_path])
    assert isinstance(result, Candidate)
    assert result.path == f"{tmp_path}/scan\\xff\\x1b[31m.jpg"
    json.dumps({"path": result.path}, ensure_ascii=False).encode("utf-8")  # valid UTF-8 for the CLI
    assert result.resolved.read_bytes() == b"x"  # the real name still opens the file


def test_unreadable_file_simulated(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as root, where chmod 000 does not stop reads: fail the open instead."""
    real_open = os.open
    target = str(tree / "a.pdf")

    def fake_open(path: str, flags: int, *args: int) -> int:
        if os.fspath(path) == target:
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", fake_open)
    assert _outcomes([tree])[target] == reasons.UNREADABLE_FILE


def test_unreadable_folder_simulated(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_scandir = os.scandir
    target = str(tree / "b")

    def fake_scandir(path: str) -> object:
        if os.fspath(path) == target:
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", fake_scandir)
    got = _outcomes([tree])
    assert got[target] == reasons.UNREADABLE_FOLDER
    assert got[f"{tree}/a.pdf"] == "ok"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads chmod-000 files; covered by the simulated tests above")
def test_unreadable_file_real(tree: Path) -> None:
    (tree / "a.pdf").chmod(0)
    assert _outcomes([tree])[f"{tree}/a.pdf"] == reasons.UNREADABLE_FILE


def test_results_are_frozen(tree: Path) -> None:
    result = next(walk_inputs([tree]))
    with pytest.raises(AttributeError):
        result.path = "x"  # type: ignore[misc]
    assert isinstance(Rejection("p", "r"), Rejection)
