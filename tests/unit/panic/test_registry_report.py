"""The export registry (what a panic deletes besides the vault) and the panic report."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import make_vault
from vault.keys.erase import crypto_erase
from vault.panic import registry
from vault.panic.wipe import PanicReport, PanicStep, panic
from vault.paths import VaultPaths


def test_registry_lists_each_export_once_in_order(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    vault.lock()
    paths = VaultPaths(tmp_path / "v")
    assert registry.read(paths) == []
    first, second = tmp_path / "a.pdf", tmp_path / "sub" / ".." / "b.age"
    for export in (first, second, first):
        registry.add(paths, export)
    assert registry.read(paths) == [str(first.resolve()), str(second.resolve())]


def test_registry_size_does_not_tell_how_many_exports(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    vault.lock()
    paths = VaultPaths(tmp_path / "v")
    registry.add(paths, tmp_path / "one.pdf")
    one = paths.registry.stat().st_size
    for i in range(5):
        registry.add(paths, tmp_path / f"more{i}.pdf")
    assert paths.registry.stat().st_size == one == 12 + 4096 + 16  # nonce, 4 KiB, tag
    for i in range(60):  # past one block: the next multiple, never a telling size
        registry.add(paths, tmp_path / f"many{i:02}-{'x' * 40}.pdf")
    assert (paths.registry.stat().st_size - 28) % 4096 == 0
    assert paths.registry.stat().st_size > one


def test_registry_needs_the_keyslot_salt(tmp_path: Path) -> None:
    vault = make_vault(tmp_path / "v")
    vault.lock()
    paths = VaultPaths(tmp_path / "v")
    registry.add(paths, tmp_path / "a.pdf")
    keys, blob = paths.keyslots.read_bytes(), paths.registry.read_bytes()
    assert registry.decode(keys, blob) == [str((tmp_path / "a.pdf").resolve())]
    assert registry.decode(keys[:31], blob) == []
    assert registry.decode(keys, blob[:27]) == []
    assert registry.decode(os.urandom(32) + keys[32:], blob) == []
    assert crypto_erase(paths)[0] and registry.read(paths) == []  # panic reads it before step 1


def test_panic_report_says_what_failed() -> None:
    assert not PanicReport().keyslots_destroyed
    report = PanicReport([PanicStep("destroy keyslots", 0.0001234, True),
                          PanicStep("remove files", 1.5, False, "d: busy")])
    assert report.keyslots_destroyed and report.problems == ["remove files: d: busy"]
    shown = report.to_json()
    assert {k: shown[k] for k in ("keyslots_destroyed", "steps", "problems")} == {
        "keyslots_destroyed": True,
        "steps": [{"name": "destroy keyslots", "ms": 0.123, "ok": True, "detail": ""},
                  {"name": "remove files", "ms": 1500.0, "ok": False, "detail": "d: busy"}],
        "problems": ["remove files: d: busy"]}
    failed = PanicReport([PanicStep("destroy keyslots", 0.0, False, "keyslot file not found")])
    assert not failed.keyslots_destroyed


def test_panic_without_keyslot_file_says_so_and_still_cleans_up(tmp_path: Path) -> None:
    """No key connected (a detached key, issue 19): the database goes, the report says
    the keys were not destroyed here."""
    root = tmp_path / "v"
    make_vault(root).lock()
    (root / "k").unlink()
    (root / ".x.tmp").write_bytes(b"left over")
    called: list[bool] = []
    report = panic(root, on_erased=lambda: called.append(True))
    assert report.key_absent and not report.keyslots_destroyed
    assert report.steps[0].detail == "no copy of the key is connected"
    assert called == [True] and not root.exists() and report.problems == []


def test_crypto_erase_reports_a_failed_overwrite(tmp_path: Path, monkeypatch: object) -> None:
    import vault.keys.erase as erase

    make_vault(tmp_path / "v").lock()

    def broken(fd: int, size: int, chunk: int = 1 << 20) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(erase, "overwrite_in_place", broken)  # type: ignore[attr-defined]
    assert crypto_erase(VaultPaths(tmp_path / "v")) == (False, "No space left on device")


def test_crypto_erase_overwrites_the_whole_file_in_one_write(tmp_path: Path,
                                                             monkeypatch: object) -> None:
    make_vault(tmp_path / "v").lock()
    writes: list[int] = []
    real = os.pwrite

    def counted(fd: int, data: bytes, offset: int) -> int:
        writes.append(len(data))
        return real(fd, data, offset)

    monkeypatch.setattr(os, "pwrite", counted)  # type: ignore[attr-defined]
    assert crypto_erase(VaultPaths(tmp_path / "v")) == (True, "")
    assert writes == [2048]


def test_a_planted_registry_cannot_stop_a_panic(tmp_path: Path) -> None:
    """The registry key comes from the public salt: anyone with the folder can write one.
    An authentic but malformed registry is ignored, and the panic still erases the keys."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    root = tmp_path / "v"
    make_vault(root).lock()
    paths = VaultPaths(root)
    keys = paths.keyslots.read_bytes()
    for plain in (b"", b"not json", b'{"a": 1}', b"\xff\xfe"):
        blob = bytes(12) + AESGCM(registry._key(keys)).encrypt(bytes(12), plain, None)
        assert registry.decode(keys, blob) == []
    assert registry.decode(keys[:32], bytes(12) + AESGCM(registry._key(keys)).encrypt(
        bytes(12), b'["/x"]', None)) == ["/x"]  # only the salt is needed
    paths.registry.write_bytes(bytes(12) + AESGCM(registry._key(keys)).encrypt(bytes(12), b"", None))
    report = panic(root)
    assert report.keyslots_destroyed and not root.exists()


