"""``verify_export``: check a bundle exactly as the lawyer receives it, for both formats.

Checks the Ed25519 signature of manifest.json, then every listed hash. For a
PDF bundle that is each document's page digest (``pagehash``), the digest of
the whole object graph (``graphhash``: cover, fonts, bookmarks, attachment
specifications…) and the bytes outside it (``envelope``: layout, trailer,
encryption dictionary), so a single flipped byte anywhere is refused. Any
mismatch, missing or extra file, or undecryptable data is an IntegrityError;
a wrong password or key is WrongPassphrase. The signature proves the bundle
came from the vault whose key fingerprint the lawyer was told out of band
(pass ``expected_fingerprint``): the key embedded in the manifest alone
proves nothing against someone who re-signs.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import tarfile
import threading
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vault.errors import IntegrityError, WrongPassphrase
from vault.export.manifest import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    check_signature,
    fingerprint,
)

_AGE_MAGIC = b"age-encryption.org/v1"
MAX_MANIFEST = 16 << 20
MAX_SCRYPT_LOG_N = 20  # age's own default is 18; more is a work bomb, not a bundle of ours


@dataclass(frozen=True)
class VerifyReport:
    format: str
    fingerprint: str
    generated_at: str
    documents: int
    files_checked: int
    originals_included: bool
    manifest: Mapping[str, Any] = field(repr=False, compare=False)


def verify_export(
    path: Path,
    password: str | None = None,
    identity: str | None = None,
    *,
    expected_fingerprint: str | None = None,
) -> VerifyReport:
    """Verify a PDF bundle (``password``) or an age archive (``identity`` or ``password``).

    ``identity`` is an ``AGE-SECRET-KEY-…`` string or a path to an age key file.
    """
    path = Path(path)
    with path.open("rb") as fh:
        head = fh.read(len(_AGE_MAGIC))
    try:
        if head == _AGE_MAGIC:
            report = _verify_age(path, password, identity)
        elif head.startswith(b"%PDF-"):
            report = _verify_pdf(path, password)
        else:
            raise IntegrityError("not a Spravka export (neither PDF nor age)")
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        # a validly signed manifest of the wrong shape: signed by someone, but not by us
        raise IntegrityError("the export manifest has missing fields or wrong types") from None
    if expected_fingerprint is not None and (
        expected_fingerprint.replace(" ", "").lower() != report.fingerprint.replace(" ", "")
    ):
        raise IntegrityError("the export was signed by a different vault key")
    return report


def _report(fmt: str, manifest: dict[str, Any], checked: int, originals: bool) -> VerifyReport:
    """The fingerprint is computed from the key that checked the signature, never read from
    the manifest's own (unchecked) ``fingerprint`` field."""
    public_raw = base64.b64decode(manifest["signing_key"]["public_key"], validate=True)
    generated = manifest["generated_at"]
    if not isinstance(generated, str) or not isinstance(manifest["documents"], list):
        raise TypeError("manifest")
    return VerifyReport(
        format=fmt, fingerprint=fingerprint(public_raw),
        generated_at=generated, documents=len(manifest["documents"]),
        files_checked=checked, originals_included=originals, manifest=manifest,
    )


# --- PDF ---------------------------------------------------------------------------------

def _check_structure(pdf: object) -> None:
    """Refuse any bundle qpdf had to repair or cannot fully decrypt and decode.

    Page digests cover what the pages show; this covers everything else: a
    flipped byte in an encrypted stream breaks its AES padding or its
    compression, one in the structure makes qpdf reconstruct the file. Either
    way the bundle is not the one that was signed.
    """
    import pikepdf

    from vault.export.bounded import check_decodes

    assert isinstance(pdf, pikepdf.Pdf)
    try:
        for obj in pdf.objects:  # bounded, before qpdf inflates anything: a bomb is refused
            if isinstance(obj, pikepdf.Stream):
                check_decodes(obj)
        problems = pdf.check_pdf_syntax()
    except (pikepdf.PdfError, ValueError):
        raise IntegrityError("the PDF bundle is damaged") from None
    if problems or pdf.get_warnings():
        raise IntegrityError("the PDF bundle is damaged or was altered")


def _attachment(spec: Any, cap: int) -> bytes:
    """An attached file's bytes, refused beyond ``cap`` before they are all inflated."""
    from vault.export.bounded import bounded, pieces

    stream = spec.obj
    if not bounded(stream):
        raise ValueError("unexpected filter")
    return b"".join(pieces(stream, cap))


def _graph(pdf: object) -> str:
    import pikepdf

    from vault.export.graphhash import graph_digest

    try:
        return graph_digest(pdf)
    except (pikepdf.PdfError, ValueError):
        raise IntegrityError("the PDF bundle is damaged") from None


