"""Pinning the signer: ``--expect-fingerprint`` refuses a bundle re-signed by another vault,
even one whose manifest copies the right fingerprint into its own field."""

from __future__ import annotations

import base64
import io
import json
import tarfile
from pathlib import Path

import pyrage
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.helpers import spravka
from tests.unit.export import factories as f
from vault.errors import IntegrityError
from vault.export import export_age, verify_export
from vault.export.manifest import canonical_json, fingerprint, public_key_bytes
from vault.export.model import SigningKey

OTHER = SigningKey(bytes(range(100, 132)))
OURS = fingerprint(public_key_bytes(f.KEY))
# An X25519 recipient, not a passphrase: age refuses scrypt work it guesses too slow on a
# loaded machine, which would make these tests depend on the load.
LAWYER = pyrage.x25519.Identity.generate()


def _bundle(tmp_path: Path, key: SigningKey) -> tuple[Path, str]:
    """(archive, path of the lawyer's identity file)."""
    out = tmp_path / f"b{key.raw[0]}.age"
    export_age(f.sample_items()[:2], f.cover("en"), out, signing_key=key,
               recipient=str(LAWYER.to_public()), include_originals=False)
    identity = tmp_path / "lawyer.key"
    identity.write_text(str(LAWYER) + "\n")
    return out, str(identity)


@pytest.fixture(scope="module")
def ours(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return _bundle(tmp_path_factory.mktemp("ours"), f.KEY)


@pytest.fixture(scope="module")
def theirs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    return _bundle(tmp_path_factory.mktemp("theirs"), OTHER)


def _rewrite(path: Path, identity: str, change: object, out: Path) -> Path:
    """Decrypt, let ``change`` edit the members, re-encrypt to the same lawyer."""
    plain = pyrage.decrypt(path.read_bytes(), [LAWYER])
    with tarfile.open(fileobj=io.BytesIO(plain)) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}  # type: ignore[union-attr]
    change(members)  # type: ignore[operator]
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    out.write_bytes(pyrage.encrypt(buf.getvalue(), [LAWYER.to_public()]))
    return out


def _resign_claiming_ours(members: dict[str, bytes]) -> None:
    manifest = json.loads(members["manifest.json"])
    other = Ed25519PrivateKey.from_private_bytes(OTHER.raw)
    manifest["signing_key"]["public_key"] = base64.b64encode(public_key_bytes(OTHER)).decode()
    manifest["signing_key"]["fingerprint"] = OURS  # the lie
    body = canonical_json(manifest)
    members["manifest.json"], members["manifest.sig"] = body, other.sign(body)


def test_pin_accepts_our_bundle_and_rejects_another_vaults(
        ours: tuple[Path, str], theirs: tuple[Path, str]) -> None:
    assert verify_export(ours[0], identity=ours[1], expected_fingerprint=OURS).fingerprint == OURS
    with pytest.raises(IntegrityError, match="different vault key"):
        verify_export(theirs[0], identity=theirs[1], expected_fingerprint=OURS)


def test_fingerprint_comes_from_the_key_not_the_manifests_claim(
        ours: tuple[Path, str], tmp_path: Path) -> None:
    forged = _rewrite(ours[0], ours[1], _resign_claiming_ours, tmp_path / "forged.age")
    report = verify_export(forged, identity=ours[1])  # integrity holds: it is validly signed
    assert report.fingerprint == fingerprint(public_key_bytes(OTHER)) != OURS
    with pytest.raises(IntegrityError):
        verify_export(forged, identity=ours[1], expected_fingerprint=OURS)


def test_cli_pin_mismatch_is_exit_11_and_unpinned_verdict_says_integrity_only(
        ours: tuple[Path, str], theirs: tuple[Path, str]) -> None:
    res = spravka("verify-export", str(theirs[0]), "--identity", theirs[1],
                  "--expect-fingerprint", OURS)
    assert res.code == 11 and "different vault key" in res.err
    res = spravka("verify-export", str(theirs[0]), "--identity", theirs[1])
    assert res.code == 0, res.err
    assert "integrity only" in res.out and fingerprint(public_key_bytes(OTHER)) in res.out
    res = spravka("verify-export", str(ours[0]), "--identity", ours[1], "--json",
                  "--expect-fingerprint", OURS.replace(" ", "").upper())
    assert res.code == 0 and res.json()["pinned"] is True


@pytest.mark.parametrize("damage", [
    lambda m: m.__setitem__("documents", "three"),
    lambda m: m.__setitem__("documents", [{"original": 5}]),
    lambda m: m.__setitem__("files", ["a"]),
    lambda m: m.__setitem__("generated_at", 7),
    lambda m: m["signing_key"].__setitem__("public_key", 12),
])
def test_manifest_with_wrong_types_is_a_clean_integrity_error(
        ours: tuple[Path, str], tmp_path: Path, damage: object) -> None:
    key = Ed25519PrivateKey.from_private_bytes(f.KEY.raw)

    def resign(members: dict[str, bytes]) -> None:
        manifest = json.loads(members["manifest.json"])
        damage(manifest)  # type: ignore[operator]
        body = canonical_json(manifest)
        members["manifest.json"], members["manifest.sig"] = body, key.sign(body)

    bad = _rewrite(ours[0], ours[1], resign, tmp_path / "bad.age")
    res = spravka("verify-export", str(bad), "--identity", ours[1])
    assert res.code == 11, res.err
    assert "internal error" not in res.err
