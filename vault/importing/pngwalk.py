"""Vouch for a PNG's image data without Pillow's unfiltering: chunk walk plus a bounded inflate.

What Pillow's full decode (and so the export's sanitiser) can fail on, checked here:
every chunk's CRC and bounds, IHDR sanity, IDAT chunks in one run, a zlib stream
that inflates (``max_length`` bounded, output discarded) to exactly the rows the
header declares (each pass of Adam7 counted) and ends with its checksum, and a
known filter type (0-4) at the start of every row.

Stricter than Pillow, never looser: any chunk outside a short list (text, EXIF,
animation, private chunks; anything after the image data but IEND), a bad CRC, a
stream without its Adler-32 or an odd IHDR make :func:`png_data_ok` answer False,
and the caller then decodes the file in full as before. So a file accepted here is
one the decoder accepts (``test_pngwalk`` checks that against Pillow on mutants)."""

from __future__ import annotations

import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
# Chunks Pillow parses while opening (so their errors already surface there) and that
# carry no orientation; text (tEXt may hold XMP), eXIf, APNG and the rest go to the decoder.
_BEFORE_DATA = frozenset({b"PLTE", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"pHYs",
                          b"sBIT", b"bKGD", b"tIME"})
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
          (0, 1, 1, 2))
_STEP = 1 << 20
"""Inflate at most this much per call: a decompression bomb never gets a big buffer."""


def row_layout(width: int, height: int, depth: int, colour: int, interlace: int) -> list[tuple[int, int]]:
    """(bytes per row with its filter byte, rows) for each non-empty pass, in stream order."""
    bits = _CHANNELS[colour] * depth
    passes = _ADAM7 if interlace else ((0, 0, 1, 1),)
    out = []
    for x0, y0, dx, dy in passes:
        cols = (width - x0 + dx - 1) // dx if width > x0 else 0
        rows = (height - y0 + dy - 1) // dy if height > y0 else 0
        if cols and rows:
            out.append((1 + (cols * bits + 7) // 8, rows))
    return out


class _Rows:
    """Counts inflated bytes against the row layout and checks each row's filter byte."""

    def __init__(self, layout: list[tuple[int, int]]) -> None:
        self._layout = layout
        self._pass = 0
        self._row_len, self._rows_left = layout[0]
        self._at = 0  # offset inside the current row
        self.done = False

    def feed(self, out: bytes) -> bool:
        i, size = 0, len(out)
        while i < size:
            if self.done:
                return False  # more data than the header declares
            if self._at == 0 and out[i] > 4:
                return False
            step = min(self._row_len - self._at, size - i)
            i += step
            self._at += step
            if self._at == self._row_len:
                self._at = 0
                self._rows_left -= 1
                if self._rows_left == 0:
                    self._pass += 1
                    if self._pass == len(self._layout):
                        self.done = True
                    else:
                        self._row_len, self._rows_left = self._layout[self._pass]
        return True


def png_data_ok(data: bytes | memoryview, step: int = _STEP) -> bool:
    """True only if the chunk structure and image data are whole and well-formed (see module doc).

    ``step``: most bytes inflated per call (tests use tiny steps to reach the hold-back path)."""
    view = memoryview(data)
    if bytes(view[:8]) != SIGNATURE:
        return False
    pos, size = 8, len(view)
    rows: _Rows | None = None
    inflater = zlib.decompressobj()
    state = "header"  # header -> before (IHDR seen) -> data (in the IDAT run; nothing else may follow)
    while True:
        if pos + 12 > size:
            return False
        length = int.from_bytes(view[pos:pos + 4], "big")
        kind = bytes(view[pos + 4:pos + 8])
        end = pos + 8 + length
        if end + 4 > size:
            return False
        body = view[pos + 8:end]
        if zlib.crc32(body, zlib.crc32(kind)) != int.from_bytes(view[end:end + 4], "big"):
            return False
        pos = end + 4
        if state == "header":
            if kind != b"IHDR" or length != 13:
                return False
            layout = _ihdr(bytes(body))
            if layout is None:
                return False
            rows, state = _Rows(layout), "before"
        elif kind == b"IDAT":
            if rows is None:
                return False
            state = "data"
            if not _inflate(inflater, body, rows, step):
                return False
        elif kind == b"IEND":
            # Bytes after IEND are ignored, as Pillow does.
            return inflater.eof and rows is not None and rows.done
        elif state != "before" or kind not in _BEFORE_DATA:
            return False


def _ihdr(body: bytes) -> list[tuple[int, int]] | None:
    width, height = int.from_bytes(body[0:4], "big"), int.from_bytes(body[4:8], "big")
    depth, colour, compression, filtering, interlace = body[8:13]
    if not (0 < width <= 0x7FFFFFFF and 0 < height <= 0x7FFFFFFF):
        return None
    if depth not in _DEPTHS.get(colour, ()) or compression or filtering:  # interlace: any non-0 is Adam7
        return None
    return row_layout(width, height, depth, colour, interlace)


def _inflate(inflater: zlib._Decompress, body: memoryview, rows: _Rows, step: int) -> bool:
    pending: bytes | memoryview = body
    try:
        while True:
            out = inflater.decompress(pending, step)
            if not rows.feed(out):
                return False
            pending = inflater.unconsumed_tail
            if inflater.eof:  # its Adler-32 matched; bytes after it are ignored, as Pillow does
                return True
            if not pending:  # output zlib still holds comes out with the next chunk (or trailer)
                return True
    except zlib.error:
        return False