def _check_graph(pdf: object, graph: str, manifest: Mapping[str, Any],
                 signed: Mapping[str, bytes]) -> None:
    """Everything outside the pages: the signed object-graph digest, and what it leaves out."""
    import pikepdf

    assert isinstance(pdf, pikepdf.Pdf)
    if graph != manifest.get("graph_sha256"):
        raise IntegrityError("the bundle's cover, bookmarks or structure were altered")
    try:
        for name, data in signed.items():
            params = pdf.attachments[name].obj.EF.F.get("/Params")
            if not isinstance(params, pikepdf.Dictionary) or dict(params.items()) != {
                "/Size": len(data)
            }:
                raise IntegrityError(f"the attachment {name} was altered")
    except (pikepdf.PdfError, AttributeError, KeyError):
        raise IntegrityError("the PDF bundle is damaged") from None


def _check_envelope(path: Path, pdf: object, graph: str, password: str) -> None:
    """Layout, trailer and encryption dictionary: the bytes the graph digest does not see."""
    import pikepdf

    from vault.export.envelope import check_layout, check_trailer

    assert isinstance(pdf, pikepdf.Pdf)
    try:
        lengths = {obj.objgen[0]: int(obj.stream_dict.Length)
                   for obj in pdf.objects if isinstance(obj, pikepdf.Stream)}
        check_layout(path, lengths)
        check_trailer(pdf, graph, password)
    except (ValueError, TypeError, AttributeError, KeyError, pikepdf.PdfError):
        raise IntegrityError("the PDF bundle's file structure was altered") from None


def _verify_pdf(path: Path, password: str | None) -> VerifyReport:
    import pikepdf

    from vault.export.bounded import decoded_sha
    from vault.export.pagehash import pages_digest

    try:
        with warnings.catch_warnings():  # "no password was needed": refused just below
            warnings.simplefilter("ignore", UserWarning)
            pdf = pikepdf.open(path, password=password or "")
    except pikepdf.PasswordError:
        raise WrongPassphrase("wrong password for this export") from None
    except pikepdf.PdfError:
        raise IntegrityError("the PDF bundle is damaged") from None
    with pdf:
        if not pdf.is_encrypted:
            raise IntegrityError("the PDF bundle is not encrypted")
        graph = _graph(pdf)  # first: qpdf's syntax check rewrites /Extensions in memory
        try:  # the signature and the manifest before any page or image is decoded
            files = {name: spec.get_file() for name, spec in pdf.attachments.items()}
            body = _attachment(files[MANIFEST_NAME], MAX_MANIFEST)
            sig = _attachment(files[SIGNATURE_NAME], MAX_MANIFEST)
        except (KeyError, ValueError, pikepdf.PdfError):
            raise IntegrityError("the PDF bundle has no readable signed manifest") from None
        manifest = check_signature(body, sig)
        if manifest.get("bundle") != "pdf":
            raise IntegrityError("manifest does not describe a PDF bundle")
        _check_structure(pdf)
        checked, originals = 0, False
        expected = {MANIFEST_NAME, SIGNATURE_NAME}
        last_page = 0
        try:
            for doc in manifest["documents"]:
                pages = doc["pages"]
                first, last = int(pages["first"]), int(pages["last"])
                if first <= last_page or last > len(pdf.pages):
                    raise IntegrityError("bundle pages do not match the manifest")
                if pages_digest(pdf.pages[first - 1 : last]) != doc["pages_sha256"]:
                    raise IntegrityError(f"pages of document {doc['id']} were altered")
                last_page = last
                checked += 1
                name = doc["original"]["name"]
                if name in files:
                    originals = True
                    expected.add(name)
                    if decoded_sha(files[name].obj).hex() != doc["original"]["sha256"]:
                        raise IntegrityError(f"attached original {name} does not match")
                    checked += 1
        except (pikepdf.PdfError, ValueError):
            raise IntegrityError("the PDF bundle is damaged") from None
        if last_page != len(pdf.pages):
            raise IntegrityError("bundle has pages the manifest does not list")
        if set(files) != expected:
            raise IntegrityError("bundle attachments do not match the manifest")
        _check_graph(pdf, graph, manifest, {MANIFEST_NAME: body, SIGNATURE_NAME: sig})
        _check_envelope(path, pdf, graph, password or "")
    return _report("pdf", manifest, checked, originals)


# --- age ---------------------------------------------------------------------------------

def _identities(identity: str) -> list[Any]:
    from pyrage import IdentityError, x25519

    text = identity.strip()
    if not text.startswith("AGE-SECRET-KEY-") and os.path.isfile(text):
        text = Path(text).read_text()
    keys = [ln.strip() for ln in text.splitlines() if ln.strip().startswith("AGE-SECRET-KEY-")]
    try:
        return [x25519.Identity.from_str(k) for k in keys] or [x25519.Identity.from_str(text)]
    except IdentityError:
        raise WrongPassphrase("the age identity is not a valid AGE-SECRET-KEY") from None