def test_panic_times_each_step_with_the_given_clock(tmp_path: Path) -> None:
    make_vault(tmp_path / "v").lock()
    ticks = iter([10.0, 10.25, 20.0, 21.5])
    report = panic(tmp_path / "v", clock=lambda: next(ticks))
    assert [s.seconds for s in report.steps] == [0.25, 1.5]


def test_panic_names_each_file_it_could_not_remove(tmp_path: Path, monkeypatch: object) -> None:
    import vault.panic.wipe as wipe

    root = tmp_path / "v"
    make_vault(root).lock()
    (root / "notes.txt").write_text("not ours")  # keeps the directory from being removed

    def refuse(path: Path, *, overwrite: bool = True) -> None:
        if path.name == "d":
            raise OSError(13, "Permission denied")
        real(path, overwrite=overwrite)

    real = wipe.shred_file
    monkeypatch.setattr(wipe, "shred_file", refuse)  # type: ignore[attr-defined]
    report = panic(root)
    assert report.keyslots_destroyed
    assert report.problems == ["remove files: d: Permission denied; vault directory: "
                               "Directory not empty"]


def test_crypto_erase_reports_a_keyslot_file_it_cannot_open(tmp_path: Path) -> None:
    root = tmp_path / "v"
    make_vault(root).lock()
    (root / "k").unlink()
    (root / "k").mkdir()
    assert crypto_erase(VaultPaths(root)) == (False, "Is a directory")


def test_the_report_lists_each_destroyed_file_once(tmp_path: Path) -> None:
    root = tmp_path / "v"
    make_vault(root).lock()
    report = panic(root)
    assert sorted(report.destroyed) == sorted({str(root / "k"), str(root / "d")})


def test_registry_entries_that_are_not_paths_are_dropped() -> None:
    """An empty string would name the current folder; NUL or a number is no path."""
    import json

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt = os.urandom(32)
    nonce = bytes(12)
    plain = json.dumps(["", "/home/u/lawyer.pdf", 5, "/a\0b"]).encode()
    blob = nonce + AESGCM(registry._key(salt)).encrypt(nonce, plain, None)
    assert registry.decode(salt, blob) == ["/home/u/lawyer.pdf"]


