"""Import into a real vault: formats, bad input, dedup, cancel, kill -9, remove-source."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.corpus.make_corpus import jpeg_with_metadata, make_corpus, png, tiff
from tests.helpers import PASS, ROOT, init_vault, make_vault, spravka
from vault.core import Vault
from vault.importing import pipeline
from vault.importing.pipeline import ImportOptions, import_files
from vault.records.documents import CHUNK, list_rows, read_all
from vault.verify import verify_vault


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:  # type: ignore[type-arg]
    folder = tmp_path_factory.mktemp("corpus")
    return folder, make_corpus(folder)


def test_folder_import_matches_expectations(tmp_path: Path, corpus: tuple[Path, dict]) -> None:  # type: ignore[type-arg]
    folder, expected = corpus
    vault = make_vault(tmp_path / "v")
    try:
        results = {Path(r.path).name: r for r in import_files(vault, [folder])}
        assert set(results) == set(expected)
        by_sha = {}
        for name, exp in expected.items():
            res = results[name]
            if exp.reason is not None:
                assert res.status == "rejected" and res.reason and res.reason.startswith(exp.reason), name
            else:
                assert res.status in ("imported", "duplicate"), (name, res.reason)
                by_sha[res.sha256] = exp
        rows = list_rows(vault)
        assert len(rows) == sum(1 for r in results.values() if r.status == "imported")
        for row in rows:
            exp = by_sha[row["sha256"]]
            assert (row["media_type"], row["page_count"]) == (exp.media_type, exp.page_count)
        names = {r["original_name"] for r in rows}
        assert "справка_ПНД.jpg" in names
        assert verify_vault(vault).ok
    finally:
        vault.lock()


def test_dedup_and_original_bytes_kept(tmp_path: Path) -> None:
    data = jpeg_with_metadata()  # EXIF + GPS + comment: never lost from the original
    (tmp_path / "a.jpg").write_bytes(data)
    (tmp_path / "b.jpeg").write_bytes(data)
    vault = make_vault(tmp_path / "v")
    try:
        first, second = import_files(vault, [tmp_path / "a.jpg", tmp_path / "b.jpeg"])
        assert (first.status, second.status) == ("imported", "duplicate")
        assert second.document_id == first.document_id
        assert read_all(vault, first.document_id or 0) == data
    finally:
        vault.lock()


@pytest.mark.parametrize("keep_max", [pipeline.KEEP_MAX, 1 << 20], ids=["read-whole", "streamed"])
def test_multi_chunk_files_are_stored_byte_for_byte(tmp_path: Path, keep_max: int,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks are views of the inspected bytes (or streamed reads) written by the driver directly."""
    monkeypatch.setattr(pipeline, "KEEP_MAX", keep_max)
    files = {f"{n}.png": png() + os.urandom(n * CHUNK + 12345) for n in (1, 2)}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    vault = make_vault(tmp_path / "v")
    try:
        results = list(import_files(vault, [tmp_path / name for name in files]))
        assert [r.status for r in results] == ["imported", "imported"]
        for result, data in zip(results, files.values(), strict=True):
            assert read_all(vault, result.document_id or 0) == data
            assert result.sha256 == hashlib.sha256(data).hexdigest()
        assert verify_vault(vault).ok
    finally:
        vault.lock()


