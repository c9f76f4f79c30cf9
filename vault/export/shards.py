"""Encrypted scratch shards that keep the PDF export's memory flat.

Holding 300 MB of sanitised scans in one in-memory Pdf would break the RSS
budget, so documents are written in ~24 MB batches to AES-256 encrypted
scratch PDFs next to the output (one random key per export, never stored:
unreadable after a crash). pikepdf copies foreign objects *immediately* (it
sets qpdf's immediate-copy-from), so merging shards in-process would pull all
their data back into memory; the qpdf CLI merges them lazily instead (see
``merge``), and the in-process merge is only a fallback when it is missing.
An original to attach travels on its document's first page (``/SpravkaOriginal``)
because qpdf's page merge keeps page dictionaries but drops document-level trees.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf

from vault.errors import ExportError
from vault.export.atomic import AtomicOutput
from vault.export.imagepage import image_page
from vault.export.pagehash import pages_digest, records_digest
from vault.export.sanitized import Sanitized

SHARD_BYTES = 24 << 20
ORIGINAL_KEY = "/SpravkaOriginal"


@dataclass(frozen=True)
class Placement:
    """Where a document's pages sit, counted in shard order (0-based, cover excluded)."""

    start: int
    count: int


class ShardSet:
    """Builds shards one at a time; after ``finish`` every shard is open read-only, lazily."""

    def __init__(self, target: AtomicOutput, stack: ExitStack) -> None:
        self._target = target
        self._stack = stack
        self._current: pikepdf.Pdf | None = None
        self._sources: list[pikepdf.Pdf] = []
        self._bytes = 0
        self._pages = 0
        self.key = secrets.token_hex(32)  # hex: never starts with "-" (qpdf would see an option)
        self.paths: list[Path] = []

    def _shard(self) -> pikepdf.Pdf:
        if self._current is None:
            self._current = pikepdf.new()
        return self._current

    def add(self, clean: Sanitized, image_shas: Sequence[bytes], original: bytes | None
            ) -> tuple[Placement, str]:
        """Append one document's pages (and original, if asked); returns placement + page digest.

        ``image_shas`` are the SHA-256 digests of ``clean.images`` data, already
        taken for the manifest and reused for the page digest.
        """
        shard = self._shard()
        start = len(shard.pages)
        if clean.pdf is not None:
            src = pikepdf.open(_bytes_io(clean.pdf))
            self._sources.append(src)
            shard.pages.extend(src.pages)
            digest = pages_digest(shard.pages[start:])
        else:
            records = []
            for img, sha in zip(clean.images, image_shas, strict=True):
                page, record = image_page(shard, img, sha)
                shard.pages.append(pikepdf.Page(page))
                records.append(record)
            digest = records_digest(records)
        count = len(shard.pages) - start
        if original is not None:
            shard.pages[start].obj[ORIGINAL_KEY] = pikepdf.Stream(shard, original)
        self._bytes += len(clean.pdf or b"") + sum(len(i.data) for i in clean.images)
        self._bytes += len(original or b"")
        placement = Placement(self._pages + start, count)
        if self._bytes >= SHARD_BYTES:
            self.flush()
        return placement, digest

    def write(self, pdf: pikepdf.Pdf) -> Path:
        """Save ``pdf`` as an encrypted scratch file under this export's one-time key."""
        path: Path = self._target.scratch()
        enc = pikepdf.Encryption(owner=self.key, user=self.key, R=6, aes=True, metadata=True)
        with self._target.create(path) as fh:
            pdf.save(fh, encryption=enc, compress_streams=False)
        return path

    def flush(self) -> None:
        """Encrypt the current shard to disk and drop it from memory."""
        if self._current is None:
            return
        self.paths.append(self.write(self._current))
        self._pages += len(self._current.pages)
        self._current.close()
        for src in self._sources:
            src.close()
        self._current, self._sources, self._bytes = None, [], 0

    def merge(self, cover: Path) -> pikepdf.Pdf:
        """All pages (cover first) in one Pdf whose stream data stays on disk until saved."""
        qpdf = shutil.which("qpdf")
        if qpdf is None:
            return self._merge_in_process(cover)
        merged = self._target.scratch()
        args = ["--empty", "--pages"]
        for path in (cover, *self.paths):
            args += [str(path), f"--password={self.key}", "1-z"]
        args += ["--", "--decode-level=none", "--compress-streams=n",
                 "--encrypt", self.key, self.key, "256", "--", str(merged)]
        self._target.create(merged).close()
        # Arguments go through stdin (@-) so the key never shows in /proc/*/cmdline.
        done = subprocess.run(  # noqa: S603 - fixed binary, no shell
            [qpdf, "@-"], input="\n".join(args) + "\n", text=True, capture_output=True,
            check=False,
        )
        if done.returncode not in (0, 3):  # 3: warnings only
            raise ExportError(f"qpdf could not merge the bundle pages: {done.stderr.strip()[-300:]}")
        return self._stack.enter_context(pikepdf.open(merged, password=self.key))

    def _merge_in_process(self, cover: Path) -> pikepdf.Pdf:
        """Fallback without the qpdf CLI: correct, but memory grows with the bundle size."""
        pdf = self._stack.enter_context(pikepdf.new())
        for path in (cover, *self.paths):
            with pikepdf.open(path, password=self.key) as src:
                pdf.pages.extend(src.pages)
        return pdf


def _bytes_io(data: bytes) -> Any:
    import io

    return io.BytesIO(data)
