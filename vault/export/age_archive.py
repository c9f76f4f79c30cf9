"""The alternative export: a tar stream encrypted with age (pyrage) for the lawyer.

To an X25519 recipient the tar is streamed straight into ``pyrage.encrypt_io``
through an OS pipe, so memory stays at about one original at a time. pyrage
has no streaming passphrase API (``pyrage.passphrase.encrypt`` takes bytes), so
passphrase mode builds the tar in memory (about 2x the archive size at peak)
before encrypting; it still never touches disk as plaintext.
"""

from __future__ import annotations

import hashlib
import io
import os
import tarfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from vault.errors import ExportError
from vault.export.atomic import AtomicOutput, generate_password
from vault.export.cover import render_cover
from vault.export.manifest import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    DocRecord,
    build_manifest,
    fingerprint,
    public_key_bytes,
    public_key_pem,
    sign,
)
from vault.export.model import (
    AuditEntry,
    CoverData,
    ExportItem,
    ExportResult,
    ProgressFn,
    SigningKey,
)
from vault.export.reading import (
    EXTENSIONS,
    Progress,
    read_original,
    safe_stem,
    validate_items,
)
from vault.export.readme import readme_text
from vault.export.sanitized import sanitize

SUMS_NAME = "SHA256SUMS"
PUBKEY_NAME = "vault_public_key.pem"


def export_age(
    items: Sequence[ExportItem],
    cover: CoverData,
    out: Path,
    *,
    signing_key: SigningKey,
    recipient: str | None = None,
    passphrase: str | None = None,
    include_originals: bool = True,
    show_names: bool = False,
    audit: Sequence[AuditEntry] = (),
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> ExportResult:
    """Encrypt to ``recipient`` (age1…) or a passphrase (generated if neither; never both)."""
    import pyrage

    validate_items(items)
    if recipient and passphrase:
        raise ExportError("age cannot mix a public key and a passphrase: choose one")
    age_recipient = None
    if recipient:
        try:
            age_recipient = pyrage.x25519.Recipient.from_str(recipient.strip())
        except pyrage.RecipientError:
            raise ExportError("the lawyer's age key is not a valid age1… public key") from None
    secret = None if age_recipient else (passphrase or generate_password())
    prog = Progress(total=sum(i.size for i in items) or 1, callback=progress, cancel=cancel)
    writer = _TarWriter(items, cover, signing_key, include_originals, show_names, audit,
                        prog, Path(out).name)
    with AtomicOutput(Path(out)) as target:
        with AtomicOutput.create(target.partial) as sink:
            if age_recipient is not None:
                _stream_encrypt(writer, sink, age_recipient)
            else:
                assert secret is not None
                buf = io.BytesIO()
                writer.write(buf)
                plain = buf.getvalue()
                buf.close()
                sink.write(pyrage.passphrase.encrypt(plain, secret))
                del plain
        prog.check()
        digest = target.commit()
    return ExportResult(
        path=str(out), format="age", password=secret, sha256=digest,
        document_ids=tuple(i.document_id for i in items), manifest=writer.manifest,
    )


def _stream_encrypt(writer: _TarWriter, sink: IO[bytes], recipient: Any) -> None:
    """Tar in this thread -> pipe -> pyrage in a worker -> ciphertext file."""
    import pyrage

    read_fd, write_fd = os.pipe()
    failure: list[BaseException] = []

    def encrypt() -> None:
        with os.fdopen(read_fd, "rb") as source:
            try:
                pyrage.encrypt_io(source, sink, [recipient])
            except BaseException as err:  # noqa: BLE001 - re-raised in the caller's thread
                failure.append(err)

    worker = threading.Thread(target=encrypt, name="age-encrypt", daemon=True)
    worker.start()
    try:
        with os.fdopen(write_fd, "wb") as pipe:
            writer.write(pipe)
    except BrokenPipeError:
        worker.join()
        raise ExportError(f"age encryption failed: {failure[0] if failure else 'pipe closed'}") from None
    finally:
        worker.join()
    if failure:
        raise ExportError(f"age encryption failed: {failure[0]}")


class _TarWriter:
    """Writes the archive members in a fixed order and remembers every member's hash."""

    def __init__(self, items: Sequence[ExportItem], cover: CoverData, key: SigningKey,
                 include_originals: bool, show_names: bool, audit: Sequence[AuditEntry],
                 prog: Progress, archive_name: str) -> None:
        self.items, self.cover, self.key = items, cover, key
        self.include_originals, self.show_names, self.audit = include_originals, show_names, audit
        self.prog, self.archive_name = prog, archive_name
        self.files: dict[str, str] = {}
        self.manifest: dict[str, Any] = {}
        self.mtime = int(cover.generated_at.timestamp())

    def _add(self, tar: tarfile.TarFile, name: str, data: bytes, *, listed: bool = True) -> None:
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = len(data), self.mtime, 0o644
        info.uname = info.gname = ""
        tar.addfile(info, io.BytesIO(data))
        if listed:
            self.files[name] = hashlib.sha256(data).hexdigest()

    def write(self, fileobj: IO[bytes]) -> None:
        records: list[DocRecord] = []
        with tarfile.open(fileobj=fileobj, mode="w|", format=tarfile.PAX_FORMAT) as tar:
            for item in self.items:
                data = read_original(item, self.prog)
                stem = safe_stem(item, self.show_names)
                original_name = f"originals/{stem}.{EXTENSIONS[item.media_type]}"
                if self.include_originals:
                    self._add(tar, original_name, data)
                clean = sanitize(item.media_type, data, upright=True)
                del data
                sanitized = []
                for name, blob in clean.files(f"sanitized/{stem}"):
                    self._add(tar, name, blob)
                    sanitized.append((name, self.files[name]))
                records.append(DocRecord(item, original_name if self.include_originals else "",
                                         tuple(sanitized), 0))
                self.prog.check()
            fp = fingerprint(public_key_bytes(self.key))
            cover_pdf, _ = render_cover(self.cover, records, fp, paged=False)
            self._add(tar, "cover.pdf", cover_pdf)
            self._add(tar, "README.txt", readme_text(
                generated=self.cover.generated_at.isoformat(), fingerprint=fp,
                archive=self.archive_name))
            self._add(tar, PUBKEY_NAME, public_key_pem(public_key_bytes(self.key)))
            sums = "".join(f"{h}  {n}\n" for n, h in sorted(self.files.items()))
            self._add(tar, SUMS_NAME, sums.encode())
            self.manifest = build_manifest(
                bundle="age", generated_at=self.cover.generated_at, records=records,
                key=self.key, audit=self.audit, files=self.files)
            body, sig = sign(self.manifest, self.key)
            self._add(tar, MANIFEST_NAME, body, listed=False)
            self._add(tar, SIGNATURE_NAME, sig, listed=False)
            self.prog.check()