def test_inspection_runs_a_bounded_number_of_files_ahead(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Files read ahead are held in memory: never more than ``AHEAD`` beyond the one stored."""
    src = tmp_path / "src"
    src.mkdir()
    for i in range(8):
        (src / f"{i}.png").write_bytes(png() + bytes(i))
    monkeypatch.setattr(pipeline, "AHEAD", 2)
    inspected: list[Path] = []
    real = pipeline._inspect
    monkeypatch.setattr(pipeline, "_inspect", lambda path, options: (inspected.append(path),
                                                                     real(path, options))[1])
    vault = make_vault(tmp_path / "v")
    try:
        results = import_files(vault, [src])
        assert next(results).status == "imported"
        time.sleep(0.3)  # every chance for the inspecting thread to run further ahead
        assert 2 <= len(inspected) <= 3
        results.close()
    finally:
        vault.lock()


def test_cancel_mid_folder_keeps_only_whole_documents(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for i in range(6):
        (src / f"{i}.tiff").write_bytes(tiff(frames=1 + i % 3) + bytes(i))
    big = os.urandom(3 << 20)
    (src / "9-big.png").write_bytes(png() + big)  # trailing bytes: still a PNG, 4 chunks
    vault = make_vault(tmp_path / "v")
    cancel = threading.Event()
    try:
        seen = []
        for result in import_files(vault, [src], cancel=cancel):
            seen.append(result)
            if len(seen) == 3:
                cancel.set()
        assert len(seen) == 3 and len(list_rows(vault)) == 3
        cancel.clear()
        chunks = {"n": 0}

        def stop_in_the_middle(n: int) -> None:
            chunks["n"] += 1
            if chunks["n"] == 2:
                cancel.set()

        list(import_files(vault, [src / "9-big.png"], cancel=cancel, on_bytes=stop_in_the_middle))
        assert len(list_rows(vault)) == 3
        report = verify_vault(vault)
        assert report.ok and report.documents == 3
    finally:
        vault.lock()


def test_kill_9_during_large_import_leaves_verified_vault(tmp_path: Path) -> None:
    vault_dir = tmp_path / "v"
    init_vault(vault_dir)
    (tmp_path / "small.png").write_bytes(png())
    assert spravka("import", str(tmp_path / "small.png"), "--passphrase-stdin",
                   stdin=PASS + "\n", vault=vault_dir).code == 0
    (tmp_path / "large.png").write_bytes(png() + os.urandom(12 << 20))
    env = dict(os.environ, SPRAVKA_VAULT=str(vault_dir), PYTHONPATH=str(ROOT),
               SPRAVKA_FAULT="import-mid-file")
    proc = subprocess.run([sys.executable, "-m", "vault.cli.main", "import", str(tmp_path / "large.png"),
                           "--passphrase-stdin"], input=PASS + "\n", text=True, env=env,
                          capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL
    res = spravka("verify", "--passphrase-stdin", "--json", stdin=PASS + "\n", vault=vault_dir)
    assert res.code == 0, res.err
    assert res.json()["documents"] == 1


def test_remove_source_only_after_commit(tmp_path: Path) -> None:
    vault_dir = tmp_path / "v"
    init_vault(vault_dir)
    good, bad = tmp_path / "good.png", tmp_path / "bad.png"
    good.write_bytes(png())
    bad.write_bytes(png()[:40])
    res = spravka("import", str(good), str(bad), "--remove-source", "--json", "--passphrase-stdin",
                  stdin=PASS + "\n", vault=vault_dir)
    assert res.code == 12
    statuses = [(r["path"], r["status"]) for r in res.json()]
    assert statuses == [(str(good), "imported"), (str(bad), "rejected")]
    assert not good.exists() and bad.exists()


def test_cli_json_contract_and_bad_values(tmp_path: Path) -> None:
    vault_dir = tmp_path / "v"
    init_vault(vault_dir)
    (tmp_path / "x.png").write_bytes(png())
    res = spravka("import", str(tmp_path / "x.png"), "--kind", "medical_certificate", "--issued",
                  "2026-03-12", "--json", "--passphrase-stdin", stdin=PASS + "\n", vault=vault_dir)
    [item] = res.json()
    assert set(item) == {"path", "status", "reason", "document_id", "sha256"}
    assert item["status"] == "imported" and len(item["sha256"]) == 64
    doc_id = str(item["document_id"])
    show = spravka("doc", "show", doc_id, "--json", "--passphrase-stdin", stdin=PASS + "\n",
                   vault=vault_dir).json()
    assert (show["kind"], show["issued"]) == ("medical_certificate", "2026-03-12")
    for bad in ("kind=unknown", "issued=2026-02-30", "icd10=J4", "nonsense=1", "period_start=2026-05-02"):
        extra = ["period_end=2026-05-01"] if bad.startswith("period") else []
        r = spravka("doc", "set", doc_id, bad, *extra, "--passphrase-stdin", stdin=PASS + "\n",
                    vault=vault_dir)
        assert r.code == 9 and r.err.count("\n") == 1, (bad, r.err)
    ok = spravka("doc", "set", doc_id, "icd10=Ј45.0, F64.0", "facility=ПНД №1", "--json",
                 "--passphrase-stdin", stdin=PASS + "\n", vault=vault_dir)
    assert ok.json()["icd10"] == ["J45.0", "F64.0"] and ok.json()["facility"] == "ПНД №1"
    assert spravka("docs", "--json", "--passphrase-stdin", stdin=PASS + "\n",
                   vault=vault_dir).json()[0]["id"] == int(doc_id)


def test_non_utf8_name_is_imported_with_a_printable_path(tmp_path: Path) -> None:
    name = os.fsdecode(b"scan-\xff\xfe.png")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_bytes(png())
    vault = make_vault(tmp_path / "v")
    try:
        [res] = import_files(vault, [tmp_path / "in"], ImportOptions())
        assert res.status == "imported" and "\\xff" in res.path
        res.path.encode("utf-8")
    finally:
        vault.lock()


def test_import_into_locked_vault_is_refused(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    vault.lock()
    (tmp_path / "x.png").write_bytes(png())
    from vault.errors import VaultError

    with pytest.raises(VaultError):
        list(import_files(vault, [tmp_path / "x.png"]))


def test_importing_the_vault_folder_skips_its_own_files(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    try:
        results = list(import_files(vault, [tmp_path]))
        assert results and all(r.reason == "part of the vault itself" for r in results)
    finally:
        vault.lock()
    assert Vault.open(tmp_path / "v", PASS).is_open
