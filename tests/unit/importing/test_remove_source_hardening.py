"""``import --remove-source`` also shreds duplicates (once their stored twin verifies), and
never a file that took the path's place, or was written, after it was read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.corpus.make_corpus import png
from tests.helpers import PASS, init_vault, make_vault, spravka
from vault.fsutil import identity, shred_file
from vault.importing.pipeline import ImportOptions, _remove_source, import_files


def test_duplicates_are_removed_too(tmp_path: Path) -> None:
    root = tmp_path / "v"
    init_vault(root)
    first, twin = tmp_path / "a.png", tmp_path / "copy-of-a.png"
    first.write_bytes(png())
    twin.write_bytes(png())
    assert spravka("import", str(first), "--passphrase-stdin", stdin=PASS + "\n", vault=root).code == 0
    res = spravka("import", "--remove-source", "--passphrase-stdin", "--paths-stdin", "--json",
                  stdin=f"{PASS}\n{twin}\n", vault=root)
    assert res.code == 0, res.err
    assert res.json()[0]["status"] == "duplicate"
    assert first.exists() and not twin.exists()


def test_a_file_swapped_in_after_reading_is_kept(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    try:
        src = tmp_path / "scan.png"
        src.write_bytes(png())
        [result] = list(import_files(vault, [src], ImportOptions()))
        read_identity = (os.stat(src).st_dev, os.stat(src).st_ino)
        os.link(src, tmp_path / "held")  # keeps the inode number from being reused at once
        src.unlink()
        src.write_bytes(b"someone else's file")  # a new inode under the same name
        kept = _remove_source(vault, result.document_id, result.sha256, src, read_identity)
        assert kept is not None and "different file" in kept
        assert src.read_bytes() == b"someone else's file"
    finally:
        vault.lock()


@pytest.mark.parametrize("change", ["appended", "same size, new content"])
def test_a_file_written_after_reading_is_kept(tmp_path: Path, change: str) -> None:
    """The import reads up to two files ahead, so a scanner or editor may still write the
    source after it was read: the newer content was never stored, so it must not be shredded."""
    vault = make_vault(tmp_path / "v")
    try:
        src = tmp_path / "scan.png"
        src.write_bytes(png())
        read_identity = identity(os.stat(src))
        [result] = list(import_files(vault, [src], ImportOptions()))
        newer = png() + b"more" if change == "appended" else bytes(reversed(png()))
        src.write_bytes(newer)  # the same inode
        st = os.stat(src)
        os.utime(src, ns=(st.st_atime_ns, read_identity[3] + 1_000_000_000))
        kept = _remove_source(vault, result.document_id, result.sha256, src, read_identity)
        assert kept == "source kept: the file was written after it was read"
        assert src.read_bytes() == newer
        assert _remove_source(vault, result.document_id, result.sha256, src,
                              identity(os.stat(src))) is None and not src.exists()
    finally:
        vault.lock()


def test_the_whole_import_keeps_a_source_written_before_its_removal(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    try:
        src = tmp_path / "scan.png"
        src.write_bytes(png())
        from vault.importing import pipeline

        real = pipeline._remove_source

        def touched_first(*args: object) -> str | None:
            with src.open("ab") as f:
                f.write(b"late page")
            return real(*args)  # type: ignore[arg-type]

        pipeline._remove_source = touched_first  # type: ignore[assignment]
        try:
            [result] = list(import_files(vault, [src], ImportOptions(remove_source=True)))
        finally:
            pipeline._remove_source = real
        assert result.status == "imported" and src.read_bytes().endswith(b"late page")
        assert result.reason == "source kept: the file was written after it was read"
    finally:
        vault.lock()


def test_shred_refuses_a_different_inode(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"data")
    with pytest.raises(OSError, match="different file"):
        shred_file(path, expect=(0, 0))
    assert path.read_bytes() == b"data"
    info = os.stat(path)
    shred_file(path, expect=(info.st_dev, info.st_ino))
    assert not path.exists()
