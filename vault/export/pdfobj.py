"""A small PDF object model for the single-pass writer: serialise, encrypt, digest.

Values are Python ``None``/``bool``/``int``/``list``/``dict`` plus ``Name``,
``Real``, ``PdfString`` and ``Ref`` (an indirect object, numbered when it is
written). A ``Stream`` keeps its dictionary and the SHA-256 of its data; the
data itself is dropped as soon as it is on disk, so the graph of a 2 GB
bundle costs a few kilobytes per page.

``canonical_digest`` is ``graphhash``'s canonical form computed on this model
instead of on a parsed file; the writer signs it and ``verify_export``
recomputes it with pikepdf from the file, so any disagreement between the two
fails every export test.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

_REGULAR = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+*!'\",;:=?@^`|~&$")


class Name(str):
    """A name such as ``/Type``: the decoded text; ``raw`` is how it is written (and digested)."""

    @classmethod
    def parsed(cls, text: str, raw: bytes) -> Name:
        """A name copied from a parsed file, written back exactly as the parser unparsed it."""
        name = cls(text)
        name.__dict__["_raw"] = raw
        return name

    @property
    def raw(self) -> bytes:
        if "_raw" in self.__dict__:
            return bytes(self.__dict__["_raw"])
        data = self.encode()
        if all(c in _REGULAR for c in data[1:]):
            return data
        return b"/" + b"".join(bytes([c]) if c in _REGULAR else b"#%02x" % c for c in data[1:])


class Real(str):
    """A real number kept as the text written to the file (no float rounding)."""

    @classmethod
    def of(cls, value: float | Decimal) -> Real | int:
        """An int when integral (that is how a reader parses it back), else fixed-point text."""
        dec = Decimal(value).quantize(Decimal("0.0001")).normalize()
        if dec == dec.to_integral_value():
            return int(dec)  # type: ignore[return-value]
        return cls(format(dec, "f"))


class PdfString(bytes):
    """A string object's bytes (encrypted on write)."""

    @classmethod
    def text(cls, value: str) -> PdfString:
        """ASCII as is, anything else UTF-16BE with a byte-order mark (readable by every reader)."""
        if value.isascii():
            return cls(value.encode())
        return cls(b"\xfe\xff" + value.encode("utf-16-be"))


@dataclass(eq=False)
class Stream:
    """A stream: dictionary (no /Length) and data; ``sha`` is SHA-256 of the (filtered) data."""

    dict: dict[str, Any]
    data: bytes | None
    sha: bytes = b""

    def __post_init__(self) -> None:
        if self.data is not None and not self.sha:
            self.sha = hashlib.sha256(self.data).digest()


@dataclass(eq=False)
class Ref:
    """An indirect object; ``num`` is set when the writer places it."""

    value: Any
    num: int = 0
    masked: set[str] = field(default_factory=set)
    """For streams: ``"data"`` and/or ``"/Params"`` left out of the graph digest."""


def serialize(value: Any, encrypt: Callable[[bytes], bytes]) -> bytes:
    """One line of PDF syntax (strings encrypted, written as hex); never a line break."""
    out: list[bytes] = []
    _emit(value, encrypt, out)
    return b"".join(out)


def _emit(value: Any, encrypt: Callable[[bytes], bytes], out: list[bytes]) -> None:
    if value is None:
        out.append(b"null")
    elif value is True or value is False:
        out.append(b"true" if value else b"false")
    elif isinstance(value, Ref):
        if value.num <= 0:
            raise ValueError("reference to an object that has no number yet")
        out.append(b"%d 0 R" % value.num)
    elif isinstance(value, Name):
        out.append(value.raw)
    elif isinstance(value, Real):
        out.append(value.encode())
    elif isinstance(value, int):
        out.append(b"%d" % value)
    elif isinstance(value, PdfString):
        out.append(b"<" + encrypt(bytes(value)).hex().encode() + b">")
    elif isinstance(value, list):
        out.append(b"[")
        for item in value:
            out.append(b" ")
            _emit(item, encrypt, out)
        out.append(b" ]")
    elif isinstance(value, dict):
        out.append(b"<<")
        for key, item in value.items():
            if item is None:  # a null entry is an absent one (that is how qpdf reads it)
                continue
            out.append(b" " + Name(key).raw + b" ")
            _emit(item, encrypt, out)
        out.append(b" >>")
    else:
        raise TypeError(f"not a PDF value: {type(value).__name__}")


# --- the graph digest (graphhash's canonical form) ---------------------------------------

_VERSION = b"spravka-graph-1\x00"


def _blob(tag: bytes, data: bytes) -> bytes:
    return tag + len(data).to_bytes(8, "big") + data


def _dict_children(d: dict[str, Any], skip: set[str]) -> Iterator[Any]:
    keys = sorted((k for k, v in d.items() if k not in skip and v is not None), key=str.encode)
    yield b"d" + len(keys).to_bytes(8, "big")
    for key in keys:
        yield _blob(b"k", key.encode())
        yield d[key]


def _children(value: Any, ref: Ref | None) -> Iterator[Any]:
    if value is None:
        yield b"z"
    elif value is True or value is False:
        yield b"b1" if value else b"b0"
    elif isinstance(value, Name):
        yield _blob(b"n", value.raw)
    elif isinstance(value, Real):
        yield _blob(b"f", str(Decimal(value)).encode())
    elif isinstance(value, int):
        yield _blob(b"i", str(value).encode())
    elif isinstance(value, PdfString):
        yield _blob(b"s", bytes(value))
    elif isinstance(value, list):
        yield b"a" + len(value).to_bytes(8, "big")
        yield from value
    elif isinstance(value, Stream):
        masked = ref.masked if ref is not None else set()
        yield from _dict_children(value.dict, {"/Length"} | (masked & {"/Params"}))
        yield b"m" if "data" in masked else _blob(b"S", value.sha)
    elif isinstance(value, dict):
        yield from _dict_children(value, set())
    else:
        raise TypeError(f"not a PDF value: {type(value).__name__}")


def canonical_digest(root: Ref) -> str:
    """Hex SHA-256 of the graph under ``root``, exactly as ``graphhash.graph_digest`` reads it."""
    digest = hashlib.sha256(_VERSION)
    seen: dict[int, int] = {}
    stack: list[Any] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, bytes) and not isinstance(item, PdfString):
            digest.update(item)
            continue
        ref = None
        if isinstance(item, Ref):
            ref = item
            if id(ref) in seen:
                digest.update(b"R" + seen[id(ref)].to_bytes(8, "big"))
                continue
            seen[id(ref)] = len(seen)
            digest.update(b"O")
            item = ref.value
        stack.extend(reversed(list(_children(item, ref))))
    return digest.hexdigest()