def test_a_registry_of_thousands_of_exports_is_read_and_a_bigger_file_is_not_ours(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big, largest, too_big = tmp_path / "big", tmp_path / "largest", tmp_path / "too_big"
    big.write_bytes(b"x" * (700 << 10))
    largest.write_bytes(b"x" * (1 << 20))
    too_big.write_bytes(b"x" * ((1 << 20) + 1))
    assert len(registry.read_blob(big)) == 700 << 10
    assert len(registry.read_blob(largest)) == 1 << 20
    assert registry.read_blob(too_big) == b""

    def fail(*args: object) -> bytes:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(registry.os, "pread", fail)
    assert registry.read_blob(big) == b""


def test_the_report_note_says_whether_the_key_was_here() -> None:
    from vault.panic import wipe

    assert PanicReport(key_absent=True).to_json()["note"] == wipe.KEY_ABSENT
    assert PanicReport().to_json()["note"] == wipe.SPARES_NOTE


def test_a_report_starts_empty_or_with_what_it_is_given() -> None:
    empty = PanicReport().to_json()
    assert (empty["steps"], empty["destroyed"], empty["problems"]) == ([], [], [])
    assert empty["keyslots_destroyed"] is False
    step = PanicStep("destroy keyslots", 0.5, True)
    given = PanicReport([step], ["/v/k"])
    assert given.steps == [step] and given.destroyed == ["/v/k"] and given.keyslots_destroyed
    assert given.to_json()["steps"] == [{"name": "destroy keyslots", "ms": 500.0, "ok": True, "detail": ""}]


def test_every_connected_copy_of_the_key_is_destroyed_in_step_one(tmp_path: Path) -> None:
    root, stick = tmp_path / "v", tmp_path / "stick"
    make_vault(root).lock()
    stick.mkdir()
    spare = stick / "k"
    spare.write_bytes((root / "k").read_bytes())
    original = spare.read_bytes()
    intact: list[Path] = []

    def after_step_one() -> None:
        intact.extend(p for p in (root / "k", spare) if p.exists() and p.read_bytes() == original)

    report = panic(root, key_files=(spare,), on_erased=after_step_one)
    assert intact == [] and report.steps[0].ok
    assert not spare.exists() and not (root / "k").exists()


def test_the_export_list_is_read_with_the_first_copy_of_the_key(tmp_path: Path) -> None:
    """The caller's key comes first; a stale key file of another salt connected as well
    must not hide the list of exports to remove."""
    root, other, stick = tmp_path / "v", tmp_path / "other", tmp_path / "stick"
    make_vault(root).lock()
    make_vault(other).lock()
    export = tmp_path / "lawyer.pdf"
    export.write_bytes(b"%PDF-1.7\n" + os.urandom(64))
    registry.add(VaultPaths(root), export)
    stick.mkdir()
    (stick / "k").write_bytes((other / "k").read_bytes())
    panic(root, key_files=(root / "k", stick / "k"))
    assert not export.exists()


def test_duress_overwrites_at_most_the_registry_size_cap(tmp_path: Path) -> None:
    """Duress runs inside the unlock's timing floor: a planted oversized export list
    costs at most 1 MiB of writing, never its whole size."""
    from vault.keys.erase import erase_for_duress

    root = tmp_path / "v"
    make_vault(root).lock()
    paths = VaultPaths(root)
    data = os.urandom((1 << 20) + 4096)
    paths.registry.write_bytes(data)
    os.link(paths.registry, tmp_path / "other-name")
    erase_for_duress(paths)
    after = (tmp_path / "other-name").read_bytes()
    assert all(after[i : i + 4096] != data[i : i + 4096] for i in range(0, 1 << 20, 4096))  # all of a real one
    assert after[1 << 20 :] == data[1 << 20 :]



def test_an_unreadable_or_missing_export_is_not_taken_for_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not registry.looks_like_export(tmp_path / "missing.pdf")
    pdf = tmp_path / "lawyer.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    assert registry.looks_like_export(pdf)

    def fail(*args: object) -> bytes:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(registry.os, "pread", fail)
    assert not registry.looks_like_export(pdf)


def test_a_failure_in_step_two_is_reported_not_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "v"
    make_vault(root).lock()

    def fail(*args: object) -> list[str]:
        raise ValueError("planted")

    monkeypatch.setattr(registry, "read_with_salt", fail)
    report = panic(root)
    assert report.keyslots_destroyed and not report.steps[1].ok
    assert report.steps[1].detail == "ValueError: planted"


def test_duress_goes_on_when_the_export_list_cannot_be_overwritten(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from vault.keys import erase

    root = tmp_path / "v"
    make_vault(root).lock()
    paths = VaultPaths(root)
    registry.add(paths, tmp_path / "a.pdf")
    real = erase.overwrite_in_place

    def registry_fails(fd: int, size: int, chunk: int = 1 << 20) -> None:
        if size != erase.FILE_SIZE:  # the keyslot file is 2 KiB, the export list bigger
            raise OSError(5, "Input/output error")
        real(fd, size, chunk)

    monkeypatch.setattr(erase, "overwrite_in_place", registry_fails)
    doomed = erase.erase_for_duress(paths)
    assert doomed and not paths.database.exists() and not paths.registry.exists()


def test_a_missing_keyslot_file_is_not_reported_as_destroyed(tmp_path: Path) -> None:
    (tmp_path / "v").mkdir()
    assert crypto_erase(VaultPaths(tmp_path / "v")) == (False, "keyslot file not found")


def test_an_export_is_recorded_even_when_the_old_list_cannot_be_scrubbed(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    make_vault(tmp_path / "v").lock()
    paths = VaultPaths(tmp_path / "v")
    registry.add(paths, tmp_path / "a.pdf")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(registry, "overwrite_in_place", fail)
    registry.add(paths, tmp_path / "b.pdf")
    assert registry.read(paths) == [str((tmp_path / name).resolve()) for name in ("a.pdf", "b.pdf")]