def _hash_members(stream: Any) -> tuple[dict[str, str], dict[str, bytes]]:
    """SHA-256 of each member (streamed); manifest and signature kept as bytes."""
    hashes: dict[str, str] = {}
    small: dict[str, bytes] = {}
    with tarfile.open(fileobj=stream, mode="r|") as tar:
        for member in tar:
            if not member.isfile() or member.name in hashes:
                raise IntegrityError(f"unexpected archive entry: {member.name}")
            src = tar.extractfile(member)
            assert src is not None
            digest = hashlib.sha256()
            keep = member.name in (MANIFEST_NAME, SIGNATURE_NAME)
            parts = []
            while block := src.read(1 << 20):
                digest.update(block)
                if keep:
                    parts.append(block)
                    if len(parts) > MAX_MANIFEST >> 20:
                        raise IntegrityError("the archive's manifest is too large")
            hashes[member.name] = digest.hexdigest()
            if keep:
                small[member.name] = b"".join(parts)
    return hashes, small


def _decrypt_stream(path: Path, identities: list[Any]) -> tuple[dict[str, str], dict[str, bytes]]:
    """pyrage decrypts in a worker into a pipe; the tar is read and hashed as it arrives."""
    import pyrage

    read_fd, write_fd = os.pipe()
    failure: list[BaseException] = []

    def decrypt() -> None:
        with path.open("rb") as src, os.fdopen(write_fd, "wb") as pipe:
            try:
                pyrage.decrypt_io(src, pipe, identities)
            except BaseException as err:  # noqa: BLE001 - reported below
                failure.append(err)

    worker = threading.Thread(target=decrypt, name="age-decrypt", daemon=True)
    worker.start()
    result: tuple[dict[str, str], dict[str, bytes]] | None = None
    try:
        with os.fdopen(read_fd, "rb") as pipe:
            try:
                result = _hash_members(pipe)
                while pipe.read(1 << 16):  # drain so the worker can finish authenticating
                    pass
            except (tarfile.TarError, OSError):
                result = None
    finally:
        worker.join()
    if failure:
        _age_failure(failure[0])
    if result is None:
        raise IntegrityError("the age archive is damaged")
    return result


def _age_failure(err: BaseException, *, passphrase: bool = False) -> None:
    """pyrage has one exception type; its messages tell a wrong key from damaged data.

    Measured with pyrage 1.4: a wrong passphrase says "Decryption failed", a wrong
    identity (or an altered header) "No matching keys found", an altered payload
    "decryption error". An altered header is thus reported as a wrong key in
    identity mode: age authenticates the header with the file key itself.
    """
    text = str(err).lower()
    wrong = "decryption failed" if passphrase else "no matching keys"
    if wrong in text:
        raise WrongPassphrase("wrong password or key for this export") from None
    raise IntegrityError("the age archive is damaged or was altered") from None


def _check_age_header(path: Path) -> None:
    """Refuse an scrypt stanza whose work factor would pin the CPU and memory for minutes."""
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    for line in head.split(b"\n")[1:]:
        if line.startswith(b"---"):
            return
        args = line.split()
        if args[:2] == [b"->", b"scrypt"]:
            if len(args) != 4 or not args[3].isdigit() or int(args[3]) > MAX_SCRYPT_LOG_N:
                raise IntegrityError(f"the archive asks for too much scrypt work "
                                     f"(more than 2^{MAX_SCRYPT_LOG_N}); refused")
    raise IntegrityError("the age archive header is damaged")


def _verify_age(path: Path, password: str | None, identity: str | None) -> VerifyReport:
    import pyrage

    _check_age_header(path)
    if identity:
        hashes, small = _decrypt_stream(path, _identities(identity))
    elif password:
        try:
            plain = pyrage.passphrase.decrypt(path.read_bytes(), password)
        except pyrage.DecryptError as err:
            _age_failure(err, passphrase=True)
            raise  # pragma: no cover - _age_failure always raises
        try:
            hashes, small = _hash_members(io.BytesIO(plain))
        except tarfile.TarError:
            raise IntegrityError("the age archive is damaged") from None
    else:
        raise WrongPassphrase("an age identity or a passphrase is needed to verify")
    if set(small) != {MANIFEST_NAME, SIGNATURE_NAME}:
        raise IntegrityError("the archive has no signed manifest")
    manifest = check_signature(small[MANIFEST_NAME], small[SIGNATURE_NAME])
    listed: dict[str, str] = manifest.get("files", {})
    if manifest.get("bundle") != "age" or set(hashes) - set(small) != set(listed):
        raise IntegrityError("archive contents do not match the manifest")
    for name, digest in listed.items():
        if hashes[name] != digest:
            raise IntegrityError(f"{name} does not match the manifest")
    originals = False
    for doc in manifest["documents"]:
        name = doc["original"]["name"]
        if name in hashes:
            originals = True
            if hashes[name] != doc["original"]["sha256"]:
                raise IntegrityError(f"{name} does not match the manifest")
        for copy in doc["sanitized"]:
            if listed.get(copy["name"]) != copy["sha256"]:
                raise IntegrityError(f"{copy['name']} does not match the manifest")
    return _report("age", manifest, len(listed), originals)

