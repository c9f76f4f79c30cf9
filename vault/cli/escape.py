"""Terminal-safe output: document text and file names are hostile input.

OCR text, file names and a lawyer bundle's manifest can carry ``ESC ] 0 ; ... BEL``
(retitles the window), cursor moves or bidi overrides that disguise what is
printed. Everything the CLI prints goes through ``safe`` so such characters
show as visible escapes (``\\x1b``) instead of acting on the terminal.
"""

from __future__ import annotations

import re

# C0 (but newline and tab), DEL, C1, and the bidi embedding/override/isolate marks.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: str) -> str:
    """``text`` with every control character written out as an escape."""
    return _CONTROL.sub(_visible, text)


def safe_json(text: str) -> str:
    """A JSON document (``ensure_ascii=False``) with C1 and bidi marks as ``\\u`` escapes;
    json.dumps already escapes C0. Still valid JSON with the same values.

    ``isprintable`` is a quicker first look (every character ``_CONTROL`` matches is
    unprintable), so a long listing with nothing to escape is scanned once, in C."""
    if text.isprintable():
        return text
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
