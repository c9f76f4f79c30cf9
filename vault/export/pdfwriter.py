"""Write an encrypted PDF in one pass, in exactly the layout ``envelope`` checks.

Objects are numbered in the order they are written (``N 0 obj`` on its own
line, the dictionary on one line, ``stream``/``endstream`` lines), then one
classic xref table and a one-line trailer: the layout qpdf writes, which
``verify_export`` holds every bundle to. Every string and stream is encrypted
as it is written and the output's SHA-256 is taken from the same bytes, so
nothing is read back. A stream's data is dropped once written.
"""

from __future__ import annotations

import hashlib
import queue
import threading
from collections.abc import Iterable
from typing import BinaryIO

from vault.export.envelope import ENCRYPT, HEADER, QPDF_STATIC_ID
from vault.export.pdfcrypt import SecurityHandler
from vault.export.pdfobj import Name, PdfString, Ref, Stream, serialize


def _plain(data: bytes) -> bytes:
    return data


def _model(value: object) -> object:
    """``envelope.ENCRYPT`` (plain Python) as model values: names stay names."""
    if isinstance(value, dict):
        return {k: _model(v) for k, v in value.items()}
    if isinstance(value, str):
        return Name(value)
    return value


class _Hasher:
    """SHA-256 of the output on its own thread (hashlib lets go of the GIL): a bounded queue."""

    def __init__(self) -> None:
        self._sha = hashlib.sha256()
        self._queue: queue.Queue[bytes | memoryview | None] = queue.Queue(maxsize=64)
        self._thread = threading.Thread(target=self._run, name="export-sha256", daemon=True)
        self._thread.start()
        self._done = ""

    def _run(self) -> None:
        while (block := self._queue.get()) is not None:
            self._sha.update(block)

    def update(self, data: bytes | memoryview) -> None:
        self._queue.put(data)

    def hexdigest(self) -> str:
        if not self._done:
            self._queue.put(None)
            self._thread.join()
            self._done = self._sha.hexdigest()
        return self._done


class PdfWriter:
    """Owns the output stream, the object offsets and the running SHA-256."""

    def __init__(self, fh: BinaryIO, security: SecurityHandler) -> None:
        self._fh = fh
        self._security = security
        self._offsets: list[int] = []
        self._pos = 0
        self._sha = _Hasher()
        self._put(HEADER)

    def _put(self, data: bytes | memoryview) -> None:
        self._fh.write(data)
        self._sha.update(data)
        self._pos += len(data)

    def close(self) -> None:
        """Stop the hashing thread (``finish`` does it too); safe to call twice."""
        self._sha.hexdigest()

    @property
    def next_number(self) -> int:
        return len(self._offsets) + 1

    def write(self, refs: Iterable[Ref]) -> None:
        """Number the unnumbered ``refs`` consecutively, then write them all in that order."""
        batch = list(refs)
        expected = self.next_number
        for ref in batch:
            if ref.num == 0:
                ref.num = expected
            elif ref.num != expected:
                raise ValueError("objects must be written in the order they are numbered")
            expected += 1
        for ref in batch:
            self._object(ref)

    def _object(self, ref: Ref) -> None:
        self._offsets.append(self._pos)
        head = b"%d 0 obj\n" % ref.num
        value = ref.value
        if isinstance(value, Stream):
            if value.data is None:
                raise ValueError("a stream's data was already written")
            parts = self._security.encrypt_parts(value.data)
            size = sum(len(part) for part in parts)
            body = serialize({**value.dict, "/Length": size}, self._security.encrypt)
            self._put(head + body + b"\nstream\n")
            for part in parts:
                self._put(part)
            self._put(b"\nendstream\nendobj\n")
            value.data = None
        else:
            self._put(head + serialize(value, self._security.encrypt) + b"\nendobj\n")

    def finish(self, root: Ref, first_id: bytes) -> str:
        """Encryption dictionary, xref table and trailer; returns the file's SHA-256 (hex)."""
        enc = Ref({**_model(ENCRYPT),  # type: ignore[dict-item]
                   **{k: PdfString(v) for k, v in self._security.entries.items()}})
        enc.value = dict(sorted(enc.value.items(), key=lambda kv: kv[0].encode()))
        self._offsets.append(self._pos)
        enc.num = len(self._offsets)
        self._put(b"%d 0 obj\n" % enc.num + serialize(enc.value, _plain) + b"\nendobj\n")
        xref = self._pos
        rows = [b"xref\n0 %d\n" % (len(self._offsets) + 1), b"0000000000 65535 f \n"]
        rows += [b"%010d 00000 n \n" % at for at in self._offsets]
        self._put(b"".join(rows))
        trailer = {"/Root": root, "/Size": len(self._offsets) + 1,
                   "/ID": [PdfString(first_id), PdfString(QPDF_STATIC_ID)], "/Encrypt": enc}
        self._put(b"trailer " + serialize(trailer, _plain) + b"\nstartxref\n%d\n%%%%EOF\n" % xref)
        return self._sha.hexdigest()
